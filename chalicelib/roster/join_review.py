"""Staff decide lawyers' self-registrations (issue 11). A bureau sees the pending requests naming one
of its counties, each beside the roster line for its licence when there is one; approving binds the
openid to that roster lawyer, or creates the lawyer from the request, and refusing records a reason.
Either is ONE transaction — the request and the openid's pointer moved on only while pending, its
listings deleted, the claim of the openid (as the binding code's redeem makes it), the profile and
its slots, and the notice to the lawyer on the account the request came from. A request naming none
of the caller's counties is the same 404 as an id nobody holds.
"""
from chalicelib.db.writes import TransactWriteError

from chalicelib import outbox
from chalicelib.auth.sessions import revoke_all_for_openid
from chalicelib.clock import iso
from chalicelib.humantime import notice_time
from chalicelib.privacy.policy import JOIN_PHOTO
from chalicelib.db import followers, joins, pools, queries, reach
from chalicelib.db import roster as roster_db
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.roster.lines import lawyer_id as lawyer_id_of

PHOTO_SECONDS = 300  # staff's link to the licence photo opens it for five minutes


def _missing():
    return NotFound("没有这份律师登记", code="join_request_not_found")


def _roster_line(lawyer, regions):
    if lawyer is None:
        return None
    if not ({lawyer.county, *reach.served(lawyer)} & set(regions)):
        return {"other_bureau": True}  # nothing of another bureau's lawyer but that it exists
    return {"lawyer_id": lawyer.lawyer_id, "name": lawyer.name, "firm": lawyer.firm,
            "county": lawyer.county, "specialties": list(lawyer.specialties or []),
            "bound": bool(lawyer.openid), "status": lawyer.status or "active"}


def pending(regions, presign):
    """GET /api/staff/lawyers/join-requests: the bureau's pending requests, oldest first."""
    found = joins.pending_in(regions)
    roster = pools.profiles([lawyer_id_of(r.licence_no) for r in found])
    codes = {c for r in found for c in r.counties}
    places = joins.region_names(codes) if codes else {}
    topics = {c.code: c.name for c in queries.categories()} if found else {}
    return [{"request_id": r.request_id, "name": r.name, "licence_no": r.licence_no, "firm": r.firm,
             "counties": r.counties, "specialties": list(r.specialties), "created_at": r.created_at,
             "county_names": [places.get(c, c) for c in r.counties],
             "specialty_names": [topics.get(c, c) for c in r.specialties],
             "photo_url": presign(r.photo_key, PHOTO_SECONDS),
             "roster": _roster_line(roster.get(lawyer_id_of(r.licence_no)), regions)}
            for r in found]


def _ours(request_id, regions):
    req, listings = joins.request(request_id)
    if req is None or not set(req.counties) & set(regions):
        raise _missing()
    if req.status != "pending":
        raise Conflict("这份登记已处理", code="join_decided")
    return req, listings


def _notice(req, state, now, base_url):
    approved = state == "approved"
    return outbox.notification(
        idempotency_key=f"join:{req.request_id}:{state}", audience="lawyer", to_openid=req.openid,
        account=req.account, now=now, template_key=f"lawyer_join_{state}",
        url=f"{base_url.rstrip('/')}/h5/lawyer/join?request={req.request_id}",
        data={"request": req.request_id, "name": req.name, "note": "律师登记已通过审核，可以接单了" if approved
              else f"律师登记未通过：{req.reason}", "time": notice_time(now)})


def refuse(request_id, reason, *, staff_id, regions, now, base_url, on_commit=lambda ids: None):
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid("请写明不通过的原因", code="invalid", details={"field": "reason"})
    req, listings = _ours(request_id, regions)
    req.reason = reason
    try:
        note = _notice(req, "refused", now, base_url)
        joins.write_decision(req, listings, "refused", staff_id=staff_id, at=iso(now),
                             extra={"reason": reason, "retain_until": iso(now + JOIN_PHOTO)}, note=note)
    except TransactWriteError:
        raise Conflict("这份登记已处理", code="join_decided")
    on_commit([note.notification_id])  # the lawyer hears it now, not at the next sweep
    return {"request_id": request_id, "status": "refused", "reason": reason}


def _profile(req, current, regions, follows):
    """The profile the approval writes: the roster lawyer with the openid bound, or a new one."""
    if current is not None:
        if not ({current.county, *reach.served(current)} & set(regions)):
            raise Conflict("该执业证号的律师由其他司法局管理", code="lawyer_other_bureau")
        if current.openid and current.openid != req.openid:
            raise Conflict("该执业证号的律师已绑定其他微信号", code="lawyer_already_bound")
        profile = roster_db.changed(current, {})  # keeps the version read
    else:
        home = joins.region(req.county)
        profile = roster_db.new_profile(lawyer_id=lawyer_id_of(req.licence_no), licence_no=req.licence_no,
                         name=req.name, firm=req.firm, county=req.county,
                         city=home.city or home.parent or req.county,
                         province=home.province or req.county[:2] + "0000",
                         serves=[c for c in req.serves if c != req.county] or None,
                         specialties=list(req.specialties), stars=0,
                         years_in_practice=max(int(req.created_at[:4]) - int(req.licence_no[5:9]), 0))
    profile.openid, profile.openid_account = req.openid, req.account
    profile.follows = follows
    return profile


def approve(request_id, *, staff_id, regions, now, base_url, on_commit=lambda ids: None):
    req, listings = _ours(request_id, regions)
    current = pools.profile(lawyer_id_of(req.licence_no))
    follows = followers.follows_account(req.account, req.openid) is True
    profile, note = _profile(req, current, regions, follows), _notice(req, "approved", now, base_url)
    try:
        joins.write_decision(req, listings, "approved", staff_id=staff_id, at=iso(now),
                             extra={"lawyer_id": profile.lawyer_id, "retain_until": iso(now + JOIN_PHOTO)},
                             note=note, profile=profile,
                             created=current is None)
    except TransactWriteError:
        raise Conflict("登记已处理、该微信号已绑定其他律师或律师资料刚有变化，请刷新后重试",
                       code="join_conflict")
    on_commit([note.notification_id])
    if profile.serves:
        reach.refresh(profile.lawyer_id)
    revoke_all_for_openid(req.openid)  # their citizen session gives way: the next page signs in as lawyer
    return {"request_id": request_id, "status": "approved", "lawyer_id": profile.lawyer_id,
            "created": current is None}
