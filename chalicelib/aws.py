"""AWS clients, created lazily and once per process, with a budget that fits WeChat's 5 s reply."""
import functools


@functools.lru_cache(maxsize=None)
def _client(service, region, endpoint, connect_timeout, read_timeout, max_attempts):
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=connect_timeout, read_timeout=read_timeout,
                    retries={"total_max_attempts": max_attempts, "mode": "standard"},
                    signature_version="s3v4",
                    s3={"addressing_style": "path"} if endpoint else None)
    return boto3.session.Session().client(service, region_name=region,
                                          endpoint_url=endpoint or None, config=config)


def client(service, settings):
    """The process-wide client for `service` under `settings` (same settings, same client)."""
    endpoint = {"dynamodb": settings.dynamodb_endpoint, "s3": settings.s3_endpoint}.get(service, "")
    return _client(service, settings.aws_region, endpoint, settings.aws_connect_timeout,
                   settings.aws_read_timeout, settings.aws_max_attempts)
