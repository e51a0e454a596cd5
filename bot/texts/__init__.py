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
    cmd_draw: str
    cmd_record: str
    cmd_cancel_draw: str
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
    draw_too_few_inspectors: str
    draw_department_missing: str
    draw_one_department: str
    draw_unknown: str
    no_team_reasons: Mapping[str, str]
    # --- field: tasks and check-in ---
    cmd_tasks: str
    tasks_none: str
    tasks_title: str
    tasks_page: str
    tasks_group_header: str
    tasks_line: str
    tasks_button: str
    tasks_no_due: str
    task_groups: Mapping[str, str]
    task_card_due: str
    task_card_methods: str
    task_card_basis_header: str
    task_card_basis_line: str
    task_card_progress_header: str
    task_card_state: str
    task_card_accepted_yes: str
    task_card_accepted_no: str
    task_card_checkin_none: str
    task_card_checkin: str
    task_card_evidence: str
    task_card_evidence_none: str
    task_evidence_kinds: Mapping[str, str]
    task_card_current: str
    task_card_closed: str
    button_start_task: str
    button_checkin: str
    task_started: str
    task_not_accepted: str
    task_closed: str
    checkin_button: str
    checkin_hint: str
    checkin_done: str
    checkin_accuracy: str
    checkin_accuracy_unknown: str
    checkin_distance: str
    checkin_distance_unknown: str
    checkin_flag_far: str
    checkin_flag_inaccurate: str
    checkin_forwarded: str
    checkin_old: str
    checkin_private_only: str
    tasks_private_only: str
    checkin_no_task: str
    checkin_task_button: str
    checkin_choose: str
    # --- deadlines ---
    due_today: str
    due_left: str
    due_overdue_days: str
    due_overdue: str
    due_estimated: str
    task_status_names: Mapping[str, str]
    cmd_task: str
    task_overview_usage: str
    task_overview: str
    task_overview_leader: str
    task_overview_window: str
    task_overview_result: str
    task_overview_checked: str
    task_overview_publish: str
    task_overview_published: str
    task_overview_follow_up: str
    task_schedule_header: str
    task_schedule_none: str
    task_schedule_line: str
    task_schedule_group: str
    task_schedule_states: Mapping[str, str]
    task_schedule_more: str
    # --- field: evidence ---
    evidence_kind_photo: str
    evidence_kind_video: str
    evidence_kind_document: str
    evidence_kind_voice: str
    evidence_kind_location: str
    evidence_kinds_separator: str
    evidence_stored: str
    evidence_album: str
    evidence_album_task: str
    evidence_exif_time: str
    evidence_exif_place: str
    evidence_duplicate: str
    evidence_too_big: str
    evidence_failed: str
    evidence_tip: str
    evidence_kept_pending: str
    evidence_which_task: str
    evidence_no_task: str
    evidence_assigned: str
    evidence_assign_stale: str
    evidence_task_not_open: str
    evidence_not_inspector: str
    evidence_fetch_button: str
    evidence_fetch_none: str
    evidence_fetch_header: str
    evidence_fetch_more: str
    evidence_fetch_forbidden: str
    evidence_file_caption: str
    # --- field: findings and review ---
    cmd_result: str
    cmd_correct: str
    help_results: str
    result_code_names: Mapping[str, str]
    result_method_names: Mapping[str, str]
    result_follow_up_names: Mapping[str, str]
    result_consequence_names: Mapping[str, str]
    result_status_names: Mapping[str, str]
    result_problems: Mapping[str, str]
    result_task_line: str
    result_form_title: str
    result_correction_line: str
    result_summary: str
    result_follow_up_due: str
    result_step_methods: str
    result_step_codes: str
    result_step_findings: str
    result_step_follow_up: str
    result_step_due: str
    result_step_remarks: str
    result_step_summary: str
    result_step_reason: str
    button_result_next: str
    button_result_keep: str
    button_result_skip: str
    button_result_back: str
    button_result_later: str
    button_result_submit: str
    button_result_edit_methods: str
    button_result_edit_codes: str
    button_result_edit_findings: str
    button_result_edit_follow_up: str
    button_result_edit_remarks: str
    button_result_open: str
    button_result_continue: str
    button_result_show: str
    button_result_correct: str
    button_result_confirm: str
    button_result_object: str
    button_result_cancel: str
    button_review_approve: str
    button_review_return: str
    button_proposal_apply: str
    button_proposal_dismiss: str
    result_left: str
    result_pick_task: str
    result_pick_correct: str
    result_no_tasks: str
    result_nothing_to_correct: str
    result_private_only: str
    result_bad_date: str
    result_text_too_long: str
    result_refused: str
    result_submitted: str
    result_submitted_alone: str
    result_confirm_request: str
    result_confirmed_by_you: str
    result_confirmed_notice: str
    result_sent_to_review: str
    result_object_ask: str
    result_object_cancelled: str
    result_objected_done: str
    result_objected_notice: str
    result_review_card: str
    result_approved_card: str
    result_note_ask: str
    result_note_placeholder: str
    result_note_done: str
    result_approved_notice: str
    result_returned_notice: str
    result_proposal_card: str
    result_proposal_applied: str
    result_proposal_dismissed: str
    result_view: str
    result_version_line: str
    result_version_correction: str
    result_version_note: str
    result_not_member: str
    result_task_closed: str
    result_approved_locked: str
    result_not_approved: str
    result_not_waiting: str
    result_own_version: str
    result_already_answered: str
    result_not_in_review: str
    result_admin_busy: str
    result_proposal_done: str
    target_result_line: str
    result_no_result: str
    # --- draw wizard ---
    stratum_names: Mapping[str, str]
    exclusion_reasons: Mapping[str, str]
    wizard_title: str
    wizard_step_items: str
    wizard_no_items: str
    wizard_step_scope: str
    wizard_step_size: str
    wizard_step_team: str
    wizard_size_plan: str
    wizard_size_count: str
    wizard_size_percent: str
    wizard_size_count_value: str
    wizard_size_percent_value: str
    wizard_size_plan_value: str
    wizard_team_size: str
    wizard_cross: str
    wizard_cross_on: str
    wizard_cross_off: str
    wizard_team_value: str
    wizard_next: str
    wizard_to_preview: str
    wizard_cancel: str
    wizard_items_line: str
    wizard_scope_line: str
    wizard_scope_all: str
    wizard_scope_regions: str
    wizard_scope_classes: str
    wizard_size_line: str
    wizard_window_line: str
    wizard_ask_count: str
    wizard_ask_percent: str
    wizard_ask_window: str
    wizard_ask_seed: str
    wizard_ask_cancel_reason: str
    wizard_reply_placeholder: str
    wizard_size_invalid: str
    wizard_percent_invalid: str
    wizard_window_format: str
    wizard_window_order: str
    wizard_pick_item: str
    wizard_no_plan: str
    wizard_preview: str
    wizard_unbound: str
    wizard_nothing_to_draw: str
    wizard_freeze: str
    wizard_edit_items: str
    wizard_edit_scope: str
    wizard_edit_size: str
    wizard_edit_window: str
    wizard_edit_team: str
    wizard_pool_changed: str
    wizard_step_seed: str
    wizard_crypto_seed: str
    wizard_cancel_frozen: str
    wizard_step_seed_confirm: str
    wizard_confirm_seed: str
    wizard_retype_seed: str
    wizard_seed_not_digits: str
    wizard_seed_length: str
    wizard_already_locked: str
    wizard_draw_cancelled: str
    wizard_locked: str
    wizard_cancelled_frozen: str
    wizard_abandoned: str
    draw_frozen_notice: str
    draw_teamless_notice: str
    draw_cancelled_notice: str
    draw_cancel_usage: str
    draw_cancel_done: str
    draw_cancel_reason_needed: str
    wizard_argument_bad: str
    wizard_department_short: str
    draw_unbound_notice: str
    wizard_not_yours: str
    wizard_more_items: str
    # --- statistics ---
    cmd_stats: str
    stats_unknown_scope: str
    stats_scope_year: str
    stats_scope_plan: str
    stats_empty: str
    stats_summary: str
    stats_estimated: str
    stats_coverage_line: str
    stats_file_caption: str
    stats_blank: str
    stats_sheets: Mapping[str, str]
    stats_columns: Mapping[str, str]
    stats_overview: Mapping[str, str]
    stats_publication_kinds: Mapping[str, str]
    stats_charts: Mapping[str, str]
    # --- draw views ---
    cmd_draws: str
    draw_ambiguous: str
    draw_status_names: Mapping[str, str]
    #: After a draw's code: nothing for a locked draw (plain text: also in button labels).
    draw_status_marks: Mapping[str, str]
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
    # --- publication ---
    cmd_publish: str
    #: Plain text (no markup): these go into the published files.
    publish_results_title: str
    publish_results_prefix: str
    publish_results_headers: Mapping[str, str]
    publish_draw_title: str
    publish_draw_prefix: str
    publish_draw_facts: Mapping[str, str]
    publish_draw_headers: Mapping[str, str]
    publish_items_title: str
    publish_items_prefix: str
    publish_items_headers: Mapping[str, str]
    publish_item_categories: Mapping[str, str]
    publish_footer_date: str
    publish_sheet: str
    publish_none: str
    publish_result_separator: str
    # Telegram HTML
    publish_usage: str
    publish_preview: str
    publish_preview_earliest: str
    publish_preview_late_header: str
    publish_preview_late_line: str
    publish_preview_more: str
    publish_preview_none_late: str
    publish_estimated: str
    publish_nothing: str
    button_publish_confirm: str
    button_publish_cancel: str
    publish_cancelled: str
    publish_stale: str
    publish_done: str
    publish_caption: str
    publish_draw_not_locked: str
    publish_draw_already: str
    publish_items_empty: str
    # --- assignments and recusal ---
    cmd_recuse: str
    cmd_assign: str
    card_title: str
    card_target: str
    card_items_header: str
    card_item_line: str
    card_window: str
    card_team_header: str
    card_team_line: str
    card_leader_mark: str
    card_accepted_mark: str
    card_no_team: str
    card_replacement_note: str
    card_manual_note: str
    card_pending: str
    card_accepted: str
    card_recused: str
    card_left: str
    button_accept: str
    button_recuse: str
    button_recuse_cancel: str
    card_not_yours: str
    card_closed: str
    card_accept_ok: str
    card_already_accepted: str
    recuse_ask: str
    recuse_cancelled: str
    recuse_reason_too_long: str
    recuse_reason_empty: str
    recuse_done: str
    recuse_outcome_replaced: str
    recuse_outcome_waiting: str
    recuse_by_self: str
    recuse_by_admin: str
    notice_recused: str
    notice_replaced: str
    notice_no_replacement: str
    notice_team_changed: str
    notice_assigned: str
    notice_unbound: str
    recuse_usage: str
    assign_usage: str
    assignment_draw_unknown: str
    assignment_not_drawn: str
    assignment_not_member: str
    assign_has_team: str
    assign_too_few: str
    assign_unknown_inspector: str
    assign_inactive: str
    assign_expired: str
    assign_conflict: str
    assign_recused_before: str
    assignment_reason_required: str
    assignment_reason_too_long: str
    # --- reminders ---
    cmd_reminders: str
    reminders_private_only: str
    reminder_due_soon: str
    reminder_due_today: str
    reminder_overdue: str
    reminder_follow_up: str
    reminder_follow_up_today: str
    reminder_estimated: str
    reminder_button_open: str
    reminder_button_snooze_short: str
    reminder_button_snooze_tomorrow: str
    reminder_snoozed: str
    reminder_snooze_already: str
    reminder_snooze_gone: str
    reminder_snooze_not_yours: str
    digest_title: str
    digest_overdue_header: str
    digest_overdue_line: str
    digest_publish_header: str
    digest_publish_line: str
    digest_late_header: str
    digest_late_line: str
    digest_more: str
    reminders_none: str
    reminders_title: str
    reminders_task_header: str
    reminders_line: str
    reminder_kinds: Mapping[str, str]
    # --- audit ---
    digest_audit_head: str

    # --- field: record sheet ---
    record_sheet_labels: Mapping[str, str]
    record_no_result: str
    record_version: str
    record_unknown_task: str
    record_not_yours: str
    record_file_prefix: str
    record_window: str
    record_distance: str
    record_accuracy: str
    record_checkin: str
    record_export_not_empty: str
    record_caption: str
    record_usage: str
    button_record: str
    record_file_problems: Mapping[str, str]
    # --- calendar register ---
    cmd_holidays: str
    #: Where a year's working days come from: "register", "package", "weekends".
    holidays_sources: Mapping[str, str]
    #: Monday ("0") to Sunday ("6").
    holidays_weekdays: Mapping[str, str]
    #: Problems of a typed or filed 放假安排 ({value}: what was given, echoed already).
    holidays_problems: Mapping[str, str]
    holidays_usage: str
    holidays_overview_header: str
    holidays_overview_line: str
    holidays_imported_at: str
    holidays_year_header: str
    holidays_estimated_note: str
    holidays_off_header: str
    holidays_makeup_header: str
    holidays_nothing: str
    holidays_day: str
    holidays_range: str
    holidays_block: str
    holidays_block_named: str
    holidays_imported: str
    holidays_replaced: str
    holidays_import_failed: str
    holidays_issue_token: str
    holidays_more: str
    holidays_unknown_notice: str
    # --- plans ---
    cmd_plan: str
    #: Stratum names (A, B, C, D, unclassified, blacklisted, abnormal), no markup.
    plan_strata: Mapping[str, str]
    #: Problems of a plan file beyond the registers' `problems` (same placeholders style).
    plan_problems: Mapping[str, str]
    plan_sheet_title: str
    plan_usage: str
    plan_none: str
    plan_template_caption: str
    plan_template_existing_caption: str
    plan_file_too_big: str
    plan_import_created: str
    plan_import_updated: str
    plan_import_unchanged: str
    plan_import_failed: str
    plan_import_after_draws: str
    plan_changed_notice: str
    plan_header: str
    plan_ratios_line: str
    plan_strata_header: str
    plan_stratum_line: str
    plan_items_header: str
    plan_item_line: str
    plan_item_note: str
    plan_no_ratio: str
    plan_group_told: str
    plan_cli_no_plan: str
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
