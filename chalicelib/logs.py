"""Structured JSON logs with a request id, and no personal data.

Callers log events with fields they choose; a last-line filter masks anything shaped like a
mainland ID number or mobile phone number, in case a message ever carries one.
"""
import json
import logging
import re
import sys

_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_logger = logging.getLogger("zhangshangtong")


def redact(text):
    return _PHONE.sub("1**********", _ID_NUMBER.sub("******************", text))


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {"level": record.levelname, "logger": record.name, "event": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        # A lone surrogate from a client's text would make the whole line unwritable to stdout.
        return redact(_LONE_SURROGATE.sub("\ufffd", line))


def configure(level="INFO"):
    """Install the JSON formatter once (Lambda and chalice local both call this at import)."""
    if getattr(_logger, "_configured", False):
        return _logger
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    _logger.handlers[:] = [handler]
    _logger.setLevel(level)
    _logger.propagate = False
    _logger._configured = True
    return _logger


def log(event, level=logging.INFO, exc_info=None, **fields):
    configure()
    _logger.log(level, event, exc_info=exc_info, extra={"fields": fields})
