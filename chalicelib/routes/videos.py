"""普法视频 (issue 13): staff create videos, upload the file as a multipart upload straight to the
bucket, add a cover and WebVTT subtitles, publish and unpublish (`/api/staff/videos…`, page
`/h5/staff/videos`); anyone lists and watches a bureau's published ones (`/api/videos…`, pages
`/h5/videos…`, chalicelib/routes/video_pages.py); a citizen's play is counted. Rules: chalicelib/videos/."""
from chalice import Blueprint

from chalicelib.videos import attachments, catalog, multipart, views
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)
STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
ID = {"video_id": {"type": "string", "pattern": catalog.VIDEO_ID, "example": "20261202-0123456789ab"}}
KIND = {"kind": {"type": "string", "enum": sorted(attachments.KINDS)}}
CODE = {"type": "string", "pattern": "[0-9]{6}", "description": "司法局代码；缺省为默认司法局"}
STRS = {"type": "array", "items": STR}
META = {"video_id": STR, "title": STR, "series": NSTR, "tags": STRS, "awards": STRS, "summary": STR,
        "views": {"type": "integer"}, "published_at": NSTR}
STAFF_VIDEO = {"type": "object", "required": ["video_id", "title", "status", "version"], "properties": {
    **META, "status": {"type": "string", "enum": ["draft", "published"]}, "version": {"type": "integer"},
    "has_video": {"type": "boolean"}, "has_cover": {"type": "boolean"}, "has_subtitles": {"type": "boolean"},
    "size": {"type": "integer", "nullable": True}, "filename": NSTR, "upload_under_way": {"type": "boolean"},
    "created_at": STR}}
PUBLIC_VIDEO = {"type": "object", "required": ["video_id", "title"], "properties": {
    **META, "cover_url": NSTR, "video_url": NSTR, "subtitles_url": NSTR, "links_expire_at": STR}}
PUBLIC_LIST = {"type": "object", "required": ["items"], "properties": {
    "items": {"type": "array", "items": PUBLIC_VIDEO}, "next": NSTR, "series": NSTR, "all_series": STRS}}
FIELDS = {"title": {"type": "string", "maxLength": 200}, "series": {"type": "string", "maxLength": 100, "nullable": True},
          "tags": {"type": "array", "maxItems": 50, "items": {"type": "string", "maxLength": 100}},
          "awards": {"type": "array", "maxItems": 50, "items": {"type": "string", "maxLength": 200}},
          "summary": {"type": "string", "maxLength": 4000}}
VERSION = {"version": {"type": "integer", "minimum": 1}}
WRITE = {"type": "object", "required": ["title"], "additionalProperties": False, "properties": FIELDS}
EDIT = {"type": "object", "required": ["title", "version"], "additionalProperties": False,
        "properties": {**FIELDS, **VERSION}}
ONLY_VERSION = {"type": "object", "required": ["version"], "additionalProperties": False, "properties": VERSION}
SIZE = {"type": "integer", "minimum": 0, "maximum": 2 ** 53}
START = {"type": "object", "required": ["version", "content_type", "size"], "additionalProperties": False,
         "properties": {**VERSION, "content_type": {"type": "string", "maxLength": 100}, "size": SIZE,
                        "filename": {"type": "string", "maxLength": 255}}}
PARTS = {"type": "object", "properties": {"upload_id": STR, "part_size": {"type": "integer"}, "expires_at": STR,
         "version": {"type": "integer"}, "parts": {"type": "array", "items": {"type": "object", "properties": {
             "part_number": {"type": "integer"}, "url": STR, "start": {"type": "integer"}, "end": {"type": "integer"}}}}}}
COMPLETE = {"type": "object", "required": ["version", "upload_id"], "additionalProperties": False,
            "properties": {**VERSION, "upload_id": {"type": "string", "maxLength": 1024}}}
GRANT = {"type": "object", "required": ["content_type", "size"], "additionalProperties": False,
         "properties": {"content_type": {"type": "string", "maxLength": 100}, "size": SIZE,
                        "filename": {"type": "string", "maxLength": 255}}}
POST = {"type": "object", "properties": {"url": STR, "fields": {"type": "object"}, "expires_at": STR,
                                         "max_bytes": {"type": "integer"}, "version": {"type": "integer"}}}
VIEWED = {"type": "object", "properties": {"counted": {"type": "boolean"}, "views": {"type": "integer"}}}


def ctx():
    container = services()
    container.table()
    return container.clock.now(), container.s3(), container.settings.upload_bucket


def _bureau(call):
    return call.query.get("bureau") or getattr(call.caller, "bureau", None) or services().settings.default_bureau


def staff(path, summary, methods=("GET",), response=STAFF_VIDEO, **kwargs):
    return json_route(bp, path, methods=list(methods), auth="staff", response=response, tags=("staff",),
                      summary=summary, **kwargs)


@staff("/api/staff/videos", "本局的普法视频（草稿和已发布）",
       response={"type": "object", "properties": {"items": {"type": "array", "items": STAFF_VIDEO}}})
def staff_list(call):
    ctx()
    return views.staff_list(call.caller)


@staff("/api/staff/videos", "新建一个普法视频（标题、系列、标签、获奖、简介）", ("POST",), body=WRITE, status=201)
def create(call):
    return views.staff_item(catalog.create(call.caller, call.body, ctx()[0]))


@staff("/api/staff/videos/{video_id}", "一个视频", params=ID)
def staff_item(call):
    ctx()
    return views.staff_own(call.caller, call.params["video_id"])


@staff("/api/staff/videos/{video_id}", "修改视频信息（须带上读取时的 version）", ("PUT",), params=ID, body=EDIT)
def edit(call):
    return views.staff_item(catalog.edit(call.caller, call.params["video_id"], call.body, ctx()[0]))


@staff("/api/staff/videos/{video_id}/upload", "开始分段上传视频（MP4，≤ 2 GB）：每段一个预签名 PUT 地址",
       ("POST",), params=ID, body=START, response=PARTS, status=201)
def upload_start(call):
    now, s3, bucket = ctx()
    return multipart.start(call.caller, call.params["video_id"], call.body, s3, bucket, now)


@staff("/api/staff/videos/{video_id}/upload/complete", "各段上传完后完成上传，检查大小和格式",
       ("POST",), params=ID, body=COMPLETE)
def upload_complete(call):
    now, s3, bucket = ctx()
    return views.staff_item(multipart.complete(call.caller, call.params["video_id"], call.body, s3, bucket, now))


@staff("/api/staff/videos/{video_id}/files/{kind}", "上传封面（JPEG/PNG ≤ 2 MB）或字幕（WebVTT ≤ 512 KB）：预签名 POST",
       ("POST",), params={**ID, **KIND}, body=GRANT, response=POST, status=201)
def file_grant(call):
    now, s3, bucket = ctx()
    return attachments.grant(call.caller, call.params["video_id"], call.params["kind"], call.body, s3, bucket, now)


@staff("/api/staff/videos/{video_id}/files/{kind}/confirm", "确认封面或字幕已上传（检查大小和内容）",
       ("POST",), params={**ID, **KIND}, body=ONLY_VERSION)
def file_confirm(call):
    now, s3, bucket = ctx()
    return views.staff_item(attachments.confirm(call.caller, call.params["video_id"], call.params["kind"],
                                                call.body, s3, bucket, now))


@staff("/api/staff/videos/{video_id}/publish", "发布视频（须已上传视频文件）", ("POST",), params=ID, body=ONLY_VERSION)
def publish(call):
    return views.staff_item(catalog.publish(call.caller, call.params["video_id"], call.body, ctx()[0]))


@staff("/api/staff/videos/{video_id}/unpublish", "撤回已发布的视频", ("POST",), params=ID, body=ONLY_VERSION)
def unpublish(call):
    return views.staff_item(catalog.unpublish(call.caller, call.params["video_id"], call.body, ctx()[0]))


@json_route(bp, "/api/videos", response=PUBLIC_LIST, tags=("public",), summary="已发布的普法视频，新的在前，可按系列筛选，分页",
            query={"bureau": CODE, "series": {"type": "string", "maxLength": 30},
                   "before": {"type": "string", "maxLength": 60}})
def public_list(call):
    _, s3, bucket = ctx()
    return views.public_list(_bureau(call), s3, bucket, call.query.get("series"), call.query.get("before"))


@json_route(bp, "/api/videos/{video_id}", response=PUBLIC_VIDEO, tags=("public",), params=ID, query={"bureau": CODE},
            summary="一个已发布的视频：视频、封面、字幕的临时地址（15 分钟内有效，支持 Range 分段读取）")
def public_item(call):
    now, s3, bucket = ctx()
    return views.public_item(_bureau(call), call.params["video_id"], s3, bucket, now)


@json_route(bp, "/api/videos/{video_id}/views", methods=["POST"], response=VIEWED, tags=("citizen",), params=ID,
            query={"bureau": CODE}, auth="citizen", summary="记一次播放（同一会话同一视频每天只记一次）")
def count_view(call):
    now = ctx()[0]
    return views.count_view(call.caller, _bureau(call), call.params["video_id"], now)
