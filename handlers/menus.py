"""Command menus (setMyCommands): each role sees only its own commands."""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
    BotCommandScopeDefault,
)

from bot.texts import Texts

PRIVATE = ("start", "whoami", "help")
GROUP_MEMBERS = ("whoami", "help")
GROUP_ADMINS = ("import", "export", "template", "targets", "target", "inspectors", "items",
                "invite", "unbind", "whoami", "status", "help")  # fmt: skip


def _commands(texts: Texts, names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(name, getattr(texts, f"cmd_{name}")) for name in names]


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
