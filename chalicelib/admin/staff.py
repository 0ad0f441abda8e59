"""A bureau's first admin, from the operator's command line (docs/staff-roles.md, docs/go-live.md):

    python -m chalicelib.admin.staff first-admin --bureau 360722 --name 陈志刚

prints a one-time code (valid 3 days) and the page where the person, following the bureau's
Official Account, redeems it from WeChat. Refused when the bureau has an admin already: from then on
admins invite staff themselves (/h5/staff/members). Runs against TABLE_NAME (and DYNAMODB_ENDPOINT
locally), like `make seed`.
"""
import argparse
import sys

from chalicelib import bureaus
from chalicelib.clock import iso
from chalicelib.errors import DomainError
from chalicelib.staffing import members
from chalicelib.staffing.invites import JOIN_PAGE


def first_admin(bureau, name, *, settings, now, out):
    if bureaus.known_bureau(settings, bureau) is None:
        raise DomainError(f"no bureau {bureau}: run `python -m chalicelib.admin.bureaus create` first",
                          code="bureau_not_found")
    if not name.strip() or len(name) > 20:
        raise DomainError("--name must be 1 to 20 characters", code="invalid_name")
    code, invite = members.first_admin(bureau, name.strip(), now=now)
    print(f"first admin of {bureau} invited: {invite.name}", file=out)
    print(f"one-time code: {code}  (valid until {iso(invite.expires_at)}, usable once)", file=out)
    print(f"open in WeChat, following the bureau's account: "
          f"{settings.public_base_url}{JOIN_PAGE}?bureau={bureau}", file=out)
    return code


def main(argv=None, out=sys.stdout):
    from chalicelib.wiring import services

    parser = argparse.ArgumentParser(description="A bureau's staff, from the operator's side.")
    sub = parser.add_subparsers(dest="command", required=True)
    first = sub.add_parser("first-admin", help="invite a bureau's first admin (a one-time code)")
    first.add_argument("--bureau", required=True)
    first.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    container = services()
    container.table()
    try:
        first_admin(args.bureau, args.name, settings=container.settings, now=container.clock.now(),
                    out=out)
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
