"""The admin group's draw wizard: a conversation kept in the database (flows.DRAW) that
gathers a draw's inputs by buttons and short typed answers, previews it, freezes the pool and
applies the seed (bot.services.draw_stages).

Every press carries the conversation's version: a second press on the same screen, or a
press on an older one, is refused as stale instead of acting twice; and since the state is in
the database, a restart in the middle continues where the admin was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal, Protocol

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.buttons import WizardAction, WizardPress
from bot.outbox import Outbox
from bot.refusals import Refusal
from bot.services import draw_stages, flows
from bot.services.draw_stages import Cancelled, Frozen, Preview
from bot.services.draws import DrawRequest, LockedDraw, Size
from bot.services.flows import DrawStep, State
from bot.texts import Texts, echo
from storage.database import read_only
from storage.models import CreditClass, Department, DrawStatus, InspectionItem, Target
from storage.repositories.draws import DrawWriter, ScopeFilter

#: Regions offered as buttons (the largest ones); the rest are typed as arguments.
MAX_REGION_BUTTONS = 12
MAX_ITEM_BUTTONS = 30
MAX_COUNT = 1_000_000
TEAM_SIZES = (2, 3, 4)
#: Days between two planned checks of a target, when no plan says otherwise.
DEFAULT_INTERVAL = 365

SizeKind = Literal["count", "percent", "ratios"]


@dataclass(frozen=True, slots=True)
class Draft:
    """What the admin chose so far (stored as the conversation's JSON data)."""

    items: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    size_kind: SizeKind | None = None
    size_value: float = 0
    ratios: tuple[tuple[str, float], ...] = ()
    min_interval_days: int = DEFAULT_INTERVAL
    plan_id: int | None = None
    start: str = ""
    end: str = ""
    team_size: int = 2
    cross: bool = False
    #: The regions offered as buttons, so that a button carries an index, not a name.
    region_options: tuple[str, ...] = ()
    digest: str = ""  # of the previewed pool: the freeze must find the same one
    code: str = ""  # once frozen
    seed: str = ""  # typed, waiting for confirmation

    def to_data(self) -> dict[str, Any]:
        return {
            "items": list(self.items), "regions": list(self.regions),
            "classes": list(self.classes), "size_kind": self.size_kind,
            "size_value": self.size_value, "ratios": [list(r) for r in self.ratios],
            "min_interval_days": self.min_interval_days, "plan_id": self.plan_id,
            "start": self.start, "end": self.end,
            "team_size": self.team_size, "cross": self.cross,
            "region_options": list(self.region_options), "digest": self.digest,
            "code": self.code, "seed": self.seed,
        }  # fmt: skip

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Draft:
        kind = data.get("size_kind")
        return cls(
            items=tuple(data.get("items", ())), regions=tuple(data.get("regions", ())),
            classes=tuple(data.get("classes", ())),
            size_kind=kind if kind in ("count", "percent", "ratios") else None,
            size_value=float(data.get("size_value", 0)),
            ratios=tuple((str(s), float(r)) for s, r in data.get("ratios", ())),
            min_interval_days=int(data.get("min_interval_days", 365)),
            plan_id=int(data["plan_id"]) if data.get("plan_id") is not None else None,
            start=str(data.get("start", "")), end=str(data.get("end", "")),
            team_size=int(data.get("team_size", 2)), cross=bool(data.get("cross", False)),
            region_options=tuple(data.get("region_options", ())),
            digest=str(data.get("digest", "")), code=str(data.get("code", "")),
            seed=str(data.get("seed", "")),
        )  # fmt: skip

    def size(self) -> Size:
        if self.size_kind == "ratios":
            from bot.draws.sampling import as_stratum

            return Size("ratios", ratios=tuple((as_stratum(s), r) for s, r in self.ratios))
        return Size(self.size_kind or "count", self.size_value)

    def request(self, seed: str = "") -> DrawRequest:
        return DrawRequest(
            item_codes=self.items, size=self.size(), starts_on=date.fromisoformat(self.start),
            ends_on=date.fromisoformat(self.end), seed=seed,
            scope=ScopeFilter(regions=self.regions,
                              credit_classes=tuple(CreditClass(c) for c in self.classes)),
            team_size=self.team_size, cross_department=self.cross,
            min_interval_days=self.min_interval_days, plan_id=self.plan_id,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ItemOption:
    code: str
    name: str
    department: str


@dataclass(frozen=True, slots=True)
class Screen:
    """What the handler shows next; nothing here knows Telegram."""

    step: DrawStep | None  # None: the wizard ended (locked, cancelled or abandoned)
    version: int
    draft: Draft
    #: The admin whose wizard it is.
    owner: int = 0
    items: tuple[ItemOption, ...] = ()
    preview: Preview | None = None
    frozen: Frozen | None = None
    locked: LockedDraw | None = None
    cancelled: Cancelled | None = None
    #: A typed answer that was refused: shown above the same question again.
    problem: Refusal | None = None
    #: The step asks for a typed answer (the handler sends a prompt to reply to).
    typed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


TYPED_STEPS = frozenset({DrawStep.SIZE_VALUE, DrawStep.WINDOW, DrawStep.SEED,
                         DrawStep.CANCEL_REASON})  # fmt: skip


async def _items(session: AsyncSession) -> tuple[ItemOption, ...]:
    async with read_only(session):
        rows = await session.execute(
            select(InspectionItem.code, InspectionItem.name, Department.name)
            .outerjoin(Department, Department.id == InspectionItem.department_id)
            .where(InspectionItem.active.is_(True))
            .order_by(InspectionItem.code)
            .limit(MAX_ITEM_BUTTONS + 1)  # one more: to tell the admin there are others
        )
        return tuple(ItemOption(c, n, d or "") for c, n, d in rows)


async def _regions(session: AsyncSession) -> tuple[str, ...]:
    async with read_only(session):
        count = func.count().label("n")
        rows = await session.execute(
            select(Target.region, count)
            .where(Target.active.is_(True), Target.region != "")
            .group_by(Target.region)
            .order_by(count.desc(), Target.region)
            .limit(MAX_REGION_BUTTONS)
        )
        return tuple(sorted(r for r, _n in rows))


async def _screen(session: AsyncSession, state: State[DrawStep], **extra: Any) -> Screen:
    draft = Draft.from_data(state.data)
    step = state.step
    screen = Screen(step, state.version, draft, state.user_id, typed=step in TYPED_STEPS, **extra)
    if step is DrawStep.ITEMS:
        return replace(screen, items=await _items(session))
    if step is DrawStep.PREVIEW and screen.preview is None:
        return replace(screen, preview=await draw_stages.preview(session, draft.request()))
    return screen


async def open_wizard(session: AsyncSession, chat_id: int, user_id: int) -> Screen:
    """`/draw`: start at the items. A frozen pool waiting for its seed is never left behind:
    the wizard shows it again instead of starting over."""
    async with read_only(session):
        current = await flows.get(session, flows.DRAW, chat_id, user_id)
    if current is not None and Draft.from_data(current.data).code:
        return await _screen(session, current)
    async with session.begin():
        state = await flows.start(session, flows.DRAW, chat_id, user_id, DrawStep.ITEMS)
    return await _screen(session, state)


_KEYS = {
    "事项": "items", "item": "items", "items": "items",
    "区域": "regions", "region": "regions",
    "信用": "classes", "credit": "classes",
    "数量": "count", "count": "count",
    "比例": "percent", "percent": "percent",
    "日期": "window", "dates": "window",
    "每组": "team", "team": "team",
    "继续": "resume", "resume": "resume",
}  # fmt: skip
_FLAGS = {"跨部门": "cross", "cross": "cross", "计划": "plan", "plan": "plan"}
_LIST = re.compile(r"[,，、]")


def parse_arguments(args: Sequence[str], today: date) -> tuple[Draft, bool]:
    """`/draw 事项=A,B 数量=30 日期=2026-12-01~2026-12-31 每组=2 跨部门` as a draft (and
    whether the plan's ratios were asked for); the wizard goes on from the first step left."""
    draft, plan = Draft(), False

    def bad(argument: str) -> Refusal:
        return Refusal(lambda t: t.wizard_argument_bad.format(argument=echo(argument)))

    for arg in args:
        key, _, value = arg.partition("=")
        flag = _FLAGS.get(key.lower()) if not value else None
        name = _KEYS.get(key.lower())
        if flag == "cross":
            draft = replace(draft, cross=True)
        elif flag == "plan":
            plan = True
        elif name in ("items", "regions", "classes") and value:
            values = tuple(v.strip() for v in _LIST.split(value) if v.strip())
            if name == "items":
                draft = replace(draft, items=values)
            elif name == "regions":
                draft = replace(draft, regions=values)
            elif set(values) <= {c.value for c in CreditClass}:
                draft = replace(draft, classes=values)
            else:
                raise bad(arg)
        elif name in ("count", "percent"):
            kind: SizeKind = "count" if name == "count" else "percent"
            draft = replace(draft, size_kind=kind, size_value=parse_size(kind, value))
        elif name == "window":
            start, end = parse_window(value.replace("~", " "), today)
            draft = replace(draft, start=start.isoformat(), end=end.isoformat())
        elif name == "resume" and value:
            draft = replace(draft, code=value)
        elif name == "team" and value.isdigit() and int(value) in TEAM_SIZES:
            draft = replace(draft, team_size=int(value))
        else:
            raise bad(arg)
    return draft, plan


async def open_with(
    session: AsyncSession,
    chat_id: int,
    user_id: int,
    draft: Draft,
    *,
    plan: bool,
    notices: DrawNotices,
) -> Screen:
    """The wizard with typed arguments: at the preview when they say everything, else at the
    first step they leave open."""
    if draft.code:
        return await _resume(session, chat_id, user_id, draft.code)
    if plan:
        planned = await notices.plan_size(session, draft)
        if planned is None:
            raise Refusal(lambda t: t.wizard_no_plan)
        draft = planned
    if not draft.items:
        step = DrawStep.ITEMS
    elif draft.size_kind is None:
        step = DrawStep.SIZE
    elif not draft.start:
        step = DrawStep.WINDOW
    else:
        step = DrawStep.PREVIEW
    async with session.begin():
        state = await flows.start(session, flows.DRAW, chat_id, user_id, DrawStep.ITEMS,
                                  draft.to_data())  # fmt: skip
    if step is DrawStep.ITEMS:
        return await _screen(session, state)
    return await _move(session, state, step, draft)


async def _resume(session: AsyncSession, chat_id: int, user_id: int, code: str) -> Screen:
    """Take up a frozen draw waiting for its seed (say, after its wizard expired, or when
    another admin froze it): any admin may enter the seed, once."""
    async with read_only(session):
        draw = await DrawWriter(session).by_code(code)
        found = None if draw is None else (draw.status, draw.pool_digest, draw.record or {})
    if found is None:
        raise Refusal(lambda t: t.draw_unknown.format(code=echo(code)))
    status, digest, record = found
    if status is not DrawStatus.PREVIEW:
        raise draw_stages.not_waiting(code, status)
    window = record.get("window") or ["", ""]
    draft = Draft(items=tuple(record.get("items", ())), start=window[0], end=window[1],
                  digest=digest, code=code)  # fmt: skip
    async with session.begin():
        state = await flows.start(session, flows.DRAW, chat_id, user_id, DrawStep.SEED,
                                  draft.to_data())  # fmt: skip
    return await _screen(session, state)


def _toggle(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


_NEXT: dict[DrawStep, DrawStep] = {
    DrawStep.ITEMS: DrawStep.SCOPE,
    DrawStep.SCOPE: DrawStep.SIZE,
    DrawStep.SIZE: DrawStep.WINDOW,
    DrawStep.SIZE_VALUE: DrawStep.WINDOW,
    DrawStep.WINDOW: DrawStep.TEAM,
    DrawStep.TEAM: DrawStep.PREVIEW,
}
_EDITABLE = frozenset({DrawStep.ITEMS, DrawStep.SCOPE, DrawStep.SIZE, DrawStep.WINDOW,
                       DrawStep.TEAM})  # fmt: skip


def _after(step: DrawStep, draft: Draft) -> DrawStep:
    """The next step; back to the preview once the admin has seen it (editing one answer)."""
    return DrawStep.PREVIEW if draft.digest else _NEXT[step]


def _pick(arg: str, choices: tuple[str, ...]) -> str:
    """A button's index into what the screen offered; anything else is a forged press."""
    index = int(arg) if arg.isdigit() else -1
    if not 0 <= index < len(choices):
        raise flows.stale()
    return choices[index]


async def press(
    session: AsyncSession,
    chat_id: int,
    user_id: int,
    button: WizardPress,
    *,
    notices: DrawNotices,
    code_prefix: str,
) -> Screen:
    """Apply one press; refused as stale if the screen is not the current one."""
    if button.owner != user_id:
        raise Refusal(lambda t: t.wizard_not_yours)
    async with read_only(session):
        state = await flows.expect(session, flows.DRAW, chat_id, user_id, button.version)
    draft = Draft.from_data(state.data)
    action, arg, step = button.action, button.arg, state.step
    A = WizardAction
    if action is A.CANCEL:
        return await _cancel(session, state, draft)
    if step is DrawStep.ITEMS and action is A.TOGGLE_ITEM:
        return await _move(session, state, step, replace(draft, items=_toggle(draft.items, arg)))
    if step is DrawStep.SCOPE and action is A.TOGGLE_REGION:
        region = _pick(arg, draft.region_options)
        return await _move(session, state, step,
                           replace(draft, regions=_toggle(draft.regions, region)))  # fmt: skip
    if step is DrawStep.SCOPE and action is A.TOGGLE_CLASS:
        klass = _pick(arg, tuple(c.value for c in CreditClass))
        return await _move(session, state, step,
                           replace(draft, classes=_toggle(draft.classes, klass)))  # fmt: skip
    if step in (DrawStep.ITEMS, DrawStep.SCOPE, DrawStep.TEAM) and action is A.NEXT:
        if step is DrawStep.ITEMS and not draft.items:
            raise Refusal(lambda t: t.wizard_pick_item)
        following = _after(step, draft)
        if step is DrawStep.SCOPE and following is DrawStep.SIZE and draft.size_kind:
            following = _NEXT[DrawStep.SIZE]  # size already chosen
        return await _move(session, state, following, draft)
    if step is DrawStep.SIZE and action in (A.SIZE_COUNT, A.SIZE_PERCENT):
        kind: SizeKind = "count" if action is A.SIZE_COUNT else "percent"
        # Not the plan's: its id, ratios and interval no longer apply.
        unplanned = replace(draft, size_kind=kind, size_value=0, ratios=(), plan_id=None,
                            min_interval_days=DEFAULT_INTERVAL)  # fmt: skip
        return await _move(session, state, DrawStep.SIZE_VALUE, unplanned)
    if step is DrawStep.SIZE and action is A.SIZE_PLAN:
        planned = await notices.plan_size(session, draft)
        if planned is None:
            raise Refusal(lambda t: t.wizard_no_plan)
        return await _move(session, state, _after(step, planned), planned)
    if step is DrawStep.TEAM and action is A.TEAM_SIZE:
        size = int(_pick(arg, tuple(str(n) for n in TEAM_SIZES)))
        return await _move(session, state, step, replace(draft, team_size=size))
    if step is DrawStep.TEAM and action is A.CROSS:
        return await _move(session, state, step, replace(draft, cross=not draft.cross))
    if step is DrawStep.PREVIEW and action is A.EDIT:
        target = DrawStep(_pick(arg, tuple(s.value for s in DrawStep)))
        if target not in _EDITABLE:
            raise flows.stale()
        if target is DrawStep.WINDOW:
            draft = replace(draft, start="", end="")
        return await _move(session, state, target, draft)
    if step is DrawStep.PREVIEW and action is A.FREEZE:
        return await _freeze(session, state, draft, user_id, notices, code_prefix)
    if step in (DrawStep.SEED, DrawStep.SEED_CONFIRM) and action is A.CRYPTO_SEED:
        return await _lock(session, state, draft, draw_stages.crypto_seed(), user_id, notices)
    if step is DrawStep.SEED_CONFIRM and action is A.CONFIRM_SEED:
        return await _lock(session, state, draft, draft.seed, user_id, notices)
    if step is DrawStep.SEED_CONFIRM and action is A.RETYPE_SEED:
        return await _move(session, state, DrawStep.SEED, replace(draft, seed=""))
    raise flows.stale()


async def _move(
    session: AsyncSession, state: State[DrawStep], step: DrawStep, draft: Draft
) -> Screen:
    preview: Preview | None = None
    if step is DrawStep.SCOPE:
        draft = replace(draft, region_options=await _regions(session))
    if step is DrawStep.PREVIEW:
        # Computed before the step is stored: the freeze must find this very pool again.
        preview = await draw_stages.preview(session, draft.request())
        draft = replace(draft, digest=preview.digest)
    async with session.begin():
        moved = await flows.advance(session, state, step, draft.to_data())
    return await _screen(session, moved, preview=preview)


async def _cancel(session: AsyncSession, state: State[DrawStep], draft: Draft) -> Screen:
    if draft.code:
        # The frozen pool was published: cancelling it is on record, with a reason.
        return await _move(session, state, DrawStep.CANCEL_REASON, draft)
    async with session.begin():
        await flows.finish(session, state)
    return Screen(None, state.version, draft, state.user_id)


async def _freeze(
    session: AsyncSession,
    state: State[DrawStep],
    draft: Draft,
    actor: int,
    notices: DrawNotices,
    code_prefix: str,
) -> Screen:
    async def then(frozen: Frozen) -> None:
        # In the freeze's own transaction: the wizard keeps the code, the group is told.
        await flows.advance(
            session, state, DrawStep.SEED, replace(draft, code=frozen.code).to_data()
        )
        await notices.frozen(session, frozen, draft)

    try:
        frozen = await draw_stages.freeze(session, draft.request(), actor=actor,
                                          code_prefix=code_prefix,
                                          expected_digest=draft.digest, then=then)  # fmt: skip
    except draw_stages.PoolChanged as changed:
        moved = await _move(session, state, DrawStep.PREVIEW, draft)
        return replace(moved, problem=changed)
    async with read_only(session):
        current = await flows.get(session, flows.DRAW, state.chat_id, state.user_id)
    assert current is not None
    return await _screen(session, current, frozen=frozen)


async def _lock(
    session: AsyncSession,
    state: State[DrawStep],
    draft: Draft,
    seed: str,
    actor: int,
    notices: DrawNotices,
) -> Screen:
    async def then(locked: LockedDraw) -> None:
        await flows.finish(session, state)
        await notices.locked(session, locked)

    locked = await draw_stages.apply_seed(session, draft.code, seed, actor=actor,
                                          outbox=notices.outbox(session), texts=notices.texts,
                                          then=then)  # fmt: skip
    return Screen(None, state.version, replace(draft, seed=seed), state.user_id, locked=locked)


class DrawNotices(Protocol):
    """What the wizard posts in the group through the outbox, in the transaction of the
    change it reports (bot.services.draw_notices), and the plan's sizes."""

    texts: Texts

    def outbox(self, session: AsyncSession) -> Outbox: ...

    async def frozen(self, session: AsyncSession, frozen: Frozen, draft: Draft) -> None: ...

    async def locked(self, session: AsyncSession, locked: LockedDraw) -> None: ...

    async def cancelled(self, session: AsyncSession, cancelled: Cancelled, reason: str) -> None: ...

    async def plan_size(self, session: AsyncSession, draft: Draft) -> Draft | None: ...


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_window(text: str, today: date) -> tuple[date, date]:
    found = _DATE.findall(text)
    if len(found) != 2:
        raise Refusal(lambda t: t.wizard_window_format)
    try:
        start, end = (date(int(y), int(m), int(d)) for y, m, d in found)
    except ValueError:
        raise Refusal(lambda t: t.wizard_window_format) from None
    if end < start or end < today or start.year != end.year:
        raise Refusal(lambda t: t.wizard_window_order)
    return start, end


def parse_size(kind: SizeKind | None, text: str) -> float:
    value = text.strip().rstrip("%％").strip()
    try:
        number = float(value) if kind == "percent" else int(value)
    except ValueError:
        number = 0
    if kind == "percent" and 0 < number <= 100:
        return number
    if kind == "count" and 1 <= number <= MAX_COUNT:
        return number
    raise Refusal(lambda t: t.wizard_size_invalid if kind == "count" else t.wizard_percent_invalid)


async def typed(
    session: AsyncSession,
    chat_id: int,
    user_id: int,
    text: str,
    *,
    today: date,
    notices: DrawNotices,
) -> Screen | None:
    """A typed answer in the group; None when this person's wizard is not waiting for one
    (then the message is not for the bot at all)."""
    async with read_only(session):
        state = await flows.get(session, flows.DRAW, chat_id, user_id)
    if state is None or state.step not in TYPED_STEPS:
        return None
    draft = Draft.from_data(state.data)
    try:
        if state.step is DrawStep.SIZE_VALUE:
            draft = replace(draft, size_value=parse_size(draft.size_kind, text))
            return await _move(session, state, _after(state.step, draft), draft)
        if state.step is DrawStep.WINDOW:
            start, end = parse_window(text, today)
            draft = replace(draft, start=start.isoformat(), end=end.isoformat())
            return await _move(session, state, _after(state.step, draft), draft)
        if state.step is DrawStep.SEED:
            seed = draw_stages.witness_seed(text)
            return await _move(session, state, DrawStep.SEED_CONFIRM, replace(draft, seed=seed))
    except Refusal as refusal:
        return Screen(state.step, state.version, draft, state.user_id, problem=refusal, typed=True)
    reason = " ".join(text.split())

    async def then(cancelled: Cancelled) -> None:
        await flows.finish(session, state)
        await notices.cancelled(session, cancelled, reason)

    cancelled = await draw_stages.cancel(session, draft.code, reason, actor=user_id, then=then)
    return Screen(None, state.version, draft, state.user_id, cancelled=cancelled)
