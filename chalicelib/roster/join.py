"""A lawyer's self-registration (issue 11, `/h5/lawyer/join`): signed in on the lawyers' account and
following it, a lawyer enters name, licence number, firm, counties and specialties — checked exactly
as a roster line is (roster/lines.py) — with a photo of the licence, uploaded first through the
existing photo grant (consultations/photos.py, refused before consent) and copied here once checked.

The request, the openid's pointer (one pending request per openid: its condition) and a listing per
county are one transaction, which also uses the photo grant up. Staff decide it (join_review.py).
"""
import secrets

from chalicelib.db.writes import TransactWriteError

from chalicelib import uploads
from chalicelib.clock import iso
from chalicelib.consultations import photos
from chalicelib.db import followers, joins, queries
from chalicelib.db.joins import latest
from chalicelib.db.keys import LAWYERS_ACCOUNT
from chalicelib.errors import Conflict, Forbidden, Invalid
from chalicelib.roster.lines import Reference, check
from chalicelib.roster.sheet import Row

PHOTO_FOLDER = "lawyer-join/"


def _region(code):
    return joins.region(code)


def _may_register(caller):
    """Only on the lawyers' account, and only while following it (its notices reach followers)."""
    if caller.account != LAWYERS_ACCOUNT:
        raise Forbidden("请在律师服务号中登记", code="lawyers_account_required")
    if followers.follows_account(LAWYERS_ACCOUNT, caller.openid) is not True:
        raise Conflict("请先关注律师服务号，再登记", code="follow_required")


def view(req, follows=None):
    """The lawyer's own request as the page shows it (no photo key, no staff ids)."""
    if req is None:
        return {"status": "none", "follows": follows}
    return {"status": req.status, "request_id": req.request_id, "name": req.name,
            "licence_no": req.licence_no, "firm": req.firm, "counties": req.counties,
            "specialties": list(req.specialties), "created_at": req.created_at,
            "reason": req.reason, "decided_at": req.decided_at, "follows": follows}


def own(caller):
    """GET /api/lawyer/join: the caller's latest request, and whether they follow the account."""
    return view(latest(caller.openid), followers.follows_account(LAWYERS_ACCOUNT, caller.openid))


def photo_grant(caller, body, *, s3, bucket, now, new_id, ttl_seconds):
    """The licence photo's presigned POST: the existing photo grant, after consent."""
    if body.get("consent") is not True:
        raise Forbidden("上传执业证照片前，请先同意个人信息处理规则", code="consent_required")
    _may_register(caller)
    request = {k: body[k] for k in ("filename", "content_type", "size")}
    return photos.grant(caller.openid, request, s3=s3, bucket=bucket, now=now, new_id=new_id,
                        ttl_seconds=ttl_seconds)


def checked(body, now):
    """The roster line the form makes, or 400 naming every problem (nothing is written)."""
    cells = {"name": body.get("name"), "licence_no": body.get("licence_no"), "firm": body.get("firm"),
             "counties": "、".join(body.get("counties") or []),
             "specialties": "、".join(body.get("specialties") or [])}
    line, problems = check(Row(1, cells), Reference([], queries.categories(), fetch=_region),
                           year=now.year)
    if problems:
        raise Invalid("；".join(problems), code="invalid")
    return line


def _copy_photo(grant, request_id, s3, bucket):
    """Check the uploaded photo (size, first bytes) and copy exactly it under the request."""
    final = f"{PHOTO_FOLDER}{request_id}/licence{uploads.EXTENSIONS[grant.content_type]}"
    return uploads.take(s3, bucket, grant, final, missing="执业证照片没有上传完成，请重新上传",
                        field="photo")


def submit(caller, body, *, s3, bucket, now):
    """POST /api/lawyer/join: one pending request per openid (409 while one is pending)."""
    if body.get("consent") is not True:
        raise Forbidden("提交前，请先同意个人信息处理规则", code="consent_required")
    _may_register(caller)
    line = checked(body, now)
    current = latest(caller.openid)
    if current is not None and current.status == "pending":
        raise Conflict("您已有一份待审核的登记，请等待司法局审核", code="join_pending")
    (grant,) = photos.chosen(caller.openid, [body["photo"]])
    request_id = secrets.token_hex(8)
    key = _copy_photo(grant, request_id, s3, bucket)
    req = joins.new_request(request_id=request_id, openid=caller.openid, account=caller.account,
                            name=line.name, licence_no=line.licence_no, firm=line.firm,
                            county=line.county, serves=list(line.serves),
                            specialties=list(line.specialties), photo_key=key,
                            consented_at=iso(now), created_at=iso(now))
    try:
        joins.write_new(req, grant, f"join:{request_id}")
    except TransactWriteError:
        uploads.discard(s3, bucket, key)  # nothing refers to this copy
        raise Conflict("您已有一份待审核的登记，或照片已被使用，请刷新后重试", code="join_pending")
    uploads.discard(s3, bucket, grant.key)
    return view(req, True)


def county_choices(settings):
    """[(code, name)] of the counties some bureau serves (only their staff can decide a request):
    one Query of GSI1 `BUREAUS` (AP-71) plus the default bureau, then a GetItem per county."""
    from chalicelib import bureaus

    codes = joins.served_regions(bureaus.known_bureau(settings, settings.default_bureau))
    regions = [_region(code) for code in codes]
    return [(r.code, r.name) for r in regions if r is not None and r.level == "county"]
