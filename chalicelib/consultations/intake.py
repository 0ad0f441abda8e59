"""Opening a consultation: its number, the category a chat message suggests, the record to write.

Chat: pure functions — the caller supplies now, the categories and randomness, and writes what is
returned inside the transaction that also records the message as handled; the webhook may make no
other call, so the daily allowance of a chat consultation is taken when it starts (lifecycle.start).
H5: `submit` validates, takes the allowance and writes, in one transaction — with the photos the
citizen attached (photos.py), checked and copied before it and used once within it.
"""
import re
import secrets
from dataclasses import dataclass, field

from chalicelib.clock import iso
from chalicelib.consultations import (
    DEFAULT_CATEGORY, NEW_STATUS, QUESTION_MAX, QUESTION_MIN, photos as photo_rules)
from chalicelib.db import consultations as consultations_db
from chalicelib.db.effects import CommitError, Effects, create
from chalicelib.db.store import TABLE
from chalicelib.errors import Conflict, Invalid, TooMany
from chalicelib.numbering import readable_number
from chalicelib.workdays import china_date

_MEANINGFUL = re.compile(r"[^\W_]")  # letters, digits and CJK; not punctuation, spaces, emoji


def new_consultation_id(now, random_bits=secrets.randbits):
    """`ZX<China date>-<6 base32>`: sortable by day, unguessable, short enough to read aloud."""
    return readable_number("ZX", now, random_bits)


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
    """What opening a consultation from chat writes (as conditional puts, in the inbox's dedupe
    transaction): the consultation, due at once, so the sweep starts it — takes the day's
    allowance, dispatches its first tier — if nothing started it sooner."""
    consultation: object  # the Consultation (db/consultations.py)
    puts: list = field(default_factory=list)


def open_consultation(*, openid, question, category, source, county, now, new_id=new_consultation_id,
                      bureau=None):
    """A new consultation in its first status, ready to be written (nothing is written here).
    `bureau`: where it was asked; absent means the default bureau."""
    consultation = consultations_db.new_consultation(
        id=new_id(now), openid=openid, category=category or DEFAULT_CATEGORY,
        question=question.strip()[:QUESTION_MAX], source=source, county=county, status=NEW_STATUS,
        created_at=iso(now), attachments=[], bureau=bureau or None)
    return Opened(consultation, [consultation])


# -- the H5 form -----------------------------------------------------------------------------------
SHARE_NOTICE = ("您的问题将推送给司法局组织的执业律师解答，律师看到的内容与您填写的一致；"
                "本县以外的律师看到的问题会隐去身份证号和电话号码。请勿在问题中填写不必要的个人信息。"
                "律师解答仅供参考，每条咨询由司法局统一支付律师报酬，您无需付费。")


def validate_question(question, category, ctx):
    """The question as it will be stored; 400 when it is too short or the category is unknown."""
    question = (question or "").strip()
    if meaningful_length(question) < QUESTION_MIN:
        raise Invalid(f"问题至少需要 {QUESTION_MIN} 个字（标点和空格不计），请写清事情经过和您想问的",
                      code="question_too_short")
    if len(question) > QUESTION_MAX:
        raise Invalid(f"问题最多 {QUESTION_MAX} 个字", code="question_too_long")
    if category not in ctx.categories:
        raise Invalid("请从列表中选择咨询类别", code="unknown_category")
    return question


def daily_limit_reached(ctx):
    limit = ctx.policy.daily_limit
    return TooMany(f"您今天已提交 {limit} 次法律咨询，达到每日上限（每人每天最多 {limit} 次）。"
                   "请明天再来；紧急情况可拨打 12348 公共法律服务热线。", code="daily_limit_reached")


def _landed(c, openid, store):
    stored = store.consultation(c.id)
    return stored is not None and stored.openid == openid


def submit(*, openid, question, category, county, ctx, region_of, new_id=new_consultation_id,
           photos=(), s3=None, bucket=None):
    """Open a consultation from the H5 form: the day's allowance and the consultation are written in
    ONE transaction, so a sixth one in a China day is refused (429) and nothing is written.
    `region_of(county)` gives (city, province), or (None, None) for a code that is no county.
    `photos` are upload ids of the citizen's photo grants; each is checked and copied to the
    consultation's folder in `bucket` before the transaction, which uses the grants once."""
    question = validate_question(question, category, ctx)
    grants = photo_rules.chosen(openid, list(photos), ctx.store)
    county = county or ctx.bureau_county
    city, province = region_of(county)
    if not city:
        raise Invalid("没有这个县（区）代码", code="unknown_county")
    day = china_date(ctx.now).isoformat()
    for attempt in range(2):
        c = open_consultation(openid=openid, question=question, category=category, source="h5",
                              county=county, now=ctx.now, new_id=new_id,
                              bureau=ctx.bureau).consultation
        c.counted, c.city, c.province, c.start_at = True, city, province, iso(ctx.now)
        c.attachments = photo_rules.copy_in(c.id, grants, s3=s3, bucket=bucket, now=ctx.now,
                                            store=ctx.store)
        writes = Effects()
        consultations_db.take_day_allowance(writes, openid, day, ctx.policy.daily_limit, ctx.now)
        writes.append(create(c, "consultation"))
        photo_rules.claim(writes, grants, c.id)
        try:  # the token makes a retry of a commit whose answer was lost a no-op, not a refusal
            ctx.commit(writes, token=c.id)
        except CommitError:
            if _landed(c, openid, ctx.store):  # refused only in appearance: this very write is stored
                photo_rules.tidy(grants, s3=s3, bucket=bucket)
                return c
            photo_rules.release(c.attachments, s3=s3, bucket=bucket)
            if ctx.store.day_count(openid, day) >= ctx.policy.daily_limit:
                raise daily_limit_reached(ctx)
            if photo_rules.taken(openid, grants, ctx.store):
                raise Conflict("照片已随其他咨询提交，请重新上传", code="photo_used")
            continue  # the number was taken (or a racing write): draw another
        photo_rules.tidy(grants, s3=s3, bucket=bucket)
        return c
    raise Conflict("提交未完成，请重试", code="consultation_conflict")


def notice_seen(openid, store=TABLE):
    """Whether the citizen has been shown the sharing notice (recorded on their profile)."""
    profile = store.citizen(openid)
    return bool(profile is not None and (profile.consents or {}).get("share_question"))


def record_notice(openid, now, store=TABLE):
    """Remember that the citizen saw the notice (a profile is created for one who never followed)."""
    profile = store.citizen(openid)
    consents = dict(profile.consents or {}) if profile is not None else {}
    consents["share_question"] = iso(now)
    store.commit([consultations_db.consents_recorded(openid, consents)])
