"""Field work at scale: 50 inspectors at once through the fake Telegram, each accepting the
card of their task, pressing 开始检查, checking in by location and sending 10 photos as
albums; then each team's leader fills in and submits the findings form and the partner
confirms it. The bot runs for real (PTB Application, HTTP to the fake on loopback, SQLite
file database unless --database-url), with Telegram's flood limits enforced by the fake.

    python bench/field.py [--inspectors 50] [--photos 10] [--album 5] [--database-url URL]
                          [--think-min 3] [--think-max 8]

Each person waits 3-8 s (at random) between reading an answer and the next step; the
accounts are bound and the teams made so that every inspector is on exactly one task.

Prints the bot's reply latency (median, 95th percentile, per step), measured at the fake
from pushing an update to the bot's first answer to that chat or callback query (Telegram's
own latency is not in it); album acknowledgements, which wait on purpose until no part has
come for ALBUM_QUIET seconds, are shown apart, as the delay beyond that wait. Then the files
stored with the right SHA-256 (on disk under MEDIA_DIR and in the Evidence rows, against the
bytes the fake served, each exactly once), and the peak RSS of the process (the bot, the fake
and the photos it serves).

Goal: p95 <= 200 ms; every file stored once with the right hash.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, update  # noqa: E402

from bot.app import build_application, runtime_of, start, stop  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.services import evidence  # noqa: E402
from bot.services.assignments import issue_cards  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.models import (  # noqa: E402
    Checkin,
    Draw,
    Evidence,
    EvidenceStatus,
    Inspector,
    MemberRole,
    ResultStatus,
    ResultVersion,
    Target,
    TaskMember,
    TelegramAccount,
)
from tests.assignments_data import Person, lock, members, seed  # noqa: E402
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage  # noqa: E402

ADMIN_CHAT_ID = -1001234567890
TARGET_AT = (33.3800, 114.0200)
#: Bot API calls that answer an update: a message or an edit in the chat, or the answer to
#: the callback query. (getFile and chat actions are no answer.)
ANSWERS = {"sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendVoice", "sendLocation",
           "editMessageText", "editMessageReplyMarkup", "deleteMessage"}  # fmt: skip
STEP_TIMEOUT = 60.0
USER_IDS = 6000
ALBUM_ACK = re.compile(r"收到 (\d+) 个文件")


class BenchFake(FakeTelegram):
    """The fake, telling the bench when a callback query is answered (no polling)."""

    def __init__(self) -> None:
        super().__init__()
        self.answered: dict[str, asyncio.Event] = {}

    def expect_answer(self, query_id: str) -> asyncio.Event:
        return self.answered.setdefault(query_id, asyncio.Event())

    async def _api_answerCallbackQuery(self, p: dict[str, Any], u: dict[str, Any]) -> bool:
        result = await super()._api_answerCallbackQuery(p, u)
        self.expect_answer(str(p["callback_query_id"])).set()
        return result


@dataclass
class Push:
    """One measured update: pushed at `at`, answered in `chat` (or by `query` answered)."""

    step: str
    chat: int
    at: float
    query: str | None = None


@dataclass
class Run:
    fake: BenchFake
    think: tuple[float, float]
    rng: random.Random
    pushes: list[Push] = field(default_factory=list)
    album_delays: list[float] = field(default_factory=list)
    #: file_id of each photo sent -> (the sender's Telegram id, the bytes served).
    photos: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    #: Albums acknowledged in more than one message.
    split_albums: int = 0
    done: int = 0

    async def pause(self) -> None:
        """A person reading the answer and acting on it."""
        await asyncio.sleep(self.rng.uniform(*self.think))

    async def press(self, user: FakeUser, message: SentMessage, label: str, step: str) -> None:
        """Tap a button and wait for the bot's answer to the callback query."""
        at = time.monotonic()
        query = await user.press(message, label)
        self.pushes.append(Push(step, user.id, at, query))
        await asyncio.wait_for(self.fake.expect_answer(query).wait(), STEP_TIMEOUT)

    async def send(self, user: FakeUser, text: str, step: str, expect: str) -> SentMessage:
        mark = len(self.fake.sent)
        at = time.monotonic()
        await user.send(text)
        self.pushes.append(Push(step, user.id, at))
        return await user.expect(expect, after=mark, timeout=STEP_TIMEOUT)


async def one_task_each(db: Database, runtime: Runtime, draw_code: str) -> None:
    """The draw's teams, redone so that every inspector is on exactly one task (the draw
    caps an inspector's load at two tasks and may leave some with none); then the accounts
    are bound and the cards queued, as a binding does."""
    async with db.session() as session, session.begin():
        draw_id = await session.scalar(select(Draw.id).where(Draw.code == draw_code))
        assert draw_id is not None
        rows = list(
            (
                await session.scalars(
                    select(TaskMember).order_by(TaskMember.task_id, TaskMember.id)
                )
            ).all()
        )
        people = list((await session.scalars(select(Inspector).order_by(Inspector.id))).all())
        assert len(rows) == len(people), "teams of two for half as many tasks as inspectors"
        copies = []
        for row, person in zip(rows, people, strict=True):
            values = {c.key: getattr(row, c.key) for c in TaskMember.__table__.columns}
            del values["id"]
            copies.append(TaskMember(**{**values, "inspector_id": person.id}))
            await session.delete(row)
        await session.flush()
        session.add_all(copies)
        for i, person in enumerate(people):
            session.add(TelegramAccount(user_id=USER_IDS + i, first_name=person.name))
        await session.flush()
        for i, person in enumerate(people):
            person.telegram_user_id = USER_IDS + i
        await session.flush()
        await issue_cards(session, runtime.outbox(session), runtime.texts, draw_id)


def photo_bytes(rng: random.Random, size: int) -> bytes:
    """A distinct "photo" of `size` bytes (the bot only hashes and stores them)."""
    return b"\xff\xd8" + rng.randbytes(size - 4) + b"\xff\xd9"


async def wait_edit(fake: FakeTelegram, user: FakeUser, message: SentMessage, text: str) -> None:
    await fake.wait_for_message(user.id, lambda m: m is message and text in m.text,
                                timeout=STEP_TIMEOUT)  # fmt: skip


async def fieldwork(
    run: Run,
    user: FakeUser,
    card: SentMessage,
    albums: list[list[bytes]],
    photos_sent: asyncio.Event,
) -> None:
    """Accept, 开始检查, check in, send the albums (each acknowledged once)."""
    fake = run.fake
    await run.pause()  # reading the card
    await run.press(user, card, "接受", "accept")
    await wait_edit(fake, user, card, "您已于")
    await run.pause()
    mark = len(fake.sent)
    await run.press(user, card, "开始检查", "start")
    started = await user.expect("已开始检查", after=mark, timeout=STEP_TIMEOUT)
    await run.pause()
    mark = len(fake.sent)
    at = time.monotonic()
    await user.tap_location_button(started, TARGET_AT[0] + 0.0005, TARGET_AT[1], accuracy=12)
    run.pushes.append(Push("check-in", user.id, at))
    await user.expect("已签到", after=mark, timeout=STEP_TIMEOUT)
    for album in albums:
        await run.pause()
        mark = len(fake.sent)
        await user.send_album(album, caption="现场照片")
        last = time.monotonic()
        acknowledged = 0
        acks = 0
        while acknowledged < len(album):
            ack = await fake.wait_for_message(user.id, lambda m: bool(ALBUM_ACK.search(m.text)),
                                              after=mark, timeout=STEP_TIMEOUT)  # fmt: skip
            mark = fake.sent.index(ack) + 1
            found = ALBUM_ACK.search(ack.text)
            assert found is not None
            acknowledged += int(found.group(1))
            acks += 1
        if acks > 1:
            run.split_albums += 1
        run.album_delays.append(time.monotonic() - last - evidence.ALBUM_QUIET)
    photos_sent.set()


async def leader_findings(
    run: Run, user: FakeUser, card: SentMessage, team_photos: list[asyncio.Event]
) -> None:
    """Once the whole team has sent its photos: the findings form, submitted."""
    fake = run.fake
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in team_photos)), STEP_TIMEOUT * 3)
    await run.pause()
    mark = len(fake.sent)
    await run.press(user, card, "录入检查结果", "form: open")
    form = await user.expect("检查结果录入", after=mark, timeout=STEP_TIMEOUT)
    for label in ("实地检查", "下一步", "1 未发现问题", "下一步"):
        await run.pause()
        await run.press(user, form, label, "form: button")
    await run.pause()
    form = await run.send(user, "现场核查了会计凭证、账簿和财务会计报告，未发现问题。",
                          "form: text", "检查结果录入")  # fmt: skip
    for label in ("无需后续处置", "跳过", "提交"):
        await run.pause()
        await run.press(user, form, label, "form: submit" if label == "提交" else "form: button")


async def partner_confirms(run: Run, user: FakeUser) -> None:
    request = await user.expect("请确认检查结果", timeout=STEP_TIMEOUT * 4)
    await run.pause()
    await run.press(user, request, "确认无误", "confirm")


async def inspector(run: Run, name: str, coroutines: list[Any]) -> None:
    try:
        for coroutine in coroutines:
            await coroutine
        run.done += 1
    except (TimeoutError, AssertionError) as exc:
        run.failures.append(f"{name}: {type(exc).__name__} {exc}"[:300])
        for coroutine in coroutines:
            coroutine.close()


def first_answers(fake: FakeTelegram, pushes: list[Push]) -> dict[str, list[float]]:
    """Milliseconds from each push to the bot's first answer, by step."""
    by_chat: dict[int, list[float]] = defaultdict(list)
    by_query: dict[str, float] = {}
    for call in fake.calls:
        if call.status != 200:
            continue
        if call.method == "answerCallbackQuery":
            by_query[str(call.params["callback_query_id"])] = call.at
        elif call.method in ANSWERS and "chat_id" in call.params:
            by_chat[int(call.params["chat_id"])].append(call.at)
    latencies: dict[str, list[float]] = defaultdict(list)
    for push in pushes:
        times = by_chat.get(push.chat, [])
        i = bisect_left(times, push.at)
        candidates = [times[i]] if i < len(times) else []
        if push.query is not None and push.query in by_query:
            candidates.append(by_query[push.query])
        if candidates:
            latencies[push.step].append((min(candidates) - push.at) * 1000)
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def check_files(
    db: Database, media_dir: Path, run: Run, task_of: dict[int, int]
) -> tuple[int, list[str]]:
    """(files stored once with the right hash, problems)."""
    async with db.session() as session:
        rows = list((await session.scalars(select(Evidence).order_by(Evidence.id))).all())
    problems: list[str] = []
    by_file: dict[str, list[Evidence]] = defaultdict(list)
    for row in rows:
        by_file[str(row.telegram_file_id)].append(row)
    good = 0
    for file_id, (sender, content) in run.photos.items():
        found = by_file.pop(file_id, [])
        if len(found) != 1:
            problems.append(f"{file_id}: {len(found)} rows")
            continue
        row = found[0]
        expected = sha(content)
        path = media_dir / str(row.path) if row.path else None
        on_disk = sha(path.read_bytes()) if path is not None and path.is_file() else None
        if row.status is not EvidenceStatus.STORED or row.task_id != task_of[sender]:
            problems.append(f"{file_id}: {row.status.value}, task {row.task_id}")
        elif row.sha256 != expected or on_disk != expected or row.size != len(content):
            problems.append(f"{file_id}: hash in row {row.sha256 == expected}, "
                            f"on disk {on_disk == expected}")  # fmt: skip
        else:
            good += 1
    problems += [f"{file_id}: a row for a file never sent" for file_id in by_file]
    stored = [p for p in media_dir.rglob("*") if p.is_file()]
    if len(stored) != len(rows):
        problems.append(f"{len(stored)} files under MEDIA_DIR for {len(rows)} Evidence rows")
    downloads = Counter(run.fake.downloads.get(file_id, 0) for file_id in run.photos)
    if set(downloads) != {1}:
        problems.append(f"downloads per file: {dict(downloads)}")
    return good, problems


class CountingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[f"{record.levelname} {record.name}: {record.getMessage()[:120]}"] += 1


async def run_bench(args: argparse.Namespace) -> int:
    process_began = time.monotonic()
    logs = CountingHandler()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger().addHandler(logs)
    logging.getLogger().setLevel(logging.WARNING)
    rng = random.Random(7)
    fake = BenchFake()
    fake.add_chat({"id": ADMIN_CHAT_ID, "type": "supergroup", "title": "管理群"})
    await fake.start()
    people = [
        # Unbound at first: the draw sends no cards until one_task_each has made the teams.
        Person(f"检查员{i:02d}", f"4117212020{i:04d}", ("会计股", "监督检查股")[i % 2],
               None, f"139{i:08d}")
        for i in range(args.inspectors)
    ]  # fmt: skip
    tasks = args.inspectors // 2
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        db = Database(url)
        await db.migrate()
        settings = Settings(
            telegram_bot_token=fake.token,
            telegram_api_url=fake.base_url,
            database_url=url,
            admin_chat_id=ADMIN_CHAT_ID,
            media_dir=Path(tmp) / "media",
            _env_file=None,
        )
        await seed(db, people, targets=tasks + 5)
        async with db.session() as session, session.begin():
            await session.execute(update(Target).values(latitude=TARGET_AT[0],
                                                        longitude=TARGET_AT[1]))  # fmt: skip
        users = {USER_IDS + i: FakeUser(fake, USER_IDS + i, p.name) for i, p in enumerate(people)}
        fake.started_users.update(users)
        admin = FakeUser(fake, 1001, "王科长")
        FakeGroup(fake, ADMIN_CHAT_ID, "西平县财政局双随机管理群", admins=[admin])
        app = build_application(settings, db)
        await start(app)
        runtime = runtime_of(app)
        locked = await lock(db, tasks, outbox_of=runtime, texts=runtime.texts)
        await one_task_each(db, runtime, locked.code)
        task_of: dict[int, int] = {}
        leaders: dict[int, int] = {}  # task -> leader's Telegram id
        teams: dict[int, list[int]] = defaultdict(list)
        for member, person, task in await members(db):
            assert person.telegram_user_id is not None
            if person.telegram_user_id in task_of:
                raise SystemExit("an inspector got two tasks; the bench expects one each")
            task_of[person.telegram_user_id] = task.id
            teams[task.id].append(person.telegram_user_id)
            if member.role is MemberRole.LEADER:
                leaders[task.id] = person.telegram_user_id
        # The cards go out through the outbox at Telegram's pace: not measured.
        cards: dict[int, SentMessage] = {}
        for user_id in task_of:
            cards[user_id] = await fake.wait_for_message(
                user_id, lambda m: any(b["text"] == "接受" for b in m.buttons()), timeout=120
            )
        per_album = max(1, min(args.album, 10))  # Telegram's albums hold up to 10
        run = Run(fake, (args.think_min, args.think_max), rng)
        photo_done = {user_id: asyncio.Event() for user_id in task_of}
        jobs = []
        began = time.monotonic()
        for user_id, task_id in task_of.items():
            user = users[user_id]
            photos = [photo_bytes(rng, args.photo_kb * 1024) for _ in range(args.photos)]
            albums = [photos[i : i + per_album] for i in range(0, len(photos), per_album)]
            steps = [fieldwork(run, user, cards[user_id], albums, photo_done[user_id])]
            if leaders.get(task_id) == user_id:
                team = [photo_done[u] for u in teams[task_id]]
                steps.append(leader_findings(run, user, cards[user_id], team))
            elif len(teams[task_id]) > 1:
                steps.append(partner_confirms(run, user))
            jobs.append(inspector(run, user.first_name, steps))
        await asyncio.gather(*jobs)
        elapsed = time.monotonic() - began
        total = time.monotonic() - process_began
        # Which bytes the fake served for each photo sent (the largest size, not the thumb).
        for pushed in fake._all_pushed:
            message = pushed.get("message") or {}
            if "photo" in message:
                file_id = message["photo"][-1]["file_id"]
                run.photos[file_id] = (message["from"]["id"], fake.files[file_id][1])
        await stop(app)
        good, problems = await check_files(db, settings.media_dir, run, task_of)
        async with db.session() as session:
            checkins = await session.scalar(select(func.count()).select_from(Checkin))
            confirmed = await session.scalar(
                select(func.count()).select_from(ResultVersion)
                .where(ResultVersion.status == ResultStatus.CONFIRMED)
            )  # fmt: skip
        await db.dispose()
    await fake.stop()

    latencies = first_answers(fake, run.pushes)
    everything = [ms for values in latencies.values() for ms in values]
    p50 = statistics.median(everything) if everything else float("nan")
    p95 = percentile(everything, 0.95) if everything else float("nan")
    print(f"database:              {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"inspectors:            {len(task_of)} in {len(teams)} teams, "
          f"{run.done} finished, {len(run.failures)} failed")  # fmt: skip
    print(f"elapsed:               {elapsed:.1f} s (think time "
          f"{args.think_min}-{args.think_max} s between steps)")  # fmt: skip
    print(f"answers measured:      {len(everything)} of {len(run.pushes)} updates")
    print(f"reply latency:         median {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(everything, default=float('nan')):.0f} ms (goal p95 <= 200)")  # fmt: skip
    for step, values in sorted(latencies.items()):
        print(f"  {step:19}  n={len(values):3}  median {statistics.median(values):5.0f} ms"
              f"  p95 {percentile(values, 0.95):5.0f} ms  max {max(values):5.0f} ms")  # fmt: skip
    if run.album_delays:
        delays = run.album_delays
        print(f"album acknowledged:    median {statistics.median(delays) * 1000:.0f} ms,"
              f" p95 {percentile(delays, 0.95) * 1000:.0f} ms after its "
              f"{evidence.ALBUM_QUIET:g} s quiet period ({len(delays)} albums)")  # fmt: skip
    print(f"files stored:          {good} of {len(run.photos)} once with the right SHA-256 "
          f"({args.photo_kb} KB photos, albums of {per_album})")  # fmt: skip
    print(f"albums split:          {run.split_albums} acknowledged in more than one message")
    for problem in problems[:10]:
        print(f"  problem: {problem}")
    print(f"check-ins:             {checkins}; results confirmed: {confirmed} of {len(leaders)}")
    print(f"429 received:          {fake.rate_limited}; refused calls: "
          f"{len(fake.unexpected_refusals())}")  # fmt: skip
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"CPU time:              {cpu:.1f} s in {total:.1f} s (bot, fake and the simulated "
          f"people share one process; all threads)")  # fmt: skip
    print(f"peak RSS:              {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
          f" MB (the bot, the fake and the photos it serves)")  # fmt: skip
    for line, count in logs.counts.most_common(8):
        print(f"  log ({count}x): {line}")
    for failure in run.failures[:5]:
        print(f"  failed: {failure}")
    ok = (p95 <= 200 and not problems and not run.failures and not run.split_albums
          and good == len(task_of) * args.photos)  # fmt: skip
    print("result:                " + ("PASS" if ok else "FAIL") +
          " (goals: p95 <= 200 ms, every file stored once with the right hash)")  # fmt: skip
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspectors", type=int, default=50, help="an even number")
    parser.add_argument("--photos", type=int, default=10, help="per inspector")
    parser.add_argument("--album", type=int, default=5, help="photos per album (at most 10)")
    parser.add_argument("--photo-kb", type=int, default=200, help="size of each photo")
    # Reading an answer and tapping the next button on a phone; --think-min 1 --think-max 3
    # is a stress test (about 25 updates/s from 50 people).
    parser.add_argument("--think-min", type=float, default=3.0, help="seconds between steps")
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--database-url", metavar="URL", help="e.g. PostgreSQL; default SQLite")
    args = parser.parse_args()
    return asyncio.run(run_bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
