"""WeChat message XML: a parser that refuses hostile documents before any expansion, and the
XML-safe primitives replies are built from (Jinja2 templates in templates/wechat/ use `cdata`).

Stdlib only: expat with handlers that abort on any DOCTYPE, entity declaration, external entity or
processing instruction. expat reports the DOCTYPE before it reads the internal subset, so an entity bomb
is refused before a single entity is declared. (No byte pre-check for "<!DOCTYPE": a citizen may type
that inside a CDATA question, and a pre-check would refuse the message where the parser accepts it.)
"""
import re
from xml.parsers import expat

from .errors import BodyTooLarge, ProtocolError

MAX_BODY_BYTES = 64 * 1024
ROOT = "xml"
MAX_ARTICLES = 8  # WeChat: at most 8 cards per passive news reply (only 1 shows after a user message)

# Characters XML 1.0 forbids anywhere, even in CDATA; WeChat rejects a reply that contains one.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _refuse(*_args):
    raise ProtocolError("hostile_xml")


class _FlatCollector:
    """Collects the text of each child of the root; deeper structure (menu scan/pic events) is dropped."""

    def __init__(self):
        self.depth = 0
        self.tag = None
        self.fields = {}
        self.parts = []

    def start(self, name, _attrs):
        self.depth += 1
        if self.depth == 1 and name != ROOT:
            raise ProtocolError("malformed_xml")
        if self.depth == 2:
            # WeChat never repeats a field; a repeated FromUserName would be ambiguous, so refuse it.
            if name in self.fields:
                raise ProtocolError("malformed_xml")
            self.tag, self.parts = name, []

    def end(self, _name):
        if self.depth == 2:
            self.fields[self.tag] = "".join(self.parts)
            self.tag = None
        self.depth -= 1

    def text(self, data):
        if self.depth == 2:
            self.parts.append(data)


def parse_message(body, *, max_bytes=MAX_BODY_BYTES):
    """The flat {tag: text} of a WeChat `<xml>` document, or BodyTooLarge / ProtocolError."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    body = body or b""
    if len(body) > max_bytes:
        raise BodyTooLarge("body_too_large")
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.ProcessingInstructionHandler = _refuse
    collector = _FlatCollector()
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.text
    try:
        parser.Parse(body, True)
    except (expat.ExpatError, ValueError, UnicodeError) as exc:
        raise ProtocolError("malformed_xml") from exc
    return collector.fields


def xml_text(value):
    """`value` as text XML 1.0 can carry: characters it forbids are dropped."""
    return _NOT_XML_CHAR.sub("", str(value))


def cdata(value):
    """A CDATA section holding `value` verbatim; `]]>` inside is split across two sections so it cannot
    close the section early and inject markup."""
    return "<![CDATA[" + xml_text(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _header(to_user, from_user, create_time, msg_type):
    return (f"<ToUserName>{cdata(to_user)}</ToUserName><FromUserName>{cdata(from_user)}</FromUserName>"
            f"<CreateTime>{int(create_time)}</CreateTime><MsgType>{cdata(msg_type)}</MsgType>")


def text_reply(*, to_user, from_user, create_time, content):
    """A passive text reply; `to_user` is the citizen's openid, `from_user` the account's id."""
    return f"<xml>{_header(to_user, from_user, create_time, 'text')}<Content>{cdata(content)}</Content></xml>"


def news_reply(*, to_user, from_user, create_time, articles):
    """A passive news (article card) reply; each article a dict with title, description, pic_url, url."""
    if not 1 <= len(articles) <= MAX_ARTICLES:
        raise ValueError(f"a news reply holds 1 to {MAX_ARTICLES} articles")
    items = "".join(
        f"<item><Title>{cdata(a.get('title', ''))}</Title>"
        f"<Description>{cdata(a.get('description', ''))}</Description>"
        f"<PicUrl>{cdata(a.get('pic_url', ''))}</PicUrl><Url>{cdata(a.get('url', ''))}</Url></item>"
        for a in articles)
    return (f"<xml>{_header(to_user, from_user, create_time, 'news')}"
            f"<ArticleCount>{len(articles)}</ArticleCount><Articles>{items}</Articles></xml>")


def envelope(*, encrypt, signature, timestamp, nonce):
    """The encrypted reply WeChat expects in compatible/safe mode."""
    return (f"<xml><Encrypt>{cdata(encrypt)}</Encrypt><MsgSignature>{cdata(signature)}</MsgSignature>"
            f"<TimeStamp>{int(timestamp)}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>")
