"""Settings from the environment and `.env` (pydantic-settings).

A missing or invalid value is reported by `explain_settings_error` as one paragraph per
variable, naming it and giving an example, so an operator never has to read a traceback.
"""

from __future__ import annotations

import logging
import re
from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/spotcheck.sqlite3"

#: Example values shown to an operator when a variable is missing or wrong.
EXAMPLES: dict[str, str] = {
    "TELEGRAM_BOT_TOKEN": "123456789:AAE-your-token-from-BotFather",
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "DATABASE_URL": "sqlite+aiosqlite:///./data/spotcheck.sqlite3 or postgresql://user@127.0.0.1:5432/spotcheck",
    "ADMIN_CHAT_ID": "-1001234567890",
    "TIMEZONE": "Asia/Shanghai",
    "MEDIA_DIR": "./data/media",
    "LOG_LEVEL": "INFO",
    "LANGUAGE": "zh-CN",
    "DRAW_CODE_PREFIX": "西财双随机",
    "BUREAU_NAME": "西平县财政局",
    "PUBLIC_DIR": "./data/public",
    "PUBLISH_WITHIN_WORKING_DAYS": "20",
    "WEBHOOK_URL": "https://spotcheck.example.gov.cn/telegram",
    "WEBHOOK_LISTEN": "127.0.0.1",
    "WEBHOOK_PORT": "8443",
    "WEBHOOK_SECRET": "a-long-random-string",
    "OUTBOX_LEASE_SECONDS": "60",
    "REMINDER_TIME": "09:00",
    "REMINDER_DAYS_BEFORE": "[3, 1]",
    "QUIET_HOURS_START": "21:00",
    "QUIET_HOURS_END": "08:00",
    "ESCALATIONS_IN_QUIET_HOURS": "false",
    "DIGEST_TIME": "09:00",
    "PUBLISH_WARN_WORKING_DAYS": "5",
    "BACKUP_DIR": "/var/backups/spotcheck",
    "BACKUP_TIME": "02:30",
    "BACKUP_KEEP": "7",
}

#: What Telegram accepts as a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
#: Error type for a setting that another setting makes required.
REQUIRED_BY = "required_by"


class CommonSettings(BaseSettings):
    """What every command needs, including the ones that never talk to Telegram."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Asia/Shanghai"
    media_dir: Path = Path("./data/media")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    language: Literal["zh-CN", "en"] = "zh-CN"
    #: Draw codes read "<prefix>〔2026〕第001号", e.g. 西财双随机〔2026〕第001号.
    draw_code_prefix: str = Field(default="双随机", min_length=1, max_length=20)
    #: The bureau's name as it heads printed records and notices, e.g. 西平县财政局.
    bureau_name: str = Field(default="", max_length=60)
    #: Where public notices (一公开: results, draws, the item list) are written for the portal.
    public_dir: Path = Path("./data/public")
    #: Results go out within this many working days after the check ends (the seed: 20).
    publish_within_working_days: int = Field(default=20, ge=1, le=60)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("not an IANA time zone name") from exc
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]


class Settings(CommonSettings):
    """Everything the running bot reads from its environment."""

    telegram_bot_token: SecretStr = Field(min_length=1)
    telegram_api_url: str = "https://api.telegram.org"
    admin_chat_id: int | None = None
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    #: Required with webhook_url (validated below), hence validated even when not given.
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    #: How long the outbox sender's claim on a message holds if the sender dies with it.
    outbox_lease_seconds: float = Field(default=60.0, gt=0)
    #: False in the worker processes of a deployment with several: only one process may
    #: poll for updates (a webhook may run in several behind a load balancer).
    receive_updates: bool = True
    #: Several processes send: Telegram's limits are kept in the database (send_slots)
    #: across all of them, instead of in each process's memory.
    shared_pacing: bool = False
    #: A check-in farther than this from the target (metres) is flagged for review.
    checkin_max_distance_m: float = Field(default=1000.0, gt=0)
    #: A check-in whose reported accuracy is worse than this (metres) is flagged.
    checkin_max_accuracy_m: float = Field(default=100.0, gt=0)
    #: Local time of day the deadline reminders go out.
    reminder_time: time = time(9, 0)
    #: Working days before a deadline (window end, follow-up) that the team is reminded;
    #: the deadline's own day and every overdue working day come on top.
    reminder_days_before: list[int] = Field(default=[3, 1])
    #: Quiet hours (local): reminders falling inside wait until they end. Start > end spans
    #: midnight.
    quiet_hours_start: time = time(21, 0)
    quiet_hours_end: time = time(8, 0)
    #: Escalations (the admin digest, overdue reminders) go in quiet hours and on
    #: non-working days too.
    escalations_in_quiet_hours: bool = False
    #: Local time of the admin group's daily digest (overdue, publication due).
    digest_time: time = time(9, 0)
    #: The digest lists results this many working days or fewer before publication is due.
    publish_warn_working_days: int = Field(default=5, ge=0, le=60)
    #: Nightly backup (optional): one a day at BACKUP_TIME (local) into
    #: BACKUP_DIR/<date-time>/, the BACKUP_KEEP newest kept.
    backup_dir: Path | None = None
    backup_time: time = time(2, 30)
    backup_keep: int = Field(default=7, ge=1, le=366)

    @field_validator("reminder_days_before")
    @classmethod
    def _days_before(cls, value: list[int]) -> list[int]:
        if any(not 1 <= day <= 30 for day in value):
            raise ValueError("each must be 1-30 working days")
        return sorted(set(value), reverse=True)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        # BotFather tokens are "<bot id>:<secret>"; catching a pasted placeholder here beats
        # a 401 from Telegram at start-up.
        bot_id, sep, secret = value.get_secret_value().strip().partition(":")
        if not (sep and bot_id.isdigit() and secret):
            raise ValueError("expected <digits>:<secret>, as BotFather gives it")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// behind a proxy)")
        return value.strip()

    @field_validator("admin_chat_id", "webhook_secret", "backup_dir", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # webhook_url is declared (so validated) before webhook_secret.
        if value is None:
            if info.data.get("webhook_url"):
                raise PydanticCustomError(
                    REQUIRED_BY,
                    "WEBHOOK_URL is set; without a secret anyone who finds the URL "
                    "could post updates as an admin",
                )
            return None
        if not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("use 1-256 characters A-Z, a-z, 0-9, _ and -, as Telegram requires")
        return value

    @field_validator("admin_chat_id")
    @classmethod
    def _group_id(cls, value: int | None) -> int | None:
        if value is not None and value >= 0:
            raise ValueError("a group's chat id is negative, e.g. -1001234567890")
        return value


def explain_settings_error(error: ValidationError) -> str:
    """One readable paragraph per bad variable; never echoes the value (it may be a secret)."""
    lines = ["SpotCheck cannot start: its configuration is incomplete or invalid."]
    for item in error.errors():
        name = str(item["loc"][0]).upper() if item["loc"] else "?"
        if item["type"] == "missing":
            reason = "is not set"
        elif item["type"] == REQUIRED_BY:
            reason = f"is not set ({item['msg']})"
        else:
            reason = f"is invalid ({item['msg']})"
        example = EXAMPLES.get(name, "")
        lines.append(
            f"- {name} {reason}. Set it in the environment or in the .env file, "
            f"for example: {name}={example}"
        )
    lines.append("See .env.example for every setting and its meaning.")
    return "\n".join(lines)
