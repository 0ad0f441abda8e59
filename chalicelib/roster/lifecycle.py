"""The rest of a lawyer's lifecycle (issue 11) beside status.py: the sweep's `Lawyer` handler (a
pause's return date, the annual assessment's steps), staff setting the assessment's due date, the
lawyer changing their firm or licence (verification again), and follow changes from WeChat's events.
Each change is `status.commit`: one transaction at the version read, slots and notice included.
"""
from chalicelib.clock import iso
from chalicelib.db import pools, reach
from chalicelib.errors import Invalid, NotFound
from chalicelib.roster import assessment, status
from chalicelib.roster.lines import MAX_TEXT, _licence, hostile, text as cell_text


def lawyer_due(item, now, services):
    """The sweep (registered in wiring.due_handlers): first a return date that has come, then the
    assessment's step that has come. Each is conditional on what it read; replays do nothing."""
    resumed = status.resume_due(item, now, services)
    current = pools.profile(item.lawyer_id)
    step = assessment.due_step(current, now) if current is not None else None
    if step is None:
        return resumed
    base = services.settings.public_base_url
    due, done = current.assessment_due, current.assessment_step

    def still_due(lawyer):
        return lawyer is not None and (lawyer.assessment_due, lawyer.assessment_step) == (due, done)
    written = status.commit(current, lambda lawyer: assessment.changes_for(lawyer, step, now),
                            still_due, notice=lambda lawyer: assessment.notice(lawyer, step, now, base))
    return step if written else "skipped"


def _of_bureau(lawyer_id, regions):
    current = pools.profile(lawyer_id)
    if current is None or not ({current.county, *reach.served(current)} & set(regions)):
        raise NotFound("没有这位律师", code="lawyer_not_found")
    return current


def set_assessment(lawyer_id, due_text, *, staff_id, regions, now):
    """Staff of a bureau serving the lawyer set the next assessment's due date (a new cycle: its
    reminders start again). Another bureau's lawyer is the same 404 as nobody."""
    due = assessment.check_due_date(due_text, now)
    current = _of_bureau(lawyer_id, regions)
    written = status.commit(current, {"assessment_due": due, "assessment_step": None,
                                      "status_by": staff_id, "status_at": iso(now)},
                            lambda lawyer: lawyer is not None)
    return {**status.view(written), "assessment_due": written.assessment_due}


def change_profile(lawyer_id, body, *, now):
    """The lawyer changes their firm or licence number: the profile waits for staff to verify it
    again (`pending_verification`: out of every pool until staff set it active)."""
    current = pools.profile(lawyer_id)
    if current is None:
        raise NotFound("没有这位律师", code="lawyer_not_found")
    if not {"firm", "licence_no"} & set(body):
        raise Invalid("请填写新的律所或执业证号", code="invalid")
    changes = {}
    if "firm" in body:
        firm = cell_text(body["firm"])
        if not firm or len(firm) > MAX_TEXT["firm"] or hostile(body["firm"]):
            raise Invalid(f"律所名称须为 1 到 {MAX_TEXT['firm']} 个字", code="invalid",
                          details={"field": "firm"})
        if firm != current.firm:
            changes["firm"] = firm
    if "licence_no" in body:
        licence, why = _licence(body["licence_no"], now.year)
        if why:
            raise Invalid(why, code="invalid", details={"field": "licence_no"})
        if licence != current.licence_no:
            changes["licence_no"] = licence
    if not changes:
        return status.view(current)
    changes.update(status="pending_verification", paused_until=None, resume_at=None,
                   status_reason="律师修改了" + "、".join(
                       {"firm": "律所", "licence_no": "执业证号"}[f] for f in changes),
                   status_by=lawyer_id, status_at=iso(now))
    written = status.commit(current, changes, lambda lawyer: lawyer is not None)
    return status.view(written)


def follow_changed(lawyer, account, following, at):
    """The lawyer's openid followed or unfollowed `account` at `at` (UTC text): written on the
    profile (in or out of the pools) unless a later event was written already. Returns the profile
    written, or None."""
    def still_wanted(current):
        return current is not None and current.openid == lawyer.openid and \
            (current.follows_at or "") <= at and (current.follows, current.follows_at) != (following, at)
    if not still_wanted(lawyer):
        return None
    return status.commit(lawyer, {"follows": following, "follows_at": at}, still_wanted)
