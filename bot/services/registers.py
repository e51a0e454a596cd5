"""The registers (一单两库) as services: import, export, templates, browsing.

The CLI and the admin group call the same functions, so both share one code path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.registers import exporter, importer
from bot.registers.report import ImportReport
from bot.registers.schema import REGISTERS
from storage.models import InspectionItem, Inspector, Target
from storage.repositories.registers import BrowseRepository, ExportRepository

PAGE_SIZE = 10


async def import_register(
    session: AsyncSession, name: str, path: Path, *, actor: int | None, today: date
) -> ImportReport:
    return await importer.import_file(session, name, path, actor=actor, today=today)


async def export_register(session: AsyncSession, name: str, title: str, path: Path) -> int:
    """Write the register's rows to `path` (XLSX) so that they import back unchanged."""
    register = REGISTERS[name]
    fields = [c.field for c in register.columns]
    repo = ExportRepository(session)
    writer = exporter.XlsxWriter(register, title)
    async with session.begin():
        if name == "targets":
            last = 0
            while batch := await repo.targets(last, 5000):
                last = batch[-1].id
                for row in batch:
                    writer.append({f: getattr(row, f) for f in fields})
        elif name in ("items", "inspectors"):
            for obj, department in await (repo.items() if name == "items" else repo.inspectors()):
                values = {f: getattr(obj, f) for f in fields if f != "department"}
                writer.append({**values, "department": department})
        else:
            for certificate, uscc, reason in await repo.conflicts():
                writer.append({"certificate_no": certificate, "uscc": uscc, "reason": reason})
    writer.save(path)
    return writer.count


def write_template(name: str, title: str, path: Path) -> None:
    exporter.write_template(REGISTERS[name], title, path)


# --- browsing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    targets: list[Target]
    total: int
    page: int  # 1-based
    pages: int


async def search_targets(session: AsyncSession, text: str, page: int) -> Page:
    async with session.begin():
        total, rows = await BrowseRepository(session).search_targets(
            text, (page - 1) * PAGE_SIZE, PAGE_SIZE
        )
    return Page(rows, total, page, max(1, math.ceil(total / PAGE_SIZE)))


async def target(session: AsyncSession, uscc: str) -> Target | None:
    async with session.begin():
        return await BrowseRepository(session).target(uscc)


def eligibility(inspector: Inspector, today: date) -> str:
    """Why an inspector can or cannot be drawn: eligible, inactive, no_expiry or expired."""
    if not inspector.active:
        return "inactive"
    if inspector.certificate_expires_on is None:
        return "no_expiry"
    if inspector.certificate_expires_on < today:
        return "expired"
    return "eligible"


async def inspectors(session: AsyncSession) -> list[tuple[Inspector, str | None]]:
    async with session.begin():
        return await ExportRepository(session).inspectors()


async def items(session: AsyncSession) -> list[tuple[InspectionItem, str | None]]:
    """Active items with their department's name."""
    async with session.begin():
        return await ExportRepository(session).items()
