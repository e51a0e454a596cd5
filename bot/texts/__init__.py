"""User-facing texts: one catalog per language, same fields in each (mypy checks it).

Texts are Telegram HTML; values inserted into them must be escaped with `html.escape`.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    # /status
    status: str
    # refusals and errors
    admin_only: str
    admin_group_only: str
    error_generic: str
    # automatic messages
    unreachable_notice: str
    unknown_person: str


def get_texts(language: str) -> Texts:
    from bot.texts.en import EN
    from bot.texts.zh_cn import ZH_CN

    return {"zh-CN": ZH_CN, "en": EN}[language]
