"""What the group learns about a draw, as outbox rows written in the transaction of the change
(frozen pool, locked draw, cancelled draw): one Telegram-free renderer for the wizard's events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox import Outbox
from bot.runtime import Runtime
from bot.services import deadlines, draw_texts, draw_views, plans, reminders
from bot.services.draw_stages import Cancelled, Frozen
from bot.services.draw_wizard import Draft
from bot.services.draws import LockedDraw
from bot.texts import echo


class GroupNotices:
    """The wizard's `DrawNotices`: posts in the admin group (nothing when it is not set)."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self.texts = runtime.texts

    def outbox(self, session: AsyncSession) -> Outbox:
        return self._runtime.outbox(session)

    async def frozen(self, session: AsyncSession, frozen: Frozen, draft: Draft) -> None:
        chat = self._runtime.settings.admin_chat_id
        if chat is None:
            return
        texts = self._runtime.texts
        text = texts.draw_frozen_notice.format(
            code=echo(frozen.code), items=echo("、".join(draft.items), 200),
            pool=frozen.pool_size, digest=frozen.digest,
            window=f"{draft.start} — {draft.end}",
        )  # fmt: skip
        await self._runtime.outbox(session).message(chat, text, dedupe_key=f"frozen:{frozen.code}")

    async def locked(self, session: AsyncSession, locked: LockedDraw) -> None:
        """The announcement (items, window, strata, digest, seed), what needs an admin (targets
        without a team, members without Telegram), and the drawn list's first page with its
        paging and XLSX buttons: in the lock's transaction, so they exist if the draw does.
        The tasks' deadline reminders are scheduled here too, for the same reason (draws
        locked on the command line get theirs when the bot starts: reminders.schedule_open)."""
        await reminders.schedule_draw(session, self._runtime, locked.code)
        chat = self._runtime.settings.admin_chat_id
        if chat is None:
            return
        texts = self._runtime.texts
        outbox = self._runtime.outbox(session)
        summary = await draw_views.summary_now(session, locked.code)
        text = draw_texts.announcement_text(texts, summary)
        if locked.teamless:
            first = locked.teamless[0]
            text += texts.draw_teamless_notice.format(
                count=len(locked.teamless), uscc=first.uscc,
                reason=texts.no_team_reasons.get(first.problem or "", ""),
            )  # fmt: skip
        if locked.cards is not None and locked.cards.unbound:
            names = "、".join(name for name, _certificate in locked.cards.unbound)
            text += texts.draw_unbound_notice.format(count=len(locked.cards.unbound),
                                                     names=echo(names, 300))  # fmt: skip
        await outbox.message(chat, text, dedupe_key=f"locked:{locked.code}")
        end = locked.record.window[1]
        await deadlines.on_window(session, self._runtime, date.fromisoformat(end) if end else None)
        page = await draw_views.drawn_page_now(session, summary.id, 1)
        buttons = draw_texts.drawn_page_buttons(texts, page, back=False)
        await outbox.message(chat, draw_texts.drawn_page_text(texts, page),
                             buttons=draw_texts.outbox_buttons(buttons),
                             dedupe_key=f"drawn:{locked.code}")  # fmt: skip

    async def cancelled(self, session: AsyncSession, cancelled: Cancelled, reason: str) -> None:
        await reminders.cancel_draw(session, self._runtime, cancelled.code)
        chat = self._runtime.settings.admin_chat_id
        if chat is None:
            return
        text = self._runtime.texts.draw_cancelled_notice.format(
            code=echo(cancelled.code), reason=echo(reason, 300), tasks=cancelled.tasks
        )
        await self._runtime.outbox(session).message(
            chat, text, dedupe_key=f"cancelled:{cancelled.code}"
        )

    async def plan_size(self, session: AsyncSession, draft: Draft) -> Draft | None:
        """The year's plan as the draft's size (the window's year, else this year's)."""
        year = date.fromisoformat(draft.start).year if draft.start else self._runtime.today().year
        plan = await plans.for_draw(session, year)
        if plan is None:
            return None
        return replace(draft, size_kind="ratios", size_value=0, ratios=plan.size.ratios,
                       plan_id=plan.plan_id, min_interval_days=plan.min_interval_days)  # fmt: skip
