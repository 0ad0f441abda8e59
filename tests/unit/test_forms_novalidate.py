"""Every form on every H5 page leaves checking to the page's own Chinese messages (static/js/validate.js
and each page's script): a form without `novalidate` lets the browser stop a submission with its
own bubble, in the phone's language (English on many test phones), before the page can say a word.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "templates" / "h5").glob("*.j2"))
FORM = re.compile(r"<form\b[^>]*>", re.S)


def test_every_form_on_every_page_turns_off_the_browsers_own_validation():
    # Given every template of the H5 pages
    forms = [(page.name, tag) for page in PAGES for tag in FORM.findall(page.read_text(encoding="utf-8"))]
    assert len(forms) >= 15  # the pages' forms were found at all
    # Then each form says novalidate: the page's script checks and answers in Chinese
    bare = [(name, tag) for name, tag in forms if not re.search(r"\snovalidate\b", tag)]
    assert bare == []
