"""热点普法 Markdown is rendered safely: hostile input shows as the characters typed, links keep an
href only to http(s) or this site, and the subset people write (headings, lists, bold, quotes)
renders."""
import re

import pytest

from chalicelib.guides.markdown import plain, render


def test_the_subset_renders():
    html = render("# 宪法日\n\n**宪法**是根本法。\n第二行\n\n- 一\n- 二\n\n1. 甲\n2. 乙\n\n> 引用\n\n"
                  "见[第三十三条](/h5/laws/constitution#art-33)和[官网](https://www.npc.gov.cn/)")
    assert "<h2>宪法日</h2>" in html
    assert "<p><strong>宪法</strong>是根本法。<br>第二行</p>" in html
    assert "<ul><li>一</li><li>二</li></ul>" in html and "<ol><li>甲</li><li>乙</li></ol>" in html
    assert "<blockquote><p>引用</p></blockquote>" in html
    assert '<a href="/h5/laws/constitution#art-33">第三十三条</a>' in html
    assert '<a href="https://www.npc.gov.cn/" rel="noopener nofollow">官网</a>' in html


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD4=)",
    "[点我](//evil.example/x)",
    "[点我](/\\evil.example)",
    "[点我](&#106;avascript:alert(1))",
    "[点我](http://a\"onmouseover=\"alert(1))",
    "[x<b>](/ok)",
    "![图](https://evil.example/track.png)",
    "**<svg onload=alert(1)>**",
    "# <iframe src=//evil>",
    "- <a href=javascript:x>y</a>",
    "> <style>body{display:none}</style>",
    "[点我](vbscript:msgbox)",
    "[点我](\x01javascript:alert(1))",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_no_markup_of_its_own(source):
    html = str(render(source))
    # Then only the subset's own tags appear, and every href is http(s), a path here or a fragment
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", html))
    assert tags <= {"p", "br", "strong", "a", "h2", "h3", "h4", "ul", "ol", "li", "blockquote"}, html
    for href in re.findall(r'href="([^"]*)"', html):
        assert re.match(r"https?://|/[^/\\]|#", href), href
    # and every element is exactly as the renderer writes it: no attribute of the source's own
    for element in re.findall(r"<[a-z][^>]*>", html):
        assert re.fullmatch(r'<[a-z0-9]+>|<a href="[^"]*"( rel="noopener nofollow")?>', element), element


def test_a_refused_link_keeps_its_text_and_the_typed_characters_show():
    assert str(render("[点我](javascript:void)")) == "<p>点我</p>"
    assert str(render("[点我](javascript:alert(1))")) == "<p>[点我](javascript:alert(1))</p>"
    assert str(render("<b>粗</b>")) == "<p>&lt;b&gt;粗&lt;/b&gt;</p>"


def test_plain_text_for_lists_is_short_and_unmarked():
    assert plain("# 标题\n\n**重点**见[链接](/x)") == "标题 重点见链接"
    assert plain("字" * 100, 10) == "字" * 9 + "…"
