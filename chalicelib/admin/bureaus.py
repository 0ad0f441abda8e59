"""Onboard a bureau from the command line (docs/decisions/many-bureaus.md §1).

    python -m chalicelib.admin.bureaus create --code 360723 --name 大余县司法局 --short 大余
    echo '{"appsecret": "…", "token": "…", "aes_key": "…"}' | \
      python -m chalicelib.admin.bureaus account --code 360723 --appid wx… --original-id gh_…
    python -m chalicelib.admin.bureaus menu   --code 360723 [--dry-run]
    python -m chalicelib.admin.bureaus templates --code 360723 < templates.json   (or --code lawyers)
    python -m chalicelib.admin.bureaus live   --code 360723
    python -m chalicelib.admin.bureaus suspend --code 360723
    python -m chalicelib.admin.bureaus list

Runs against TABLE_NAME (and DYNAMODB_ENDPOINT locally), like `make seed`. `account` reads the
secrets as JSON on stdin (never from the command line, where `ps` and shell history would keep them)
and puts them in SSM under SSM_PREFIX as SecureStrings; the table gets the public parts only.
"""
import argparse
import json
import sys

from chalicelib import notice_kinds, onboarding
from chalicelib.clock import SystemClock
from chalicelib.db import bureaus as db
from chalicelib.db.bureaus import find_account, find_bureau
from chalicelib.db.keys import LAWYERS_ACCOUNT
from chalicelib.db.queries import region as read_region
from chalicelib.db.writes import Cancelled
from chalicelib.privacy import retention
from chalicelib.reports import monthly


def write_new(fields, regions):
    """The Bureau and its county claims in one transaction, each only if absent."""
    try:
        # With its monthly report job, due when this month ends, and its retention job
        # (docs/privacy.md): consultation content anonymised on time.
        now = SystemClock().now()
        db.create(fields, regions, [monthly.new_job(fields["code"], now),
                                    retention.new_job(fields["code"], now)])
    except Cancelled as exc:
        if not exc.failed:
            raise
        if "bureau" in exc.failed:
            raise onboarding.OnboardingError(f"bureau {fields['code']} exists already")
        taken = [county for county in regions if county in exc.reasons]
        holders = [_holder(county) for county in taken]
        raise onboarding.OnboardingError(
            "county already served by another bureau: "
            + ", ".join(f"{county} ({holder})" for county, holder in zip(taken, holders)))


def _holder(county):
    return db.county_holder(county) or "?"


def set_account(code, appid, original_id, secrets, *, ssm, prefix):
    """Put the account's secrets in SSM and its public parts in the Account item (templates kept).
    `code` is a bureau's, or `lawyers`: the lawyers' platform account, which belongs to no bureau."""
    bureau = None if code == LAWYERS_ACCOUNT else find_bureau(code)
    if bureau is None and code != LAWYERS_ACCOUNT:
        raise onboarding.OnboardingError(f"no bureau {code}: run `create` first")
    name = bureau.account if bureau else LAWYERS_ACCOUNT
    if not prefix:
        raise onboarding.OnboardingError("SSM_PREFIX is not set: secrets go to SSM, never the table")
    values = onboarding.check_account(appid, original_id, secrets, _other_tokens(ssm, prefix, code))
    for field, value in values.items():
        ssm.put_parameter(Name=f"{prefix}/accounts/{name}/{field}", Value=value,
                          Type="SecureString", Overwrite=True)
    existing = find_account(name)
    db.put_account(account=name, appid=appid, original_id=original_id, bureau=bureau and code,
                   mode="safe", templates=existing.templates if existing else {},
                   menu_version=existing.menu_version if existing else None)


def _other_tokens(ssm, prefix, code):
    tokens, token = set(), None
    while True:
        page = ssm.get_parameters_by_path(Path=f"{prefix}/accounts/", Recursive=True,
                                          WithDecryption=True, **({"NextToken": token} if token else {}))
        tokens.update(p["Value"] for p in page.get("Parameters", [])
                      if p["Name"].endswith("/token") and f"/accounts/{code}/" not in p["Name"])
        token = page.get("NextToken")
        if not token:
            return tokens


def publish_menu(code, dry_run, out):
    """Fill, check and publish the menu through the bureau's own account and token."""
    from local import publish_menu as menus
    from chalicelib.wechat.api import ApiError
    from chalicelib.wiring import services

    container = services()
    bureau = find_bureau(code)
    if bureau is None:
        raise onboarding.OnboardingError(f"no bureau {code}")
    menu = onboarding.menu_for(menus.load_menu(container.settings.public_base_url), code)
    found = menus.problems(menu)
    if found:
        raise onboarding.OnboardingError("the menu breaks WeChat's limits: " + "; ".join(found))
    if dry_run:
        print(json.dumps(menu, ensure_ascii=False, indent=2), file=out)
        return 0
    api = container.wechat_api(bureau.account)
    if api is None:
        raise onboarding.OnboardingError(f"bureau {code} has no account secrets: run `account` first")
    try:
        answer = api.menu_create(menu)
    except ApiError as exc:
        raise onboarding.OnboardingError(f"WeChat refused the menu: {exc}")
    print(f"menu of {code} published: {json.dumps(answer, ensure_ascii=False)}", file=out)
    return 0


def set_templates(code, config, default_bureau, resolve=None):
    """Merge the checked templates of `config` into the account's (kind by kind, channel by channel);
    returns the kinds the account still has no template for. An account whose secrets are known
    (`resolve(code)`: SSM, or LOCAL_ACCOUNTS locally) but which has no Account item yet — the
    lawyers' account before `account --code lawyers` — gets one with its appid."""
    account = find_account(code)
    config_known = resolve(code) if account is None and resolve else None
    if account is None and config_known is not None:
        db.put_account(account=code, appid=config_known.appid, original_id=config_known.original_id or None,
                       bureau=config_known.bureau, mode=config_known.mode, templates={})
        account = find_account(code)
    if account is None:
        raise onboarding.OnboardingError(f"no account {code}: run `account` first")
    merged = notice_kinds.merge(account.templates, notice_kinds.normalise(config))
    if not db.set_templates(account, merged):
        raise onboarding.OnboardingError(f"the templates of {code} changed meanwhile; run it again")
    return notice_kinds.missing(code, merged, default_bureau)


def write_status(code, old, new):
    if not db.change_status(code, old, new):
        raise onboarding.OnboardingError(f"bureau {code} changed meanwhile; run the command again")


def main(argv=None, out=sys.stdout, stdin=sys.stdin):
    from chalicelib.wiring import services

    parser = argparse.ArgumentParser(description="Onboard a bureau onto the platform.")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create a bureau (status onboarding) and claim its counties")
    create.add_argument("--code", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--short", required=True)
    create.add_argument("--level", default="county", choices=("county", "city", "province"))
    create.add_argument("--regions", nargs="*", default=None, help="county codes served")
    account = sub.add_parser("account", help="set the Official Account (secrets as JSON on stdin)")
    account.add_argument("--code", required=True)
    account.add_argument("--appid", required=True)
    account.add_argument("--original-id", required=True)
    menu = sub.add_parser("menu", help="publish infra/wechat-menu.json on the bureau's account")
    menu.add_argument("--code", required=True)
    menu.add_argument("--dry-run", action="store_true", help="print the menu, send nothing")
    templates = sub.add_parser("templates", help="set which template carries each notice kind "
                               "(JSON on stdin: {key: {template|subscribe: {id, keywords}}})")
    templates.add_argument("--code", required=True, help="a bureau code, or lawyers")
    for name in ("live", "suspend", "onboarding"):
        sub.add_parser(name, help=f"switch a bureau to {name}").add_argument("--code", required=True)
    sub.add_parser("list", help="the bureaus on the platform")
    args = parser.parse_args(argv)
    services().table()
    try:
        if args.command == "create":
            spec = onboarding.NewBureau(args.code, args.name, args.short, args.level, args.regions)
            regions = onboarding.create(spec, read_region=read_region, write=write_new)
            print(f"bureau {args.code} created (onboarding), serving {', '.join(regions)}", file=out)
        elif args.command == "account":
            try:
                secrets = json.loads(stdin.read() or "{}")
            except ValueError:
                raise onboarding.OnboardingError("stdin must be JSON: {appsecret, token, aes_key}")
            container = services()
            set_account(args.code, args.appid, args.original_id,
                        secrets if isinstance(secrets, dict) else {}, ssm=container.ssm(),
                        prefix=container.settings.ssm_prefix)
            print(f"account of {args.code} set: {args.appid} ({args.original_id}), secrets in SSM",
                  file=out)
        elif args.command == "templates":
            try:
                config = json.loads(stdin.read() or "{}")
            except ValueError:
                raise onboarding.OnboardingError("stdin must be JSON: {key: {channel: {id, keywords}}}")
            left = set_templates(args.code, config, services().settings.default_bureau,
                                 resolve=services().accounts().resolve)
            print(f"templates of {args.code} set"
                  + ("; still without a template: " + ", ".join(f"{k.key} ({k.channel})" for k in left)
                     if left else "; every notice kind it sends has one"), file=out)
        elif args.command == "menu":
            return publish_menu(args.code, args.dry_run, out)
        elif args.command == "list":
            for bureau in db.bureaus():
                print(f"{bureau.code}  {bureau.short_name:<6} {bureau.status:<10} {bureau.name}", file=out)
        else:
            status = {"live": "live", "suspend": "suspended", "onboarding": "onboarding"}[args.command]
            old, new = onboarding.transition(args.code, status, read_bureau=find_bureau,
                                             read_account=find_account, write_status=write_status,
                                             default_bureau=services().settings.default_bureau)
            print(f"bureau {args.code}: {old} -> {new}", file=out)
    except (onboarding.OnboardingError, notice_kinds.TemplatesInvalid) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
