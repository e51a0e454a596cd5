"""The try-out without Telegram: the real bot against the simulator, and a page to play it.

One process: the simulated Bot API on loopback, the real bot (bot.app, long polling it with
TELEGRAM_API_URL pointing there), a fresh demo database with the sample registers, and a
small web page that shows the admin group and two inspectors' private chats. Everything the
page does is what a person does in Telegram (a message, a button, a file, a location), pushed
as an update through getUpdates; the bot does not know it is a demo.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web
from sqlalchemy import select

from bot.app import SpotCheckApplication, build_application, runtime_of, start, stop
from bot.services import calendar as work_calendar
from bot.services import reminders
from bot.services.registers import RegisterName, import_register
from bot.settings import Settings
from bot.stats.charts import font_path
from simulator.fake import FakeTelegram, SentMessage
from simulator.people import FakeGroup, FakeUser
from storage.database import Database
from storage.models import Inspector, Target, Task, TelegramAccount
from storage.types import utcnow

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
STATIC = Path(__file__).resolve().parent / "static"
ADMIN_CHAT_ID = -1001000000001
ADMIN_USER_ID = 1001
INSPECTOR_USER_IDS = (7001, 7002)
REGISTERS: tuple[RegisterName, ...] = ("items", "targets", "inspectors", "conflicts")
WEEKDAYS = "一二三四五六日"


@dataclass
class Pane:
    key: str
    title: str
    person: FakeUser
    chat_id: int
    group: FakeGroup | None = None


@dataclass
class UserEntry:
    """Something the person did, as their own chat shows it."""

    chat_id: int
    kind: str  # "text", "document", "photo", "location"
    text: str = ""
    file_id: str = ""
    file_name: str = ""
    latitude: float = 0.0
    longitude: float = 0.0


def example_draw(today: date) -> str:
    """The shortest draw: every answer typed up front, straight to the preview. A window of a
    few days, so that one or two clock jumps bring its reminders and escalations."""
    starts, ends = today + timedelta(days=1), today + timedelta(days=4)
    return f"/draw 事项=XPCZ-001 数量=2 日期={starts}~{ends} 跨部门"


class Demo:
    def __init__(
        self, data_dir: Path = Path("data/demo"), host: str = "127.0.0.1", port: int = 8080
    ) -> None:
        self.data_dir = data_dir
        self.host, self.port = host, port
        self.offset = timedelta(0)
        self.fake = FakeTelegram(bot_username="spotcheck_demo_bot")
        self.fake.clock = lambda: self.now().timestamp()
        self.panes: dict[str, Pane] = {}
        self.feed: list[SentMessage | UserEntry] = []
        self._seen: set[int] = set()
        self.db: Database | None = None
        self.app: SpotCheckApplication | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    def now(self) -> datetime:
        """The demo's clock (aware UTC): real time plus how far the page moved it."""
        return utcnow() + self.offset

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> str:
        """Build everything afresh; returns the page's URL."""
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True)
        admin = FakeUser(self.fake, ADMIN_USER_ID, "王科长", username="wang_admin")
        group = FakeGroup(self.fake, ADMIN_CHAT_ID, "西平县财政局双随机管理群", admins=[admin])
        self.fake.started_users.add(admin.id)
        self.panes["group"] = Pane("group", group.data["title"], admin, group.id, group)
        await self.fake.start()

        url = f"sqlite+aiosqlite:///{(self.data_dir / 'spotcheck.sqlite3').resolve()}"
        self.db = Database(url)
        await self.db.migrate()
        settings = Settings(
            telegram_bot_token=self.fake.token,
            telegram_api_url=self.fake.base_url,
            database_url=url,
            admin_chat_id=ADMIN_CHAT_ID,
            media_dir=self.data_dir / "media",
            public_dir=self.data_dir / "public",
            _env_file=None,
        )
        await self._load_examples(settings)
        for n, (name, user_id) in enumerate(await self._bind_two()):
            person = FakeUser(self.fake, user_id, name)
            self.fake.started_users.add(user_id)
            self.panes[f"inspector{n + 1}"] = Pane(f"inspector{n + 1}", name, person, user_id)

        self.app = build_application(settings, self.db)
        runtime_of(self.app).clock = self.now
        await start(self.app)
        self._runner = web.AppRunner(self._web(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://{self.host}:{port}/"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self.app is not None:
            await stop(self.app)
        await self.fake.stop()
        if self.db is not None:
            await self.db.dispose()

    async def _load_examples(self, settings: Settings) -> None:
        assert self.db is not None
        today = self.now().astimezone(settings.tz).date()
        for name in REGISTERS:
            path = next(EXAMPLES.glob(f"{name}.*"), None)
            if path is None:
                raise RuntimeError(f"no sample register {name} in {EXAMPLES} (run from the repo)")
            async with self.db.session() as session:
                report = await import_register(session, name, path, actor=None, today=today)
            if not report.ok:
                raise RuntimeError(f"the sample register {path} did not load: {report.errors[:3]}")

    async def _bind_two(self) -> list[tuple[str, int]]:
        """Two inspectors of different departments, bound to the two people on the page.
        The other sample inspectors are deactivated so that every team drawn in the demo is
        these two: each card then reaches a chat on the page."""
        assert self.db is not None
        today = self.now().date()
        chosen: list[Inspector] = []
        async with self.db.session() as session, session.begin():
            everyone = list(await session.scalars(select(Inspector).order_by(Inspector.id)))
            for inspector in everyone:
                expires = inspector.certificate_expires_on
                if expires is None or expires <= today or not inspector.active:
                    continue
                if all(c.department_id != inspector.department_id for c in chosen):
                    chosen.append(inspector)
                if len(chosen) == len(INSPECTOR_USER_IDS):
                    break
            if len(chosen) < len(INSPECTOR_USER_IDS):
                raise RuntimeError("the sample inspectors lack two valid ones in two departments")
            for inspector in everyone:
                if inspector not in chosen:
                    inspector.active = False
            for inspector, user_id in zip(chosen, INSPECTOR_USER_IDS, strict=True):
                session.add(TelegramAccount(user_id=user_id, first_name=inspector.name))
                await session.flush()
                inspector.telegram_user_id = user_id
                inspector.bound_at = utcnow()
            return [(c.name, u) for c, u in zip(chosen, INSPECTOR_USER_IDS, strict=True)]

    # --- what the page shows ---------------------------------------------------------------

    def _sync(self) -> None:
        """New bot messages join the feed in the order the simulator got them."""
        for message in self.fake.sent:
            if id(message) not in self._seen:
                self._seen.add(id(message))
                self.feed.append(message)

    def state(self) -> dict[str, Any]:
        self._sync()
        alive = {id(m) for m in self.fake.sent}
        panes = []
        for pane in self.panes.values():
            messages: list[dict[str, Any]] = []
            keyboard: list[list[dict[str, Any]]] | None = None
            for entry in self.feed:
                if isinstance(entry, UserEntry):
                    if entry.chat_id == pane.chat_id:
                        messages.append(_user_json(entry, pane))
                elif entry.chat_id == pane.chat_id and id(entry) in alive:
                    messages.append(_bot_json(entry))
                    markup = entry.reply_markup or {}
                    if "keyboard" in markup:
                        keyboard = [
                            [b if isinstance(b, dict) else {"text": b} for b in row]
                            for row in markup["keyboard"]
                        ]
                    elif markup.get("remove_keyboard"):
                        keyboard = None
            panes.append({"key": pane.key, "title": pane.title, "person": pane.person.first_name,
                          "group": pane.group is not None, "messages": messages,
                          "keyboard": keyboard})  # fmt: skip
        assert self.app is not None
        local = runtime_of(self.app).now()
        clock = f"{local:%Y-%m-%d %H:%M} 星期{WEEKDAYS[local.weekday()]}"
        body = {"clock": clock, "panes": panes, "example": example_draw(local.date())}
        version = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
        return {**body, "version": version}

    # --- what the people do ----------------------------------------------------------------

    async def send_text(self, pane: Pane, text: str) -> None:
        self._sync()
        self.feed.append(UserEntry(pane.chat_id, "text", text=text))
        await pane.person.send(text, chat=pane.group)

    async def press(self, pane: Pane, message_id: int, row: int, col: int) -> dict[str, Any]:
        sent = [m for m in self.fake.sent if m.chat_id == pane.chat_id]
        message = next((m for m in sent if m.message_id == message_id), None)
        if message is None or not message.reply_markup:
            raise web.HTTPNotFound(text="no such message")
        try:
            button = message.reply_markup["inline_keyboard"][row][col]
        except (KeyError, IndexError) as exc:
            raise web.HTTPNotFound(text="no such button") from exc
        query_id = await pane.person.press(message, button["text"])
        # The bot answers every callback query; its short notice is shown like Telegram's.
        for _ in range(30):
            answer = self.fake.callback_answers.get(query_id)
            if answer is not None:
                return {"text": answer.get("text") or "",
                        "alert": answer.get("show_alert") in (True, "true")}  # fmt: skip
            await asyncio.sleep(0.1)
        return {"text": "", "alert": False}

    async def send_location(self, pane: Pane, latitude: float, longitude: float) -> None:
        self._sync()
        self.feed.append(UserEntry(pane.chat_id, "location", latitude=latitude,
                                   longitude=longitude))  # fmt: skip
        await pane.person.send_location(latitude, longitude, accuracy=10.0, chat=pane.group)

    async def send_file(
        self, pane: Pane, name: str, content: bytes, caption: str, as_photo: bool
    ) -> None:
        self._sync()
        before = len(self.fake.files)
        if as_photo and pane.group is None:
            await pane.person.send_photo(content, caption=caption or None)
            kind = "photo"
        else:
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            await pane.person.send_document(name, content, caption=caption or None,
                                            chat=pane.group, mime_type=mime)  # fmt: skip
            kind = "document"
        file_id = list(self.fake.files)[-1] if len(self.fake.files) > before else ""
        self.feed.append(UserEntry(pane.chat_id, kind, text=caption, file_id=file_id,
                                   file_name=name))  # fmt: skip

    async def location_hint(self, pane: Pane) -> dict[str, float]:
        """Near the target of the inspector's current task (about 30 m off), if it has one."""
        assert self.db is not None
        async with self.db.session() as session:
            target = await session.scalar(
                select(Target)
                .join(Task, Task.target_id == Target.id)
                .join(Inspector, Inspector.current_task_id == Task.id)
                .where(Inspector.telegram_user_id == pane.person.id)
            )
        if target is None or target.latitude is None or target.longitude is None:
            return {}
        return {"latitude": round(target.latitude + 0.0002, 6),
                "longitude": round(target.longitude + 0.0002, 6)}  # fmt: skip

    async def next_working_day(self) -> str:
        """Move the bot's clock to 09:00 of the next working day and sweep reminders now."""
        assert self.app is not None and self.db is not None
        runtime = runtime_of(self.app)
        async with self.db.session() as session:
            calendar = await work_calendar.load(session)
        local = runtime.now()
        day = calendar.next_working_day(local.date() + timedelta(days=1))
        target = datetime.combine(day, time(9, 0), tzinfo=runtime.settings.tz)
        self.offset += target - local
        handled = await reminders.sweep(runtime)
        runtime.wake_outbox()
        log.info("demo clock moved to %s; %d reminders handled", target, handled)
        return f"{target:%Y-%m-%d %H:%M}"

    # --- HTTP ------------------------------------------------------------------------------

    def _web(self) -> web.Application:
        app = web.Application(client_max_size=25 * 1024 * 1024)
        app.router.add_get("/", self._index)
        app.router.add_static("/static/", STATIC)
        app.router.add_get("/font/cjk.ttf", self._font)
        app.router.add_get("/api/state", self._get_state)
        app.router.add_post("/api/clock/next-working-day", self._post_clock)
        app.router.add_post("/api/{pane}/send", self._post_send)
        app.router.add_post("/api/{pane}/press", self._post_press)
        app.router.add_post("/api/{pane}/location", self._post_location)
        app.router.add_get("/api/{pane}/location-hint", self._get_hint)
        app.router.add_post("/api/{pane}/upload", self._post_upload)
        app.router.add_get("/files/bot/{chat_id}/{message_id}", self._get_bot_file)
        app.router.add_get("/files/user/{file_id}", self._get_user_file)
        return app

    def _pane(self, request: web.Request) -> Pane:
        pane = self.panes.get(request.match_info["pane"])
        if pane is None:
            raise web.HTTPNotFound(text="no such chat")
        return pane

    async def _index(self, _request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    async def _font(self, _request: web.Request) -> web.FileResponse:
        """The CJK font zhplot ships (Noto Sans SC, OFL): Chinese shows even on a machine
        without CJK fonts, and no font comes from the internet."""
        return web.FileResponse(font_path(), headers={"Cache-Control": "max-age=86400"})

    async def _get_state(self, request: web.Request) -> web.Response:
        state = self.state()
        if request.query.get("v") == state["version"]:
            return web.json_response({"version": state["version"], "same": True})
        return web.json_response(state)

    async def _post_clock(self, _request: web.Request) -> web.Response:
        return web.json_response({"moved_to": await self.next_working_day()})

    async def _post_send(self, request: web.Request) -> web.Response:
        pane = self._pane(request)
        text = str((await request.json()).get("text", "")).strip()
        if not text:
            raise web.HTTPBadRequest(text="empty message")
        await self.send_text(pane, text)
        return web.json_response({"ok": True})

    async def _post_press(self, request: web.Request) -> web.Response:
        pane = self._pane(request)
        body = await request.json()
        answer = await self.press(pane, int(body["message_id"]), int(body["row"]),
                                  int(body["col"]))  # fmt: skip
        return web.json_response(answer)

    async def _post_location(self, request: web.Request) -> web.Response:
        pane = self._pane(request)
        body = await request.json()
        try:
            latitude, longitude = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError) as exc:
            raise web.HTTPBadRequest(text="latitude and longitude are numbers") from exc
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise web.HTTPBadRequest(text="latitude or longitude out of range")
        await self.send_location(pane, latitude, longitude)
        return web.json_response({"ok": True})

    async def _get_hint(self, request: web.Request) -> web.Response:
        return web.json_response(await self.location_hint(self._pane(request)))

    async def _post_upload(self, request: web.Request) -> web.Response:
        pane = self._pane(request)
        fields: dict[str, str] = {}
        name, content = "", b""
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.name == "file":
                name, content = Path(part.filename or "file").name, bytes(await part.read())
            else:
                fields[part.name] = (await part.read()).decode()
        if not content:
            raise web.HTTPBadRequest(text="no file")
        await self.send_file(pane, name, content, fields.get("caption", "").strip(),
                             fields.get("as") == "photo")  # fmt: skip
        return web.json_response({"ok": True})

    async def _get_bot_file(self, request: web.Request) -> web.Response:
        chat_id, message_id = (
            int(request.match_info["chat_id"]),
            int(request.match_info["message_id"]),
        )
        for message in self.fake.sent:
            if message.chat_id == chat_id and message.message_id == message_id:
                if message.file_bytes is None:
                    break
                return _file_response(message.file_name or "file", message.file_bytes)
        raise web.HTTPNotFound()

    async def _get_user_file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self.fake.files:
            raise web.HTTPNotFound()
        return _file_response(self.fake.file_names[file_id], self.fake.files[file_id][1])


def _file_response(name: str, content: bytes) -> web.Response:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return web.Response(body=content, content_type=mime)


def _bot_json(message: SentMessage) -> dict[str, Any]:
    markup = message.reply_markup or {}
    inline = [[{"text": b.get("text", ""), "url": b.get("url")} for b in row]
              for row in markup.get("inline_keyboard") or []]  # fmt: skip
    result: dict[str, Any] = {
        "id": message.message_id,
        "from": "bot",
        "kind": message.method,
        "html": message.raw_text if message.parse_mode == "HTML" else None,
        "text": message.text,
        "inline": inline,
        "edited": message.edited,
    }
    if message.file_bytes is not None:
        result["file_url"] = f"/files/bot/{message.chat_id}/{message.message_id}"
        result["file_name"] = message.file_name
    return result


def _user_json(entry: UserEntry, pane: Pane) -> dict[str, Any]:
    result: dict[str, Any] = {"from": "user", "kind": entry.kind, "text": entry.text,
                              "person": pane.person.first_name}  # fmt: skip
    if entry.file_id:
        result["file_url"] = f"/files/user/{entry.file_id}"
        result["file_name"] = entry.file_name
    if entry.kind == "location":
        result["latitude"], result["longitude"] = entry.latitude, entry.longitude
    return result
