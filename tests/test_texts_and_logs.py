"""Catalogs agree with each other; the token never reaches a log line."""

from __future__ import annotations

import dataclasses
import logging
import string
from collections.abc import Mapping

import pytest

from bot.logs import RedactFilter
from bot.texts import Texts, get_texts
from simulator.html import parse_html


def _placeholders(template: str) -> set[str]:
    return {name for _t, name, _f, _c in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Texts)])
def test_catalogs_have_the_same_placeholders_and_valid_html(field: str) -> None:
    zh, en = getattr(get_texts("zh-CN"), field), getattr(get_texts("en"), field)
    if isinstance(zh, Mapping):
        assert set(zh) == set(en), f"{field}: the catalogs have different keys"
        pairs = [(zh[key], en[key]) for key in zh]
    else:
        pairs = [(zh, en)]
    for zh_text, en_text in pairs:
        assert _placeholders(zh_text) == _placeholders(en_text)
        for text in (zh_text, en_text):
            values = dict.fromkeys(_placeholders(text), 1)
            parse_html(text.format(**values))  # raises on HTML Telegram would refuse


def test_token_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    token = "123456:SECRET-token-value"
    logger = logging.getLogger("test.redact")
    logger.addFilter(RedactFilter(token))
    with caplog.at_level(logging.INFO, logger="test.redact"):
        logger.info("POST https://api.telegram.org/bot%s/getMe", token)
        try:
            raise RuntimeError(f"failed calling /bot{token}/sendMessage")
        except RuntimeError:
            logger.exception("boom")
    assert token not in caplog.text
    assert "<TOKEN>" in caplog.text
