"""`make wechat-templates`: list an Official Account's templates at WeChat and say which notice kinds
have none or whose keywords don't fit (chalicelib/template_check.py).

    python -m chalicelib.admin.templates --account 360722      (a bureau code, or lawyers)

Asks WeChat through the account's own API client and shared access token (the table's token item,
renewed under its lease; docs/egress.md: from a whitelisted IP or through the token relay). Exit 0
when every kind fits, 1 when some need attention, 2 when the account or WeChat cannot be reached.
"""
import argparse
import sys

from chalicelib import template_check
from chalicelib.wechat.api import ApiError


def run(account, *, client, configured, default_bureau, out):
    """Fetch both template lists with `client`, print the report; the exit status."""
    templates = template_check.listed(client.private_templates(), _subscribe_list(client))
    findings = template_check.check(account, configured, templates, default_bureau)
    for line in template_check.report(account, findings, templates):
        print(line, file=out)
    return 0 if all(f.ok for f in findings) else 1


def _subscribe_list(client):
    """The subscribe templates; an account without 订阅通知 enabled answers an error: none then."""
    try:
        return client.subscribe_templates()
    except ApiError as exc:
        if exc.errcode is None:  # unreachable: not a fact about the account
            raise
        return []


def main(argv=None, out=sys.stdout):
    from chalicelib.wiring import services

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--account", help="a bureau code or lawyers (default: the default bureau)")
    args = parser.parse_args(argv)
    container = services()
    container.table()
    account = args.account or container.settings.default_bureau
    config = container.accounts().resolve(account)
    client = container.wechat_api(account) if config is not None else None
    if client is None:
        print(f"refused: account {account} is unknown or has no secrets "
              "(python -m chalicelib.admin.bureaus account)", file=sys.stderr)
        return 2
    try:
        return run(account, client=client, configured=config.templates,
                   default_bureau=container.settings.default_bureau, out=out)
    except ApiError as exc:
        print(f"refused: WeChat did not list the templates: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
