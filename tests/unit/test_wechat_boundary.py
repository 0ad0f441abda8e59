"""WeChat's protocol stays inside chalicelib/wechat/: nothing else names a raw field of a push.

The rest of the code reads the typed `wechat.Message`; a raw key name elsewhere is WeChat's wire format
leaking into the domain (docs/decisions/many-bureaus.md, seam 3). Docstrings and comments may name
WeChat's fields when they explain where a value came from; string literals (keys, XML) may not.
"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"
RAW_FIELDS = ("FromUserName", "ToUserName", "MsgType", "MsgId", "Recognition", "EventKey", "MediaId",
              "PicUrl")
RAW = re.compile(r"\b(" + "|".join(RAW_FIELDS) + r")\b")


def _docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                yield body[0].value


def raw_field_literals(source):
    """(line, text) of each string literal in `source` that names a raw WeChat field."""
    tree = ast.parse(source)
    skip = {id(node) for node in _docstrings(tree)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and RAW.search(node.value)]


def test_the_check_sees_a_raw_field_read_through_a_string_key():
    # Given code that reads a push as a dict, in a plain string or an f-string
    source = 'def f(m):\n    """Reads MsgId."""\n    return m.get("FromUserName"), f"<MsgType>{m}</MsgType>"\n'
    # When it is checked
    # Then both literals are found and the docstring is not
    assert [line for line, _ in raw_field_literals(source)] == [3, 3, 3]


def test_nothing_outside_the_wechat_package_names_a_raw_wechat_field():
    # Given every Python module in chalicelib/ outside wechat/ (templates are wechat's reply format)
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if ROOT / "wechat" in path.parents:
            continue
        # When its string literals are read
        found += [f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
                  for line, text in raw_field_literals(path.read_text(encoding="utf-8"))]
    # Then none names a raw WeChat field
    assert found == []
