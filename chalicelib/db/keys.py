"""Key builders: the text shapes of keys, in one place (see docs/data-model.md)."""
import zlib

NATIONAL = "CN"


def pool_key(level, region_code, category):
    """Dispatch pool partition: lawyers of one region level practising one category."""
    return f"POOL#{level}#{region_code}#{category}"


def fairness_key(last_dispatched_at, stars, lawyer_id):
    """Sort key for fair dispatch: least recently dispatched first, then higher stars first."""
    inverse_stars = 500 - int(round(float(stars or 0) * 100))
    return f"{last_dispatched_at or '0'}#{inverse_stars:03d}#{lawyer_id}"


def county_lawyers_key(county):
    """Directory partition: every lawyer practising in one county, ordered by name (AP-10b)."""
    return f"LAWYERS#{county}"


def openid_key(openid):
    return f"OPENID#{openid}"

DUE_PARTITION = "DUE"


def due_key(at_iso, item_id):
    """Sort key in the DUE index: when the work is due, then which item."""
    return f"{at_iso}#{item_id}"


# --- Many bureaus (issue 10, docs/decisions/many-bureaus.md §2) -------------------------------------
# Builders only: nothing writes these shapes yet. Each later build step switches one entity over.
# A part that is empty or holds "#" would make two different keys read alike (or let one bureau's
# prefix match another's), so every part is checked here, once.

PLATFORM = "PLATFORM"  # the bureau of a platform admin (audit partition, staff)
LAWYERS_ACCOUNT = "lawyers"  # the lawyers' platform Official Account
BUREAU_SK = "BUREAU"
BUREAUS_PARTITION = "BUREAUS"
ACCOUNT_SK = "ACCOUNT"
SETTLEMENT_SK = "SETTLEMENT"
REPORT_JOB_SK = "JOB"
ACCESS_TOKEN_SK = "ACCESS_TOKEN"
SWEEP_PK, SWEEP_LAST_RUN_SK = "SWEEP", "LAST_RUN"  # the sweep's heartbeat (AP-110)


def _part(value):
    text = str(value)
    if not text or "#" in text:
        raise ValueError(f"key part must be non-empty and free of '#': {value!r}")
    return text


def _key(*parts):
    return "#".join(_part(p) for p in parts)


def bureau_pk(bureau):
    """Bureau item (SK `BUREAU`), its offices (`OFFICE#`) and its content (`CONTENT#`) (AP-70/76/77)."""
    return _key("BUREAU", bureau)


def office_sk(office):
    return _key("OFFICE", office)


def content_sk(slug):
    return _key("CONTENT", slug)


def bureau_content_key(bureau):
    """GSI1 partition of a bureau's own content, newest first by `content_sort` (AP-77)."""
    return _key("CONTENT", bureau)


def content_sort(published_at, slug):
    return _key(published_at, slug)


def county_claim_pk(county):
    """One bureau per county: `COUNTY#<county>` / `BUREAU`, claimed with attribute_not_exists (AP-72)."""
    return _key("COUNTY", county)


def account_pk(account):
    """An Official Account's public parts (SK `ACCOUNT`); `account` is a bureau code or `lawyers` (AP-73)."""
    return _key("ACCOUNT", account)


def access_token_pk(account):
    """One access token and lease per appid (SK `ACCESS_TOKEN`) (AP-74)."""
    return _key("WECHAT", account)


def dedupe_pk(account, message_key):
    """MsgIds are unique only within one account (AP-75). The message key is last and may hold "#"
    (an event's is `<openid>#<CreateTime>#<Event>`): the account before it cannot, so no two
    accounts' keys read alike."""
    if not str(message_key or ""):
        raise ValueError("a dedupe key needs the message's key")
    return f"{_key('DEDUPE', account)}#{message_key}"


def staff_list_key(bureau):
    """GSI1 of StaffAccount: a bureau's staff (AP-78); sort by staff id."""
    return _key("STAFF", bureau)


def staff_on_duty_key(bureau):
    """GSI2 of StaffAccount: a bureau's staff on duty, who hear alerts (AP-79)."""
    return _key("DUTY", bureau)


def duty_roster_pk(bureau, day):
    """A bureau's lawyer duty roster of one day (AP-81); SK `shift_sk(n)`."""
    return _key("DUTY", bureau, day)


def shift_sk(number):
    return _key("SHIFT", int(number))


def consday_key(bureau, day):
    """GSI2 of Consultation: a bureau's consultations of a day (AP-80)."""
    return _key("CONSDAY", bureau, day)


def consday_sort(created_at, consultation_id):
    return _key(created_at, consultation_id)


def payout_pk(bureau, month):
    """A bureau's payout ledger of a month: lines, corrections, the settlement (AP-85/86)."""
    return _key("PAYOUT", bureau, month)


def payout_line_sk(awarded_at, consultation_id):
    return _key("LINE", awarded_at, consultation_id)


def payout_correction_sk(at, correction_id):
    return _key("CORR", at, correction_id)


def earnings_key(lawyer_id):
    """GSI1 of payout lines and corrections: one lawyer's earnings (AP-87)."""
    return _key("EARN", lawyer_id)


def earnings_sort(month, bureau, at, item_id):
    """Month first, so `begins_with <yyyy-mm>` or a range of months reads one lawyer's earnings."""
    return _key(month, bureau, at, item_id)


def report_pk(bureau):
    """A bureau's monthly reports, SK `report_sk(month)` (AP-93)."""
    return _key("REPORT", bureau)


def report_sk(month):
    return _key("MONTH", month)


def reports_of_month_key(month):
    """GSI1 of MonthlyReport: every bureau's report of a month; GSI1SK is the bureau code, so a
    region prefix (`36`, `3607`) selects a province's or a city's bureaus (AP-93)."""
    return _key("REPORTS", month)


def report_job_pk(bureau):
    """The sweep's month-end report job of a bureau (SK `JOB`, due at month end)."""
    return _key("REPORTJOB", bureau)


def application_queue_key(bureau, status):
    """GSI2 of Application: a bureau's review queue by status, sorted by `application_queue_sort` (AP-88)."""
    return _key("APPQ", bureau, status)


def application_queue_sort(due, application_id):
    return _key(due, application_id)


def commission_queue_key(bureau, status):
    """GSI2 of Commission: a bureau's commissions by status (AP-97)."""
    return _key("COMMQ", bureau, status)


def appointment_slot_pk(bureau, office, day):
    """Slots of one office of a bureau on one day; SK `<hh:mm>` (AP-89)."""
    return _key("SLOT", bureau, office, day)


def calendar_pk(bureau, year):
    """A bureau's additions to the national working-day calendar; SK the date (AP-90)."""
    return _key("CALENDAR", bureau, int(year))


def audit_pk(bureau, day):
    """A bureau's audit trail of a day; platform admins use bureau `PLATFORM` (AP-91)."""
    return _key("AUDIT", bureau, day)


def failed_notifications_key(bureau):
    """GSI2 of Notification: a bureau's parked notifications, sorted `<failed>#<id>` (AP-92)."""
    return _key("OUTBOX_FAILED", bureau)


def failed_notifications_sort(failed_at, notification_id):
    return _key(failed_at, notification_id)


def lawyer_pk(lawyer_id):
    return _key("LAWYER", lawyer_id)


def reach_slot_sk(category, county):
    """A lawyer's pool slot in a served (not home) county; carries only the county pool key (AP-83)."""
    return _key("SLOT", category, "AT", county)


def serves_sk(county):
    """A lawyer's directory entry in a served county (LawyerReach), GSI1 `county_lawyers_key` (AP-82)."""
    return _key("SERVES", county)


def lawyer_directory_sort(name, lawyer_id):
    return _key(name, lawyer_id)


def migration_pk(name):
    """Resumable migration progress: `MIGRATION#<name>` / `<step>` (AP-98)."""
    return _key("MIGRATION", name)


def due_partition(pk, shards=1):
    """DUEPK of an item: the literal `DUE` while there is one shard; else `DUE#<crc32(PK) mod N>`, stable
    per item so its successive due times stay in one shard (AP-94)."""
    shards = int(shards)
    if shards < 1:
        raise ValueError(f"shards must be at least 1: {shards}")
    if shards == 1:
        return DUE_PARTITION
    return f"{DUE_PARTITION}#{zlib.crc32(str(pk).encode('utf-8')) % shards}"


# --- Personal information (issue 11, docs/privacy.md) -----------------------------------------------
RETENTION_JOB_SK = "JOB"
DRAFT_EXPIRY_SK = "EXPIRY"
PRIVACY_REQUEST_SK = "REQUEST"
PRIVACY_OPEN_SK = "PRIVACY#OPEN"


def retention_job_pk(bureau):
    """A bureau's consultation-content retention job, SK `JOB`, due at its next day's end (AP-120)."""
    return _key("RETENTION", bureau)


def draft_expiry_pk(application_id):
    """The end of an application draft, SK `EXPIRY`, due when it lapses (AP-121)."""
    return _key("DRAFTEXPIRY", application_id)


def privacy_request_pk(request_id):
    """A citizen's deletion request, SK `REQUEST` (AP-122)."""
    return _key("PRIVREQ", request_id)


def privacy_queue_key(bureau, status):
    """GSI2 of PrivacyRequest: a bureau's requests by status (AP-123)."""
    return _key("PRIVQ", bureau, status)


def privacy_queue_sort(created_at, request_id):
    return _key(created_at, request_id)


def audit_subject_key(bureau, subject):
    """GSI2 of AuditEntry: a bureau's entries about one subject, e.g. `APP#<id>` (AP-127). The
    subject is last and may hold "#"; the bureau before it cannot."""
    if not str(subject or ""):
        raise ValueError("an audit subject key needs the subject")
    return f"{_key('AUDITSUBJ', bureau)}#{subject}"
