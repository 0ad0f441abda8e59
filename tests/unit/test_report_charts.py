"""Charts are inline SVG drawn on the server: sized by a viewBox, labelled in words, escaped."""
import xml.etree.ElementTree as ET

from chalicelib.reports import svg, views

NS = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def test_bars_draw_one_bar_per_value_and_none_for_a_missing_one():
    chart = parse(svg.bars([("1", 60), ("2", None), ("3", 120)], "每日首答", views.seconds_axis))
    assert chart.get("viewBox") == "0 0 360 190" and chart.get("role") == "img"
    assert len(chart.findall(f"{NS}rect")) == 2
    assert chart.find(f"{NS}title").text == "每日首答"
    assert chart.find(f"{NS}desc").text == "1 1分；3 2分"


def test_a_line_breaks_where_there_is_no_data_and_shows_the_target():
    chart = parse(svg.line([("1", 1.0), ("2", 0.9), ("3", None), ("4", 1.0)], "首答率",
                           views.percent, top=1, target=0.995, target_label="目标 99.5%"))
    assert len(chart.findall(f"{NS}polyline")) == 1  # 1-2 joined; 4 stands alone
    assert len(chart.findall(f"{NS}circle")) == 3
    assert chart.find(f"{NS}line[@class='zst-chart__target']") is not None
    assert "目标 99.5%" in str(svg.line([], "t", target=0.5, target_label="目标 99.5%", top=1))


def test_labels_from_the_table_are_escaped():
    markup = str(svg.hbars([("<script>alert(1)</script>", 3, " 件")], "类别"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    parse(markup)


def test_an_empty_chart_says_there_is_no_data():
    assert "暂无数据" in str(svg.hbars([], "类别")) and "暂无数据" in str(svg.bars([], "x"))


def test_figures_read_as_people_say_them():
    assert [views.duration(v) for v in (None, 30, 90, 600, ">1800")] == \
        ["—", "30秒", "1分30秒", "10分钟", "超过30分钟"]
    assert [views.percent(v) for v in (None, 1, 0.995, 0.5)] == ["—", "100%", "99.5%", "50%"]
    assert views.yuan(123456) == "¥1,234.56" and views.yuan(5000) == "¥50"


def test_an_axis_of_seconds_tops_at_a_round_number_of_minutes_and_says_its_unit():
    assert [views.seconds_top(v) for v in ([], [30], [61], [600], [601], [1830])] == \
        [60, 60, 120, 600, 1200, 1800]
    assert [views.seconds_axis(v) for v in (0, 30, 60, 150, 600)] == ["0秒", "30秒", "1分", "2.5分", "10分"]


def test_a_shares_axis_starts_at_80_percent_unless_a_value_is_lower():
    assert views.share_bottom([0.99, None, 1.0]) == 0.8
    assert views.share_bottom([0.65, 1.0]) == 0.6 and views.share_bottom([]) == 0.8
    chart = parse(svg.line([("1", 0.5), ("2", 0.9)], "t", views.percent, top=1, bottom=0.8))
    labels = [t.text for t in chart.findall(f"{NS}text")][:3]
    assert labels == ["80%", "90%", "100%"]
    low = chart.findall(f"{NS}circle")[0]
    assert float(low.get("cy")) == 190 - 26  # below the axis: drawn on it
