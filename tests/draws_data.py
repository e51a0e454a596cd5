"""Locked draws on the example registers, made by the same service as the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import update

from bot.services import draw_stages, draws
from bot.services.draws import DrawRequest, Size
from bot.services.registers import RegisterName, import_register
from storage.database import Database
from storage.models import Draw, DrawStatus
from storage.types import utcnow

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TODAY = date(2026, 11, 26)
SEED = "3 1 4 1 5 9 2 6 骰子"


async def load_examples(db: Database) -> None:
    names: tuple[RegisterName, ...] = ("items", "targets", "inspectors", "conflicts")
    for name in names:
        path = next(EXAMPLES.glob(f"{name}.*"))
        async with db.session() as session:
            report = await import_register(session, name, path, actor=None, today=TODAY)
        assert report.ok, report.errors[:3]


async def lock_draw(
    db: Database, item: str = "XPCZ-001", count: int = 12, seed: str = SEED
) -> draws.LockedDraw:
    request = DrawRequest(item_codes=(item,), size=Size("count", count),
                          starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31), seed=seed,
                          cross_department=True)  # fmt: skip
    async with db.session() as session:
        return await draw_stages.draw_now(session, request, actor=1001, code_prefix="西财双随机")


async def cancel(db: Database, code: str, reason: str) -> None:
    """Cancel a draw as the wizard will: status, reason, time and who (nothing deleted)."""
    values = {"status": DrawStatus.CANCELLED, "cancel_reason": reason,
              "cancelled_at": utcnow(), "cancelled_by": 1001}  # fmt: skip
    async with db.session() as session, session.begin():
        await session.execute(update(Draw).where(Draw.code == code).values(**values))
