"""Monthly settlement with maker-checker, and corrections (issue 10, docs/decisions/many-bureaus.md §7).

One staff member prepares a month's statement once the month has ended in China time; another
approves it, exactly as prepared (the digest of the lines they were shown); the month is then locked.
A change to a settled line is a correction filed in the open month, never an edit. While a month has
a SETTLEMENT no award or correction is filed in it (consultations/payout.py, AP-86).
"""
import hashlib
import secrets

from chalicelib.clock import iso
from chalicelib.consultations.payout import china_month, open_month, previous_month
from chalicelib.db import settlements as db
from chalicelib.db.effects import CommitError, Refused, create
from chalicelib.db.payouts import ledger as read_ledger
from chalicelib.db.settlements import APPROVED, PREPARED
from chalicelib.db.store import TABLE
from chalicelib.errors import Conflict, Invalid, NotFound

MAX_CORRECTION_FEN = 10_000_000  # 100,000 yuan: far above any 中标 payout, below a typing slip


def digest(ledger):
    """sha256 of what a statement pays: each line and correction, its lawyer and its amount."""
    rows = [f"L|{line.awarded_at}#{line.consultation_id}|{line.lawyer_id}|{int(line.amount_fen)}"
            for line in ledger.lines]
    rows += [f"C|{c.at}#{c.correction_id}|{c.lawyer_id}|{int(c.amount_fen)}" for c in ledger.corrections]
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _figures(ledger):
    return {"line_count": len(ledger.lines) + len(ledger.corrections),
            "total_fen": sum(int(i.amount_fen) for i in ledger.lines + ledger.corrections),
            "digest": digest(ledger)}


def _ended(month, now):
    return china_month(now) > month


def prepare(bureau, month, staff_id, now, store=TABLE):
    """The maker: put the month's SETTLEMENT (status prepared) once the month has ended, if none exists."""
    if not _ended(month, now):
        raise Conflict("该月尚未结束（按北京时间），不能制作结算单", code="month_not_ended")
    figures = _figures(read_ledger(bureau, month))
    made = db.new_settlement(bureau=bureau, month=month, status=PREPARED, prepared_by=staff_id,
                             prepared_at=iso(now), **figures)
    try:
        store.commit([create(made, "settlement")])
    except Refused:
        raise Conflict("该月结算单已制作", code="already_prepared")
    # An award that read "no settlement" just before the put may have committed meanwhile: read the
    # month again (strongly consistent) and let the statement say what it really holds.
    again = _figures(read_ledger(bureau, month))
    if again != figures:
        store.commit([db.refigured(made, again, figures["digest"])])
        for name, value in again.items():
            setattr(made, name, value)
    return made


def approve(bureau, month, staff_id, digest_seen, now, store=TABLE):
    """The checker: approve the statement exactly as shown (its digest), never one's own."""
    found = store.settlement(bureau, month)
    if found is None:
        raise NotFound("该月结算单尚未制作", code="settlement_not_found")
    if found.status == APPROVED:
        raise Conflict("该月结算单已审核通过，已锁定", code="already_approved")
    if found.prepared_by == staff_id:
        raise Conflict("制单人不能审核自己制作的结算单，请由另一位工作人员审核", code="maker_is_checker")
    if digest_seen != found.digest or _figures(read_ledger(bureau, month))["digest"] != found.digest:
        raise Conflict("结算单内容已变化，请刷新后重新核对", code="statement_changed")
    try:
        store.commit([db.approved(found, staff_id, iso(now), digest_seen)])
    except Refused:
        raise Conflict("结算单已被他人处理，请刷新", code="settlement_changed")
    return found


def correct(bureau, refers_month, consultation_id, amount_fen, reason, staff_id, now, new_id=None,
            store=TABLE):
    """File a correction of one line of `refers_month` in the month that is open now."""
    if not amount_fen or abs(amount_fen) > MAX_CORRECTION_FEN:
        raise Invalid("更正金额应为非零的整数分，且不超过 10 万元", code="invalid_amount")
    line = next((x for x in read_ledger(bureau, refers_month).lines
                 if x.consultation_id == consultation_id), None)
    if line is None:
        raise NotFound("没有找到该笔支付", code="payout_line_not_found")
    if amount_fen < 0 and -amount_fen > int(line.amount_fen):
        raise Invalid("扣减金额不能超过原支付金额", code="invalid_amount")
    for _attempt in range(2):  # a settlement prepared meanwhile moves the correction a month on
        month = open_month(store, bureau, china_month(now))
        made = db.new_correction(
            bureau=bureau, month=month, correction_id=new_id or secrets.token_hex(6), at=iso(now),
            refers_month=refers_month, refers_consultation_id=consultation_id,
            lawyer_id=line.lawyer_id, lawyer_name=line.lawyer_name, amount_fen=int(amount_fen),
            reason=reason, by=staff_id)
        try:
            store.commit([create(made, "correction"), db.month_open(made.PK)])
            return made
        except CommitError:
            continue
    raise Conflict("操作冲突，请稍后重试", code="busy")


def recent_months(now, count=12):
    """The last `count` China months, newest first, starting with the current (open) one."""
    found = [china_month(now)]
    while len(found) < count:
        found.append(previous_month(found[-1]))
    return found
