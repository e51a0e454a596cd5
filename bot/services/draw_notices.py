"""What the group learns about a draw, as outbox rows written in the transaction of the change
(frozen pool, locked draw, cancelled draw): one Telegram-free renderer for the wizard's events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.draws.sampling import STRATA, Stratum
from bot.outbox import Outbox
from bot.runtime import Runtime
from bot.services import plans
from bot.services.draw_stages import Cancelled, Frozen, seed_groups
from bot.services.draw_wizard import Draft
from bot.services.draws import LockedDraw
from bot.texts import Texts, echo


def stratum_counts(
    texts: Texts, sizes: Mapping[Stratum, int], pool: Mapping[Stratum, int] | None
) -> str:
    """「A 类 3/120，…」: sample (and pool) per stratum, in the fixed order of strata."""
    parts = []
    for stratum in STRATA:
        if stratum in sizes or (pool and stratum in pool):
            name = texts.stratum_names[stratum]
            drawn = sizes.get(stratum, 0)
            parts.append(f"{name} {drawn}/{pool.get(stratum, 0)}" if pool else f"{name} {drawn}")
    return "，".join(parts) or texts.none_value


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
        chat = self._runtime.settings.admin_chat_id
        if chat is None:
            return
        texts = self._runtime.texts
        record = locked.record
        pool: dict[Stratum, int] = {}
        for _uscc, stratum in record.pool:
            pool[stratum] = pool.get(stratum, 0) + 1
        text = texts.draw_locked_notice.format(
            code=echo(locked.code), items=echo("、".join(record.items), 200),
            window=f"{record.window[0]} — {record.window[1]}",
            sample=len(record.sample), pool=len(record.pool),
            strata=stratum_counts(texts, record.sizes, pool),
            digest=record.pool_digest, seed=echo(seed_groups(record.seed), 250),
            team_size=record.rules.size,
        )  # fmt: skip
        if locked.teamless:
            first = locked.teamless[0]
            text += texts.draw_teamless_notice.format(
                count=len(locked.teamless), uscc=first.uscc,
                reason=texts.no_team_reasons.get(first.problem or "", ""),
            )  # fmt: skip
        await self._runtime.outbox(session).message(chat, text, dedupe_key=f"locked:{locked.code}")

    async def cancelled(self, session: AsyncSession, cancelled: Cancelled, reason: str) -> None:
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
