"""What the dashboards and the monthly reports read and write (issue 10, AP-80, AP-85, AP-88, AP-93).

MonthlyReport `REPORT#<bureau>` / `MONTH#<yyyy-mm>`, GSI1 `REPORTS#<yyyy-mm>` / `<bureau>`: one per
bureau and month, written once (attribute_not_exists) by the sweep's ReportJob `REPORTJOB#<bureau>`
/ `JOB`, which is due once a month, just after the month ends in China time.

The reads of other capabilities' partitions sit behind the small functions below, each taking the
bureau, so that they can point at the owners' functions when those land. Until the migration's
contract step they also read the legacy partition (`CONSDAY#<date>`, `APPQ#<status>`,
`PAYOUT#<month>`) and keep only the bureau's items; legacy payout lines carry no bureau, so only the
default bureau reads theirs.
"""
from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from chalicelib.db import consultations, keys, payouts
from chalicelib.db.applications import Application
from chalicelib.db.base import Item
from chalicelib.db.scoped import legacy_read
from chalicelib.scoping import bureau_of

QUEUE_LIMIT = 1000  # an open queue longer than this is counted as "1000+" on the dashboard


class MonthlyReport(Item, discriminator="MonthlyReport"):
    """A bureau's month in additive counts (chalicelib/reports/figures.py): bureaus add up."""
    bureau = UnicodeAttribute()
    month = UnicodeAttribute()  # yyyy-mm, China time
    bureau_name = UnicodeAttribute(null=True)  # as it was named that month: the region view reads no Bureau
    short_name = UnicodeAttribute(null=True)
    questions = NumberAttribute(default=0)
    refused = NumberAttribute(default=0)
    answered = NumberAttribute(default=0)
    awarded = NumberAttribute(default=0)
    decided = NumberAttribute(default=0)
    within_sla = NumberAttribute(default=0)
    ratings = NumberAttribute(default=0)
    rating_sum = NumberAttribute(default=0)
    payouts_fen = NumberAttribute(default=0)
    histogram = ListAttribute(of=NumberAttribute, default=list)  # 30-second buckets, then "later"
    # The month's payout ledger (AP-85) as it stood when the month was reported: lines and fen. A
    # ledger month takes no line after it ends (an award is filed in the China month it is made),
    # so the dashboard reads ended months here. Absent on reports written before these fields.
    ledger_lines = NumberAttribute(null=True)
    ledger_fen = NumberAttribute(null=True)
    written_at = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.report_pk(self.bureau), "SK": keys.report_sk(self.month),
                "GSI1PK": keys.reports_of_month_key(self.month), "GSI1SK": self.bureau}


class ReportJob(Item, discriminator="ReportJob"):
    """The next month to report for a bureau, due at `due_at` (UTC ISO)."""
    bureau = UnicodeAttribute()
    month = UnicodeAttribute()
    due_at = UnicodeAttribute()
    done = NumberAttribute(default=0)  # reports written by this job

    def keys(self):
        pk = keys.report_job_pk(self.bureau)
        return {"PK": pk, "SK": keys.REPORT_JOB_SK, "DUEPK": keys.due_partition(pk),
                "DUEAT": keys.due_key(self.due_at, pk)}


def new_job(**fields):
    """A ReportJob not yet written (start_job or a bureau's creation writes it)."""
    return ReportJob(**fields)


def new_report(**fields):
    """A MonthlyReport not yet written (save_report writes it)."""
    return MonthlyReport(**fields)


def _conditional_failed(exc):
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def put_once(item, condition):
    """Put `item` on `condition`; False when the condition failed (someone did it already)."""
    try:
        item.save(condition=condition)
        return True
    except PutError as exc:
        if _conditional_failed(exc):
            return False
        raise


def save_report(report):
    """Write a month's report once; False if it was written before (a repeated sweep)."""
    return put_once(report, MonthlyReport.PK.does_not_exist())


def start_job(job):
    """Create a bureau's report job unless it exists (onboarding and the seeds call this)."""
    return put_once(job, ReportJob.PK.does_not_exist())


def advance_job(job, month, due_at, done):
    """Move the job from `job.month` to `month`; False if another sweep moved it already."""
    old = job.month
    job.month, job.due_at, job.done = month, due_at, done
    return put_once(job, ReportJob.month == old)


def report_job(bureau):
    try:
        return ReportJob.get(keys.report_job_pk(bureau), keys.REPORT_JOB_SK, consistent_read=True)
    except ReportJob.DoesNotExist:
        return None


def report(bureau, month):
    """AP-93: one bureau's report of one month, or None."""
    try:
        return MonthlyReport.get(keys.report_pk(bureau), keys.report_sk(month))
    except MonthlyReport.DoesNotExist:
        return None


def reports_of_bureau(bureau, first_month, last_month):
    """A bureau's reports from `first_month` to `last_month`, oldest first (one query)."""
    return list(MonthlyReport.query(keys.report_pk(bureau), MonthlyReport.SK.between(
        keys.report_sk(first_month), keys.report_sk(last_month))))


def reports_of_region(month, prefix):
    """AP-93: every bureau's report of a month whose code begins with `prefix` (`36`, `3607`)."""
    return list(MonthlyReport.gsi1.query(keys.reports_of_month_key(month),
                                         MonthlyReport.GSI1SK.startswith(prefix)))


def region_name(prefix):
    """The name of the division a code prefix stands for (`36` 江西省, `3607` 赣州市), or None."""
    from chalicelib.db.models import Region

    try:
        return Region.get(f"REGION#{prefix.ljust(6, '0')}", "REGION").name
    except Region.DoesNotExist:
        return None


def _legacy_reads():
    return legacy_read()  # until the migration's contract step (docs/decisions/many-bureaus.md §8)


def _unique(items, key):
    seen, out = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def consultations_of_day(bureau, day):
    """AP-80: a bureau's consultations opened on one China day (the one CONSDAY reader, shared with
    the staff statistics: db/consultations.py)."""
    return consultations.consultations_on(bureau, day)


def payout_lines(bureau, month):
    """AP-85: a bureau's payout lines of a month (corrections and the settlement left out); the one
    month query is db/payouts.py's, legacy lines of the default bureau included."""
    return payouts.payout_lines(bureau, month)


def applications_in_queue(bureau, status, limit=QUEUE_LIMIT):
    """AP-88: a bureau's applications in one status, nearest due date first."""
    found = [i for i in Item.gsi2.query(keys.application_queue_key(bureau, status), limit=limit)
             if isinstance(i, Application)]
    if _legacy_reads():
        found += [i for i in Item.gsi2.query(f"APPQ#{status}", limit=limit)
                  if isinstance(i, Application) and bureau_of(i) == bureau]
    return sorted(_unique(found, lambda a: a.application_id),
                  key=lambda a: (a.queue_due or "9999-12-31", a.application_id))[:limit]
