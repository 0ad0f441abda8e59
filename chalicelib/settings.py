"""Every setting the platform reads, from the environment, with local defaults.

The contract's variables (STAGE, WECHAT_*, TABLE_NAME, UPLOAD_BUCKET, AWS_*) come first; the rest are
business knobs (timings, counts, amounts) that later capabilities read from here, never from literals.
"""
import json
import os
from dataclasses import dataclass, field, fields

from chalicelib.commissions.policy import CommissionPolicy

LOCAL_DEFAULTS = {
    "STAGE": "local",
    "WECHAT_APPID": "wx0000000000local",
    "WECHAT_APPSECRET": "local-app-secret",
    "WECHAT_TOKEN": "zhangshangtong",
    "WECHAT_ENCODING_AES_KEY": "",
    "WECHAT_API_BASE": "https://api.weixin.qq.com",
    "TABLE_NAME": "zhangshangtong-local",
    "UPLOAD_BUCKET": "zhangshangtong-uploads",
    "AWS_REGION": "us-east-1",
    "SESSION_SECRET": "local-session-secret-change-me",
    "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    "DEFAULT_BUREAU": "360722",  # 江西省赣州市信丰县司法局 (GB/T 2260 code of its division)
    "DEFAULT_BUREAU_NAME": "信丰县司法局",
    "DEFAULT_BUREAU_SHORT_NAME": "信丰",
    "LOG_LEVEL": "INFO",
}


def _env(name):
    value = os.environ.get(name)
    return LOCAL_DEFAULTS.get(name, "") if value is None else value


def _default_bureau():
    """DEFAULT_BUREAU, or BUREAU_COUNTY (its name before issue 10, read as an alias for one release:
    docs/decisions/many-bureaus.md §8 drops it at the contract step)."""
    return (os.environ.get("DEFAULT_BUREAU") or os.environ.get("BUREAU_COUNTY")
            or LOCAL_DEFAULTS["DEFAULT_BUREAU"])


def _int(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


# -- consultations (issue 4): every timing, count and amount of dispatch, answers and award ---------
TIER_SOURCES = ("duty", "county", "city", "province", "national")
# The plan bench/sla_sim.py measures (docs/sla.md): two duty lawyers and two pool lawyers at once
# (county first, the city filling in); then, only while nobody has answered, 5 of the city and
# province at 2 minutes and 10 of the national pool at 4, 6 and 7.
DEFAULT_TIERS = ("duty@0x2,county+city@0x2,city+province@2x5<1,national@4x10<1,national@6x10<1,"
                 "national@7x10<1")
AUTO_CLOSE_POLICIES = ("none", "best_rated", "first")


@dataclass(frozen=True)
class Tier:
    """One step of dispatch: at `delay_minutes` after opening, notify up to `count` new lawyers, taken
    from `sources` in order (a later source only fills what an earlier one could not) — but only
    while the consultation has fewer than `below` answers (0: the policy's answer minimum)."""
    sources: tuple
    delay_minutes: float
    count: int
    below: int = 0

    def threshold(self, answer_min):
        return self.below or answer_min


def parse_tiers(text):
    """`source[+source]@minutes x count[<answers]`, comma separated:
    "county@0x3,city+province@3x4,national@6x10<1" (the last step only while nobody has answered)."""
    tiers = []
    for part in (p.strip() for p in (text or "").split(",") if p.strip()):
        try:
            sources, rest = part.split("@")
            rest, below = rest.split("<") if "<" in rest else (rest, "0")
            delay, count = rest.lower().split("x")
            tier = Tier(tuple(s.strip() for s in sources.split("+")), float(delay), int(count),
                        int(below))
        except ValueError:
            raise ValueError(
                f"consultation tier {part!r} is not source[+source]@minutes x count[<answers]")
        if not set(tier.sources) <= set(TIER_SOURCES) or tier.delay_minutes < 0 or tier.count < 0 \
                or tier.below < 0:
            raise ValueError(f"consultation tier {part!r}: sources are {TIER_SOURCES}, numbers >= 0")
        tiers.append(tier)
    return tuple(sorted(tiers, key=lambda t: t.delay_minutes))


def _hours(name, default):
    value = os.environ.get(name)
    return default if not value else tuple(int(h) for h in value.split(","))


@dataclass(frozen=True)
class ConsultationPolicy:
    """The knobs of consultations. The SLA simulation tunes policy through these only."""
    tiers: tuple = field(default_factory=lambda: parse_tiers(
        os.environ.get("CONSULT_TIERS") or DEFAULT_TIERS))
    answer_cap: int = field(default_factory=lambda: _int("CONSULT_ANSWER_CAP", 5))
    answer_min: int = field(default_factory=lambda: _int("CONSULT_ANSWER_MIN", 3))
    # A dispatched lawyer still silent after this many minutes (0: never) is reminded once, if the
    # consultation then has fewer than lawyer_reminder_below answers (1: only while nobody has).
    lawyer_reminder_minutes: float = field(
        default_factory=lambda: _int("CONSULT_LAWYER_REMINDER_MINUTES", 5))
    lawyer_reminder_below: int = field(
        default_factory=lambda: _int("CONSULT_LAWYER_REMINDER_BELOW", 1))
    staff_alert_minutes: float = field(default_factory=lambda: _int("CONSULT_STAFF_ALERT_MINUTES", 9))
    sla_minutes: float = field(default_factory=lambda: _int("CONSULT_SLA_MINUTES", 10))
    award_reminder_hours: float = field(
        default_factory=lambda: _int("CONSULT_AWARD_REMINDER_HOURS", 48))
    auto_close_days: float = field(default_factory=lambda: _int("CONSULT_AUTO_CLOSE_DAYS", 7))
    # "Answering has closed" tells a lawyer to stop working on a question: sent only to lawyers
    # notified within this many hours (0: always). A lawyer released days later (by the award or
    # auto-close) learns nothing from it and is released quietly; the workbench shows it closed.
    closed_notice_hours: float = field(
        default_factory=lambda: _int("CONSULT_CLOSED_NOTICE_HOURS", 24))
    auto_close_policy: str = field(
        default_factory=lambda: os.environ.get("CONSULT_AUTO_CLOSE_POLICY") or "none")
    # 值班律师: staff name up to duty_max_per_shift lawyers per shift; each takes at most
    # duty_hourly_limit questions an hour. Off: the "duty" source of a tier yields nobody.
    duty_roster: bool = field(default_factory=lambda: (os.environ.get("CONSULT_DUTY_ROSTER") or "on")
                              .lower() in ("1", "on", "true", "yes"))
    duty_max_per_shift: int = field(default_factory=lambda: _int("CONSULT_DUTY_MAX_PER_SHIFT", 2))
    duty_hourly_limit: int = field(default_factory=lambda: _int("CONSULT_DUTY_HOURLY_LIMIT", 6))
    duty_shift_hours: tuple = field(  # China-time hours at which shifts start
        default_factory=lambda: _hours("CONSULT_DUTY_SHIFT_HOURS", (0, 8, 16)))
    daily_limit: int = field(default_factory=lambda: _int("CONSULT_DAILY_LIMIT", 5))
    # Photos and voice notes one consultation may hold (the H5 form's photos count too): an item
    # past DynamoDB's 400 KB could never be written again, answers to it included.
    attachment_cap: int = field(default_factory=lambda: _int("CONSULT_ATTACHMENT_CAP", 20))
    payout_default_fen: int = field(default_factory=lambda: _int("CONSULT_PAYOUT_DEFAULT_FEN", 3000))
    pool_slack: int = field(default_factory=lambda: _int("CONSULT_POOL_SLACK", 2))

    def __post_init__(self):
        if self.auto_close_policy not in AUTO_CLOSE_POLICIES:
            raise ValueError(f"CONSULT_AUTO_CLOSE_POLICY must be one of {AUTO_CLOSE_POLICIES}")
        if not 0 < self.answer_min <= self.answer_cap:
            raise ValueError("consultations need 0 < answer minimum <= answer cap")


@dataclass(frozen=True)
class Settings:
    stage: str = field(default_factory=lambda: _env("STAGE"))
    wechat_appid: str = field(default_factory=lambda: _env("WECHAT_APPID"))
    wechat_appsecret: str = field(default_factory=lambda: _env("WECHAT_APPSECRET"))
    wechat_token: str = field(default_factory=lambda: _env("WECHAT_TOKEN"))
    wechat_encoding_aes_key: str = field(default_factory=lambda: _env("WECHAT_ENCODING_AES_KEY"))
    wechat_previous_aes_key: str = field(
        default_factory=lambda: os.environ.get("WECHAT_PREVIOUS_ENCODING_AES_KEY", ""))
    wechat_api_base: str = field(default_factory=lambda: _env("WECHAT_API_BASE").rstrip("/"))
    # CloudWatch namespace of the app's EMF metrics (chalicelib/metrics.py); the stack sets it,
    # empty (local, tests) writes none.
    metrics_namespace: str = field(default_factory=lambda: os.environ.get("METRICS_NAMESPACE") or "")
    # The bureau's token relay (中控服务器, docs/egress.md): empty means ask WeChat directly.
    wechat_token_relay_url: str = field(default_factory=lambda: _env("WECHAT_TOKEN_RELAY_URL"))
    wechat_token_relay_key: str = field(default_factory=lambda: _env("WECHAT_TOKEN_RELAY_KEY"))
    table_name: str = field(default_factory=lambda: _env("TABLE_NAME"))
    upload_bucket: str = field(default_factory=lambda: _env("UPLOAD_BUCKET"))
    aws_region: str = field(default_factory=lambda: (
        os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        or LOCAL_DEFAULTS["AWS_REGION"]))
    # Endpoints: service-specific variables win over the generic one (boto3's own precedence).
    dynamodb_endpoint: str = field(default_factory=lambda: (
        os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL") or ""))
    s3_endpoint: str = field(default_factory=lambda: (
        os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or ""))
    session_secret: str = field(default_factory=lambda: _env("SESSION_SECRET"))
    public_base_url: str = field(default_factory=lambda: _env("PUBLIC_BASE_URL").rstrip("/"))
    # The bureau of `/wechat` and of every item written without one; a county bureau's code is its
    # county's, so `bureau_county` (what intake and the seeds read today) is the same value.
    default_bureau: str = field(default_factory=_default_bureau)
    default_bureau_name: str = field(default_factory=lambda: _env("DEFAULT_BUREAU_NAME"))
    default_bureau_short_name: str = field(
        default_factory=lambda: _env("DEFAULT_BUREAU_SHORT_NAME"))
    bureau_county: str = field(default_factory=_default_bureau)
    # `on` (the expand phase): readers of the default bureau also read the legacy, bureau-less
    # partitions; `off` once `python -m migrations.m010_bureaus --contract` has verified that none
    # is left (docs/decisions/many-bureaus.md §8, the contract step).
    legacy_reads: str = field(default_factory=lambda: os.environ.get("LEGACY_READS") or "on")
    log_level: str = field(default_factory=lambda: _env("LOG_LEVEL"))
    # Official Accounts' secrets (docs/decisions/many-bureaus.md §1): SSM Parameter Store under
    # `<ssm_prefix>/accounts/<account>/` when set (`/zhangshangtong/<stage>` on AWS); else, and as a
    # fallback, LOCAL_ACCOUNTS, JSON {account: {appid, appsecret, token, aes_key, original_id?}};
    # the default bureau's account may also come from the WECHAT_* variables (until step 14).
    ssm_prefix: str = field(default_factory=lambda: (os.environ.get("SSM_PREFIX") or "").rstrip("/"))
    local_accounts: dict = field(
        default_factory=lambda: json.loads(os.environ.get("LOCAL_ACCOUNTS") or "{}"))

    # AWS client budget on the webhook path: WeChat waits 5 s for a reply.
    aws_connect_timeout: int = field(default_factory=lambda: _int("AWS_CONNECT_TIMEOUT", 1))
    aws_read_timeout: int = field(default_factory=lambda: _int("AWS_READ_TIMEOUT", 2))
    aws_max_attempts: int = field(default_factory=lambda: _int("AWS_MAX_ATTEMPTS", 2))

    # 热点普法 pushes (WeChat 群发) an account may make in a China month (issue 13,
    # chalicelib/guides/push.py); a service account's own monthly allowance is the ceiling.
    mass_sends_per_month: int = field(default_factory=lambda: _int("MASS_SENDS_PER_MONTH", 4))

    # Time-to-live of short-lived records, in seconds.
    dedupe_ttl: int = field(default_factory=lambda: _int("DEDUPE_TTL_SECONDS", 3600))
    session_ttl: int = field(default_factory=lambda: _int("SESSION_TTL_SECONDS", 2 * 3600))
    upload_grant_ttl: int = field(default_factory=lambda: _int("UPLOAD_GRANT_TTL_SECONDS", 600))

    # Outbox delivery: attempts before a notification is parked for staff; WeChat template ids by
    # message kind, {"<template_key>": {"template": "<id>", "subscribe": "<id>"}}.
    notification_max_attempts: int = field(
        default_factory=lambda: _int("NOTIFICATION_MAX_ATTEMPTS", 6))
    wechat_templates: dict = field(
        default_factory=lambda: json.loads(os.environ.get("WECHAT_TEMPLATES") or "{}"))

    # Consultations: tiers, answer counts, reminders, auto-close, duty roster, limits, payouts.
    consultation: ConsultationPolicy = field(default_factory=ConsultationPolicy)
    # Commissions (issue 12): push rounds, expiry, a directed commission's wait.
    commission: CommissionPolicy = field(default_factory=CommissionPolicy)

    @property
    def is_local(self):
        return self.stage == "local"

    def contract_values(self):
        """The contract variables and their effective values (for `make run` to print)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_current = None


def get_settings():
    """The process-wide settings, read from the environment on first use."""
    global _current
    if _current is None:
        _current = with_stored_secrets(Settings())
    return _current


def with_stored_secrets(settings):
    """On AWS (SSM_PREFIX set), the secrets come from SSM Parameter Store (platform_secrets)."""
    if not settings.ssm_prefix or settings.is_local:
        return settings
    from chalicelib import aws
    from chalicelib.platform_secrets import with_secrets

    return with_secrets(settings, aws.client("ssm", settings), os.environ)


def reset_settings():
    """Forget the cached settings (tests that change the environment call this)."""
    global _current
    _current = None
