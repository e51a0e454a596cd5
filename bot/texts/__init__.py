"""User-facing texts: one catalog per language, same fields in each (mypy checks it).

Texts are Telegram HTML; every value inserted into them goes through `echo` exactly once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: Longest echo of something a person typed or uploaded, in characters.
ECHO_LIMIT = 60


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value for a Telegram HTML text: shortened to `limit` characters, then escaped."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def plain(text: str) -> str:
    """A catalog text without its markup, as Telegram shows it (alerts, the command line)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass(frozen=True, slots=True)
class Texts:
    # /start
    start_stranger: str
    start_inspector: str
    start_admin: str
    start_group_member: str
    start_unconfigured_group: str
    start_foreign_group: str
    # /help
    help_stranger: str
    help_inspector: str
    help_admin: str
    help_group_member: str
    # command menu descriptions
    cmd_start: str
    cmd_help: str
    cmd_status: str
    cmd_whoami: str
    cmd_import: str
    cmd_export: str
    cmd_template: str
    cmd_targets: str
    cmd_target: str
    cmd_inspectors: str
    cmd_items: str
    cmd_invite: str
    cmd_unbind: str
    # /status
    status: str
    # refusals and errors
    admin_only: str
    admin_group_only: str
    error_generic: str
    # automatic messages
    unreachable_notice: str
    unknown_person: str
    # registers: import, export, templates
    register_names: Mapping[str, str]
    problems: Mapping[str, str]
    issue_row: str
    issue_cell: str
    issue_error: str
    issue_warning: str
    issues_csv_header: str
    issues_file_caption: str
    import_usage: str
    import_working: str
    import_too_big: str
    import_ok: str
    import_failed: str
    import_more: str
    import_warnings: str
    export_caption: str
    template_caption: str
    register_usage: str
    # browsing
    targets_header: str
    targets_query: str
    targets_none: str
    target_line: str
    target_card: str
    target_usage: str
    target_not_found: str
    history_none: str
    flag_blacklisted: str
    flag_abnormal: str
    flag_inactive: str
    page_prev: str
    page_next: str
    inspectors_header: str
    inspector_line: str
    item_categories: Mapping[str, str]
    items_header: str
    item_line: str
    register_empty: str
    none_value: str
    # accounts
    eligible: str
    not_eligible_expired: str
    not_eligible_no_expiry: str
    not_eligible_inactive: str
    bound_yes: str
    bound_no: str
    invite_usage: str
    invite_unknown: str
    invite_inactive: str
    invite_created: str
    invite_rebind_note: str
    bind_ok: str
    bind_used: str
    bind_expired: str
    bind_invalid: str
    bind_already: str
    bind_notice_admin: str
    bind_methods: Mapping[str, str]
    share_phone_button: str
    share_phone_hint: str
    phone_not_own: str
    phone_no_match: str
    phone_taken: str
    whoami_inspector: str
    whoami_stranger: str
    whoami_admin: str
    whoami_member: str
    unbind_usage: str
    unbind_done: str
    unbind_not_bound: str
    unbound_notice: str
    unknown_message: str
    button_unknown: str
    # --- draws ---
    draw_unknown_item: str
    draw_no_team: str
    draw_too_few_inspectors: str
    draw_department_missing: str
    draw_one_department: str
    draw_unknown: str
    no_team_reasons: Mapping[str, str]
    # --- draw wizard ---
    # --- draw views ---
    cmd_draws: str
    cmd_draw: str
    draw_ambiguous: str
    draw_status_names: Mapping[str, str]
    #: After a draw's code: nothing for a locked draw (plain text: also in button labels).
    draw_status_marks: Mapping[str, str]
    stratum_names: Mapping[str, str]
    #: Between the items of a list (items, team members).
    draw_list_separator: str
    draw_item: str
    draw_window: str
    draw_stratum_line: str
    draw_team_rules: str
    draw_cross_department: str
    draw_announcement: str
    draw_summary: str
    draw_cancelled: str
    drawn_header: str
    drawn_line: str
    drawn_leader: str
    drawn_member: str
    #: A member no longer on the team, by MemberStatus value ({name} already escaped).
    drawn_off_team: Mapping[str, str]
    drawn_no_team: str
    drawn_empty: str
    drawn_task_status: Mapping[str, str]
    draws_header: str
    draws_none: str
    draws_line: str
    button_drawn_list: str
    button_export_xlsx: str
    button_summary: str
    draw_export_caption: str
    target_draw_line: str
    #: The drawn list as XLSX: plain text, no markup ({status}: a draw_status_names value).
    drawn_xlsx_sheet: str
    drawn_xlsx_headers: Mapping[str, str]
    drawn_xlsx_member: str
    drawn_xlsx_off_team: Mapping[str, str]
    drawn_xlsx_no_team: str
    drawn_xlsx_footer: str
    # --- assignments and recusal ---
    # --- plans ---
    # --- groundwork: infrastructure (floods, pacing) ---
    #: Plain text (no markup): it is also shown as an alert for a pressed button.
    flood_notice: str
    # --- groundwork: accounts ---
    start_admin_private: str
    #: A line about an inspector's standing, by registers.eligibility ({date}: the expiry).
    inspector_status: Mapping[str, str]
    account_label: str
    account_label_username: str
    admin_group_unset: str
    whoami_admin_unset: str
    invite_phone_check: str
    invite_no_phone_warning: str
    invite_sent_privately: str
    invite_admin_unreachable: str
    invite_warn_expired: str
    invite_warn_no_expiry: str
    bind_confirm_phone: str
    bind_same: str
    bind_inactive: str
    bind_too_many: str
    bind_notice_rebind: str
    rebound_notice: str
    phone_mismatch: str
    phone_blocked: str
    flow_stale: str
    # --- groundwork: register files ---
    # --- groundwork: registers and jobs ---
    job_busy: str
    job_interrupted_import: str
    job_interrupted_deactivate: str
    job_interrupted_draw: str
    import_no_file: str
    import_download_failed: str
    import_missing: str
    button_deactivate: str
    button_keep: str
    missing_kept: str
    deactivate_stale: str
    deactivate_working: str
    deactivate_done: str
    deactivate_failed: str
    cli_missing_hint: str
    target_wrong_check: str


def get_texts(language: str) -> Texts:
    from bot.texts.en import EN
    from bot.texts.zh_cn import ZH_CN

    return {"zh-CN": ZH_CN, "en": EN}[language]
