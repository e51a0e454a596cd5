"""Command menus (setMyCommands): each role sees only its own commands."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
    BotCommandScopeDefault,
)

from bot.texts import Texts

Command = Literal[
    "start",
    "help",
    "status",
    "whoami",
    "import",
    "export",
    "template",
    "targets",
    "target",
    "inspectors",
    "items",
    "invite",
    "unbind",
    "plan",
    "stats",
    "holidays",
    "draws",
    "draw",
    "cancel_draw",
    "recuse",
    "assign",
    "result",
    "correct",
    "tasks",
    "record",
    "task",
    "publish",
    "reminders",
]

#: The menu description of each command (tests/test_help_and_menus.py checks that every
#: registered command is in the menus and the help of the roles that may use it).
DESCRIPTIONS: Mapping[Command, Callable[[Texts], str]] = {
    "start": lambda t: t.cmd_start,
    "help": lambda t: t.cmd_help,
    "status": lambda t: t.cmd_status,
    "whoami": lambda t: t.cmd_whoami,
    "import": lambda t: t.cmd_import,
    "export": lambda t: t.cmd_export,
    "template": lambda t: t.cmd_template,
    "targets": lambda t: t.cmd_targets,
    "target": lambda t: t.cmd_target,
    "inspectors": lambda t: t.cmd_inspectors,
    "items": lambda t: t.cmd_items,
    "draw": lambda t: t.cmd_draw,
    "cancel_draw": lambda t: t.cmd_cancel_draw,
    "invite": lambda t: t.cmd_invite,
    "unbind": lambda t: t.cmd_unbind,
    "plan": lambda t: t.cmd_plan,
    "holidays": lambda t: t.cmd_holidays,
    "recuse": lambda t: t.cmd_recuse,
    "assign": lambda t: t.cmd_assign,
    "draws": lambda t: t.cmd_draws,
    "result": lambda t: t.cmd_result,
    "correct": lambda t: t.cmd_correct,
    "tasks": lambda t: t.cmd_tasks,
    "record": lambda t: t.cmd_record,
    "task": lambda t: t.cmd_task,
    "publish": lambda t: t.cmd_publish,
    "stats": lambda t: t.cmd_stats,
    "reminders": lambda t: t.cmd_reminders,
}

PRIVATE: tuple[Command, ...] = (
    "start",
    "whoami",
    "tasks",
    "reminders",
    "result",
    "correct",
    "record",
    "help",
)
GROUP_MEMBERS: tuple[Command, ...] = ("whoami", "record", "help")
#: One per line: features add theirs without touching each other's lines.
GROUP_ADMINS: tuple[Command, ...] = (
    "import",
    "export",
    "template",
    "targets",
    "target",
    "inspectors",
    "items",
    "plan",
    "stats",
    "holidays",
    "draws",
    "draw",
    "cancel_draw",
    "recuse",
    "assign",
    "record",
    "task",
    "publish",
    "invite",
    "unbind",
    "whoami",
    "status",
    "help",
)


def _commands(texts: Texts, names: tuple[Command, ...]) -> list[BotCommand]:
    return [BotCommand(name, DESCRIPTIONS[name](texts)) for name in names]


async def publish_menus(bot: Bot, texts: Texts, admin_chat_id: int | None) -> None:
    # Other groups get no menu at all: the bot takes no commands there.
    await bot.delete_my_commands(scope=BotCommandScopeDefault())
    await bot.set_my_commands(_commands(texts, PRIVATE), scope=BotCommandScopeAllPrivateChats())
    if admin_chat_id is not None:
        await bot.set_my_commands(
            _commands(texts, GROUP_MEMBERS), scope=BotCommandScopeChat(admin_chat_id)
        )
        await bot.set_my_commands(
            _commands(texts, GROUP_ADMINS), scope=BotCommandScopeChatAdministrators(admin_chat_id)
        )
