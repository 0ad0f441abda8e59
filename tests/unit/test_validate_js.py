"""The form's checks in the browser (static/js/validate.js) say what the server's do
(chalicelib/applications/formats.py, catalog.py): the same verdict and the same message for the
same input, so a citizen is never told "fine" by the page and "wrong" on submit. Runs the script
in Node (installed with npm for the build), once for all cases."""
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from chalicelib.applications import catalog, formats

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "validate.js"
TODAY = date(2026, 3, 2)
SPECS = {
    "id": {"name": "id", "kind": "id_number", "required": True},
    "phone": {"name": "phone", "kind": "phone", "required": True},
    "date": {"name": "date", "kind": "date", "not_after": "today"},
    "future": {"name": "future", "kind": "date", "not_before": "2026-03-01"},
    "number": {"name": "number", "kind": "number", "min": 0, "max": 20},
    "select": {"name": "select", "kind": "select", "options": [{"value": "a", "label": "甲"}, "b"]},
    "text": {"name": "text", "kind": "text", "max_length": 5},
    "textarea": {"name": "textarea", "kind": "textarea"},
}
CASES = [
    ("id", "36072219900307123" + formats.id_check_code("36072219900307123")),
    ("id", "11010519491231002" + formats.id_check_code("11010519491231002")),
    ("id", " 11010519491231002x ".replace("x", formats.id_check_code("11010519491231002").lower())),
    ("id", "360722199003071230"), ("id", "36072219900307123"), ("id", "360722900307123"),
    ("id", "990722199003071234"), ("id", "360722199002301234"), ("id", "360722203003071234"),
    ("id", "36072218990307123" + formats.id_check_code("36072218990307123")), ("id", "3607221990030712X"),
    ("phone", "13800138000"), ("phone", "+86 138-0013-8000"), ("phone", "008613800138000"),
    ("phone", "12800138000"), ("phone", "1380013800"), ("phone", "０13800138000"),
    ("date", "2026-03-02"), ("date", "2026-03-03"), ("date", "2026-02-30"), ("date", "2026/03/01"),
    ("future", "2026-02-28"), ("future", "2026-03-01"),
    ("number", "3"), ("number", "2.5"), ("number", "-1"), ("number", "21"), ("number", "abc"),
    ("select", "a"), ("select", "b"), ("select", "甲"),
    ("text", "张三"), ("text", "一二三四五六"), ("textarea", "拖欠工资" * 400), ("textarea", "拖欠工资" * 600),
]


def server_verdict(spec, value):
    try:
        catalog._check(spec, value, TODAY)
        return ""
    except ValueError as error:
        return str(error)


def test_the_page_and_the_server_give_the_same_verdict_and_message_for_every_case():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed (the build installs it for npm)")
    # Given each case checked by the server's rules
    expected = [server_verdict(SPECS[name], value) for name, value in CASES]
    # When the page's script checks the same values on the same day
    program = (f"const v = require({json.dumps(str(SCRIPT))});"
               f"const specs = {json.dumps(SPECS)}; const cases = {json.dumps(CASES)};"
               "console.log(JSON.stringify(cases.map(([n, value]) => v.check(specs[n], value, '2026-03-02'))));")
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    # Then both say the same thing, word for word
    assert json.loads(done.stdout) == expected
    assert sum(1 for e in expected if e) >= 15 and sum(1 for e in expected if not e) >= 12


def test_an_empty_required_field_is_named_and_an_empty_optional_one_is_fine():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed (the build installs it for npm)")
    program = (f"const v = require({json.dumps(str(SCRIPT))});"
               "console.log(JSON.stringify([v.check({kind: 'text', required: true}, '  ', '2026-03-02'),"
               " v.check({kind: 'phone'}, '', '2026-03-02'), v.isMasked('3607**********1230')]));")
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=20)
    assert json.loads(done.stdout) == ["必填", "", True]
