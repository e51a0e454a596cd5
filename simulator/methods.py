"""The Bot API methods the bot uses, with their parameters: facts of the API.

`tests/test_fake_spec.py` checks this table against the official spec where `../shared` has it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Method:
    required: frozenset[str]
    optional: frozenset[str]

    @property
    def params(self) -> frozenset[str]:
        return self.required | self.optional


def _m(required: str = "", optional: str = "") -> Method:
    return Method(frozenset(required.split()), frozenset(optional.split()))


_SEND_COMMON = (
    "business_connection_id message_thread_id direct_messages_topic_id disable_notification "
    "protect_content allow_paid_broadcast message_effect_id suggested_post_parameters "
    "reply_parameters reply_markup"
)

METHODS: dict[str, Method] = {
    "getMe": _m(),
    "logOut": _m(),
    "close": _m(),
    "getUpdates": _m(optional="offset limit timeout allowed_updates"),
    "setWebhook": _m(
        "url",
        "certificate ip_address max_connections allowed_updates drop_pending_updates secret_token",
    ),
    "deleteWebhook": _m(optional="drop_pending_updates"),
    "getWebhookInfo": _m(),
    "setMyCommands": _m("commands", "scope language_code"),
    "deleteMyCommands": _m(optional="scope language_code"),
    "getMyCommands": _m(optional="scope language_code"),
    "sendMessage": _m("chat_id text", f"parse_mode entities link_preview_options {_SEND_COMMON}"),
    "sendDocument": _m(
        "chat_id document",
        "thumbnail caption parse_mode caption_entities disable_content_type_detection "
        + _SEND_COMMON,
    ),
    "sendPhoto": _m(
        "chat_id photo",
        "caption parse_mode caption_entities show_caption_above_media has_spoiler " + _SEND_COMMON,
    ),
    "sendVideo": _m(
        "chat_id video",
        "duration width height thumbnail cover start_timestamp caption parse_mode "
        "caption_entities show_caption_above_media has_spoiler supports_streaming " + _SEND_COMMON,
    ),
    "sendVoice": _m(
        "chat_id voice", "caption parse_mode caption_entities duration " + _SEND_COMMON
    ),
    "sendLocation": _m(
        "chat_id latitude longitude",
        "horizontal_accuracy live_period heading proximity_alert_radius " + _SEND_COMMON,
    ),
    "sendChatAction": _m("chat_id action", "business_connection_id message_thread_id"),
    "editMessageText": _m(
        optional="business_connection_id chat_id message_id inline_message_id text "
        "parse_mode entities link_preview_options reply_markup"
    ),
    "editMessageReplyMarkup": _m(
        optional="business_connection_id chat_id message_id inline_message_id reply_markup"
    ),
    "deleteMessage": _m("chat_id message_id"),
    "answerCallbackQuery": _m("callback_query_id", "text show_alert url cache_time"),
    "getChat": _m("chat_id"),
    "getChatMember": _m("chat_id user_id"),
    "getChatAdministrators": _m("chat_id", "return_bots"),
    "getFile": _m("file_id"),
}
