"""The wizard's screens: a `Screen` from the service as text and buttons."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from bot.draws.buttons import WizardAction, WizardPress
from bot.draws.sampling import STRATA, Stratum
from bot.services.draw_stages import Preview, seed_groups
from bot.services.draw_wizard import MAX_ITEM_BUTTONS, TEAM_SIZES, Draft, Screen
from bot.services.flows import DrawStep
from bot.texts import Texts, echo
from storage.models import CreditClass

A = WizardAction


def _button(
    text: str, v: tuple[int, int], action: WizardAction, arg: str = ""
) -> InlineKeyboardButton:
    version, owner = v
    return InlineKeyboardButton(text, callback_data=WizardPress(version, owner, action, arg).pack())


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


def _mark(chosen: bool, text: str) -> str:
    return f"✅ {text}" if chosen else text


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def _scope(texts: Texts, draft: Draft) -> str:
    parts = []
    if draft.regions:
        parts.append(texts.wizard_scope_regions.format(regions=echo("、".join(draft.regions), 200)))
    if draft.classes:
        parts.append(texts.wizard_scope_classes.format(classes="、".join(draft.classes)))
    return "；".join(parts) or texts.wizard_scope_all


def _size(texts: Texts, draft: Draft) -> str:
    if draft.size_kind in ("count", "percent") and not draft.size_value:
        return texts.none_value
    if draft.size_kind == "count":
        return texts.wizard_size_count_value.format(count=int(draft.size_value))
    if draft.size_kind == "percent":
        return texts.wizard_size_percent_value.format(percent=f"{draft.size_value:g}")
    if draft.size_kind == "ratios":
        ratios = "，".join(f"{texts.stratum_names.get(s, s)} {r:g}%" for s, r in draft.ratios)
        return texts.wizard_size_plan_value.format(ratios=ratios)
    return texts.none_value


def summary(texts: Texts, draft: Draft) -> str:
    """What was chosen so far, above every screen."""
    lines = [texts.wizard_items_line.format(items=echo("、".join(draft.items) or "—", 200))]
    if draft.region_options or draft.regions or draft.classes:
        lines.append(texts.wizard_scope_line.format(scope=_scope(texts, draft)))
    if draft.size_kind:
        lines.append(texts.wizard_size_line.format(size=_size(texts, draft)))
    if draft.start:
        lines.append(texts.wizard_window_line.format(start=draft.start, end=draft.end))
    return "\n".join(lines)


def _team(texts: Texts, draft: Draft) -> str:
    cross = texts.wizard_cross_on if draft.cross else texts.wizard_cross_off
    return texts.wizard_team_value.format(size=draft.team_size, cross=cross)


def _preview(texts: Texts, draft: Draft, preview: Preview) -> str:
    excluded = (
        "，".join(
            f"{texts.exclusion_reasons[reason.value]} {n}"
            for reason, n in sorted(preview.excluded.items())
        )
        or texts.none_value
    )
    departments = "，".join(
        f"{echo(d or texts.none_value)} {n}" for d, n in sorted(preview.departments.items())
    )
    text = texts.wizard_preview.format(
        summary=summary(texts, draft),
        team=_team(texts, draft),
        pool=preview.pool_size,
        pool_strata=stratum_counts(texts, preview.pool, None),
        excluded=excluded,
        sample=preview.sample_size,
        strata=stratum_counts(texts, preview.sizes, preview.pool),
        inspectors=preview.inspectors, departments=departments or texts.none_value,
        load=f"{preview.fair_share:.1f}", cap=preview.load_cap, digest=preview.digest,
    )  # fmt: skip
    if preview.unbound:
        names = echo("、".join(preview.unbound), 300)
        text += "\n" + texts.wizard_unbound.format(count=len(preview.unbound), names=names)
    for department, people, reach in preview.short_departments:
        text += "\n⚠️ " + texts.wizard_department_short.format(
            department=echo(department), people=people, reach=reach, sample=preview.sample_size
        )
    if preview.blocked is not None:
        text += "\n⚠️ " + preview.blocked.text(texts)
    elif preview.sample_size == 0:
        text += "\n⚠️ " + texts.wizard_nothing_to_draw
    return text


def render(texts: Texts, screen: Screen) -> tuple[str, InlineKeyboardMarkup | None]:
    """The wizard message for a screen (a typed step shows its question; the prompt to reply
    to is separate, see `prompt`)."""
    v, draft = (screen.version, screen.owner), screen.draft
    cancel = _button(texts.wizard_cancel, v, A.CANCEL)
    head = texts.wizard_title
    problem = f"⚠️ {screen.problem.text(texts)}\n\n" if screen.problem else ""
    if screen.step is None:
        return _ended(texts, screen), None
    step = screen.step
    if step is DrawStep.ITEMS:
        shown = screen.items[:MAX_ITEM_BUTTONS]
        buttons = [_button(_mark(i.code in draft.items, f"{i.code} {i.name}"[:40]), v,
                           A.TOGGLE_ITEM, i.code) for i in shown]  # fmt: skip
        rows = [*_rows(buttons, 1), [_button(texts.wizard_next, v, A.NEXT), cancel]]
        text = texts.wizard_step_items if screen.items else texts.wizard_no_items
        if len(screen.items) > len(shown):
            text += "\n" + texts.wizard_more_items.format(shown=len(shown))
        return f"{head}\n{problem}{text}\n\n{summary(texts, draft)}", InlineKeyboardMarkup(rows)
    if step is DrawStep.SCOPE:
        regions = [_button(_mark(r in draft.regions, r), v, A.TOGGLE_REGION, str(n))
                   for n, r in enumerate(draft.region_options)]  # fmt: skip
        classes = [_button(_mark(c.value in draft.classes, c.value), v, A.TOGGLE_CLASS, str(n))
                   for n, c in enumerate(CreditClass)]  # fmt: skip
        rows = [*_rows(regions, 3), classes, [_button(texts.wizard_next, v, A.NEXT), cancel]]
        text = texts.wizard_step_scope
        return f"{head}\n{problem}{text}\n\n{summary(texts, draft)}", InlineKeyboardMarkup(rows)
    if step is DrawStep.SIZE:
        rows = [[_button(texts.wizard_size_plan, v, A.SIZE_PLAN)],
                [_button(texts.wizard_size_count, v, A.SIZE_COUNT),
                 _button(texts.wizard_size_percent, v, A.SIZE_PERCENT)], [cancel]]  # fmt: skip
        text = texts.wizard_step_size
        return f"{head}\n{problem}{text}\n\n{summary(texts, draft)}", InlineKeyboardMarkup(rows)
    if step is DrawStep.TEAM:
        sizes = [_button(_mark(n == draft.team_size, texts.wizard_team_size.format(size=n)), v,
                         A.TEAM_SIZE, str(i)) for i, n in enumerate(TEAM_SIZES)]  # fmt: skip
        cross = _button(_mark(draft.cross, texts.wizard_cross), v, A.CROSS)
        rows = [sizes, [cross], [_button(texts.wizard_to_preview, v, A.NEXT), cancel]]
        text = f"{texts.wizard_step_team}\n\n{summary(texts, draft)}\n{_team(texts, draft)}"
        return f"{head}\n{problem}{text}", InlineKeyboardMarkup(rows)
    if step is DrawStep.PREVIEW:
        assert screen.preview is not None
        steps = list(DrawStep)
        edit = [_button(label, v, A.EDIT, str(steps.index(target))) for label, target in (
            (texts.wizard_edit_items, DrawStep.ITEMS), (texts.wizard_edit_scope, DrawStep.SCOPE),
            (texts.wizard_edit_size, DrawStep.SIZE), (texts.wizard_edit_window, DrawStep.WINDOW),
            (texts.wizard_edit_team, DrawStep.TEAM))]  # fmt: skip
        rows = [*_rows(edit, 3), [cancel]]
        if screen.preview.blocked is None and screen.preview.sample_size:
            rows.insert(0, [_button(texts.wizard_freeze, v, A.FREEZE)])
        text = _preview(texts, draft, screen.preview)
        return f"{head}\n{problem}{text}", InlineKeyboardMarkup(rows)
    if step is DrawStep.SEED:
        rows = [[_button(texts.wizard_crypto_seed, v, A.CRYPTO_SEED)],
                [_button(texts.wizard_cancel_frozen, v, A.CANCEL)]]  # fmt: skip
        text = texts.wizard_step_seed.format(code=echo(draft.code), digest=draft.digest)
        return f"{head}\n{problem}{text}", InlineKeyboardMarkup(rows)
    if step is DrawStep.SEED_CONFIRM:
        rows = [[_button(texts.wizard_confirm_seed, v, A.CONFIRM_SEED)],
                [_button(texts.wizard_retype_seed, v, A.RETYPE_SEED),
                 _button(texts.wizard_cancel_frozen, v, A.CANCEL)]]  # fmt: skip
        text = texts.wizard_step_seed_confirm.format(code=echo(draft.code),
                                                     seed=echo(draft.seed, 250))  # fmt: skip
        return f"{head}\n{problem}{text}", InlineKeyboardMarkup(rows)
    # The typed steps: the question, with a way out.
    question = prompt(texts, screen)
    body = summary(texts, draft) if step is not DrawStep.CANCEL_REASON else echo(draft.code)
    return f"{head}\n{problem}{question}\n\n{body}", InlineKeyboardMarkup([[cancel]])


def prompt(texts: Texts, screen: Screen) -> str:
    """The question of a typed step."""
    step = screen.step
    if step is DrawStep.SIZE_VALUE:
        return (texts.wizard_ask_count if screen.draft.size_kind == "count"
                else texts.wizard_ask_percent)  # fmt: skip
    if step is DrawStep.WINDOW:
        return texts.wizard_ask_window
    if step is DrawStep.SEED:
        return texts.wizard_ask_seed
    return texts.wizard_ask_cancel_reason.format(code=echo(screen.draft.code))


def force_reply(texts: Texts) -> ForceReply:
    # Selective: only the admin the prompt mentions gets the reply field.
    return ForceReply(selective=True, input_field_placeholder=texts.wizard_reply_placeholder)


def _ended(texts: Texts, screen: Screen) -> str:
    if screen.locked is not None:
        record = screen.locked.record
        return texts.wizard_locked.format(code=echo(screen.locked.code), sample=len(record.sample),
                                          seed=echo(seed_groups(record.seed), 250))  # fmt: skip
    if screen.cancelled is not None:
        return texts.wizard_cancelled_frozen.format(code=echo(screen.cancelled.code))
    return texts.wizard_abandoned
