"""Opening a consultation: its number, the category a chat message suggests, the record to write.

Pure functions: the caller supplies now, the categories and randomness, and writes what is returned
(in the chat path, inside the transaction that also records the message as handled).
"""
import re
import secrets
from dataclasses import dataclass, field

from chalicelib.clock import iso
from chalicelib.consultations import DEFAULT_CATEGORY, NEW_STATUS, QUESTION_MAX, QUESTION_MIN
from chalicelib.db.consultations import Consultation
from chalicelib.workdays import china_date

# Crockford's base32: no I, L, O, U, so a number read out over the phone is not misheard.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SUFFIX_LENGTH = 6  # 30 random bits a day; a collision is refused by the conditional put and retried
_MEANINGFUL = re.compile(r"[^\W_]")  # letters, digits and CJK; not punctuation, spaces, emoji


def new_consultation_id(now, random_bits=secrets.randbits):
    """`ZX<China date>-<6 base32>`: sortable by day, unguessable, short enough to read aloud."""
    value = random_bits(5 * _SUFFIX_LENGTH)
    suffix = "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(_SUFFIX_LENGTH)))
    return f"ZX{china_date(now):%Y%m%d}-{suffix}"


def meaningful_length(text):
    """Characters that carry meaning (letters, digits, CJK) — spaces, punctuation, emoji do not count."""
    return len(_MEANINGFUL.findall(text or ""))


def reads_as_question(text):
    """Whether a chat message is worth a lawyer's time: ≥ 10 meaningful characters, not a run of one
    or two characters ("哈哈哈哈哈…"), not a bare link or number."""
    chars = _MEANINGFUL.findall(text or "")
    if len(chars) < QUESTION_MIN or len(set(chars)) < 5:
        return False
    stripped = text.strip().lower()
    if stripped.startswith(("http://", "https://", "www.")) and " " not in stripped:
        return False
    return sum(not c.isdigit() for c in chars) >= 5


def suggest_category(text, categories):
    """The code of the category whose keywords cover most of `text` (longer keywords weigh more, so
    "劳动合同" beats "合同"); ties go to display order; `other` when no keyword appears."""
    best, best_score = DEFAULT_CATEGORY, 0
    for category in categories:
        score = sum(len(k) for k in (category.keywords or []) if k and k in text)
        if score > best_score:
            best, best_score = category.code, score
    return best


@dataclass
class Opened:
    """What opening a consultation writes: the consultation first, then anything issue 4 adds
    (dispatch records, the day counter, outbox notifications), all in one transaction."""
    consultation: Consultation
    puts: list = field(default_factory=list)


def open_consultation(*, openid, question, category, source, county, now, new_id=new_consultation_id):
    """A new consultation in its first status, ready to be written (nothing is written here)."""
    consultation = Consultation(
        id=new_id(now), openid=openid, category=category or DEFAULT_CATEGORY,
        question=question.strip()[:QUESTION_MAX], source=source, county=county, status=NEW_STATUS,
        created_at=iso(now), attachments=[])
    return Opened(consultation, [consultation])
