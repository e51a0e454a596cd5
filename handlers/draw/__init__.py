"""The draw wizard in the admin group: `/draw` (screens.py renders, input.py reacts).

The wizard's steps are `bot.services.flows.DrawStep`; its state is in the database."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.draws.buttons import WizardPress
from handlers.draw import input as wizard_input


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("draw", wizard_input.open_command, has_args=False))
    # `/draw key=value …` is the wizard with typed arguments; `/draw CODE` shows a draw.
    arguments = filters.Regex(r"^/draw(@\w+)?\s+\S+=")
    app.add_handler(
        CommandHandler("draw", wizard_input.open_with_arguments, filters=arguments, has_args=True)
    )
    app.add_handler(CommandHandler("cancel_draw", wizard_input.cancel_command))
    app.add_handler(CallbackQueryHandler(wizard_input.pressed, pattern=WizardPress.matches))


def register_typed(app: Application) -> None:  # type: ignore[type-arg]
    """Typed answers in groups, after every other handler: most group messages are people
    talking to each other, and they are left alone."""
    text = filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS & ~filters.UpdateType.EDITED
    app.add_handler(MessageHandler(text, wizard_input.typed_answer))
