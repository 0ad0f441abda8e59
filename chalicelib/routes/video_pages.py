"""The 普法视频 pages (issue 13): `/h5/videos` (covers, series filter), `/h5/videos/{id}` (the HTML5
player with Chinese WebVTT subtitles, streaming from a 15-minute presigned link) and the staff desk
`/h5/staff/videos`. The JSON routes are chalicelib/routes/videos.py."""
from chalice import Blueprint

from chalicelib.routes.videos import ctx as _ctx
from chalicelib.videos import catalog, views
from chalicelib.web import page_bureau
from chalicelib.web.pages_common import SECURITY_HEADERS, html, page_route
from chalicelib.wiring import services

bp = Blueprint(__name__)


def _code():
    return page_bureau.current(services().settings).code


@page_route(bp, "/h5/videos")
def videos_page(caller):
    _, s3, bucket = _ctx()
    query = bp.current_request.query_params or {}
    series = query.get("series") or None
    listing = views.public_list(_code(), s3, bucket, series[:30] if series else None, query.get("before") or None)
    return html("videos.html.j2", listing=listing)


@page_route(bp, "/h5/videos/{video_id}")
def video_page(caller, video_id):
    now, s3, bucket = _ctx()
    response = html("video.html.j2", video=views.public_item(_code(), video_id, s3, bucket, now))
    # The player streams from the bucket's presigned link: media from there is allowed on this page
    response.headers["Content-Security-Policy"] = (SECURITY_HEADERS["Content-Security-Policy"]
                                                   + "; media-src 'self' blob: https: http:")
    return response


@page_route(bp, "/h5/staff/videos", "staff")
def staff_videos_page(caller):
    _ctx()
    return html("staff_videos.html.j2", listing=views.staff_list(caller), max_title=catalog.MAX_TITLE)
