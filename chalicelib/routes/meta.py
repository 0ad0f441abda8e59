"""Platform-wide routes: health and the OpenAPI description."""
from chalice import Blueprint

from chalicelib.web import openapi

bp = Blueprint(__name__)


@bp.route("/health", methods=["GET"])
def health():
    return {"ok": True}


@bp.route("/openapi.json", methods=["GET"])
def openapi_json():
    return openapi.document()
