"""Reading and checking a lawyer roster (issue 11), no AWS: CSV in UTF-8 and GBK, a real XLSX built
with openpyxl, and every refusal a clerk can act on, line by line."""
import pytest

from chalicelib.errors import TooLarge, Unprocessable
from chalicelib.roster import sheet
from chalicelib.roster.lines import Reference, check
from seeds.datasets import category_items
from tests.roster_files import HEADER, LICENCE, LINES, csv_bytes, jiangxi_counties, xlsx_bytes


@pytest.fixture(scope="module")
def reference():
    return Reference(jiangxi_counties(), list(category_items()))


def checked(data, reference):
    return [check(row, reference, year=2026) for row in sheet.read(data)]


def _first(results):
    return [line for line, problems in results]


@pytest.mark.parametrize("data", [csv_bytes(), csv_bytes(encoding="gb18030"), xlsx_bytes()],
                         ids=["csv-utf8", "csv-gbk", "xlsx"])
def test_a_roster_in_any_of_its_usual_forms_reads_to_the_same_lines(data, reference):
    # Given the same three lawyers as a UTF-8 CSV, a GBK CSV (Chinese Excel's "CSV") and an XLSX
    # When the file is read and each line checked
    wang, li, chen = _first(checked(data, reference))
    # Then the lines are numbered as the spreadsheet numbers them (the header is line 1)
    assert [wang.line, li.line, chen.line] == [2, 3, 4]
    # And counties by name, short name or code become codes, the first being the home county
    assert (wang.county, wang.serves) == ("360722", ("360723",))
    assert (li.county, li.serves) == ("360722", ())
    assert (chen.county, chen.serves) == ("360722", ("360702",))
    # And specialties by name or code become codes; phone numbers as people write them, 11 digits
    assert wang.specialties == ("labor", "marriage_family") and li.specialties == ("labor",)
    assert (wang.mobile, li.mobile, chen.mobile) == ("13812345678", "13900001111", None)
    assert wang.lawyer_id == "L" + LICENCE["wang"]


def test_headers_are_found_by_the_names_bureaus_use(reference):
    header = ("律师姓名", "执业证号码", "执业机构", "服务区县", "业务专长", "联系电话")
    [(line, problems)] = checked(csv_bytes(LINES[:1], header=header), reference)
    assert problems == [] and line.firm == "江西信丰律师事务所"


def test_a_file_without_the_roster_columns_names_what_is_missing():
    with pytest.raises(Unprocessable) as refused:
        sheet.read("姓名,律所\n王建国,某所\n".encode())
    assert refused.value.code == "roster_columns_missing"
    assert "执业证号" in refused.value.message and "服务县区" in refused.value.message


@pytest.mark.parametrize("data", [b"\x00\x01\x02garbage\x00", b"PK\x03\x04not really a zip",
                                  b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_a_file_that_is_no_roster_is_refused_as_unreadable(data):
    with pytest.raises(Unprocessable) as refused:
        sheet.read(data)
    assert refused.value.code == "roster_unreadable"


def test_a_random_text_file_has_no_header_to_read():
    with pytest.raises(Unprocessable) as refused:
        sheet.read("这不是名册\n只是一些文字\n".encode())
    assert refused.value.code == "roster_columns_missing"


def test_too_big_or_too_long_files_are_refused_before_anything_is_checked():
    with pytest.raises(TooLarge):
        sheet.read(b"x" * (sheet.MAX_BYTES + 1))
    many = [("王", f"1360720121100{n:04d}", "所", "信丰", "labor", "") for n in range(sheet.MAX_LINES + 1)]
    with pytest.raises(TooLarge) as refused:
        sheet.read(csv_bytes(many))
    assert refused.value.code == "roster_too_long"


@pytest.mark.parametrize("licence, why", [
    ("1360720121100010", "17 位数字"), ("136072012110001011", "17 位数字"), ("1360720121100010X", "17 位数字"),
    ("13607190011000101", "首次执业年份 1900"), ("", "缺少执业证号")])
def test_a_bad_licence_number_is_refused_saying_why(licence, why, reference):
    [(line, problems)] = checked(csv_bytes([("王建国", licence, "所", "信丰", "labor", "")]), reference)
    assert line is None and any(why in p for p in problems)


def test_a_licence_spelled_with_full_width_digits_and_spaces_is_read(reference):
    spelled = "１３６０７ ２０１２ １１ ０００１０１"
    [(line, problems)] = checked(csv_bytes([("王建国", spelled, "所", "信丰", "labor", "")]), reference)
    assert problems == [] and line.licence_no == LICENCE["wang"]


def test_a_licence_excel_stored_as_a_number_has_lost_digits_and_is_refused(reference):
    [(line, problems)] = checked(xlsx_bytes(LINES[:1], licence_as_number=True), reference)
    assert line is None and "文本格式" in problems[0]


def test_every_problem_of_a_line_is_named_at_once(reference):
    row = ("", "123", "所", "火星县、信丰", "占卜、labor", "12345")
    [(line, problems)] = checked(csv_bytes([row]), reference)
    assert line is None
    text = "；".join(problems)
    for expected in ("缺少姓名", "17 位数字", "不认识县区「火星县」", "不认识的专长：占卜", "手机号码无法识别"):
        assert expected in text


def test_a_county_name_two_provinces_share_must_be_given_by_code():
    counties = [c for c in jiangxi_counties() if c.code in ("360722", "360702")]
    from chalicelib.db.models import Region
    twin = Region(code="440202", name="章贡区", level="county", parent="440200", city="440200",
                  province="440000")
    reference = Reference(counties + [twin], list(category_items()))
    [(line, problems)] = checked(csv_bytes([("王", LICENCE["wang"], "所", "章贡区", "labor", "")]), reference)
    assert line is None and "重名" in problems[0] and "360702" in problems[0]


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "＝HYPERLINK(\"x\")",
                                  "\t=1+1"])
@pytest.mark.parametrize("column", [0, 2])
def test_a_cell_written_as_a_spreadsheet_formula_is_refused_never_stored(cell, column, reference):
    row = list(LINES[0])
    row[column] = cell
    for data in (csv_bytes([tuple(row)]), xlsx_bytes([tuple(row)])):
        [(line, problems)] = checked(data, reference)
        assert line is None and "公式" in problems[0]


def test_a_county_outside_the_province_is_found_by_its_code():
    fetched = []

    def fetch(code):
        fetched.append(code)
        from chalicelib.db.models import Region
        return Region(code=code, name="东城区", level="county", parent="110100", city="110100",
                      province="110000") if code == "110101" else None
    reference = Reference(jiangxi_counties(), list(category_items()), fetch=fetch)
    [(line, problems)] = checked(csv_bytes([("王", LICENCE["wang"], "所", "信丰 110101", "labor", "")]),
                                 reference)
    assert problems == [] and line.serves == ("110101",) and fetched == ["110101"]
    [(line, problems)] = checked(csv_bytes([("王", LICENCE["wang"], "所", "999999", "labor", "")]), reference)
    assert line is None and "999999" in problems[0]


def test_header_columns_alone_make_an_empty_roster(reference):
    assert sheet.read(csv_bytes([])) == []
    assert HEADER[1] == "执业证号"
