"""English."""

from bot.texts import Texts

EN = Texts(
    start_stranger=(
        "Hello! This is <b>SpotCheck</b>, the bureau's random spot-check assistant.\n\n"
        "It serves the bureau's registered inspectors only, and your Telegram account is not "
        "bound to an inspector yet.\n"
        "To bind it, ask an admin for an invite link in the admin group and open it."
    ),
    start_inspector=(
        "Hello, {name}! You are bound as an inspector.\n"
        "New assignments and deadline reminders arrive here. Send /help for the commands."
    ),
    start_admin=(
        "SpotCheck is ready in this admin group.\n"
        "Draws, imports and escalations happen here; inspectors get their tasks in private chats.\n"
        "Send /help for the admin commands."
    ),
    start_group_member=(
        "SpotCheck is ready in this admin group. Admin commands are for the group's "
        "administrators only; ask one of them if you need access."
    ),
    start_unconfigured_group=(
        "SpotCheck has no admin group configured yet.\n"
        "If this is the bureau's admin group, set <code>ADMIN_CHAT_ID={chat_id}</code> "
        "and restart the bot."
    ),
    start_foreign_group=(
        "SpotCheck works only in the bureau's admin group; it takes no commands here."
    ),
    help_stranger=(
        "<b>Getting started</b>\n"
        "Your account is not bound to an inspector. Ask an admin for an invite link.\n\n"
        "/start — start\n/help — help"
    ),
    help_inspector=(
        "<b>Inspector commands</b>\n"
        "/start — start\n"
        "/help — help\n\n"
        "Assignments and deadline reminders are pushed to this chat."
    ),
    help_admin=(
        "<b>Admin commands</b> (group administrators only)\n"
        "/help — help\n"
        "/status — bot status (message queue, database)\n\n"
        "Inspectors use the bot in a private chat."
    ),
    help_group_member=(
        "Admin commands here are for the group's administrators only.\n"
        "If you are an inspector, send /start to the bot in a private chat."
    ),
    cmd_start="start",
    cmd_help="help",
    cmd_status="bot status",
    status=(
        "<b>Status</b>\n"
        "Version: {version}\n"
        "Database: {database}\n"
        "Time zone: {timezone} (now {now})\n\n"
        "<b>Message queue</b>\n"
        "Pending: {pending}\n"
        "Sending: {sending}\n"
        "Sent: {sent}\n"
        "Undeliverable: {undeliverable}\n"
        "Refused: {failed}"
    ),
    admin_only="⛔ Only administrators of the admin group may use this command.",
    admin_group_only="⛔ This command works only in the bureau's admin group.",
    error_generic=(
        "⚠️ Sorry, something went wrong while handling that; it was logged and nothing was "
        "changed. Please try again later, or contact an admin if it keeps failing."
    ),
    unreachable_notice=(
        "⚠️ <b>Message undeliverable</b>: {person}\n"
        "They never opened the bot or have blocked it, so further messages will not arrive "
        "either. Ask them to open @{bot_username} in Telegram and send /start."
    ),
    unknown_person="Telegram user {user_id}",
)
