"""A citizen's request to delete their personal data, and its completion by the bureau's staff
(个人信息保护法 art. 47, art. 50: requests are handled promptly, refusals are explained).

One open request per citizen: the request and its guard (`CITIZEN#<openid>` / `PRIVACY#OPEN`) are
put in one transaction, the guard only if absent. Completing erases what is not legally retained
(chalicelib/privacy/erase.py, idempotent), then — in one transaction, only while the request is
still open — marks it done with what was deleted and what was kept and why, drops the guard and
queues the citizen's notice. A second completion finds it done and changes nothing.
"""
import secrets

from chalicelib import outbox
from chalicelib.clock import iso, parse_instant
from chalicelib.consultations import FINISHED
from chalicelib.db import consultations as cdb, privacy as db
from chalicelib.db.applications import citizen_applications
from chalicelib.db.writes import Cancelled
from chalicelib.errors import Conflict, NotFound
from chalicelib.humantime import moment_text, notice_time

from . import erase, labels, policy

PAGE = "/h5/me/privacy"
RETAINED_APPLICATION = ("已提交的申请属于依法应当保存的办理档案：保存期限内不删除，"
                        "除存储和安全保护外不再处理（个人信息保护法第四十七条第二款）")
OPEN_CONSULTATION = "咨询尚未结束，结束后可再次申请删除"
PROFILE_KEPT = "关注状态和同意记录：用于向您发送通知并证明您的同意；取消关注即删除"
OPEN_COMMISSION = "委托尚未结束（您仍可确认或撤销），结束后可再次申请删除"
CONFLICT_MARKS = ("律师的利益冲突审查记录（对方当事人及您的姓名）：律师不得在同一案件中为双方代理"
                  "（律师法第三十九条），承接委托的律师须据此审查，依法保留；委托的其他内容已删除")


def new_id():
    return secrets.token_hex(8)


def create(openid, bureau, reason, now):
    """Open a deletion request; 409 while another of the citizen's is open."""
    request = db.open_request(request_id=new_id(), openid=openid, bureau=bureau, reason=reason,
                              created_at=iso(now), label=labels.citizen_label(openid))
    if request is None:
        raise Conflict("您已有一项删除请求正在处理，处理完成后会通知您。", code="privacy_request_open")
    return request


def staff_list(bureau, status):
    """AP-123: the bureau's requests in one status, oldest first."""
    return db.privacy_requests(bureau, status)


def staff_request(request_id, bureau):
    """A request of the staff member's bureau; another bureau's is as absent as a random id."""
    found = db.privacy_request(request_id)
    if found is None or found.bureau != bureau:
        raise NotFound("没有找到这项请求", code="not_found")
    return found


def erase_citizen(openid, now, discard_object, account=None):
    """Delete or anonymise what is not legally retained; {"deleted": {kind: n}, "kept": [...]}.
    `account`: the Official Account the openid belongs to (the request's bureau's)."""
    deleted = {"consultations": 0, "drafts": 0, "uploads": 0, "commissions": 0, "follows": 0, "other": 0}
    kept = []
    deleted["commissions"], still_open, confirmed = erase.anonymise_commissions(
        openid, now, placeholder=policy.ERASED)
    kept += [{"kind": "commission", "id": i, "reason": OPEN_COMMISSION} for i in still_open]
    kept += [{"kind": "conflict_marks", "id": i, "reason": CONFLICT_MARKS} for i in confirmed]
    deleted["follows"] = int(erase.forget_unfollowed(account, openid))
    for c in cdb.citizen_consultations(openid, limit=500):
        if c.entity != "Consultation":
            continue
        if c.status not in FINISHED:
            kept.append({"kind": "consultation", "id": c.id, "reason": OPEN_CONSULTATION})
        elif erase.anonymise_consultation(c.id, now, placeholder=policy.ERASED,
                                          discard_object=discard_object):
            deleted["consultations"] += 1
    for app in citizen_applications(openid, limit=500):
        if app.entity != "Application":
            continue
        if app.status == "draft":
            deleted["drafts"] += int(erase.delete_draft(app.application_id,
                                                        discard_object=discard_object))
        else:
            kept.append({"kind": "application", "id": app.application_id,
                         "reason": RETAINED_APPLICATION})
    for item in db.citizen_partition(openid):
        if item.entity == "PhotoGrant":
            discard_object(item.key)
            db.drop(item)
            deleted["uploads"] += 1
        elif item.entity in ("VoiceQuestion", "CitizenDayCount"):
            db.drop(item)
            deleted["other"] += 1
        elif item.entity == "Citizen":
            if item.scene:
                db.forget_scene(item)
            kept.append({"kind": "profile", "id": openid, "reason": PROFILE_KEPT})
    return {"deleted": deleted, "kept": kept}


def notice(request, now, url):
    text = f"您于{moment_text(parse_instant(request.created_at), now)}提交的个人信息删除请求已处理完毕。"
    return outbox.notification(
        idempotency_key=f"privacy:{request.request_id}:done", audience="citizen",
        to_openid=request.openid, template_key="privacy_request_done", now=now, url=url,
        text=text, link_label="查看处理结果", bureau=request.bureau,
        data={"status": "已处理", "note": "个人信息删除请求已处理完毕", "time": notice_time(now)})


def complete(request_id, bureau, staff_id, now, discard_object, public_base_url=""):
    """Erase and close the request; returns (request, notification ids queued)."""
    request = staff_request(request_id, bureau)
    if request.status == db.DONE:
        return request, []
    result = erase_citizen(request.openid, now, discard_object, account=request.bureau)
    note = notice(request, now, public_base_url + PAGE)
    try:
        # kept as proof of how it was handled (art. 50), as long as the access entries
        db.close_request(request, bureau, staff_id, result, iso(now), now + policy.ACCESS_ENTRY, note)
    except Cancelled:
        done = db.privacy_request(request_id)
        if done is not None and done.status == db.DONE:  # a concurrent completion won
            return done, []
        raise
    return db.privacy_request(request_id), [note.notification_id]
