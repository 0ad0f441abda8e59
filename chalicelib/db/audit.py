"""The audit trail's writes (AP-91: AuditEntry `AUDIT#<bureau>#<date>`, db/applications.py)."""
from chalicelib.db.applications import AuditEntry


def new_entry(**fields):
    """An audit entry not yet written (a transaction writes it with its change)."""
    return AuditEntry(**fields)


def record(**fields):
    """Write a new audit entry of `fields` (its id is fresh: a plain put)."""
    entry = AuditEntry(**fields)
    entry.save()
    return entry


def write(entry):
    """Write an audit entry built elsewhere (chalicelib/applications/lifecycle.audit)."""
    entry.save()
    return entry
