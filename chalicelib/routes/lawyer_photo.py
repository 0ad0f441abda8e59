"""A lawyer's portrait (issue 12): the grant of its upload (`POST /api/lawyer/photo/grant`) and its
confirmation (`PUT /api/lawyer/photo`), from the lawyer's own page /h5/lawyer/services. Rules:
chalicelib/directory/portrait.py."""
import secrets

from chalice import Blueprint

from chalicelib.directory import portrait
from chalicelib.routes.directory import TAGS, own_profile, presigner
from chalicelib.web.edge import json_route

bp = Blueprint(__name__)

PHOTO = {"type": "object", "required": ["filename", "content_type", "size"],
         "additionalProperties": False, "properties": {
             "filename": {"type": "string", "minLength": 1, "maxLength": 255},
             "content_type": {"type": "string", "minLength": 1, "maxLength": 100},
             "size": {"type": "integer", "minimum": 0}}}
GRANT = {"type": "object", "required": ["upload_id", "url", "fields"]}
CONFIRM = {"type": "object", "required": ["upload_id"], "additionalProperties": False, "properties": {
    "upload_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}}}
SHOWN = {"type": "object", "required": ["photo_url"]}


@json_route(bp, "/api/lawyer/photo/grant", methods=["POST"], auth="lawyer", body=PHOTO, response=GRANT,
            status=201, tags=TAGS, summary="上传我的头像（社区律师名录中显示；JPEG/PNG，≤ 2 MB）")
def photo_grant(call):
    _, _, container = own_profile(call.caller)
    return portrait.grant(call.caller, call.body, s3=container.s3(),
                          bucket=container.settings.upload_bucket, now=container.clock.now(),
                          new_id=lambda: secrets.token_hex(8),
                          ttl_seconds=container.settings.upload_grant_ttl)


@json_route(bp, "/api/lawyer/photo", methods=["PUT"], auth="lawyer", body=CONFIRM, response=SHOWN,
            tags=TAGS, summary="确认已上传的头像：核验后显示在我的公开资料中（替换原头像）")
def confirm_photo(call):
    me, _, container = own_profile(call.caller)
    return portrait.confirm(me, call.caller, call.body["upload_id"], s3=container.s3(),
                            bucket=container.settings.upload_bucket, presign=presigner(container))


@json_route(bp, "/api/lawyer/photo", methods=["DELETE"], auth="lawyer", tags=TAGS,
            summary="删除我的头像（名录中改为显示姓氏）")
def remove_photo(call):
    me, _, container = own_profile(call.caller)
    return portrait.remove(me, s3=container.s3(), bucket=container.settings.upload_bucket)
