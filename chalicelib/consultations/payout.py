"""The 中标 payout rule: what a bureau pays for an awarded answer, and under which month the line is
filed (issue 10, docs/decisions/many-bureaus.md §2, §7).

- The amount is the bureau's own rate for the category (`Bureau.payout_fen`), else the category's
  `payout_fen`, else the policy default.
- The month is the China month of the award, unless that month already has a SETTLEMENT (it is
  being or has been settled): then the next month that has none, the month that is open. The award
  transaction checks that the chosen month still has no settlement (AP-86), so an award racing a
  preparation at midnight is refused and its retry files the line under the open month.

The rule reads through a small store — `bureau(code)` (AP-70) and `settlement(bureau, month)` (AP-86):
the context's (db/store.py) — so it is tested without a table (tests/unit/test_payout_rule.py).
"""
from datetime import date

from chalicelib.clock import iso
from chalicelib.db.payouts import new_line
from chalicelib.workdays import CHINA_TZ

MONTHS_AHEAD = 3  # a settlement exists only for an ended month: the open month is at most 1 ahead


def amount_fen(bureau, category_code, categories, default_fen):
    """The fen a bureau pays for a 中标 answer in `category_code`."""
    rates = (getattr(bureau, "payout_fen", None) or {}) if bureau is not None else {}
    if rates.get(category_code):
        return int(rates[category_code])
    category = categories.get(category_code)
    if category is not None and category.payout_fen:
        return int(category.payout_fen)
    return int(default_fen)


def china_month(instant):
    return instant.astimezone(CHINA_TZ).strftime("%Y-%m")


def next_month(month):
    first = date.fromisoformat(f"{month}-01")
    return f"{first.year + first.month // 12:04d}-{first.month % 12 + 1:02d}"


def previous_month(month):
    first = date.fromisoformat(f"{month}-01")
    return f"{first.year - (first.month == 1):04d}-{(first.month - 2) % 12 + 1:02d}"


def open_month(store, bureau, month):
    """`month` if it has no settlement, else the first later month without one."""
    for _ in range(MONTHS_AHEAD):
        if store.settlement(bureau, month) is None:
            return month
        month = next_month(month)
    raise RuntimeError(f"no open payout month for {bureau} near {month}")


def payout_line(c, answer, lawyer, *, bureau, now, store, categories, category_name, default_fen,
                awarded_by):
    """The PayoutLine of awarding `answer` of consultation `c` at `now` (aware), in `bureau`."""
    found = store.bureau(bureau)
    return new_line(
        bureau=bureau, month=open_month(store, bureau, china_month(now)), consultation_id=c.id,
        answer_id=answer.answer_id, lawyer_id=answer.lawyer_id, lawyer_name=answer.lawyer_name,
        licence_no=lawyer.licence_no if lawyer else None, firm=answer.firm, category=c.category,
        category_name=category_name, amount_fen=amount_fen(found, c.category, categories, default_fen),
        awarded_at=iso(now),
        awarded_by=awarded_by)
