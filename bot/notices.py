"""Assignment events and the one renderer that turns them into messages (no Telegram here).

Services say what happened (a card issued, a member recused, a team assigned by hand) as
events; `Notices.emit` renders each into texts and writes outbox rows in the caller's
transaction, so a notice exists if and only if its cause was committed. The card text is
also what a handler shows when it edits a card after a press (`card_text`, `card_buttons`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.callbacks import CallbackData
from bot.outbox import Button, Outbox
from bot.texts import Texts, echo

#: How much of an item's content a card shows (the full text is in /items and the record).
CONTENT_EXCERPT = 80
#: A recusal or manual-team reason, as stored (task_members.recusal_reason is 300).
REASON_LIMIT = 300


# --- buttons -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcceptCard(CallbackData, prefix="cacc"):
    """接受: carries the task member; pressing it twice changes nothing more."""

    member: int


@dataclass(frozen=True, slots=True)
class RecuseCard(CallbackData, prefix="crec"):
    """申请回避: asks for the reason in the private chat."""

    member: int


@dataclass(frozen=True, slots=True)
class CancelRecusal(CallbackData, prefix="crcx"):
    """Cancels the question for a reason; the conversation's version makes it single-use."""

    version: int


@dataclass(frozen=True, slots=True)
class StartTask(CallbackData, prefix="ftstart"):
    """开始检查 (an accepted card, or the task card of /tasks): the task becomes the
    inspector's current one (bot.services.field.start_task)."""

    task: int


# --- what a card shows ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mate:
    name: str
    phone: str
    leader: bool
    accepted: bool


@dataclass(frozen=True, slots=True)
class TaskView:
    """One task as its cards show it (shared by every member's card)."""

    task_id: int
    draw_code: str
    number: int  # position in the draw's order, from 1
    target_name: str
    uscc: str
    address: str
    legal_representative: str
    phone: str
    items: tuple[tuple[str, str], ...]  # (name, content)
    starts_on: date | None
    ends_on: date | None
    team: tuple[Mate, ...]


@dataclass(frozen=True, slots=True)
class CardView:
    member_id: int
    task: TaskView
    #: "assigned" (buttons), "accepted", "recused" or "left" (replaced by a manual team).
    state: str
    responded_at: datetime | None = None
    reason: str = ""
    replacement: bool = False
    manual: bool = False


def _or_none(texts: Texts, value: str) -> str:
    return echo(value) if value else texts.none_value


def card_text(texts: Texts, card: CardView, when: str = "") -> str:
    """The card in HTML (`when`: the local time of acceptance, already formatted)."""
    task = card.task
    lines = [
        texts.card_title.format(code=echo(task.draw_code), number=task.number),
        texts.card_target.format(
            name=echo(task.target_name), uscc=echo(task.uscc),
            address=_or_none(texts, task.address),
            legal=_or_none(texts, task.legal_representative),
            phone=_or_none(texts, task.phone),
        ),
        texts.card_items_header,
    ]  # fmt: skip
    for name, content in task.items:
        excerpt = content if len(content) <= CONTENT_EXCERPT else content[:CONTENT_EXCERPT] + "…"
        lines.append(texts.card_item_line.format(name=echo(name),
                                                 content=_or_none(texts, excerpt)))  # fmt: skip
    start = task.starts_on.isoformat() if task.starts_on else texts.none_value
    end = task.ends_on.isoformat() if task.ends_on else texts.none_value
    lines.append(texts.card_window.format(start=start, end=end))
    lines.append(texts.card_team_header)
    if not task.team:
        lines.append(texts.card_no_team)
    for mate in task.team:
        lines.append(texts.card_team_line.format(
            name=echo(mate.name), leader=texts.card_leader_mark if mate.leader else "",
            phone=_or_none(texts, mate.phone),
            accepted=texts.card_accepted_mark if mate.accepted else "",
        ))  # fmt: skip
    if card.replacement:
        lines.append(texts.card_replacement_note)
    if card.manual:
        lines.append(texts.card_manual_note)
    lines.append("")
    if card.state == "accepted":
        lines.append(texts.card_accepted.format(time=echo(when)))
    elif card.state == "recused":
        lines.append(texts.card_recused.format(reason=echo(card.reason)))
    elif card.state == "left":
        lines.append(texts.card_left)
    else:
        lines.append(texts.card_pending)
    return "\n".join(lines)


def card_buttons(texts: Texts, card: CardView) -> list[list[Button]]:
    if card.state == "accepted":
        return [[Button(texts.button_start_task, StartTask(card.task.task_id).pack())]]
    if card.state != "assigned":
        return []
    return [[
        Button(texts.button_accept, AcceptCard(card.member_id).pack()),
        Button(texts.button_recuse, RecuseCard(card.member_id).pack()),
    ]]  # fmt: skip


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardIssued:
    """A member's card, to their private chat (once per member and account)."""

    chat_id: int
    card: CardView


@dataclass(frozen=True, slots=True)
class MemberRecused:
    task: TaskView
    name: str
    certificate: str
    reason: str
    admin: str | None  # the admin who recorded it; None: the member asked
    replacement: tuple[str, str] | None  # (name, certificate)
    #: Private chats of the members who stay on the team (told of the change).
    team_chats: tuple[int, ...] = ()
    #: The member's own chat (None when an admin recorded it: the member is told too).
    member_chat: int | None = None


@dataclass(frozen=True, slots=True)
class TeamAssigned:
    task: TaskView
    team: tuple[tuple[str, str], ...]  # (name, certificate), the leader first
    reason: str
    admin: str
    unbound: tuple[str, ...] = ()


Event = CardIssued | MemberRecused | TeamAssigned


def recused_notice(texts: Texts, event: MemberRecused) -> str:
    task = event.task
    if event.replacement is not None:
        outcome = texts.notice_replaced.format(name=echo(event.replacement[0]),
                                               certificate=echo(event.replacement[1]))  # fmt: skip
    else:
        outcome = texts.notice_no_replacement.format(code=echo(task.draw_code),
                                                     uscc=echo(task.uscc))  # fmt: skip
    by = (texts.recuse_by_self if event.admin is None
          else texts.recuse_by_admin.format(admin=echo(event.admin)))  # fmt: skip
    return texts.notice_recused.format(
        code=echo(task.draw_code), number=task.number, target=echo(task.target_name),
        uscc=echo(task.uscc), name=echo(event.name), certificate=echo(event.certificate),
        by=by, reason=echo(event.reason, REASON_LIMIT), outcome=outcome,
    )  # fmt: skip


def member_outcome(texts: Texts, event: MemberRecused) -> str:
    if event.replacement is None:
        return texts.recuse_outcome_waiting
    return texts.recuse_outcome_replaced.format(name=echo(event.replacement[0]))


def assigned_notice(texts: Texts, event: TeamAssigned) -> str:
    task = event.task
    team = "、".join(
        f"{echo(name)}（{echo(cert)}）" + (texts.card_leader_mark if n == 0 else "")
        for n, (name, cert) in enumerate(event.team)
    )
    text = texts.notice_assigned.format(
        code=echo(task.draw_code), number=task.number, target=echo(task.target_name),
        uscc=echo(task.uscc), team=team, reason=echo(event.reason, REASON_LIMIT),
        admin=echo(event.admin),
    )  # fmt: skip
    if event.unbound:
        text += "\n" + texts.notice_unbound.format(names=echo("、".join(event.unbound)))
    return text


@dataclass
class Notices:
    """Renders events into outbox rows in the caller's transaction. `admin_chat`: where the
    group's notices go (None: nowhere, e.g. no group configured); `group_in_reply`: the
    group's notice is the reply to an admin's command, so it is not queued as well."""

    outbox: Outbox
    texts: Texts
    admin_chat: int | None = None
    group_in_reply: bool = False
    #: The group notices rendered, in order (a handler replies with them).
    rendered: list[str] = field(default_factory=list)

    async def emit(self, events: Sequence[Event]) -> None:
        for event in events:
            if isinstance(event, CardIssued):
                await self._card(event)
            elif isinstance(event, MemberRecused):
                await self._recused(event)
            else:
                await self._group(assigned_notice(self.texts, event))

    async def _card(self, event: CardIssued) -> None:
        card = event.card
        await self.outbox.message(
            event.chat_id, card_text(self.texts, card),
            buttons=card_buttons(self.texts, card),
            dedupe_key=f"card:{card.member_id}:{event.chat_id}",
        )  # fmt: skip

    async def _recused(self, event: MemberRecused) -> None:
        texts, task = self.texts, event.task
        await self._group(recused_notice(texts, event))
        change = texts.notice_team_changed.format(
            code=echo(task.draw_code), number=task.number, target=echo(task.target_name),
            name=echo(event.name), outcome=member_outcome(texts, event),
        )  # fmt: skip
        for chat_id in event.team_chats:
            await self.outbox.message(chat_id, change)
        if event.member_chat is not None:
            await self.outbox.message(event.member_chat, texts.recuse_done.format(
                target=echo(task.target_name), outcome=member_outcome(texts, event)))  # fmt: skip

    async def _group(self, text: str) -> None:
        self.rendered.append(text)
        if self.admin_chat is not None and not self.group_in_reply:
            await self.outbox.message(self.admin_chat, text)
