"""What every notice a person receives must be, whichever capability queued it (contract, Notices):
it links to the page that acts on it, and it shows no UTC machine time in anything a person reads."""
import re
from urllib.parse import urlsplit

# `2026-12-01T22:15:28Z`, `2026-12-01 22:15`, `2026-12-05`: machine forms; `12月2日 06:15` is ours.
MACHINE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}|T\d{2}:\d{2}")
# `consultation_answered`, `supplement_requested`: a code where a person expects words.
MACHINE_WORD = re.compile(r"[a-z]+(_[a-z]+)+")
# The page that acts on a notice, by who receives it.
# A bureau's page names its bureau, so it signs in with that bureau's account (outbox.signed_in_link).
ACTING_PAGES = {
    # a consultation, a commission; the annual assessment (the workbench); a self-registration's decision
    "lawyer": re.compile(r"^/h5/lawyer(\?consultation=[^&]+|/commissions\?commission=[^&]+"
                         r"|\?assessment=[^&]+|/join\?request=[^&]+)$"),
    "citizen": re.compile(r"^/h5/((consultations|applications|commissions)/[^/?]+|me/privacy)(\?bureau=[0-9]{6})?$"),
    "staff": re.compile(r"^/h5/staff/(consultations|applications)/[^/?]+(\?bureau=[0-9]{6})?$"),
    # a 热点普法 article mass-sent to every follower of the bureau's account (issue 13)
    "followers": re.compile(r"^/h5/topics/[0-9]{8}-[0-9a-f]{12}\?bureau=[0-9]{6}$"),
}


def problems(note):
    """Why `note` fails a reader (empty when it does not)."""
    payload, found = note.payload or {}, []
    url = payload.get("url") or ""
    split = urlsplit(url)
    path = split.path + (f"?{split.query}" if split.query else "")
    if not ACTING_PAGES[note.audience].match(path):
        found.append(f"{note.idempotency_key}: links to {url!r}, not the page that acts on it")
    subject = next((v for v in (payload.get("data") or {}).values() if str(v) in path), None)
    if url and subject is None and note.audience != "citizen":
        found.append(f"{note.idempotency_key}: {url!r} is not the page of the notice's subject")
    texts = [str(v) for v in (payload.get("data") or {}).values()] + [payload.get("text") or ""]
    for text in texts:
        if MACHINE_TIME.search(re.sub(r'href="[^"]*"', "", text)):
            found.append(f"{note.idempotency_key}: machine time in {text!r}")
        if MACHINE_WORD.fullmatch(text):
            found.append(f"{note.idempotency_key}: a code, not words, in {text!r}")
    if note.channel in ("custom", "mass") and f'href="{url}"' not in (payload.get("text") or ""):
        found.append(f"{note.idempotency_key}: the text has no link to tap")
    return found


def assert_people_can_read(notes):
    found = [p for note in notes for p in problems(note)]
    assert not found, "\n".join(found)
