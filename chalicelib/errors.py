"""Domain errors. Capabilities raise these; the edge maps them to HTTP in one place."""


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, *, code=None, details=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details_list(details, message)


# What a detail may say beside its `field` and `message` (web/openapi.py declares exactly these).
DETAIL_EXTRAS = ("kind", "label", "material", "value", "upload_id", "status", "action")


def details_list(details, message=""):
    """`details` as the contract declares it: a list of objects, one per field, item or file
    concerned, each naming its `field` and saying in words what is wrong with it (`message`, the
    error's own message when a detail has none of its own)."""
    if details is None:
        return None
    if isinstance(details, dict):
        details = [details]
    shaped = []
    for d in details:
        d = dict(d) if isinstance(d, dict) else {"value": d}
        d.setdefault("field", "")
        d.setdefault("message", message)
        shaped.append(d)
    return shaped


class Invalid(DomainError):
    status, code = 400, "invalid"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class TooLarge(DomainError):
    status, code = 413, "too_large"


class Unprocessable(DomainError):
    status, code = 422, "unprocessable"


class TooMany(DomainError):
    status, code = 429, "too_many_requests"
