"""Platform-wide routes: health, the OpenAPI description, and the contract's answer to a path or
method no route takes (chalicelib/web/gateway.py)."""
from chalice import Blueprint

from chalicelib.web import gateway, openapi

bp = Blueprint(__name__)
gateway.install(bp)


@bp.route("/health", methods=["GET"])
def health():
    return {"ok": True}


@bp.route("/openapi.json", methods=["GET"])
def openapi_json():
    return openapi.document()
