"""`python -m bot draw ...` and `python -m bot export draw CODE FILE.json`: draws without
Telegram, on the same services as the admin group's wizard."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from pathlib import Path

from bot.refusals import Refusal
from bot.services import draw_stages, draws, plans
from bot.settings import CommonSettings
from bot.texts import get_texts, plain
from storage.database import Database
from storage.repositories.draws import ScopeFilter


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = commands.add_parser(
        "draw",
        help="draw targets and teams now, and lock the draw (needs --yes)",
        description="Draw targets and teams for one item (or several: a joint check), lock "
        "the draw and print its code on the last line.",
    )
    sub.add_argument("--item", required=True, help="item code(s), comma-separated")
    size = sub.add_mutually_exclusive_group(required=True)
    size.add_argument("--count", type=int, help="targets to draw, shared out by stratum")
    size.add_argument("--percent", type=float, help="percentage of every stratum")
    size.add_argument("--plan-ratios", action="store_true", help="the year's plan's ratios")
    sub.add_argument("--region", action="append", default=[], help="only this region")
    sub.add_argument("--start", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--end", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--team-size", type=int, default=2)
    sub.add_argument("--cross-department", action="store_true")
    sub.add_argument("--seed", required=True, help="witnessed digits or any text, in full")
    sub.add_argument("--yes", action="store_true", help="a locked draw cannot be redone")


async def run_draw(args: argparse.Namespace, settings: CommonSettings) -> int:
    texts = get_texts(settings.language)
    if not args.yes:
        print("a locked draw cannot be redrawn: add --yes to draw now", file=sys.stderr)
        return 2
    if args.team_size < 2 or args.end < args.start:
        print("a team has at least 2 inspectors, and --end is not before --start", file=sys.stderr)
        return 2
    size = draws.Size("count", args.count) if args.count is not None else draws.Size(
        "percent", args.percent)  # fmt: skip
    request = draws.DrawRequest(
        item_codes=tuple(c.strip() for c in args.item.split(",") if c.strip()),
        size=size, starts_on=args.start, ends_on=args.end, seed=args.seed,
        scope=ScopeFilter(regions=tuple(args.region)), team_size=args.team_size,
        cross_department=args.cross_department,
    )  # fmt: skip
    db = Database(settings.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            if args.plan_ratios:
                # The plan of the year the checks start in: its ratios and minimum interval.
                plan = await plans.for_draw(session, args.start.year)
                if plan is None:
                    print(texts.plan_cli_no_plan.format(year=args.start.year), file=sys.stderr)
                    return 1
                request = dataclasses.replace(
                    request,
                    size=plan.size,
                    plan_id=plan.plan_id,
                    min_interval_days=plan.min_interval_days,
                )
            locked = await draw_stages.draw_now(session, request, actor=None, texts=texts,
                                          code_prefix=settings.draw_code_prefix)  # fmt: skip
    except Refusal as refusal:
        print(plain(refusal.text(texts)), file=sys.stderr)
        return 1
    finally:
        await db.dispose()
    record = locked.record
    excluded = ", ".join(f"{reason.value} {n}" for reason, n in sorted(locked.excluded.items()))
    print(f"pool {len(record.pool)} (digest {record.pool_digest}); excluded: {excluded or 'none'}")
    for number, target in enumerate(record.sample, 1):
        team = " + ".join(target.team) or f"NO TEAM ({target.problem})"
        print(f"{number:4d}  {target.uscc}  {target.stratum:12}  {team}")
    if locked.teamless:
        print(f"{len(locked.teamless)} target(s) have no team: assign one by hand in the admin "
              "group, with a reason, or cancel the draw", file=sys.stderr)  # fmt: skip
    print(locked.code)
    return 0


async def export_draw(code: str, path: Path, settings: CommonSettings) -> int:
    texts = get_texts(settings.language)
    db = Database(settings.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            text = await draws.public_record(session, code)
    except Refusal as refusal:
        print(plain(refusal.text(texts)), file=sys.stderr)
        return 1
    finally:
        await db.dispose()
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"{path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{path}: {code}")
    return 0
