"""Retention periods (docs/privacy.md §2). Each counts from an event the item carries, never from
when a sweep happens to run, so a late sweep anonymises the same items a punctual one would have."""
from datetime import timedelta

# A consultation's citizen content (question, photos, voice, follow-ups, answer texts): anonymised
# once the China day it was asked on is this old. Consultations close within days (auto-close), so
# by then only the payout ledger and the statistics still need the consultation, and they need no
# text and no openid.
CONSULTATION_CONTENT = timedelta(days=180)
# A draft application nobody touched for this long is deleted with its uploads: it was never
# received, so no archive duty applies (docs/privacy.md §3).
DRAFT_UNTOUCHED = timedelta(days=30)
# Staff access entries (who viewed an application's personal data): kept three years, as art. 56
# asks of the records of processing that needs an impact assessment (sensitive data, art. 55).
ACCESS_ENTRY = timedelta(days=3 * 365)
# A lawyer's self-registration (docs/privacy.md §2): the licence photo is deleted this long after
# staff decided the request (it served the check; a question about the decision comes within weeks);
# a refused request, kept to show the lawyer why, is deleted this long after the refusal. An
# approved request stays, without its photo, as the record of the binding for as long as the profile.
JOIN_PHOTO = timedelta(days=30)
JOIN_REFUSED = timedelta(days=180)
# A retention job catches up at most this many days a run (a new job started on old data).
DAYS_PER_RUN = 3

PLACEHOLDER = "[已按保存期限删除]"
ERASED = "[已应本人请求删除]"
