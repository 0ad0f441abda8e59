"""Why a WeChat callback was refused: one base class carrying a short reason code and the HTTP status
the route answers with, so the route maps every refusal to a 4xx in one place and never to a 500."""


class WeChatRejected(Exception):
    """A callback we refuse. `reason` is a stable snake_case code, safe to log and to show."""

    http_status = 400

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class SignatureError(WeChatRejected):
    """The request is not provably from WeChat, or not fresh (missing/bad signature, stale timestamp)."""

    http_status = 403


class ProtocolError(WeChatRejected):
    """The request is signed (or not yet checked) but its content breaks the protocol: bad ciphertext,
    wrong appid, malformed or hostile XML."""


class BodyTooLarge(ProtocolError):
    http_status = 413
