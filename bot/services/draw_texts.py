"""Draws as texts: the public announcement, a draw's summary, the drawn list in pages, the list
of draws and a target's draws. No Telegram: buttons are (label, typed callback data) pairs
that the handlers turn into a keyboard (handlers/_keyboard.py), so the wizard shows the same
announcement and list as /draw CODE does.

Every value from the database goes through `echo` exactly once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from bot.callbacks import CallbackData
from bot.draws.buttons import DrawExport, DrawnPage, DrawOpen, DrawsPage
from bot.outbox import Button as OutboxButton
from bot.services import draw_views
from bot.services.draw_views import DrawSummary, Listing, Member, TargetDraw
from bot.texts import Texts, echo

#: A button: its label and what pressing it sends. Rows of them make a keyboard.
Button = tuple[str, CallbackData]
Keyboard = list[list[Button]]


def _items(texts: Texts, items: Sequence[tuple[str, str]]) -> str:
    shown = [texts.draw_item.format(code=echo(c), name=echo(n, 100)) for c, n in items]
    return texts.draw_list_separator.join(shown) or texts.none_value


def _window(texts: Texts, starts_on: date | None, ends_on: date | None) -> str:
    if starts_on is None or ends_on is None:
        return texts.none_value
    return texts.draw_window.format(start=starts_on.isoformat(), end=ends_on.isoformat())


def _strata(texts: Texts, summary: DrawSummary) -> str:
    return "\n".join(
        texts.draw_stratum_line.format(stratum=texts.stratum_names.get(s.stratum, echo(s.stratum)),
                                       pool=s.pool, sample=s.sample)
        for s in summary.strata
    ) or texts.none_value  # fmt: skip


def _team_rules(texts: Texts, summary: DrawSummary) -> str:
    return texts.draw_team_rules.format(size=summary.team_size) + (
        texts.draw_cross_department if summary.cross_department else ""
    )


def _mark(texts: Texts, status: str) -> str:
    return texts.draw_status_marks.get(status, "")


def _moment(texts: Texts, moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else texts.none_value


def _team(texts: Texts, team: Sequence[Member]) -> str:
    shown = [
        texts.drawn_off_team[m.status.value].format(name=echo(m.name, 40)) if m.off_team
        else (texts.drawn_leader if m.leader else texts.drawn_member).format(name=echo(m.name, 40))
        for m in team
    ]  # fmt: skip
    if all(m.off_team for m in team):
        shown.append(texts.drawn_no_team)
    return texts.draw_list_separator.join(shown)


# --- the announcement (the wizard posts it when a draw locks) ---------------------------------


def announcement_text(texts: Texts, summary: DrawSummary) -> str:
    """The public announcement of a locked draw: items, window, pool and sample per stratum,
    the pool's digest and the seed, and how anyone re-checks it."""
    return texts.draw_announcement.format(
        code=echo(summary.code), items=_items(texts, summary.items),
        window=_window(texts, summary.starts_on, summary.ends_on), pool=summary.pool_size,
        strata=_strata(texts, summary), sample=summary.sample_size,
        team=_team_rules(texts, summary), digest=echo(summary.pool_digest, 100),
        seed=echo(summary.seed, 200),
    )  # fmt: skip


# --- a draw's summary (/draw CODE) ------------------------------------------------------------


def summary_text(texts: Texts, summary: DrawSummary, tz: tzinfo) -> str:
    cancelled = ""
    if summary.status.value == "cancelled":
        cancelled = texts.draw_cancelled.format(
            at=_moment(texts, summary.cancelled_at, tz),
            by=echo(summary.cancelled_by if summary.cancelled_by is not None else texts.none_value),
            reason=echo(summary.cancel_reason or texts.none_value, 300),
        )  # fmt: skip
    return texts.draw_summary.format(
        code=echo(summary.code), mark=_mark(texts, summary.status.value),
        status=texts.draw_status_names.get(summary.status.value, echo(summary.status.value)),
        items=_items(texts, summary.items),
        window=_window(texts, summary.starts_on, summary.ends_on),
        plan=echo(summary.plan_code or texts.none_value), team=_team_rules(texts, summary),
        pool=summary.pool_size, digest=echo(summary.pool_digest or texts.none_value, 100),
        strata=_strata(texts, summary), seed=echo(summary.seed or texts.none_value, 200),
        tasks=summary.tasks, teamless=summary.teamless, recusals=summary.recusals,
        created=_moment(texts, summary.created_at, tz),
        locked=_moment(texts, summary.locked_at, tz), cancelled=cancelled,
    )  # fmt: skip


def summary_buttons(texts: Texts, summary: DrawSummary) -> Keyboard:
    """名单 and 导出 XLSX, for a draw with a drawn list (none before the seed)."""
    if not summary.tasks:
        return []
    return [[(texts.button_drawn_list, DrawnPage(summary.id, 1)),
             (texts.button_export_xlsx, DrawExport(summary.id))]]  # fmt: skip


# --- the drawn list ---------------------------------------------------------------------------


def drawn_page_text(texts: Texts, page: draw_views.DrawnPage) -> str:
    if not page.total:
        return texts.drawn_empty.format(code=echo(page.code))
    mark = _mark(texts, page.status.value)
    lines = [texts.drawn_header.format(code=echo(page.code), mark=mark, total=page.total,
                                       page=page.page, pages=page.pages)]  # fmt: skip
    for row in page.rows:
        lines.append(texts.drawn_line.format(
            n=row.number, name=echo(row.name or texts.none_value), uscc=echo(row.uscc),
            region=echo(row.region or texts.none_value),
            stratum=texts.stratum_names.get(row.stratum, echo(row.stratum)),
            team=_team(texts, row.team),
        ))  # fmt: skip
    return "\n".join(lines)


def drawn_page_buttons(texts: Texts, page: draw_views.DrawnPage, *, back: bool = True) -> Keyboard:
    """Paging (by editing the message), the XLSX, and (`back`) the way back to the summary."""
    paging: list[Button] = []
    if page.page > 1:
        paging.append((texts.page_prev, DrawnPage(page.draw_id, page.page - 1, back)))
    if page.page < page.pages:
        paging.append((texts.page_next, DrawnPage(page.draw_id, page.page + 1, back)))
    more: list[Button] = (
        [(texts.button_export_xlsx, DrawExport(page.draw_id))] if page.total else []
    )
    if back:
        more.append((texts.button_summary, DrawOpen(page.draw_id, True)))
    return [row for row in (paging, more) if row]


def outbox_buttons(keyboard: Keyboard) -> list[list[OutboxButton]]:
    """The same buttons for a message sent through the outbox."""
    return [[OutboxButton(label, callback_data=data.pack()) for label, data in row]
            for row in keyboard if row]  # fmt: skip


def drawn_file_caption(texts: Texts, drawn: draw_views.DrawnFile) -> str:
    return texts.draw_export_caption.format(code=echo(drawn.code), count=drawn.count)


# --- all draws (/draws) -----------------------------------------------------------------------


def listing_view(texts: Texts, listing: Listing) -> tuple[str, Keyboard]:
    """The page's draws, newest first, each with a button that opens it, then paging."""
    if not listing.total:
        return texts.draws_none, []
    lines = [texts.draws_header.format(total=listing.total, page=listing.page,
                                       pages=listing.pages)]  # fmt: skip
    first = listing.total - (listing.page - 1) * draw_views.PAGE_SIZE
    buttons: Keyboard = []
    for n, draw in enumerate(listing.draws):
        lines.append(texts.draws_line.format(
            n=first - n, code=echo(draw.code), mark=_mark(texts, draw.status.value),
            items=echo(texts.draw_list_separator.join(draw.item_codes) or texts.none_value, 100),
            window=_window(texts, draw.starts_on, draw.ends_on), count=draw.sample_size,
        ))  # fmt: skip
        label = draw.code + _mark(texts, draw.status.value)  # a label is plain text
        buttons.append([(label, DrawOpen(draw.id, False))])
    paging: list[Button] = []
    if listing.page > 1:
        paging.append((texts.page_prev, DrawsPage(listing.page - 1)))
    if listing.page < listing.pages:
        paging.append((texts.page_next, DrawsPage(listing.page + 1)))
    if paging:
        buttons.append(paging)
    return "\n".join(lines), buttons


# --- a target's draws (/target) ----------------------------------------------------------------


def target_history(texts: Texts, draws: Sequence[TargetDraw]) -> str:
    """The draws a target was drawn in, for its card (history_none if none)."""
    if not draws:
        return texts.history_none
    return "\n".join(
        texts.target_draw_line.format(
            code=echo(d.code), mark=_mark(texts, d.status.value),
            window=_window(texts, d.starts_on, d.ends_on), team=_team(texts, d.team),
        ) + _result(texts, d)
        for d in draws
    )  # fmt: skip


def _result(texts: Texts, draw: TargetDraw) -> str:
    """The approved result of the target in that draw, under its line ("" while none)."""
    if not draw.result_codes:
        return ""
    names = "；".join(f"{c} {texts.result_code_names.get(c, c)}" for c in draw.result_codes)
    shown = draw.checked_on.isoformat() if draw.checked_on else texts.none_value
    return texts.target_result_line.format(codes=echo(names, 300), date=shown)
