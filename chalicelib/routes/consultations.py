"""Consultation routes for citizens and lawyers. Routes only translate HTTP to calls of chalicelib/consultations; anyone who may not see a consultation
gets 404, exactly as for one that does not exist."""
import logging

from chalice import Blueprint

from chalicelib import scoping

from chalicelib.consultations import (
    access, answers, award, followups, intake, lifecycle, photos, ratings, sla)
from chalicelib.consultations import ANSWER_MAX_CHARS, FOLLOWUP_MAX_CHARS
from chalicelib.consultations.context import context
from chalicelib.consultations.dispatch import region_chain
from chalicelib.db import consultations as db
from chalicelib.logs import log
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

ID = {"type": "string", "minLength": 1, "maxLength": 64}
OPEN = {"type": "object", "required": ["category", "question"], "additionalProperties": False,
        "properties": {"category": {"type": "string", "minLength": 1, "maxLength": 40},
                       "question": {"type": "string", "minLength": 1, "maxLength": 2000},
                       "county": {"type": "string", "pattern": "[0-9]{6}"},
                       "photos": {"type": "array", "maxItems": photos.MAX_PHOTOS, "items": ID}}}
PHOTO = {"type": "object", "required": ["filename", "content_type", "size"],
         "additionalProperties": False, "properties": {
             "filename": {"type": "string", "minLength": 1, "maxLength": 255},
             "content_type": {"type": "string", "minLength": 1, "maxLength": 100},
             "size": {"type": "integer", "minimum": 0}}}
GRANT = {"type": "object", "required": ["upload_id", "url", "fields"], "properties": {
    "upload_id": {"type": "string"}, "url": {"type": "string"}, "fields": {"type": "object"},
    "expires_at": {"type": "string"}, "max_bytes": {"type": "integer"}}}
TEXT = {"type": "object", "required": ["body"], "additionalProperties": False,
        "properties": {"body": {"type": "string", "minLength": 1, "maxLength": ANSWER_MAX_CHARS}}}
# A follow-up is shorter than an answer (followups.post_followup checks it): declared as checked.
FOLLOWUP = {"type": "object", "required": ["body"], "additionalProperties": False,
            "properties": {"body": {"type": "string", "minLength": 1, "maxLength": FOLLOWUP_MAX_CHARS}}}
AWARD = {"type": "object", "required": ["answer_id"], "additionalProperties": False,
         "properties": {"answer_id": ID}}
RATING = {"type": "object", "required": ["stars"], "additionalProperties": False, "properties": {
    "stars": {"type": "integer", "minimum": 1, "maximum": 5},
    "comment": {"type": "string", "maxLength": 500}, "answer_id": ID}}
CONSULTATION = {"type": "object", "required": ["id", "status"], "properties": {
    "id": {"type": "string"}, "status": {"type": "string"}, "status_label": {"type": "string"},
    "question": {"type": "string"}, "answers": {"type": "array", "items": {"type": "object"}},
    "share_notice": {"type": "string"}}}
LIST = {"type": "array", "items": {"type": "object"}}
TAGS = ("consultations",)


def _ctx(now=None):
    return context(services(), now)


def _bucket():
    container = services()
    return container.s3(), container.settings.upload_bucket


def _presign(key, seconds):
    """A GET link to a stored photo (signed locally: the S3 client is made only when one is shown)."""
    s3, bucket = _bucket()
    return s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key},
                                     ExpiresIn=seconds)


def _citizens(call):
    """404, as for a missing one, unless the consultation is the caller's own at their bureau."""
    scoping.citizen_owned(db.consultation(call.params["consultation_id"]), call.caller,
                          answers.not_found())


def _view(consultation_id, caller):
    return access.view(consultation_id, caller, _presign)


# -- citizens ----------------------------------------------------------------------------------------
@json_route(bp, "/api/consultation-photos", methods=["POST"], body=PHOTO, response=GRANT, status=201,
            auth="citizen", tags=TAGS,
            summary="为咨询申请上传一张照片（JPEG/PNG/HEIC，≤ 10 MB）：返回直传对象存储的预签名表单")
def photo_grant(call):
    ctx, (s3, bucket) = _ctx(), _bucket()
    return photos.grant(call.caller.openid, call.body, s3=s3, bucket=bucket, now=ctx.now,
                        new_id=ctx.new_id, ttl_seconds=services().settings.upload_grant_ttl)


@json_route(bp, "/api/consultations", methods=["POST"], body=OPEN, response=CONSULTATION, status=201,
            auth="citizen", tags=TAGS, summary="提交法律咨询（每人每天最多 5 次）")
def open_consultation(call):
    # A consultation belongs to the bureau it was asked at: the one whose account the citizen
    # signed in on (design §5)
    ctx, openid = context(services(), bureau=call.caller.bureau), call.caller.openid
    first_time = not intake.notice_seen(openid, ctx.store)
    s3, bucket = _bucket() if call.body.get("photos") else (None, None)
    c = intake.submit(openid=openid, question=call.body["question"], category=call.body["category"],
                      county=call.body.get("county"), ctx=ctx, region_of=region_chain,
                      photos=call.body.get("photos", []), s3=s3, bucket=bucket)
    try:  # tier 1 now; if this fails the sweep starts it within a minute (it is due already)
        lifecycle.start(c.id, ctx)
    except Exception:
        log("consultation_start_deferred", logging.WARNING, exc_info=True, consultation=c.id)
    body = _view(c.id, call.caller)
    if first_time:
        intake.record_notice(openid, ctx.now, ctx.store)
        body["share_notice"] = intake.SHARE_NOTICE
    return body


@json_route(bp, "/api/consultations", auth="citizen", response=LIST, tags=TAGS,
            summary="我的法律咨询（最新的在前）")
def my_consultations(call):
    _ctx()
    return [access.summary(c) for c in db.citizen_consultations(call.caller.openid, limit=50)
            if c.entity == "Consultation" and scoping.citizens_own(c, call.caller)]


@json_route(bp, "/api/consultation-notice", auth="citizen", tags=TAGS,
            response={"type": "object", "required": ["text", "seen"]},
            summary="咨询须知（问题将推送给律师）：内容与是否已看过")
def share_notice(call):
    _ctx()
    return {"text": intake.SHARE_NOTICE, "seen": intake.notice_seen(call.caller.openid)}


@json_route(bp, "/api/consultations/{consultation_id}", auth=("citizen", "lawyer", "staff"),
            response=CONSULTATION, tags=TAGS, summary="咨询详情（提问市民、被推送的律师、工作人员可见）")
def show(call):
    _ctx()
    return _view(call.params["consultation_id"], call.caller)


@json_route(bp, "/api/consultations/{consultation_id}/award", methods=["POST"], body=AWARD,
            response=CONSULTATION, auth="citizen", tags=TAGS, summary="选定中标回答（只能一次）")
def award_answer(call):
    ctx = _ctx()
    _citizens(call)
    c = award.award(call.params["consultation_id"], call.body["answer_id"], ctx=ctx,
                    openid=call.caller.openid)
    return _view(c.id, call.caller)


@json_route(bp, "/api/consultations/{consultation_id}/rating", methods=["POST"], body=RATING,
            status=201, auth="citizen", tags=TAGS, summary="评价律师的解答（1–5 星，只能一次）")
def rate(call):
    _citizens(call)
    return ratings.rate(call.params["consultation_id"], call.body["stars"], call.body.get("comment"),
                        answer_id=call.body.get("answer_id"), openid=call.caller.openid, ctx=_ctx())


@json_route(bp, "/api/consultations/{consultation_id}/answers/{answer_id}/followups",
            methods=["POST"], body=FOLLOWUP, status=201, auth=("citizen", "lawyer"), tags=TAGS,
            summary="追问或回复追问（提问市民与该回答的律师之间）")
def followup(call):
    f = followups.post_followup(call.params["consultation_id"], call.params["answer_id"],
                                call.body["body"], caller=call.caller, ctx=_ctx())
    return {"id": f.followup_id, "author": f.author, "body": f.body, "created_at": f.created_at}


# -- lawyers -----------------------------------------------------------------------------------------
@json_route(bp, "/api/lawyer/inbox", auth="lawyer", response=LIST, tags=TAGS,
            summary="推送给我、尚待解答的咨询")
def inbox(call):
    ctx = _ctx()
    return [access.inbox_entry(d, ctx) for d in db.lawyer_inbox(call.caller.lawyer_id)
            if d.state == "open"]


@json_route(bp, "/api/lawyer/answers", auth="lawyer", response=LIST, tags=TAGS,
            summary="我的解答（最新的在前），用于查看追问")
def my_answers(call):
    _ctx()
    return access.lawyer_answers(call.caller.lawyer_id)


@json_route(bp, "/api/consultations/{consultation_id}/answers", methods=["POST"], body=TEXT,
            status=201, auth="lawyer", tags=TAGS, summary="律师解答（每位被推送的律师一次，至少 30 字，不得留联系方式）")
def answer(call):
    a = answers.post_answer(call.params["consultation_id"], call.body["body"],
                            lawyer_id=call.caller.lawyer_id, ctx=_ctx())
    return {"id": a.answer_id, "created_at": a.created_at}


@json_route(bp, "/api/consultations/{consultation_id}/answers/{answer_id}", methods=["PUT", "PATCH"],
            body=TEXT, auth="lawyer", tags=TAGS, summary="修改自己的解答（选定中标回答之前）")
def edit(call):
    a = answers.edit_answer(call.params["consultation_id"], call.params["answer_id"],
                            call.body["body"], lawyer_id=call.caller.lawyer_id, ctx=_ctx())
    return {"id": a.answer_id, "body": a.body, "edited_at": a.edited_at}

