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


@bp.route("/health/sweep", methods=["GET"])
def health_sweep():
    """When the minute's sweep last ran and how late its oldest due item was (make smoke)."""
    from chalicelib.db import sweep_runs
    from chalicelib.wiring import services

    container = services()
    container.table()
    return sweep_health(sweep_runs.last(), container.clock.now())


SWEEP_STALE_SECONDS = 180  # the alarm's threshold too: three missed minutes


def sweep_health(last, now):
    from chalicelib.clock import parse_instant

    if last is None:
        return {"ok": False, "last_run_at": None, "age_seconds": None}
    age = int((now - parse_instant(last["ran_at"])).total_seconds())
    return {"ok": age <= SWEEP_STALE_SECONDS and last["oldest_due_seconds"] <= SWEEP_STALE_SECONDS,
            "last_run_at": last["ran_at"], "age_seconds": age, **last}
