"""Settings come from the environment with local defaults; AWS clients fit the webhook's budget."""
from chalicelib import aws
from chalicelib.clock import FixedClock, iso, parse_instant
from chalicelib.settings import Settings


def test_local_defaults_apply_when_nothing_is_set(env):
    settings = Settings()
    assert settings.stage == "local" and settings.is_local
    assert settings.wechat_api_base == "https://api.weixin.qq.com"
    assert settings.bureau_county == "360722"


def test_set_variables_override_the_local_defaults(env):
    env(WECHAT_API_BASE="http://127.0.0.1:9999/", TABLE_NAME="other", STAGE="prod",
        AWS_ENDPOINT_URL="http://generic:1", AWS_ENDPOINT_URL_S3="http://s3:2")
    settings = Settings()
    assert settings.wechat_api_base == "http://127.0.0.1:9999"
    assert settings.table_name == "other" and not settings.is_local
    assert settings.dynamodb_endpoint == "http://generic:1"  # the generic endpoint applies
    assert settings.s3_endpoint == "http://s3:2"  # the service-specific one wins


def test_aws_clients_are_created_once_with_a_webhook_sized_budget(env):
    # Given the default settings
    settings = Settings()
    # When a client is asked for twice
    first, second = aws.client("dynamodb", settings), aws.client("dynamodb", settings)
    # Then it is one client: connect ≤ 1 s, read ≤ 2 s, at most 2 attempts
    assert first is second
    config = first.meta.config
    assert config.connect_timeout <= 1 and config.read_timeout <= 2
    assert config.retries["total_max_attempts"] <= 2
    aws._client.cache_clear()


def test_event_time_is_parsed_and_stored_as_sortable_utc_text():
    instant = parse_instant("2026-02-16T23:59:30Z")
    assert iso(instant) == "2026-02-16T23:59:30Z"
    assert iso(parse_instant("2026-02-17T07:59:30+08:00")) == "2026-02-16T23:59:30Z"


def test_a_fixed_clock_moves_only_when_told():
    from datetime import timedelta
    clock = FixedClock(parse_instant("2026-01-01T00:00:00Z"))
    clock.advance(timedelta(minutes=3))
    assert iso(clock.now()) == "2026-01-01T00:03:00Z"
