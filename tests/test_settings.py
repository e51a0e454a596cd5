"""Settings: defaults, validation, and the one-paragraph refusal with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import DEFAULT_DATABASE_URL, Settings, explain_settings_error

ROOT = Path(__file__).resolve().parents[1]


def _settings(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[arg-type]


def test_defaults() -> None:
    s = _settings(telegram_bot_token="123:abc")
    assert s.telegram_api_url == "https://api.telegram.org"
    assert s.database_url == DEFAULT_DATABASE_URL
    assert s.timezone == "Asia/Shanghai"
    assert s.language == "zh-CN"
    assert s.admin_chat_id is None
    assert s.webhook_url is None


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=42:from-file\nADMIN_CHAT_ID=-100777\nLOG_LEVEL=debug\n"
        "TELEGRAM_API_URL=http://127.0.0.1:8081/\n"
    )
    monkeypatch.chdir(tmp_path)
    s = Settings()
    assert s.telegram_bot_token.get_secret_value() == "42:from-file"
    assert s.admin_chat_id == -100777
    assert s.log_level == "DEBUG"
    assert s.telegram_api_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"telegram_bot_token": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"telegram_bot_token": "1:a", "timezone": "Asia/Beijing"}, "TIMEZONE"),
        ({"telegram_bot_token": "1:a", "admin_chat_id": "12345"}, "ADMIN_CHAT_ID"),
        ({"telegram_bot_token": "1:a", "language": "fr"}, "LANGUAGE"),
        ({"telegram_bot_token": "1:a", "telegram_api_url": "api.telegram.org"}, "TELEGRAM_API_URL"),
        ({"telegram_bot_token": "1:a", "webhook_secret": "has spaces"}, "WEBHOOK_SECRET"),
        ({"telegram_bot_token": "1:a", "webhook_secret": "x" * 257}, "WEBHOOK_SECRET"),
        ({"telegram_bot_token": "1:a", "webhook_secret": "秘密"}, "WEBHOOK_SECRET"),
        ({"telegram_bot_token": "1:a", "outbox_lease_seconds": "0"}, "OUTBOX_LEASE_SECONDS"),
    ],
)
def test_invalid_settings_are_explained(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _settings(**env)
    message = explain_settings_error(caught.value)
    assert f"- {variable} " in message
    assert f"{variable}=" in message  # an example value to copy


def test_webhook_mode_needs_a_secret() -> None:
    with pytest.raises(ValidationError) as caught:
        _settings(telegram_bot_token="1:a", webhook_url="https://bot.example.gov.cn/hook")
    message = explain_settings_error(caught.value)
    assert "- WEBHOOK_SECRET is not set (WEBHOOK_URL is set;" in message
    assert "WEBHOOK_SECRET=" in message
    # With a secret Telegram accepts, webhook mode is fine; without a URL a blank is no secret.
    secret = "A-z_0-9" * 36 + "abcd"
    hook = "https://x.example/h"
    s = _settings(telegram_bot_token="1:a", webhook_url=hook, webhook_secret=secret)
    assert s.webhook_secret is not None and s.webhook_secret.get_secret_value() == secret
    assert _settings(telegram_bot_token="1:a", webhook_secret=" ").webhook_secret is None


def test_outbox_lease_defaults_to_a_minute() -> None:
    assert _settings(telegram_bot_token="1:a").outbox_lease_seconds == 60
    short = _settings(telegram_bot_token="1:a", outbox_lease_seconds="2.5")
    assert short.outbox_lease_seconds == 2.5


def test_cli_refuses_webhook_mode_without_secret(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "1:a",
           "WEBHOOK_URL": "https://bot.example.gov.cn/hook"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "WEBHOOK_SECRET is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_is_not_echoed() -> None:
    with pytest.raises(ValidationError) as caught:
        _settings(telegram_bot_token="secret-looking-but-wrong")
    assert "secret-looking-but-wrong" not in explain_settings_error(caught.value)


def test_cli_without_token_exits_2_without_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_lists_subcommands(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "run" in result.stdout
    assert "migrate" in result.stdout
