"""The seed data and the code that turns it into items: lawyer generator, geography, categories,
service catalog and the law library parser (no AWS)."""
import json
import re
from collections import Counter

import pytest

from seeds import datasets, geography, lawyers, library, read_json

CATEGORY_CODES = {
    "labor", "marriage_family", "inheritance", "private_lending", "traffic_accident", "consumer",
    "house_lease", "medical", "work_injury", "contract", "rural_land", "telecom_fraud", "criminal",
    "administrative", "other"}
XINFENG, GANZHOU, JIANGXI = "360722", "360700", "360000"
FIELD_KINDS = {"text", "textarea", "phone", "id_number", "date", "number", "select"}
UPLOAD_TYPES = {"image/jpeg", "image/png", "image/heic", "application/pdf"}


@pytest.fixture(scope="module")
def pool():
    return list(lawyers.generate())


@pytest.fixture(scope="module")
def regions():
    return geography.flatten(geography.read_provinces())


# --- lawyers ----------------------------------------------------------------------------------

def test_two_runs_of_the_generator_build_the_same_pool(pool):
    # Given the pool built once
    # When it is built again
    again = list(lawyers.generate())
    # Then it is the same, first and last lawyer included
    assert again[0] == pool[0] and again[-1] == pool[-1]
    assert again == pool


def test_a_smaller_load_is_the_start_of_the_full_pool(pool):
    # When only 60 lawyers are generated
    small = list(lawyers.generate(60))
    # Then they are the first 60 of the 16,000
    assert small == pool[:60]


def test_the_pool_has_16000_lawyers_with_unique_17_digit_licences_ids_and_openids(pool):
    assert len(pool) == 16_000
    licences = [lawyer["licence_no"] for lawyer in pool]
    assert all(re.fullmatch(r"\d{17}", licence) for licence in licences)
    assert len(set(licences)) == 16_000
    assert len({lawyer["lawyer_id"] for lawyer in pool}) == 16_000
    assert all(lawyer["lawyer_id"] == "L" + lawyer["licence_no"] for lawyer in pool)
    openids = {lawyer["openid"] for lawyer in pool}
    assert len(openids) == 16_000
    assert all(re.fullmatch(r"o[A-Za-z0-9_-]{27}", openid) for openid in openids)


def test_a_licence_number_carries_the_city_the_first_licence_year_and_the_gender(pool):
    for lawyer in pool:
        licence = lawyer["licence_no"]
        # kind, 4-digit province+city, year of first licence, class 1, gender, serial
        assert licence[0] in "12" and licence[9] == "1" and licence[10] in "01"
        assert licence[1:5] == lawyer["city"][:4]
        assert int(licence[5:9]) == lawyers.REFERENCE_YEAR - lawyer["years_in_practice"]


def test_every_lawyer_practises_in_a_seeded_county_with_1_to_4_known_specialties(pool, regions):
    by_code = {r["code"]: r for r in regions}
    codes = {c["code"] for c in read_json("categories.json")["categories"]}
    for lawyer in pool:
        county = by_code[lawyer["county"]]
        assert county["level"] == "county"
        assert (county["city"], county["province"]) == (lawyer["city"], lawyer["province"])
        assert 1 <= len(lawyer["specialties"]) <= 4
        assert len(set(lawyer["specialties"])) == len(lawyer["specialties"])
        assert set(lawyer["specialties"]) <= codes
        assert 0 <= lawyer["stars"] <= 5 and round(lawyer["stars"], 1) == lawyer["stars"]
        assert lawyer["firm"].endswith("律师事务所") or lawyer["firm"].endswith("（信丰）")


def test_the_xinfeng_lawyers_cover_every_category_so_the_county_tier_never_runs_dry(pool):
    # Given the lawyers practising in 信丰县
    local = [lawyer for lawyer in pool if lawyer["county"] == XINFENG]
    named = pool[:len(lawyers.XINFENG["lawyers"])]
    # Then the hand-named ones are there, a few of them community lawyers
    assert 35 <= len(named) <= 45 and all(lawyer["county"] == XINFENG for lawyer in named)
    assert 1 <= sum(lawyer["community"] for lawyer in named) < len(named) / 2
    # And every category has at least two of them
    covered = Counter(code for lawyer in named for code in lawyer["specialties"])
    codes = {c["code"] for c in read_json("categories.json")["categories"]}
    assert {code for code in codes if covered[code] >= 2} == codes
    assert len(local) > len(named)


def test_big_cities_get_more_lawyers_than_small_ones(pool):
    per_city = Counter(lawyer["city"] for lawyer in pool)
    assert per_city["110100"] > 5 * per_city["360200"]  # 北京 vs 景德镇
    assert per_city["440300"] > per_city["360700"] > 0  # 深圳 vs 赣州


def test_each_lawyer_becomes_a_profile_and_one_dispatch_slot_per_specialty():
    # When the first lawyer is turned into items
    first = lawyers.XINFENG["lawyers"][0]
    items = list(datasets.lawyer_items(1))
    # Then a profile comes first, then one slot per specialty in the 信丰 county pool
    assert type(items[0]).__name__ == "Lawyer"
    slots = [item.serialize() for item in items[1:]]
    assert [s["SK"]["S"] for s in slots] == [f"SLOT#{c}" for c in first["specialties"]]
    assert slots[0]["GSI1PK"]["S"] == f"POOL#county#{XINFENG}#{first['specialties'][0]}"
    assert slots[0]["GSI2PK"]["S"].startswith(f"POOL#city#{GANZHOU}#")


def test_some_lawyers_of_ganzhous_border_counties_serve_a_neighbour_or_two(pool):
    # Given the generated pool
    serving = [lawyer for lawyer in pool if lawyer.get("serves")]
    # Then a few dozen lawyers of 赣州's border counties serve one or two of their neighbours
    assert 10 <= len(serving) <= 200
    assert all(lawyer["county"] in lawyers.NEIGHBOURS for lawyer in serving)
    assert all(1 <= len(l["serves"]) <= 2 and set(l["serves"]) <= set(lawyers.NEIGHBOURS[l["county"]])
               and l["county"] not in l["serves"] for l in serving)
    # And 信丰 is among the counties served, so its directory and county pools show them
    assert any(XINFENG in lawyer["serves"] for lawyer in serving)


def test_a_serving_lawyer_becomes_directory_entries_and_reach_slots_too(pool):
    # Given a lawyer who serves other counties
    lawyer = next(l for l in pool if l.get("serves"))
    # When turned into items
    items = [item.serialize() for item in datasets._lawyer_items([lawyer])]
    # Then after the profile and home slots come, per served county, the directory entry and one
    # reach slot per specialty in that county's pool
    sks = [item["SK"]["S"] for item in items]
    expected = []
    for county in lawyer["serves"]:
        expected += [f"SERVES#{county}"] + [f"SLOT#{c}#AT#{county}" for c in lawyer["specialties"]]
    assert sks == ["PROFILE"] + [f"SLOT#{c}" for c in lawyer["specialties"]] + expected
    assert items[0]["serves"] == {"L": [{"S": c} for c in lawyer["serves"]]}


# --- staff ------------------------------------------------------------------------------------

def test_staff_accounts_have_an_admin_two_on_duty_and_stable_openids():
    staff = [item.serialize() for item in datasets.staff_items() if item.bureau == "360722"]
    assert sum(s["role"]["S"] == "admin" for s in staff) == 1
    assert sum(s["on_duty"]["BOOL"] for s in staff) == 2
    assert staff[0]["staff_id"]["S"] == "staff-001"
    assert staff[0]["openid"]["S"] == lawyers.openid_for("staff", "staff-001")


def test_the_local_stage_gives_the_second_bureau_its_own_staff_with_an_admin(env):
    env(STAGE="local")
    dayu = [item for item in datasets.staff_items() if item.bureau == "360723"]
    assert [item.role for item in dayu] == ["reviewer", "admin"]
    assert not {item.staff_id for item in dayu} & {e["staff_id"] for e in lawyers.XINFENG["staff"]}


# --- geography --------------------------------------------------------------------------------

def test_xinfeng_dispatches_to_ganzhou_then_jiangxi(regions):
    tiers = geography.chain(XINFENG, regions)
    assert [(r["code"], r["name"], r["level"]) for r in tiers] == [
        (XINFENG, "信丰县", "county"), (GANZHOU, "赣州市", "city"), (JIANGXI, "江西省", "province")]


def test_ganzhou_lists_all_18_of_its_districts_counties_and_county_level_cities(regions):
    children = {r["code"]: r["name"] for r in regions if r["parent"] == GANZHOU}
    assert children == {
        "360702": "章贡区", "360703": "南康区", "360704": "赣县区", "360722": "信丰县",
        "360723": "大余县", "360724": "上犹县", "360725": "崇义县", "360726": "安远县",
        "360728": "定南县", "360729": "全南县", "360730": "宁都县", "360731": "于都县",
        "360732": "兴国县", "360733": "会昌县", "360734": "寻乌县", "360735": "石城县",
        "360781": "瑞金市", "360783": "龙南市"}


def test_jiangxi_has_its_11_cities_each_with_counties(regions):
    cities = [r for r in regions if r["parent"] == JIANGXI]
    assert len(cities) == 11
    assert all(any(r["parent"] == city["code"] for r in regions) for city in cities)


def test_the_map_is_wide_enough_for_national_dispatch_and_codes_nest(regions):
    levels = Counter(r["level"] for r in regions)
    assert levels["province"] >= 25 and levels["city"] >= 60 and levels["county"] >= 200
    assert len({r["code"] for r in regions}) == len(regions)
    by_code = {r["code"]: r for r in regions}
    for region in regions:
        assert re.fullmatch(r"\d{6}", region["code"])
        if region["level"] == "county":
            assert region["code"][:4] == region["city"][:4] == by_code[region["parent"]]["code"][:4]
        if region["level"] == "city":
            assert region["code"][:2] == region["province"][:2]


# --- categories -------------------------------------------------------------------------------

def test_categories_carry_the_agreed_codes_keywords_and_payouts():
    categories = read_json("categories.json")["categories"]
    assert CATEGORY_CODES <= {c["code"] for c in categories}
    assert all(re.fullmatch(r"[a-z_]+", c["code"]) for c in categories)
    assert len({c["order"] for c in categories}) == len(categories)
    for category in categories:
        assert 3000 <= category["payout_fen"] <= 5000
        assert category["keywords"] or category["code"] == "other"
    by_code = {c["code"]: c for c in categories}
    assert "工资" in by_code["labor"]["keywords"] and "离婚" in by_code["marriage_family"]["keywords"]


# --- service catalog --------------------------------------------------------------------------

def test_the_catalog_has_the_shape_of_the_application_types_route():
    # Given the catalog as the contract describes GET /api/application-types
    types = read_json("catalog.json")["types"]
    assert [t["type"] for t in types] == [
        "legal_aid", "notarization", "mediation", "reconsideration"]
    for entry in types:
        assert entry["name"] and {"fields", "materials", "deadlines"} <= set(entry)
        names = [f["name"] for f in entry["fields"]]
        assert len(set(names)) == len(names)
        for field in entry["fields"]:
            assert {"name", "label", "kind", "required"} <= set(field)
            assert field["kind"] in FIELD_KINDS and isinstance(field["required"], bool)
            assert re.search(r"[\u4e00-\u9fff]", field["label"])
            if field["kind"] == "select":
                values = [o["value"] for o in field["options"]]
                assert values and len(set(values)) == len(values)
                assert all(o["label"] for o in field["options"])
            else:
                assert "options" not in field
        codes = [m["code"] for m in entry["materials"]]
        assert len(set(codes)) == len(codes) and any(m["required"] for m in entry["materials"])
        for material in entry["materials"]:
            assert {"code", "name", "required"} <= set(material)
            assert material["accepted"] and set(material["accepted"]) <= UPLOAD_TYPES
        for rule in entry["deadlines"].values():
            assert rule["days"] > 0 and rule["unit"] in ("calendar", "working") and rule["basis"]


def test_each_service_asks_what_its_statute_requires():
    types = {t["type"]: t for t in read_json("catalog.json")["types"]}

    def required(kind):
        return {f["name"] for f in types[kind]["fields"] if f["required"]}

    def materials(kind):
        return {m["code"] for m in types[kind]["materials"] if m["required"]}
    # 法律援助法 art. 41-43: identity, the matter, the hardship declaration and the case materials
    assert {"applicant_id_number", "applicant_phone", "matter_category", "hardship_basis"} <= \
        required("legal_aid")
    assert materials("legal_aid") == {"id_card", "hardship_declaration", "case_materials"}
    assert types["legal_aid"]["deadlines"]["decide"]["days"] == 7
    assert types["legal_aid"]["deadlines"]["fast_track"]["field"] == "limitation_ends_on"
    # 人民调解法: both parties and the dispute
    assert {"applicant_name", "respondent_name", "dispute_facts"} <= required("mediation")
    # 行政复议法 art. 20, 30, 31: the act, the respondent body, the day it became known
    assert {"respondent", "act_name", "known_on"} <= required("reconsideration")
    correct = types["reconsideration"]["deadlines"]["correct"]
    assert (correct["days"], correct["unit"], correct["on_expiry"]) == (10, "working", "withdrawn")
    # 公证法 art. 30: 15 working days; notarization asks the matter type and a date
    assert {"matter_type", "preferred_date"} <= required("notarization")
    assert types["notarization"]["deadlines"]["issue"]["unit"] == "working"


def test_catalog_items_keep_the_json_fields_for_the_route():
    items = [item.serialize() for item in datasets.service_type_items()]
    assert [i["SK"]["S"] for i in items] == [
        "010#legal_aid", "020#notarization", "030#mediation", "040#reconsideration"]
    assert json.loads(items[0]["fields"]["S"])[0]["name"] == "applicant_name"


# --- law library ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, number", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一百一十", 110),
    ("一千零七十九", 1079), ("一千二百六十", 1260)])
def test_chinese_article_numbers_read_as_integers(text, number):
    assert library.chinese_number(text) == number


def law(slug):
    entry = next(e for e in library.law_manifest() if e["slug"] == slug)
    return entry, library.read_law(entry)


def test_the_civil_code_parses_into_articles_1_to_1260_with_their_chapters():
    entry, code = law("civil-code")
    assert code["title"] == "中华人民共和国民法典"
    assert [a["number"] for a in code["articles"]] == list(range(1, 1261))
    assert [a["base"] for a in code["articles"]] == list(range(1, 1261))
    divorce = code["articles"][1078]
    assert divorce["label"] == "第一千零七十九条"
    assert divorce["chapter"] == "第五编 婚姻家庭 / 第四章 离婚"
    assert divorce["text"].startswith("夫妻一方要求离婚的") and "\n（一）重婚" in divorce["text"]
    assert code["history"].startswith("2020年5月28日")


def test_the_civil_code_breadcrumbs_name_each_part_subpart_chapter_and_section_whole():
    # Given the 民法典, whose 编 divide into 分编 (第三编 合同 / 第二分编 典型合同 / 第九章 买卖合同)
    _, code = law("civil-code")
    sale = code["articles"][594]  # 第五百九十五条, the first article on sale
    # Then each heading keeps its number and name together, at every level
    assert sale["label"] == "第五百九十五条"
    assert sale["chapter"] == "第三编 合同 / 第二分编 典型合同 / 第九章 买卖合同"
    registration = code["articles"][208]  # 第二百零九条: 物权 / 通则 / 一般规定 / 不动产登记
    assert registration["chapter"] == "第二编 物权 / 第一分编 通则 / 第二章 物权的设立、变更、转让和消灭 / 第一节 不动产登记"
    # And no crumb anywhere in the library splits a heading's number from its kind
    for entry in library.law_manifest():
        for article in library.read_law(entry)["articles"]:
            for crumb in (article["chapter"] or "").split(" / "):
                assert not re.match(r"^第[零一二三四五六七八九十百千]+分 ", crumb), (entry["file"], crumb)
                assert re.match(r"^第[零一二三四五六七八九十百千]+(分编|编|章|节) \S", crumb) or " " not in crumb, \
                    (entry["file"], crumb)


def test_criminal_law_keeps_its_zhi_yi_articles_in_reading_order():
    _, criminal = law("criminal-law")
    labels = [a["label"] for a in criminal["articles"]]
    assert labels.index("第十七条之一") == labels.index("第十七条") + 1
    assert sum(1 for a in criminal["articles"] if a["suffix"]) == 53
    assert labels[-2:] == ["附件一", "附件二"]


def test_the_constitution_preamble_is_article_zero():
    _, constitution = law("constitution")
    assert constitution["articles"][0]["label"] == "序言"
    assert constitution["articles"][0]["number"] == 0
    assert constitution["articles"][1]["label"] == "第一条"


def test_every_law_parses_to_its_manifest_article_count_without_gaps():
    for entry in library.law_manifest():
        parsed = library.read_law(entry)
        articles = [a for a in parsed["articles"] if a["base"] is not None]
        assert parsed["title"] == entry["title"]
        assert len(articles) == entry["articles"]
        bases = [a["base"] for a in articles if not a["suffix"]]
        assert bases == list(range(1, len(bases) + 1)), entry["file"]


def test_a_heading_wrapped_onto_two_lines_is_joined_and_spaced_titles_are_tidied():
    text = ("# 某法\n\n2000年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章  总  则\n\n第一条 甲。\n\n"
            "乙。\n\n### 第二章 犯罪嫌疑人逃匿案件\n\n违法所得的没收程序\n\n第二条 丙。\n")
    parsed = library.parse_law(text)
    assert [(a["label"], a["chapter"], a["text"]) for a in parsed["articles"]] == [
        ("第一条", "第一章 总则", "甲。\n乙。"),
        ("第二条", "第一章 总则 / 第二章 犯罪嫌疑人逃匿案件违法所得的没收程序", "丙。")]
    assert parsed["history"] == "2000年1月1日 通过"


def test_law_items_show_the_revision_date_and_carry_the_police_laws_2025_revision():
    items = list(datasets.law_items())
    metas = {i.slug: i for i in items if type(i).__name__ == "Law"}
    assert len(metas) == 26
    assert metas["civil-code"].revised_on == "2021-01-01"
    # 治安管理处罚法: the 2012 text, and the 2025 revision as a later version in force from 2026-01-01
    police = metas["public-security-administration-punishments-law"]
    assert police.revised_on == "2012-10-26" and "注：" not in police.history
    [revision] = [i for i in items if type(i).__name__ == "LawVersion"]
    assert (revision.slug, revision.effective_on, revision.revised_on, revision.article_count) == (
        police.slug, "2026-01-01", "2025-06-27", 144)
    articles = [i for i in items if type(i).__name__ == "LawArticle" and i.prefix == revision.prefix]
    assert [a.label for a in articles][-1] == "第一百四十四条" and len(articles) == 144
    # 网络安全法: the 2016 text, known to be amended from 2026-01-01
    assert "2026年1月1日" in metas["cybersecurity-law"].history
    assert metas["cybersecurity-law"].superseded_on == "2026-01-01"
    assert "2026" not in metas["labor-law"].history


def test_cases_are_read_with_their_manifest_titles_and_stable_slugs():
    cases = list(datasets.case_items())
    assert len(cases) == 52 and len({c.slug for c in cases}) == 52
    assert cases[0].slug == "labor-01" and cases[0].topic == "劳动人事"
    assert "基本案情" in cases[0].body and "INFO END" not in cases[0].body


def test_a_case_names_who_published_it_and_never_the_repository_it_was_copied_through():
    # Given the seeded cases and laws, as a reader sees their 来源 line
    cases = {c.slug: c for c in datasets.case_items()}
    laws = [i for i in datasets.law_items() if type(i).__name__ == "Law"]
    # Then no source names a code repository or a snapshot of one
    for source in [c.source for c in cases.values()] + [law.source for law in laws]:
        assert not re.search(r"LawRefBook|github|/|快照", source, re.IGNORECASE), source
    # And a case whose file says who published it and when is credited with exactly that
    assert cases["consumer-03"].source == "最高人民法院发布的消费者权益保护典型案例（2022-03-15）"
    # And a case known by its parties' names carries that name
    assert cases["civil-code-03"].source.startswith("常某某诉许某网络服务合同案，")
    assert laws[0].source == "国家法律法规数据库"


# --- content hashes ---------------------------------------------------------------------------

def test_a_dataset_hash_is_stable_and_follows_its_parameters():
    first, again = datasets.all_datasets(100), datasets.all_datasets(100)
    other = {d.name: d for d in datasets.all_datasets(200)}
    for dataset, same in zip(first, again):
        assert dataset.fingerprint() == same.fingerprint()
    by_name = {d.name: d for d in first}
    assert by_name["lawyers-county"].fingerprint() != other["lawyers-county"].fingerprint()
    assert by_name["lawyers-national"].fingerprint() != other["lawyers-national"].fingerprint()
    assert by_name["laws"].fingerprint() == other["laws"].fingerprint()
