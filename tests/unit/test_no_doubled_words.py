"""Words people read — page templates, WeChat replies, the pages' scripts — never say a word twice
in a row ("重新发送发送失败的消息"): a slip a reader trips over, and no spell checker catches."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1")


def test_no_text_people_read_repeats_a_chinese_word_back_to_back():
    # Given every template and page script
    files = [*ROOT.glob("templates/**/*.j2"), *ROOT.glob("static/js/*.js")]
    assert len(files) > 20
    # Then none holds a word of two or more characters written twice in a row
    found = [(f.relative_to(ROOT).as_posix(), n, m.group(0))
             for f in files for n, line in enumerate(f.read_text("utf-8").splitlines(), 1)
             for m in DOUBLED.finditer(line)]
    assert found == []
