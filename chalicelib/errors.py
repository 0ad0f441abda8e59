"""Domain errors. Capabilities raise these; the edge maps them to HTTP in one place."""


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, *, code=None, details=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details_list(details)


def details_list(details):
    """`details` as the contract declares it: a list of objects (one per field, item or file)."""
    if details is None:
        return None
    if isinstance(details, dict):
        return [details]
    return [d if isinstance(d, dict) else {"value": d} for d in details]


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
