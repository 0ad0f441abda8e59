"""Every setting the platform reads, from the environment, with local defaults.

The contract's variables (STAGE, WECHAT_*, TABLE_NAME, UPLOAD_BUCKET, AWS_*) come first; the rest are
business knobs (timings, counts, amounts) that later capabilities read from here, never from literals.
"""
import json
import os
from dataclasses import dataclass, field, fields

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
    "BUREAU_COUNTY": "360722",  # 江西省赣州市信丰县
    "LOG_LEVEL": "INFO",
}


def _env(name):
    value = os.environ.get(name)
    return LOCAL_DEFAULTS.get(name, "") if value is None else value


def _int(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


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
    bureau_county: str = field(default_factory=lambda: _env("BUREAU_COUNTY"))
    log_level: str = field(default_factory=lambda: _env("LOG_LEVEL"))

    # AWS client budget on the webhook path: WeChat waits 5 s for a reply.
    aws_connect_timeout: int = field(default_factory=lambda: _int("AWS_CONNECT_TIMEOUT", 1))
    aws_read_timeout: int = field(default_factory=lambda: _int("AWS_READ_TIMEOUT", 2))
    aws_max_attempts: int = field(default_factory=lambda: _int("AWS_MAX_ATTEMPTS", 2))

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
        _current = Settings()
    return _current


def reset_settings():
    """Forget the cached settings (tests that change the environment call this)."""
    global _current
    _current = None
