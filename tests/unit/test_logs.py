"""Logs are JSON lines and never carry an ID number or phone number."""
import json
import logging

from chalicelib.logs import JsonFormatter, redact


def test_id_numbers_and_phone_numbers_are_masked():
    text = redact("身份证 36072219900101123X 电话 13812345678 编号 2026030212")
    assert "36072219900101123X" not in text and "13812345678" not in text
    assert "2026030212" in text  # ordinary numbers stay


def test_a_log_record_is_one_json_object_with_its_fields():
    record = logging.LogRecord("zhangshangtong", logging.INFO, __file__, 1, "request", None, None)
    record.fields = {"request_id": "r1", "status": 200, "note": "call 13912345678"}
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["event"] == "request" and entry["request_id"] == "r1" and entry["status"] == 200
    assert "13912345678" not in line


def test_a_log_line_with_a_lone_surrogate_can_still_be_written():
    # A field holding a lone surrogate (a client's text) must not make the line unwritable to stdout
    record = logging.LogRecord("zhangshangtong", logging.INFO, __file__, 1, "request", None, None)
    record.fields = {"path": "/api/consultations/C\ud800"}
    line = JsonFormatter().format(record)
    assert line.encode("utf-8") and json.loads(line)["path"] == "/api/consultations/C\ufffd"
