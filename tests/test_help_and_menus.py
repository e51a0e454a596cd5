"""Help texts and command menus agree with the commands the bot actually has, per role and
in both languages; the texts promise nothing that does not exist."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

import pytest
from telegram.ext import CommandHandler

from bot.app import SpotCheckApplication, build_application, start, stop
from bot.settings import Settings
from bot.texts import Texts, get_texts
from handlers._auth import is_admin_only
from handlers.menus import DESCRIPTIONS
from storage.database import Database
from tests.conftest import ADMIN_CHAT_ID
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import add_inspector

#: /start is how a private chat begins; in the group it would only repeat /help. /tasks and
#: the findings form are the inspector's private chat.
PRIVATE_ONLY = {"start", "tasks", "result", "correct", "reminders"}
#: Bound inspectors' commands: in their help, not in a stranger's.
INSPECTOR_ONLY = {"result", "correct", "record", "reminders"}


def registered_commands(app: SpotCheckApplication) -> dict[str, bool]:
    """Every command a CommandHandler takes, and whether it is for admins only."""
    commands: dict[str, bool] = {}
    for handlers in app.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                for name in handler.commands:
                    commands[name] = commands.get(name, False) or is_admin_only(handler.callback)
    return commands


def _mentions(text: str, command: str) -> bool:
    return re.search(rf"/{command}(?![A-Za-z0-9_])", text) is not None


@pytest.mark.parametrize("language", ["zh-CN", "en"])
async def test_help_and_menus_list_exactly_the_registered_commands(
    language: str, settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup,
    admin: FakeUser, member: FakeUser, stranger: FakeUser,
) -> None:  # fmt: skip
    texts = get_texts(language)
    app = build_application(settings.model_copy(update={"language": language}), db)
    await start(app)
    try:
        registered = registered_commands(app)
        admin_commands = {name for name, admin_only in registered.items() if admin_only}
        everyone = set(registered) - admin_commands
        assert {"start", "help", "whoami", "invite", "unbind", "status"} <= set(registered)

        menus = {
            "stranger": fake.commands["all_private_chats"],
            "inspector": fake.commands["all_private_chats"],
            "member": fake.commands[f"chat:{ADMIN_CHAT_ID}"],
            "admin": fake.commands[f"chat_administrators:{ADMIN_CHAT_ID}"],
        }
        expected = {
            "stranger": everyone,
            "inspector": everyone,
            "member": everyone - PRIVATE_ONLY,
            "admin": admin_commands | (everyone - PRIVATE_ONLY),
        }
        for role, menu in menus.items():
            assert {c["command"] for c in menu} == expected[role], role
            for entry in menu:
                name = entry["command"]
                assert entry["description"] == DESCRIPTIONS[name](texts)

        await add_inspector(db, "赵六", "41172120200009", user_id=5009)
        inspector = FakeUser(fake, 5009, "六", last_name="赵")
        helps = {}
        for role, user, chat in (("stranger", stranger, None), ("inspector", inspector, None),
                                 ("member", member, group), ("admin", admin, group)):  # fmt: skip
            mark = len(fake.sent)
            await user.send("/help", chat=chat)
            target = chat.id if chat else user.id
            helps[role] = (await fake.wait_for_message(target, after=mark)).text
        assert "/status" in helps["admin"]
        for role, text in helps.items():
            missing = {c for c in expected[role] if not _mentions(text, c)}
            if role == "stranger":
                missing -= INSPECTOR_ONLY
            assert not missing, f"{language} help for {role} lacks {missing}: {text}"
            if role != "admin":
                shown = {c for c in admin_commands if _mentions(text, c)}
                assert not shown, f"{language} help for {role} shows admin commands {shown}"
    finally:
        await stop(app)


def _texts(texts: Texts) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for field in dataclasses.fields(Texts):
        value = getattr(texts, field.name)
        if isinstance(value, Mapping):
            pairs += [(f"{field.name}[{key}]", text) for key, text in value.items()]
        else:
            pairs.append((field.name, value))
    return pairs


def test_chinese_texts_use_full_width_brackets() -> None:
    ascii_brackets = [name for name, text in _texts(get_texts("zh-CN")) if re.search(r"[()]", text)]
    assert not ascii_brackets
