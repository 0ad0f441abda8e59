"""Which staff roles may use which staff route: ONE table, read at the edge (docs/staff-roles.md).

A staff member holds a set of roles. `admin` may do everything; every other role opens the routes
listed for it below. A route is `(METHOD, path)` exactly as declared (`/api/...` JSON routes and
`/h5/staff...` pages). A staff route missing from the table is open to admins only (fail closed);
tests/functional/test_staff_role_matrix.py fails on any staff route missing here.

A staff account written before roles existed holds none: it is an admin during the transition (a
bureau's existing staff keep every right until an admin gives them roles).
"""
REVIEWER, DUTY_MANAGER, FINANCE, ADMIN = "reviewer", "duty_manager", "finance", "admin"
STAFF_ROLES = (REVIEWER, DUTY_MANAGER, FINANCE, ADMIN)
LABELS = {REVIEWER: "审查员", DUTY_MANAGER: "值班管理员", FINANCE: "财务", ADMIN: "管理员"}
LEGACY_ROLES = frozenset({ADMIN})  # a staff account without roles (before issue 11)

R, D, F = frozenset({REVIEWER}), frozenset({DUTY_MANAGER}), frozenset({FINANCE})
EVERY = frozenset(STAFF_ROLES)
ADMIN_ONLY = frozenset()  # admin is added to every row below

# (METHOD, path) -> the roles besides admin that may use it.
TABLE = {
    # The staff home: every role lands here (it shows each role what it may open).
    ("GET", "/h5/staff"): EVERY,
    # Applications review (reviewer): the queue, an application, decisions, the working-day
    # calendar, appointment slots and the offices they belong to.
    ("GET", "/api/staff/applications"): R,
    ("GET", "/api/staff/applications/{application_id}"): R,
    ("POST", "/api/staff/applications/{application_id}/decision"): R,
    ("GET", "/api/applications/{application_id}"): R,
    ("GET", "/h5/staff/applications/{application_id}"): R,
    ("GET", "/api/staff/calendar"): R,
    ("POST", "/api/staff/calendar"): R,
    ("GET", "/api/staff/appointment-slots"): R,
    ("POST", "/api/staff/appointment-slots"): R,
    ("GET", "/api/staff/offices"): R,
    # Consultations oversight (reviewer; the duty manager opens the consultation a staff alert
    # links to). Statistics are a report too (finance).
    ("GET", "/api/consultations/{consultation_id}"): R | D,
    ("GET", "/h5/staff/consultations/{consultation_id}"): R | D,
    ("GET", "/api/staff/stats"): R | F,
    # Commissions oversight (issue 12), as for consultations: one by id, the bureau's by status.
    ("GET", "/api/commissions/{commission_id}"): R | D,
    ("GET", "/api/staff/commissions"): R | D,
    ("GET", "/h5/staff/commissions/{commission_id}"): R | D,
    # Their figures per county and month, with the open ones nobody has taken: the duty manager
    # (who chases lawyers), finance (reports) and the reviewer (commissions oversight).
    ("GET", "/api/staff/commissions/stats"): R | D | F,
    ("GET", "/h5/staff/commissions"): R | D | F,
    ("GET", "/h5/staff/stats"): R | F,
    # Duty roster, lawyers' status, binding codes and undelivered notices (duty manager).
    ("GET", "/api/staff/duty"): D,
    ("PUT", "/api/staff/duty/{day}/{shift}"): D,
    ("GET", "/h5/staff/duty"): D,
    ("GET", "/api/staff/lawyers"): D,
    ("GET", "/api/staff/lawyer-search"): D,
    ("GET", "/api/staff/lawyers/{lawyer_id}"): D,
    ("PUT", "/api/staff/lawyers/{lawyer_id}/status"): D,
    ("PUT", "/api/staff/lawyers/{lawyer_id}/assessment"): D,  # the annual assessment's due date
    ("POST", "/api/staff/binding-codes"): D,
    ("GET", "/api/staff/notifications/failed"): D,
    ("POST", "/api/staff/notifications/{notification_id}/retry"): D,
    ("GET", "/h5/staff/ops"): D,
    # The roster import is "staff admin" in the contract (../shared/contract.md): admins only.
    ("POST", "/api/staff/lawyers/import"): ADMIN_ONLY,
    ("GET", "/h5/staff/lawyers/import"): ADMIN_ONLY,
    # A later text of a law (issue 13): laws are national, so admins of the platform's own bureau
    # only (chalicelib/library/law_import.py refuses another bureau's admin).
    ("POST", "/api/staff/laws/{slug}/versions"): ADMIN_ONLY,
    ("GET", "/h5/staff/laws"): ADMIN_ONLY,
    # Lawyers' self-registrations are decided beside the roster, on its page: admins too.
    ("GET", "/api/staff/lawyers/join-requests"): ADMIN_ONLY,
    ("POST", "/api/staff/lawyers/join-requests/{request_id}/approve"): ADMIN_ONLY,
    ("POST", "/api/staff/lawyers/join-requests/{request_id}/refuse"): ADMIN_ONLY,
    # Payouts, settlements, earnings and reports (finance).
    ("GET", "/api/staff/payouts"): F,
    ("GET", "/api/staff/payouts.csv"): F,
    ("GET", "/api/staff/settlements"): F,
    ("POST", "/api/staff/settlements/{month}/prepare"): F,
    ("POST", "/api/staff/settlements/{month}/approve"): F,
    ("POST", "/api/staff/settlements/corrections"): F,
    ("GET", "/h5/staff/settlement"): F,
    ("GET", "/api/staff/dashboard"): F,
    ("GET", "/h5/staff/dashboard"): F,
    # What the bureau publishes in its name, and staff management (admin).
    ("GET", "/api/staff/content"): ADMIN_ONLY,
    ("POST", "/api/staff/content"): ADMIN_ONLY,
    ("DELETE", "/api/staff/content/{slug}"): ADMIN_ONLY,
    ("GET", "/h5/staff/content"): ADMIN_ONLY,
    ("GET", "/api/staff/templates"): ADMIN_ONLY,
    ("POST", "/api/staff/templates"): ADMIN_ONLY,
    ("DELETE", "/api/staff/templates/{template_id}"): ADMIN_ONLY,
    ("GET", "/h5/staff/templates"): ADMIN_ONLY,
    # The bureau's catalogue of lawyers' service items (点单) and price caps: bureau policy, like
    # its published content (issue 12).
    ("GET", "/api/staff/services"): ADMIN_ONLY,
    ("PUT", "/api/staff/services"): ADMIN_ONLY,
    ("GET", "/h5/staff/services"): ADMIN_ONLY,
    # 诉讼指引's venues (the county's court, arbitration commission…): published in the bureau's name.
    ("GET", "/api/staff/venues"): ADMIN_ONLY,
    ("PUT", "/api/staff/venues"): ADMIN_ONLY,
    ("GET", "/h5/staff/venues"): ADMIN_ONLY,
    # 热点普法: articles in the bureau's name and pushes to all its followers (the month's quota).
    ("GET", "/api/staff/topics"): ADMIN_ONLY,
    ("POST", "/api/staff/topics"): ADMIN_ONLY,
    ("POST", "/api/staff/topics/preview"): ADMIN_ONLY,
    ("GET", "/api/staff/topics/{topic_id}"): ADMIN_ONLY,
    ("PUT", "/api/staff/topics/{topic_id}"): ADMIN_ONLY,
    ("POST", "/api/staff/topics/{topic_id}/publish"): ADMIN_ONLY,
    ("POST", "/api/staff/topics/{topic_id}/unpublish"): ADMIN_ONLY,
    ("POST", "/api/staff/topics/{topic_id}/pin"): ADMIN_ONLY,
    ("POST", "/api/staff/topics/{topic_id}/push"): ADMIN_ONLY,
    ("GET", "/h5/staff/topics"): ADMIN_ONLY,
    ("GET", "/h5/staff/topics/{topic_id}"): ADMIN_ONLY,
    ("GET", "/api/staff/videos"): ADMIN_ONLY,
    ("POST", "/api/staff/videos"): ADMIN_ONLY,
    ("GET", "/api/staff/videos/{video_id}"): ADMIN_ONLY,
    ("PUT", "/api/staff/videos/{video_id}"): ADMIN_ONLY,
    ("POST", "/api/staff/videos/{video_id}/upload"): ADMIN_ONLY,
    ("POST", "/api/staff/videos/{video_id}/upload/complete"): ADMIN_ONLY,
    ("POST", "/api/staff/videos/{video_id}/files/{kind}"): ADMIN_ONLY,
    ("POST", "/api/staff/videos/{video_id}/files/{kind}/confirm"): ADMIN_ONLY,
    ("POST", "/api/staff/videos/{video_id}/publish"): ADMIN_ONLY,
    ("POST", "/api/staff/videos/{video_id}/unpublish"): ADMIN_ONLY,
    ("GET", "/h5/staff/videos"): ADMIN_ONLY,
    ("GET", "/api/staff/members"): ADMIN_ONLY,
    ("PUT", "/api/staff/members/{staff_id}/roles"): ADMIN_ONLY,
    ("POST", "/api/staff/invites"): ADMIN_ONLY,
    ("GET", "/h5/staff/members"): ADMIN_ONLY,
    # Citizens' requests under the personal information law (docs/privacy.md): reviewers handle them;
    # who read an application's personal data is for admins to see.
    ("GET", "/api/staff/privacy-requests"): R,
    ("POST", "/api/staff/privacy-requests/{request_id}/complete"): R,
    ("GET", "/h5/staff/privacy"): R,
    ("GET", "/api/staff/access-log"): ADMIN_ONLY,
}


def effective(roles):
    """The roles a staff member acts with: those held, or admin for an account from before roles."""
    if not roles:
        return LEGACY_ROLES
    return frozenset(r for r in roles if r in STAFF_ROLES)  # an unknown name grants nothing


def allowed_roles(method, path):
    """Every role that may use `(method, path)`; admin alone for a route the table does not name."""
    return TABLE.get((method.upper(), path), ADMIN_ONLY) | {ADMIN}


def permits(method, path, roles):
    """Whether a staff member holding `roles` may use `(method, path)`."""
    return bool(allowed_roles(method, path) & effective(roles))


def needed_text(method, path):
    """The roles that open a route, in words (the 无权限 page names them)."""
    return "、".join(LABELS[r] for r in STAFF_ROLES if r in allowed_roles(method, path))
