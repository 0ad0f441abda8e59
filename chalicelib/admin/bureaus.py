"""Onboard a bureau from the command line (docs/decisions/many-bureaus.md §1).

    python -m chalicelib.admin.bureaus create --code 360723 --name 大余县司法局 --short 大余
    python -m chalicelib.admin.bureaus live   --code 360723
    python -m chalicelib.admin.bureaus suspend --code 360723
    python -m chalicelib.admin.bureaus list

Runs against TABLE_NAME (and DYNAMODB_ENDPOINT locally), like `make seed`.
"""
import argparse
import sys

from pynamodb.exceptions import TransactWriteError, UpdateError

from chalicelib import onboarding
from chalicelib.clock import SystemClock
from chalicelib.db import keys
from chalicelib.db.base import Item, transact_write
from chalicelib.db.bureaus import Bureau, CountyClaim, find_account, find_bureau
from chalicelib.db.models import Region
from chalicelib.reports import monthly


def read_region(code):
    try:
        return Region.get(f"REGION#{code}", "REGION")
    except Region.DoesNotExist:
        return None


def write_new(fields, regions):
    """The Bureau and its county claims in one transaction, each only if absent."""
    bureau = Bureau(**fields)
    try:
        with transact_write() as txn:
            txn.save(bureau, condition=Bureau.PK.does_not_exist())
            for county in regions:
                claim = CountyClaim(county=county, bureau=fields["code"])
                txn.save(claim, condition=CountyClaim.PK.does_not_exist())
            # Its monthly report job, due when this month ends (last: the reasons above stay aligned).
            txn.save(monthly.new_job(fields["code"], SystemClock().now()))
    except TransactWriteError as exc:
        reasons = [getattr(r, "code", None) for r in (exc.cancellation_reasons or [])]
        if not reasons or "ConditionalCheckFailed" not in reasons:
            raise
        if reasons[0] == "ConditionalCheckFailed":
            raise onboarding.OnboardingError(f"bureau {fields['code']} exists already")
        taken = [county for county, reason in zip(regions, reasons[1:]) if reason]
        holders = [_holder(county) for county in taken]
        raise onboarding.OnboardingError(
            "county already served by another bureau: "
            + ", ".join(f"{county} ({holder})" for county, holder in zip(taken, holders)))


def _holder(county):
    try:
        return CountyClaim.get(keys.county_claim_pk(county), keys.BUREAU_SK).bureau
    except CountyClaim.DoesNotExist:
        return "?"


def write_status(code, old, new):
    bureau = Bureau(code=code)
    try:
        bureau.update([Bureau.status.set(new)], condition=Bureau.status == old)
    except UpdateError:
        raise onboarding.OnboardingError(f"bureau {code} changed meanwhile; run the command again")


def main(argv=None, out=sys.stdout):
    from chalicelib.wiring import services

    parser = argparse.ArgumentParser(description="Onboard a bureau onto the platform.")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create a bureau (status onboarding) and claim its counties")
    create.add_argument("--code", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--short", required=True)
    create.add_argument("--level", default="county", choices=("county", "city", "province"))
    create.add_argument("--regions", nargs="*", default=None, help="county codes served")
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
        elif args.command == "list":
            for bureau in Item.gsi1.query(keys.BUREAUS_PARTITION):
                print(f"{bureau.code}  {bureau.short_name:<6} {bureau.status:<10} {bureau.name}", file=out)
        else:
            status = {"live": "live", "suspend": "suspended", "onboarding": "onboarding"}[args.command]
            old, new = onboarding.transition(args.code, status, read_bureau=find_bureau,
                                             read_account=find_account, write_status=write_status)
            print(f"bureau {args.code}: {old} -> {new}", file=out)
    except onboarding.OnboardingError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
