"""A fake Telegram Bot API server on loopback.

The real bot (PTB Application, httpx) talks to it over HTTP through TELEGRAM_API_URL, by long
polling or by webhook. It answers like Telegram and refuses what Telegram refuses: unknown
methods, missing required parameters, over-long texts and captions, callback data over 64
bytes, malformed HTML, messages to users who never opened the bot (403) and flood (429).
Every call is recorded; a test fails on a refusal it did not expect (see conftest).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, ClientSession, web

from simulator.html import HTMLParseError, parse_html
from simulator.methods import METHODS

SEND_METHODS = {"sendMessage", "sendDocument", "sendPhoto", "sendVideo", "sendVoice",
                "sendLocation"}  # fmt: skip
FILE_PARAMS = {"sendDocument": "document", "sendPhoto": "photo", "sendVideo": "video",
               "sendVoice": "voice"}  # fmt: skip
#: The Bot API hands out files up to this size (getFile); a self-hosted server has no limit.
DOWNLOAD_LIMIT = 20 * 1024 * 1024
DEFAULTED_PARAMS = {"parse_mode", "link_preview_options"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    description: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class SentMessage:
    """A message the bot sent (or edited), as the recipient sees it."""

    chat_id: int
    message_id: int
    method: str
    text: str  # plain text (HTML parsed) or caption
    raw_text: str
    reply_markup: dict[str, Any] | None
    file_name: str | None = None
    file_bytes: bytes | None = None
    edited: bool = False
    #: How raw_text is to be read ("HTML" or None for plain text), as the bot sent it.
    parse_mode: str | None = None

    def keyboard(self) -> list[dict[str, Any]]:
        """The reply keyboard's buttons (a text-only button as {"text": ...})."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("keyboard") or []
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    def buttons(self) -> list[dict[str, Any]]:
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's documented limits: ~30 msg/s overall, ~1/s per chat, 20/min per group."""

    overall_per_second: int = 30
    private_burst: int = 3  # a short burst to one chat is tolerated, the average is 1/s
    private_per_second: float = 1.0
    group_per_minute: int = 20
    group_period: float = 60.0  # the "minute" of group_per_minute (tests shorten it)


class _Bucket:
    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity, self.rate, self.tokens, self.at = capacity, rate, capacity, now

    def take(self, now: float) -> float:
        """0 if a token was taken, else seconds until one is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class FakeTelegram:
    def __init__(
        self,
        *,
        token: str = "123456789:TEST-fake-token",
        bot_username: str = "spotcheck_test_bot",
        flood: FloodLimits | None = FloodLimits(),
        chaos_429: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.bot_username = bot_username
        self.flood = flood
        #: Probability that a send is answered 429 anyway, as Telegram does now and then.
        self.chaos_429 = chaos_429
        self._random = random.Random(seed)
        self.calls: list[Call] = []
        self.sent: list[SentMessage] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.expected_errors: set[int] = set()
        self.rate_limited = 0
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.chats: dict[int, dict[str, Any]] = {}
        self.started_users: set[int] = set()
        self.blocked_users: set[int] = set()
        self.admins: dict[int, list[int]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self.file_names: dict[str, str] = {}  # file_id -> the name it was sent with
        #: file_id -> how many more downloads of it fail (502), as on a bad network.
        self.failing_downloads: dict[str, int] = {}
        #: Successful downloads per file_id.
        self.downloads: dict[str, int] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        #: The time people's messages carry (Unix seconds); the demo moves it with the bot's.
        self.clock: Callable[[], float] = time.time
        self._updates: list[dict[str, Any]] = []
        self._all_pushed: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._new_message = asyncio.Condition()
        self._overall: deque[float] = deque()
        self._buckets: dict[int, _Bucket] = {}
        self._forced_429: list[int] = []
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.base_url = ""

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # A client that hangs up (the bot stopping its long poll) cancels the handler, as on
        # a real server; otherwise shutting down would wait for every long poll to time out.
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what tests look at ----------------------------------------------------------------

    def pushed(self, update_id: int) -> dict[str, Any]:
        """An update pushed earlier, as it was delivered."""
        for update in self._all_pushed:
            if update["update_id"] == update_id:
                return update
        raise KeyError(update_id)

    def expect_errors(self, *codes: int) -> None:
        """Declare refusals (e.g. 403, 429) that the test provokes on purpose."""
        self.expected_errors.update(codes)

    def unexpected_refusals(self) -> list[Call]:
        return [c for c in self.calls if c.status >= 400 and c.status not in self.expected_errors]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] = lambda _m: True,
        *,
        after: int = 0,
        timeout: float = 10.0,
    ) -> SentMessage:
        """The first message to `chat_id` (from index `after` of self.sent) matching."""

        def _find() -> SentMessage | None:
            for message in self.sent[after:]:
                if message.chat_id == chat_id and predicate(message):
                    return message
            return None

        async with self._new_message:
            try:
                await asyncio.wait_for(
                    self._new_message.wait_for(lambda: _find() is not None), timeout
                )
            except TimeoutError:
                seen = [m.text[:80] for m in self.messages_to(chat_id)]
                raise AssertionError(
                    f"no matching message to {chat_id} within {timeout}s; it got: {seen}"
                ) from None
        found = _find()
        assert found is not None
        return found

    def force_flood(self, *retry_after: int) -> None:
        """The next send calls get 429 with these retry_after values, one each."""
        self._forced_429.extend(retry_after)

    # --- scenario side: what users do ------------------------------------------------------

    def add_chat(self, chat: dict[str, Any]) -> None:
        self.chats[chat["id"]] = chat

    async def push_update(self, payload: dict[str, Any], *, update_id: int | None = None) -> int:
        """Deliver an update; `update_id` forces its id (say, one out of range)."""
        update = {"update_id": next(self._update_ids) if update_id is None else update_id,
                  **payload}  # fmt: skip
        self._all_pushed.append(update)
        if self.webhook_url:
            await self._post_webhook(update)
        else:
            async with self._new_update:
                self._updates.append(update)
                self._new_update.notify_all()
        return int(update["update_id"])

    async def redeliver(self, update_id: int) -> None:
        """Deliver an update again, as Telegram does when it saw no confirmation."""
        async with self._new_update:
            for update in self._all_pushed:
                if update["update_id"] == update_id:
                    self._updates.append(update)
            self._new_update.notify_all()

    def store_file(self, kind: str, name: str, content: bytes) -> str:
        """Telegram's file paths are its own ("documents/file_12.pdf"), never the sender's
        file name; only a short extension survives."""
        file_id = f"file-{next(self._file_ids)}"
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        extension = f".{suffix}" if suffix.isalnum() and len(suffix) <= 5 else ""
        self.files[file_id] = (f"{kind}/{file_id.replace('-', '_')}{extension}", content)
        self.file_names[file_id] = name
        return file_id

    def fail_downloads(self, file_id: str, times: int) -> None:
        """The next `times` downloads of this file fail with 502 Bad Gateway."""
        self.failing_downloads[file_id] = times

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "SpotCheck",
            "username": self.bot_username,
        }

    # --- HTTP ------------------------------------------------------------------------------

    async def _post_webhook(self, update: dict[str, Any]) -> None:
        if self._client is None:
            self._client = ClientSession()
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        assert self.webhook_url is not None
        async with self._client.post(
            self.webhook_url, data=json.dumps(update), headers=headers
        ) as r:
            if r.status >= 300:
                raise AssertionError(f"webhook answered {r.status} for update {update}")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for file_id, (file_path, content) in self.files.items():
            if file_path == path:
                if len(content) > DOWNLOAD_LIMIT:
                    return web.Response(status=400)
                if self.failing_downloads.get(file_id, 0) > 0:
                    self.failing_downloads[file_id] -= 1
                    return _error(502, "Bad Gateway")
                self.downloads[file_id] = self.downloads.get(file_id, 0) + 1
                return web.Response(body=content)
        return web.Response(status=404)

    async def _handle_api(self, request: web.Request) -> web.Response:
        method_name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            self.calls.append(Call(method_name, {}, 401, "Unauthorized"))
            return _error(401, "Unauthorized")
        params, uploads = await _read_params(request)
        # Method names are case-insensitive in the Bot API.
        method = next((m for m in METHODS if m.lower() == method_name.lower()), None)
        if method is None:
            self.calls.append(Call(method_name, params, 404, "Not Found"))
            return _error(404, "Not Found")
        try:
            self._validate(method, params, uploads)
            if method in SEND_METHODS:
                self._check_recipient(int(params["chat_id"]))
                self._check_flood(int(params["chat_id"]))
            result = await getattr(self, f"_api_{method}")(params, uploads)
        except ApiError as exc:
            if exc.code == 429:
                self.rate_limited += 1
            self.calls.append(Call(method, params, exc.code, exc.description))
            return _error(exc.code, exc.description, exc.retry_after)
        self.calls.append(Call(method, params, 200))
        return web.json_response({"ok": True, "result": result})

    def _validate(self, method: str, params: dict[str, Any], uploads: dict[str, Any]) -> None:
        spec = METHODS[method]
        given = set(params) | set(uploads)
        missing = spec.required - given
        if missing:
            raise ApiError(400, f"Bad Request: parameter {sorted(missing)[0]} is required")
        # Telegram ignores parameters a method does not have; PTB's Defaults add parse_mode
        # and link_preview_options to every call routed like a message (e.g. edits of a
        # keyboard). Any other unknown name is a bug of ours, so it is still refused.
        unknown = given - spec.params - DEFAULTED_PARAMS
        if unknown:
            raise ApiError(400, f"Bad Request: unknown parameter {sorted(unknown)[0]}")
        if "text" in params and method in ("sendMessage", "editMessageText"):
            _check_text(params["text"], params.get("parse_mode"), 4096, "message text")
        if "caption" in params:
            _check_text(params["caption"], params.get("parse_mode"), 1024, "caption", empty=True)
        if "reply_markup" in params:
            markup = _json(params["reply_markup"])
            _check_markup(markup)
            if "chat_id" in params and _requests_device_data(markup):
                # Location and contact buttons are for private chats only.
                chat = self.chats.get(int(params["chat_id"]))
                if chat is not None and chat["type"] != "private":
                    raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")

    def _check_recipient(self, chat_id: int) -> None:
        if chat_id > 0:
            if chat_id in self.blocked_users:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat_id not in self.started_users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")

    def _check_flood(self, chat_id: int) -> None:
        if self._forced_429:
            raise ApiError(429, "Too Many Requests: retry after", self._forced_429.pop(0))
        if self.chaos_429 and self._random.random() < self.chaos_429:
            raise ApiError(429, "Too Many Requests: retry after", 1)
        if self.flood is None:
            return
        now = time.monotonic()
        while self._overall and now - self._overall[0] >= 1.0:
            self._overall.popleft()
        if len(self._overall) >= self.flood.overall_per_second:
            wait = self._overall[0] + 1.0 - now
            raise ApiError(429, "Too Many Requests: retry after", max(1, round(wait)))
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if chat_id < 0:
                per_minute = self.flood.group_per_minute
                bucket = _Bucket(per_minute, per_minute / self.flood.group_period, now)
            else:
                bucket = _Bucket(self.flood.private_burst, self.flood.private_per_second, now)
            self._buckets[chat_id] = bucket
        wait = bucket.take(now)
        if wait > 0:
            raise ApiError(429, "Too Many Requests: retry after", max(1, round(wait + 0.5)))
        self._overall.append(now)

    # --- methods ---------------------------------------------------------------------------

    async def _api_getMe(self, _p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_logOut(self, _p: dict[str, Any], _u: dict[str, Any]) -> bool:
        return True

    async def _api_close(self, _p: dict[str, Any], _u: dict[str, Any]) -> bool:
        return True

    async def _api_getUpdates(self, p: dict[str, Any], _u: dict[str, Any]) -> list[Any]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(p.get("offset", 0) or 0)
        timeout = float(p.get("timeout", 0) or 0)
        limit = int(p.get("limit", 100) or 100)
        async with self._new_update:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                try:
                    await asyncio.wait_for(
                        self._new_update.wait_for(lambda: bool(self._updates)), timeout
                    )
                except TimeoutError:
                    return []
            return self._updates[:limit]

    async def _api_setWebhook(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        self.webhook_url = p["url"] or None
        self.webhook_secret = p.get("secret_token")
        if p.get("drop_pending_updates") in ("true", True):
            self._updates.clear()
        return True

    async def _api_deleteWebhook(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        self.webhook_url = None
        if p.get("drop_pending_updates") in ("true", True):
            self._updates.clear()
        return True

    async def _api_getWebhookInfo(self, _p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook_url or "", "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}  # fmt: skip

    @staticmethod
    def _scope_key(p: dict[str, Any]) -> str:
        scope = _json(p.get("scope") or '{"type": "default"}')
        key = str(scope["type"]) + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        return key + (f"/{p['language_code']}" if p.get("language_code") else "")

    async def _api_setMyCommands(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        commands = _json(p["commands"])
        for command in commands:
            if not (1 <= len(command["command"]) <= 32 and 1 <= len(command["description"]) <= 256):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[self._scope_key(p)] = commands
        return True

    async def _api_deleteMyCommands(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        self.commands.pop(self._scope_key(p), None)
        return True

    async def _api_getMyCommands(self, p: dict[str, Any], _u: dict[str, Any]) -> list[Any]:
        return self.commands.get(self._scope_key(p), [])

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.chats:
            return self.chats[chat_id]
        raise ApiError(400, "Bad Request: chat not found")

    async def _record(
        self, method: str, p: dict[str, Any], text: str, raw: str, **extra: Any
    ) -> dict[str, Any]:
        chat_id = int(p["chat_id"])
        markup = _json(p["reply_markup"]) if p.get("reply_markup") else None
        sent = SentMessage(
            chat_id, self.next_message_id(chat_id), method, text, raw, markup,
            parse_mode=p.get("parse_mode"), **extra,
        )  # fmt: skip
        async with self._new_message:
            self.sent.append(sent)
            self._new_message.notify_all()
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
        }
        if markup and "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
            message["reply_markup"] = markup
        return message

    async def _api_sendMessage(self, p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        plain = _plain(p["text"], p.get("parse_mode"))
        message = await self._record("sendMessage", p, plain, p["text"])
        return {**message, "text": plain}

    async def _file_message(
        self, method: str, p: dict[str, Any], uploads: dict[str, Any]
    ) -> dict[str, Any]:
        param = FILE_PARAMS[method]
        if param in uploads:
            name, content = uploads[param]
        elif p[param] in self.files:
            _path, content = self.files[p[param]]
            name = self.file_names[p[param]]
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption = p.get("caption") or ""
        plain = _plain(caption, p.get("parse_mode")) if caption else ""
        message = await self._record(method, p, plain, caption, file_name=name, file_bytes=content)
        file_id = self.store_file(param, name, content)
        if method == "sendPhoto":
            message["photo"] = [{"file_id": file_id, "file_unique_id": file_id, "width": 1,
                                 "height": 1, "file_size": len(content)}]  # fmt: skip
        elif method == "sendVideo":
            message["video"] = {"file_id": file_id, "file_unique_id": file_id, "width": 1,
                                "height": 1, "duration": 1, "file_size": len(content)}  # fmt: skip
        elif method == "sendVoice":
            message["voice"] = {"file_id": file_id, "file_unique_id": file_id, "duration": 1,
                                "file_size": len(content)}  # fmt: skip
        else:
            message["document"] = {"file_id": file_id, "file_unique_id": file_id,
                                   "file_name": name, "file_size": len(content)}  # fmt: skip
        if caption:
            message["caption"] = plain
        return message

    async def _api_sendDocument(self, p: dict[str, Any], u: dict[str, Any]) -> dict[str, Any]:
        return await self._file_message("sendDocument", p, u)

    async def _api_sendPhoto(self, p: dict[str, Any], u: dict[str, Any]) -> dict[str, Any]:
        return await self._file_message("sendPhoto", p, u)

    async def _api_sendVideo(self, p: dict[str, Any], u: dict[str, Any]) -> dict[str, Any]:
        return await self._file_message("sendVideo", p, u)

    async def _api_sendVoice(self, p: dict[str, Any], u: dict[str, Any]) -> dict[str, Any]:
        return await self._file_message("sendVoice", p, u)

    async def _api_sendLocation(self, p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        message = await self._record("sendLocation", p, "", "")
        return {**message, "location": {"latitude": float(p["latitude"]),
                                        "longitude": float(p["longitude"])}}  # fmt: skip

    async def _api_sendChatAction(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        self._chat(int(p["chat_id"]))
        return True

    def _find_sent(self, p: dict[str, Any]) -> SentMessage:
        if "chat_id" not in p or "message_id" not in p:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        chat_id, message_id = int(p["chat_id"]), int(p["message_id"])
        for message in reversed(self.sent):
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    async def _edited(self, message: SentMessage) -> dict[str, Any]:
        async with self._new_message:
            message.edited = True
            self._new_message.notify_all()
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": self._chat(message.chat_id),
            "from": self.bot_user,
            "text": message.text,
        }
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            result["reply_markup"] = message.reply_markup
        return result

    async def _api_editMessageText(self, p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        if "text" not in p:
            raise ApiError(400, "Bad Request: text is required")
        message = self._find_sent(p)
        plain = _plain(p["text"], p.get("parse_mode"))
        markup = _json(p["reply_markup"]) if p.get("reply_markup") else None
        if plain == message.text and markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.text, message.raw_text, message.reply_markup = plain, p["text"], markup
        message.parse_mode = p.get("parse_mode")
        return await self._edited(message)

    async def _api_editMessageReplyMarkup(
        self, p: dict[str, Any], _u: dict[str, Any]
    ) -> dict[str, Any]:
        message = self._find_sent(p)
        markup = _json(p["reply_markup"]) if p.get("reply_markup") else None
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        return await self._edited(message)

    async def _api_deleteMessage(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        message = self._find_sent(p)
        self.sent.remove(message)
        return True

    async def _api_answerCallbackQuery(self, p: dict[str, Any], _u: dict[str, Any]) -> bool:
        if p.get("text") and len(p["text"]) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[p["callback_query_id"]] = p
        return True

    async def _api_getChat(self, p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(int(p["chat_id"]))
        gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), False
        )
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def _member(self, chat_id: int, user: dict[str, Any]) -> dict[str, Any]:
        admins = self.admins.get(chat_id, [])
        if admins and user["id"] == admins[0]:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user["id"] in admins:
            flags = [
                "can_be_edited",
                "is_anonymous",
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
            ]
            return {"status": "administrator", "user": user, **dict.fromkeys(flags, False),
                    "can_manage_chat": True}  # fmt: skip
        return {"status": "member", "user": user}

    async def _api_getChatAdministrators(
        self, p: dict[str, Any], _u: dict[str, Any]
    ) -> list[dict[str, Any]]:
        chat_id = int(p["chat_id"])
        self._chat(chat_id)
        return [self._member(chat_id, self.users[uid]) for uid in self.admins.get(chat_id, [])]

    async def _api_getChatMember(self, p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        self._chat(chat_id)
        if user_id not in self.users:
            raise ApiError(400, "Bad Request: user not found")
        return self._member(chat_id, self.users[user_id])

    async def _api_getFile(self, p: dict[str, Any], _u: dict[str, Any]) -> dict[str, Any]:
        if p["file_id"] not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self.files[p["file_id"]]
        if len(content) > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": p["file_id"], "file_unique_id": p["file_id"],
                "file_size": len(content), "file_path": path}  # fmt: skip


def _error(code: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
        body["description"] = f"Too Many Requests: retry after {retry_after}"
    return web.json_response(body, status=code)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _plain(text: str, parse_mode: str | None) -> str:
    if parse_mode is None:
        return text
    if parse_mode != "HTML":
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode} (fake)")
    try:
        return parse_html(text)
    except HTMLParseError as exc:
        raise ApiError(400, f"Bad Request: {exc}") from exc


def _check_text(
    text: str, parse_mode: str | None, limit: int, what: str, *, empty: bool = False
) -> None:
    plain = _plain(text, parse_mode)
    if not plain.strip() and not empty:
        raise ApiError(400, f"Bad Request: {what} is empty")
    if len(plain) > limit:
        raise ApiError(400, f"Bad Request: {what} is too long")


def _requests_device_data(markup: Any) -> bool:
    return any(
        isinstance(button, dict)
        and (button.get("request_location") or button.get("request_contact"))
        for row in markup.get("keyboard", [])
        for button in row
    )


def _check_markup(markup: Any) -> None:
    for row in markup.get("keyboard", []):
        for button in row:
            text = button if isinstance(button, str) else button.get("text")
            if not text:
                raise ApiError(400, "Bad Request: keyboard button text is empty")
            if (
                isinstance(button, dict)
                and button.get("request_location")
                and button.get("request_contact")
            ):
                raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Any] = {}
    if request.content_type == "application/json":
        body = await request.json()
        params.update({k: v for k, v in body.items() if v is not None})
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                uploads[part.name] = (part.filename, bytes(await part.read()))
            else:
                params[part.name] = (await part.read()).decode()
    elif request.can_read_body:
        params.update(await request.post())
    return params, uploads
