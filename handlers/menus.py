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


async def publish_menus(bot: Bot, texts: Texts, admin_chat_id: int | None) -> None:
    start, help_, status = (
        BotCommand("start", texts.cmd_start),
        BotCommand("help", texts.cmd_help),
        BotCommand("status", texts.cmd_status),
    )
    # Other groups get no menu at all: the bot takes no commands there.
    await bot.delete_my_commands(scope=BotCommandScopeDefault())
    await bot.set_my_commands([start, help_], scope=BotCommandScopeAllPrivateChats())
    if admin_chat_id is not None:
        await bot.set_my_commands([help_], scope=BotCommandScopeChat(admin_chat_id))
        await bot.set_my_commands(
            [help_, status], scope=BotCommandScopeChatAdministrators(admin_chat_id)
        )
