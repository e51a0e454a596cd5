"""Issue 10 §5: the product walked as an attacker and as a clumsy user.

Table-driven: every kind of button gets malformed, out-of-range and other people's data; every
spreadsheet the bot writes gets formula-like cells; every file name the bot builds gets path
names; every page gets HTML. `INPUTS` counts the distinct inputs each table tried, for the
closing note (printed by the last test)."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import io
import logging
import pkgutil
import time
import typing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

import bot
from bot.app import build_application, runtime_of, start, stop
from bot.callbacks import MAX_INT, CallbackData, CallbackDataError
from bot.settings import Settings
from bot.texts import get_texts
from handlers._processor import UpdateBudget
from storage.database import Database
from tests.assignments_data import Person, lock, seed
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import eventually, settled_statuses

#: Distinct inputs tried, by table (summed in the closing note).
INPUTS: Counter[str] = Counter()


def _all_button_kinds() -> list[type[CallbackData]]:
    # Import every module of the bot so that every button class is registered.
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    return sorted(set(CallbackData._registry.values()), key=lambda c: c.prefix)


KINDS = _all_button_kinds()


def _field_kinds(cls: type[CallbackData]) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]


def _plausible(kind: Any, number: int) -> str:
    if kind is bool:
        return "1"
    if kind is int:
        return str(number)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return str(next(iter(kind)).value)
    return "x"


def _malformed(cls: type[CallbackData]) -> list[str]:
    """Data of this kind's prefix that no honest client can send."""
    fields = _field_kinds(cls)
    p = cls.prefix
    out = [p, p + ":", p + "::::::::", p + ":" + "9" * 40, p + ":\x00", p + ":<b>x</b>"]
    good = [_plausible(k, 1) for _, k in fields]
    if fields:
        out.append(":".join([p, *good[:-1]]))  # one field short
    for index, (_, kind) in enumerate(fields):
        bad: list[str] = []
        if kind is int:
            bad = ["", "abc", "1.5", "0x10", "1e3", " 1", "+-1", str(MAX_INT), "9" * 17, "١٢"]
        elif kind is bool:
            bad = ["", "2", "true", "-1"]
        elif isinstance(kind, type) and issubclass(kind, enum.Enum):
            bad = ["", "zzz", "<b>", "../.."]
        for value in bad:
            parts = list(good)
            parts[index] = value
            out.append(":".join([p, *parts]))
    return [d for d in dict.fromkeys(out) if not _parses(cls, d)]


def _parses(cls: type[CallbackData], data: str) -> bool:
    try:
        cls.unpack(data)
    except CallbackDataError:
        return False
    return True


def _well_formed(cls: type[CallbackData]) -> list[str]:
    """Data that parses but names nothing that exists, or something this presser may not
    touch: ids 0, -1, 1 (the first row of anything, someone else's), huge."""
    fields = _field_kinds(cls)
    out = []
    for number in (0, 1, MAX_INT - 1):
        out.append(":".join([cls.prefix, *(_plausible(k, number) for _, k in fields)]))
    return [d for d in dict.fromkeys(out) if len(d.encode()) <= 64]


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.prefix)
def test_malformed_button_data_is_refused_cleanly(cls: type[CallbackData]) -> None:
    """Unpacking a forged button raises CallbackDataError (rendered as 'button unknown'),
    never another exception that would reach the user as a crash."""
    for data in _malformed(cls):
        INPUTS["button data (unit)"] += 1
        with pytest.raises(CallbackDataError):
            cls.unpack(data)
    # and no other kind's data passes for this kind
    for other in KINDS:
        if other is not cls:
            INPUTS["button data (unit)"] += 1
            assert not cls.matches(other.prefix + ":1")


# --- end to end: forged and other people's presses -----------------------------------------

TEAM = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王局外", "41172120200003", "会计股", 5003, "13900000003"),
]
#: Tables that a refused press may still touch: the bookkeeping of updates and sends.
_BOOKKEEPING = {
    "processed_updates",
    "outbox",
    "jobs",
    "leases",
    "conversations",
    "telegram_accounts",
}  # who wrote to the bot, as every update records


async def _snapshot(db: Database, skip: frozenset[str] = frozenset()) -> dict[str, list[Any]]:
    async with db.session() as session:
        conn = await session.connection()
        names = await conn.run_sync(lambda c: sa_inspect(c).get_table_names())
        out = {}
        for name in sorted(set(names) - _BOOKKEEPING - skip - {"alembic_version"}):
            rows = (await session.execute(text(f'SELECT * FROM "{name}"'))).all()
            out[name] = sorted(tuple(map(repr, r)) for r in rows)
        return out


async def _press(
    fake: FakeTelegram, user: FakeUser, message: SentMessage, data: str
) -> dict[str, Any]:
    query_id = f"forged-{time.monotonic_ns()}"
    await fake.push_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user.data,
                "chat_instance": str(message.chat_id),
                "data": data,
                "message": {
                    "message_id": message.message_id,
                    "date": int(time.time()),
                    "chat": fake.chats[message.chat_id],
                    "from": fake.bot_user,
                    "text": message.text,
                    **({"reply_markup": message.reply_markup} if message.reply_markup else {}),
                },
            }
        }
    )
    await eventually(lambda: query_id in fake.callback_answers, 10, f"an answer to {data!r}")
    return fake.callback_answers[query_id]


async def test_forged_and_foreign_presses_change_nothing(
    settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup, admin: FakeUser,
    member: FakeUser, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    """Every kind of button, pressed with forged data and with well-formed data naming
    someone else's task, draw, result or reminder, by a group member who is not an admin (in
    the group) and by a bound inspector who is on no team (in private): each press is
    answered, none crashes, and nothing in the database changes."""
    await seed(db, TEAM, targets=3)
    users = {p.certificate: FakeUser(fake, p.user_id, p.name) for p in TEAM if p.user_id}
    fake.started_users.update(u.id for u in users.values())
    # Hundreds of presses from two people: past the per-user budget that would drop them.
    app = build_application(settings, db, budget=UpdateBudget(burst=100_000))
    await start(app)
    try:
        texts = runtime_of(app).texts
        locked = await lock(db, 1, outbox_of=runtime_of(app), texts=texts)
        (outsider,) = (u for c, u in users.items() if c not in locked.record.sample[0].team)
        mark = len(fake.sent)
        await member.send("/help", chat=group)
        in_group = await group.expect("", after=mark)
        mark = len(fake.sent)
        await outsider.send("/help")
        in_private = await outsider.expect("", after=mark)
        await settled_statuses(db)
        caplog.clear()
        before = await _snapshot(db)
        crashes = []
        for cls in KINDS:
            datas = _well_formed(cls) + _malformed(cls)[:1]
            for presser, message in ((member, in_group), (outsider, in_private)):
                for data in datas:
                    INPUTS["button presses (e2e)"] += 1
                    answer = await _press(fake, presser, message, data)
                    if "出错" in answer.get("text", ""):
                        crashes.append((presser.first_name, data, answer.get("text")))
        assert crashes == []
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert await _snapshot(db) == before
    finally:
        await stop(app)


# --- spreadsheets: formula-like cells stay text ---------------------------------------------

#: Cells that Excel or LibreOffice would run, or turn into something else, if typed in.
FORMULAS = [
    "=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\",\"y\")",
    "=cmd|' /C calc'!A0", "#N/A", "=", "+", "-", "@", "＝1+1", " =1+1", "\n=1+1",
]  # fmt: skip


def _xlsx_cells(content: bytes) -> list[tuple[Any, str]]:
    book = load_workbook(io.BytesIO(content))
    return [(c.value, c.data_type) for ws in book.worksheets for row in ws.iter_rows()
            for c in row if c.value is not None]  # fmt: skip


def _assert_text(content: bytes, payloads: list[str]) -> None:
    cells = _xlsx_cells(content)
    assert [c for c in cells if c[1] == "f"] == [], "a cell became a formula"
    values = {str(v) for v, _ in cells}
    for payload in payloads:
        assert any(payload in v for v in values), f"{payload!r} went missing"


def _writers() -> dict[str, Any]:
    from bot.publish.notice import Notice, xlsx_bytes
    from bot.records.sheet import EvidenceLine, Member, RecordSheet, render_xlsx
    from bot.registers.exporter import XlsxWriter
    from bot.registers.plan import PlanItemRow, PlanSheet, write_plan
    from bot.registers.schema import REGISTERS
    from bot.services import draw_views
    from bot.stats.report import Table
    from bot.stats.workbook import xlsx
    from storage.models import DrawStatus, MemberStatus, TaskStatus

    texts = get_texts("zh-CN")

    def register(payload: str, tmp: Path) -> bytes:
        out = b""
        for register in REGISTERS.values():
            writer = XlsxWriter(register, "导出")  # the title is the bot's own
            writer.append({c.field: payload for c in register.columns})
            writer.save(tmp / "r.xlsx")
            out = (tmp / "r.xlsx").read_bytes()
            _assert_text(out, [payload.strip("\t\r\n ") or payload])
        return out

    def drawn(payload: str, tmp: Path) -> bytes:
        member = draw_views.Member(payload, payload, True, MemberStatus.ACCEPTED)
        row = draw_views.DrawnRow(1, payload, payload, payload, payload, payload, (member,),
                                  TaskStatus.ASSIGNED)  # fmt: skip
        return draw_views._xlsx(texts, payload, DrawStatus.LOCKED, [row])

    def record(payload: str, tmp: Path) -> bytes:
        sheet = RecordSheet(payload, payload, payload, payload, payload, payload, payload,
                            payload, (payload,), payload, payload, (Member(payload, payload,
                            payload, True),), payload, (payload,), (payload,), payload, payload,
                            payload, (EvidenceLine(payload, payload, 1, payload, payload,
                            payload),), payload, payload)  # fmt: skip
        return render_xlsx(sheet, texts.record_sheet_labels)

    def plan(payload: str, tmp: Path) -> bytes:
        items = [PlanItemRow(0, payload, payload, payload, (payload,), payload)]
        write_plan(PlanSheet(2026, payload, {}, 30, items), "计划", tmp / "p.xlsx")
        return (tmp / "p.xlsx").read_bytes()

    def publication(payload: str, tmp: Path) -> bytes:
        notice = Notice(payload, (payload,), ((payload,),), ((payload, payload),), (payload,),
                        payload)  # fmt: skip
        return xlsx_bytes(notice)

    def stats(payload: str, tmp: Path) -> bytes:
        return xlsx([Table("k", payload, (payload,), [(payload, 1)])])

    return {"register export": register, "drawn list": drawn, "record sheet": record,
            "plan": plan, "publication": publication, "stats": stats}  # fmt: skip


WRITERS = _writers()


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_formula_like_cells_stay_text(writer: str, tmp_path: Path) -> None:
    for payload in FORMULAS:
        INPUTS["formula-like cells"] += 1
        content = WRITERS[writer](payload, tmp_path)
        _assert_text(content, [payload.strip("\t\r\n ") or payload])


def test_csv_cells_never_start_like_a_formula() -> None:
    from bot.publish.notice import Notice, csv_bytes
    from bot.registers.report import ImportReport, issues_csv

    for payload in FORMULAS:
        INPUTS["formula-like cells"] += 1
        notice = Notice(payload, (payload,), ((payload,),), ((payload, payload),), (payload,))
        report = ImportReport("targets")
        rows = [csv_bytes(notice).decode("utf-8-sig"),
                issues_csv(report, get_texts("zh-CN")).decode("utf-8-sig")]  # fmt: skip
        for content in rows:
            import csv

            for row in csv.reader(io.StringIO(content)):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# --- file names: nothing outside the folder ------------------------------------------------

#: What a sender or a configuration could put where a file name is built.
NAMES = [
    "../../etc/passwd", "/etc/passwd", "..", ".", "", "a\x00b", "C:\\Windows\\x", "..\\..\\x",
    "名" * 300, "x" * 1000, "<b>粗</b>", "a\nb", "\u202egpj.exe", "con", "a:b", "a|b?*",
    "  ", " . ", "~/.ssh/authorized_keys", "%2e%2e%2fx",
]  # fmt: skip


def _names(value: str) -> dict[str, str]:
    from bot.publish.notice import file_name as publication_name
    from bot.services.records import sheet_file_name
    from bot.stats import file_name as stats_name
    from bot.stats.collect import Scope

    return {
        "publication": publication_name(value, 2026, 1, "xlsx"),
        "record sheet": sheet_file_name(value, value),
        "record sheet (code only)": sheet_file_name("随机抽查情况记录表", value),
        # plans.code is at most 40 characters (the import refuses longer ones)
        "stats": stats_name(Scope(2026, 1, value[:40])),
    }


def test_file_names_the_bot_builds_stay_in_their_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for value in NAMES:
        for kind, name in _names(value).items():
            INPUTS["file names"] += 1
            assert name and "/" not in name and "\\" not in name and "\x00" not in name, kind
            assert name not in (".", "..") and not name.startswith("."), (kind, name)
            assert len(name.encode()) <= 255, (kind, len(name.encode()))
            path = folder / name
            assert path.resolve().parent == folder.resolve(), (kind, name)
            path.write_bytes(b"x")  # the disk takes it
            path.unlink()


# --- HTML in free text: escaped, and still within Telegram's limits -----------------------

#: Free text as a clumsy user or an attacker types it.
HTML = [
    "<script>alert(1)</script>", "<b>粗</i>", "a & b", "&lt;", "&amp;amp;", "\"'><img src=x "
    "onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "</code></pre>", "<" * 1000,
    "&" * 1000, "<tg-spoiler>", "]]><!--", "{name}", "{0}", "%s%s%s",
]  # fmt: skip


def test_escaped_free_text_fits_the_outbox() -> None:
    """Findings, remarks and a correction reason at their limits, made of characters that
    HTML escapes: the confirmation request to the partner used to be refused by the outbox
    (it counted "&lt;" as four characters; Telegram counts one), so the submission failed."""
    from bot.outbox import message_payload
    from bot.results import render
    from bot.results.codes import Draft
    from bot.texts import echo, plain

    texts = get_texts("zh-CN")
    for value in HTML:
        INPUTS["free text (HTML)"] += 1
        draft = Draft(methods=tuple(texts.result_method_names), findings=value * 3,
                      remarks=value * 3)  # fmt: skip
        reason = texts.result_correction_line.format(reason=echo(value * 3, 300)) + "\n"
        text = texts.result_confirm_request.format(
            task=render.title(texts, _label(value)), submitter=echo(value), version=9,
            correction=reason, summary=render.summary(texts, draft), evidence=3,
        )  # fmt: skip
        payload = message_payload(text)
        assert len(plain(payload["text"])) <= 4096
        assert "<script" not in text and "<img" not in text and "<a " not in text


def _label(value: str) -> Any:
    from bot.results.render import TaskLabel

    return TaskLabel(1, value, 1, value, value)


def test_publication_page_escapes_every_cell() -> None:
    from bot.publish.notice import Notice, html_bytes

    for value in HTML:
        INPUTS["free text (HTML)"] += 1
        page = html_bytes(Notice(value, (value,), ((value, value),), ((value, value),),
                                 (value,))).decode()  # fmt: skip
        assert "<script>alert" not in page and "<img" not in page and "<a href" not in page
        assert "<tg-spoiler>" not in page and "</code></pre>" not in page


# --- hostile files for the readers added since the registers -------------------------------


def _hostile_files(folder: Path) -> dict[str, Path]:
    from tests.test_reader_limits import _bomb

    def put(name: str, content: bytes) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    workbook = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(workbook)
    return {
        "zero bytes xlsx": put("zero.xlsx", b""),
        "zero bytes csv": put("zero.csv", b""),
        "random bytes as xlsx": put("random.xlsx", bytes(range(256)) * 64),
        "NUL bytes as csv": put("nul.csv", b"\x00" * 5000),
        "xlsx named csv": put("renamed.csv", workbook.getvalue()),
        "csv named xlsx": put("renamed.xlsx", "日期,类型,名称\n2026-10-01,休,国庆\n".encode()),
        "GBK csv": put("gbk.csv", "日期,类型,名称\n2026-10-01,休,国庆节\n".encode("gbk")),
        "Latin-1 garbage csv": put("latin.csv", b"\xff\xfe\xfa,\xe9\n" * 100),
        "10 MB line csv": put("line.csv", b"a," + b"x" * 10_000_000 + b"\n"),
        "zip bomb xlsx": _bomb(folder / "bomb.xlsx", 1_000_000),
        "empty zip as xlsx": put("empty.xlsx", b"PK\x05\x06" + b"\x00" * 18),
        "HTML as csv": put("page.csv", b"<html><script>alert(1)</script></html>"),
    }


def test_hostile_files_for_plans_and_holidays_are_refused_cleanly(tmp_path: Path) -> None:
    """/import plan and /holidays with a file: every hostile file ends in the reader's own
    refusal (named, shown to the admin), quickly, never in a crash."""
    from bot.calendar_import import InputError
    from bot.calendar_import import read_file as read_holidays
    from bot.registers.plan import read_plan
    from bot.registers.reader import FileProblem

    for kind, path in _hostile_files(tmp_path).items():
        for reader_name, read in (("plan", read_plan), ("holidays", read_holidays)):
            INPUTS["hostile files"] += 1
            began = time.monotonic()
            try:
                outcome = read(path)
            except (FileProblem, InputError):
                pass
            else:
                if reader_name == "plan":
                    assert outcome[1].errors, (kind, reader_name)  # type: ignore[index]
            assert time.monotonic() - began < 5, (kind, reader_name)


# --- commands in the wrong chat, from the wrong person, with hostile arguments ------------

COMMANDS = ["draw", "draws", "cancel_draw", "plan", "import plan", "recuse", "assign", "tasks",
            "result", "correct", "record", "holidays", "reminders", "task", "publish",
            "publish draw", "publish items", "stats", "export", "template plan"]  # fmt: skip
IN_GROUP = {"draw", "cancel_draw", "publish", "stats", "holidays"}
ARGUMENTS = ["", " <b>x</i> ../../etc/passwd 99999999999999999999999 -1 " + "长" * 3900]


async def test_commands_from_the_wrong_people_in_the_wrong_chats(
    settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup, admin: FakeUser,
    member: FakeUser, stranger: FakeUser, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    """Every command added since the registers, with hostile arguments, from a group member
    who is no admin (in the group), a stranger nobody bound (in private) and an admin in
    private (group-only commands): each gets an answer, none crashes, nothing changes."""
    await seed(db, TEAM, targets=3)
    fake.started_users.update(p.user_id for p in TEAM if p.user_id)
    for p in TEAM:
        assert p.user_id is not None
        FakeUser(fake, p.user_id, p.name)
    app = build_application(settings, db, budget=UpdateBudget(burst=100_000))
    await start(app)
    try:
        await lock(db, 1, outbox_of=runtime_of(app), texts=runtime_of(app).texts)
        await settled_statuses(db)
        caplog.clear()
        # The reminder sweep schedules the day's digest on its own clock.
        before = await _snapshot(db, skip=frozenset({"reminders"}))
        pushed = []
        for command in COMMANDS:
            for argument in ARGUMENTS:
                text = f"/{command}{argument}"[:4096]
                # The group's replies are paced (20 a minute): a few there, the rest private.
                pairs: list[tuple[FakeUser, FakeGroup | None]] = [(stranger, None), (admin, None)]
                if argument and command in IN_GROUP:
                    pairs.append((member, group))
                for user, chat in pairs:
                    INPUTS["commands"] += 1
                    pushed.append(await user.send(text, chat=chat))
        assert len(set(pushed)) == len(pushed)
        # A barrier: each user's chat is handled in order, so /help's answer comes last.
        for user, chat in ((member, group), (stranger, None), (admin, None)):
            mark = len(fake.sent)
            await user.send("/help", chat=chat)
            await fake.wait_for_message(group.id if chat else user.id, lambda m: True,
                                        after=mark)  # fmt: skip
        texts = runtime_of(app).texts
        assert [m.text for m in fake.sent if plain_error(texts) in m.text] == []
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert await _snapshot(db, skip=frozenset({"reminders"})) == before
    finally:
        await stop(app)


def plain_error(texts: Any) -> str:
    from bot.texts import plain

    return plain(texts.error_generic)[:20]


def test_zz_inputs_tried() -> None:
    """The closing note's count (run the file with -s to see it); last in the file."""
    total = sum(INPUTS.values())
    print(f"\nsecurity walk: {total} inputs tried: {dict(INPUTS)}")
    assert total > 0


def test_control_characters_never_reach_an_evidence_row() -> None:
    """PostgreSQL refuses NUL in text; a name or caption with control characters is stored
    without them (line breaks stay in captions only)."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from bot.services.evidence import Incoming, _row
    from storage.models import EvidenceKind, EvidenceStatus

    incoming = Incoming(
        inspector_id=1, chat_id=1, message_id=1, kind=EvidenceKind.DOCUMENT, file_id="f",
        file_unique_id="u", sent_at=datetime(2026, 11, 27, tzinfo=UTC),
        file_name="现场\x00照片\n.jpg", mime_type="image/jpeg\x00", caption="第一行\n\x07第二行",
    )  # fmt: skip
    row = _row(incoming, None, EvidenceStatus.PENDING)
    assert row.file_name == "现场照片 .jpg"
    assert row.mime_type == "image/jpeg"
    assert row.caption == "第一行\n第二行"
    nothing_left = _row(replace(incoming, file_name="\x00\x01"), None, EvidenceStatus.PENDING)
    assert nothing_left.file_name is None
