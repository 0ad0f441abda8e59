"""Which text of a law is in force on a day (chalicelib/library/versions.py): the seeded text and
later versions, chosen by the date the caller reads from the clock."""
from types import SimpleNamespace

from chalicelib.library import versions


def _law(**more):
    fields = dict(slug="police", title="治安管理处罚法", revised_on="2012-10-26", effective_on=None,
                  history="2012年10月26日 修正", article_count=119, source="国家法律法规数据库",
                  superseded_on=None)
    return SimpleNamespace(**{**fields, **more})


def _later(effective_on, revised_on, count=144):
    return SimpleNamespace(effective_on=effective_on, revised_on=revised_on, title="治安管理处罚法",
                           history=f"{revised_on} 修订", article_count=count,
                           prefix=f"VER#{effective_on}#x#ART#", source=None)


REVISION = _later("2026-01-01", "2025-06-27")


def test_the_day_before_a_revision_takes_effect_the_old_text_is_current_and_the_new_one_upcoming():
    texts = versions.of_law(_law(), [REVISION])
    old, new = texts
    assert versions.current(texts, "2025-12-31") == old
    assert versions.status(old, texts, "2025-12-31") == versions.CURRENT
    assert versions.status(new, texts, "2025-12-31") == versions.UPCOMING
    assert versions.upcoming(texts, "2025-12-31") == new


def test_on_its_effective_day_the_revision_is_current_and_the_old_text_historic():
    texts = versions.of_law(_law(), [REVISION])
    old, new = texts
    for day in ("2026-01-01", "2026-12-02", "2099-01-01"):
        assert versions.current(texts, day) == new
        assert versions.status(new, texts, day) == versions.CURRENT
        assert versions.status(old, texts, day) == versions.HISTORIC


def test_versions_are_ordered_by_effective_date_whatever_order_they_are_stored_in():
    a, b = _later("2030-01-01", "2029-06-01"), _later("2028-01-01", "2027-06-01")
    texts = versions.of_law(_law(), [a, b])
    assert [v.id for v in texts] == ["2012-10-26", "2028-01-01", "2030-01-01"]
    assert versions.current(texts, "2029-01-01").id == "2028-01-01"
    assert versions.pick(texts, "2029-01-01").id == "2028-01-01"
    assert versions.pick(texts, "2029-01-01", "2012-10-26").id == "2012-10-26"
    assert versions.pick(texts, "2029-01-01", "2013-01-01") is None


def test_the_list_shows_the_current_texts_revision_date_status_and_a_coming_version():
    before = versions.summary(_law(), [REVISION], "2025-12-31")
    assert before["revised_on"] == "2012-10-26" and before["status"] == "现行有效"
    assert before["note"] == "新版本 2026年1月1日起施行" and before["article_count"] == 119
    after = versions.summary(_law(), [REVISION], "2026-01-01")
    assert after == {"revised_on": "2025-06-27", "status": "现行有效", "version": "2026-01-01",
                     "note": None, "article_count": 144}


def test_a_law_whose_amended_text_the_library_lacks_is_not_called_current_once_it_takes_effect():
    law = _law(revised_on="2016-11-07", superseded_on="2026-01-01")
    assert versions.summary(law, [], "2025-12-31")["status"] == "现行有效"
    assert "2026年1月1日起施行" in versions.summary(law, [], "2025-12-31")["note"]
    after = versions.summary(law, [], "2026-01-02")
    assert after["status"] == "已修正" and "修正前文本" in after["note"]
    # And once staff import that text, it is current again
    assert versions.summary(law, [_later("2026-01-01", "2025-10-28")], "2026-01-02")["status"] == "现行有效"


def test_a_version_only_in_the_future_is_upcoming_until_its_day():
    law = _law(effective_on="2027-03-01")
    texts = versions.of_law(law)
    assert versions.status(texts[0], texts, "2026-12-31") == versions.UPCOMING
    assert versions.status(texts[0], texts, "2027-03-01") == versions.CURRENT


def test_the_revision_date_is_the_last_date_the_history_names():
    history = "2005年8月28日 通过\n2012年10月26日 修正\n2025年6月27日 第十四届…修订"
    assert versions.revision_date(history) == "2025-06-27"
    assert versions.revision_date("没有日期") is None
