"""The retention steps of a decided lawyer self-registration (AP-182, docs/privacy.md §2): the
licence photo's key dropped, then a refused request deleted with the openid's pointer to it. The
sweep (chalicelib/privacy/retention.py) decides; each write is conditional, so a repeated or
concurrent step changes nothing more."""
from pynamodb.exceptions import DeleteError, UpdateError

from chalicelib.db.joins import JoinLatest, JoinRequest
from chalicelib.db.writes import condition_failed


def retention_step(req, retain_until):
    """AP-182: the licence photo's key dropped and the next step due at `retain_until` (None: no
    more steps), on condition no other sweep took this step; False when one did."""
    read, req.retain_until = req.retain_until, retain_until
    try:
        req.update(actions=[JoinRequest.photo_key.remove(),
                            JoinRequest.retain_until.set(retain_until) if retain_until
                            else JoinRequest.retain_until.remove()] + req.due_actions(),
                   condition=JoinRequest.retain_until == read)
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def forget_refused(req):
    """AP-182: delete a refused request whose period is over, and the openid's pointer while it
    still names it (a newer request keeps its own). Idempotent."""
    for item, condition in ((JoinLatest(openid=req.openid, request_id=req.request_id, status="refused"),
                             JoinLatest.request_id == req.request_id),
                            (req, JoinRequest.status == "refused")):
        try:
            item.delete(condition=condition)
        except DeleteError as exc:
            if not condition_failed(exc):
                raise
