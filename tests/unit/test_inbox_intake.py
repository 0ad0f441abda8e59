"""The rules under the inbox: consultation numbers, the category a message suggests, what reads as a
question, keyword topics, key shapes of the new entities, and the reply templates' limits."""
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from chalicelib.consultations.intake import (
    new_consultation_id, open_consultation, reads_as_question, suggest_category)
from chalicelib.db.consultations import Consultation
from chalicelib.db.inbound import Dedupe
from chalicelib.inbox_topics import CARDS, CLICKS, keyword_topic
from chalicelib.render import render
from chalicelib.wechat import parse_message, read_message

ROOT = Path(__file__).resolve().parents[2]
SEED_CATEGORIES = [SimpleNamespace(**c) for c in
                   json.loads((ROOT / "seeds/categories.json").read_text("utf-8"))["categories"]]


def test_a_consultation_number_carries_the_china_date_and_six_unambiguous_characters():
    # Given 01:30 Beijing time on 2 March, which is still 1 March in UTC
    late_evening_utc = datetime(2026, 3, 1, 17, 30, tzinfo=timezone.utc)
    # When numbers are drawn
    numbers = {new_consultation_id(late_evening_utc) for _ in range(200)}
    # Then each is ZX + the China date + 6 Crockford base32 characters (no I, L, O, U), all distinct
    assert all(re.fullmatch(r"ZX20260302-[0-9A-HJKMNP-TV-Z]{6}", n) for n in numbers)
    assert len(numbers) == 200


def test_a_consultation_number_is_made_from_the_random_bits_it_is_given():
    now = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    assert new_consultation_id(now, random_bits=lambda n: 0) == "ZX20260302-000000"
    assert new_consultation_id(now, random_bits=lambda n: 2 ** n - 1) == "ZX20260302-ZZZZZZ"


@pytest.mark.parametrize("question, category", [
    ("老板拖欠我三个月工资，还把我辞退了，怎么办？", "labor"),
    ("离婚以后孩子的抚养费应该怎么算？", "marriage_family"),
    ("朋友借了我两万块钱写了欠条，现在不还钱", "private_lending"),
    ("骑电动车被汽车撞了，保险公司理赔太少", "traffic_accident"),
    ("在工地上班受伤了，公司不给做工伤认定", "work_injury"),
    ("我想问一下天气预报准不准确啊朋友们", "other"),
])
def test_the_seed_keywords_suggest_the_category_a_lawyer_would_pick(question, category):
    assert suggest_category(question, SEED_CATEGORIES) == category


def test_longer_keywords_outweigh_shorter_ones_and_ties_go_to_display_order():
    first = SimpleNamespace(code="contract", keywords=["合同"])
    second = SimpleNamespace(code="labor", keywords=["劳动合同"])
    assert suggest_category("劳动合同到期不续签", [first, second]) == "labor"
    tied = [SimpleNamespace(code="a", keywords=["房子"]), SimpleNamespace(code="b", keywords=["房子"])]
    assert suggest_category("房子的事", tied) == "a"


@pytest.mark.parametrize("text, expected", [
    ("公司拖欠工资三个月怎么办", True),
    ("My employer has not paid my wages for three months", True),
    ("哈哈哈哈哈哈哈哈哈哈哈哈", False),
    ("你好你好你好你好你好", False),
    ("13800138000 123456789", False),
    ("https://example.com/some/long/path?x=1", False),
    ("工资没发！！！？？？", False),
    ("", False),
])
def test_what_reads_as_a_question(text, expected):
    assert reads_as_question(text) is expected


@pytest.mark.parametrize("text, topic", [
    ("帮助", "help"), (" 菜单！", "help"), ("HELP", "help"), ("?", "help"),
    ("进度", "progress"), ("我的", "progress"), ("查一下进度", "progress"),
    ("法律援助", "legal_aid"), ("怎么申请复议", "reconsideration"), ("预约公证", "notarization"),
    ("文书模板", "doc_templates"), ("以案释法", "cases"), ("我要咨询", "ask"),
    ("我的工资被扣了", None),  # "我的" only as a whole message
    ("公司不给我发工资，我想申请法律援助", None),  # long enough to be a question
    ("你好", None),
])
def test_keyword_topics(text, topic):
    assert keyword_topic(text) == topic


def test_every_topic_a_click_or_keyword_can_reach_has_a_reply_template():
    context = dict(to_user="o", from_user="gh", create_time=1, base="https://b")
    for topic in set(CLICKS.values()):
        name = "card" if topic in CARDS else topic
        assert parse_message(render(f"wechat/{name}.xml.j2", topic=topic, **context))["MsgType"]


def test_a_consultation_is_keyed_for_its_citizen_and_its_china_day():
    # Given a consultation opened at 01:30 Beijing time (17:30 UTC the day before)
    opened = open_consultation(openid="oA", question="  老板拖欠工资三个月怎么办？ ", category="labor",
                               source="chat", county="360722",
                               now=datetime(2026, 3, 1, 17, 30, tzinfo=timezone.utc),
                               new_id=lambda now: "ZX20260302-ABCDEF")
    # When it is serialized for the table
    item = opened.consultation.serialize()
    # Then its keys follow docs/data-model.md, the day being the China date
    keys = {k: item[k]["S"] for k in ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "type")}
    assert keys == {"PK": "CONS#ZX20260302-ABCDEF", "SK": "META", "GSI1PK": "CITIZEN#oA",
                    "GSI1SK": "CONS#2026-03-01T17:30:00Z", "GSI2PK": "CONSDAY#360722#2026-03-02",
                    "GSI2SK": "2026-03-01T17:30:00Z#ZX20260302-ABCDEF", "type": "Consultation"}
    assert opened.consultation.question == "老板拖欠工资三个月怎么办？"
    assert opened.consultation.status == "dispatching" and opened.puts == [opened.consultation]


def test_a_question_longer_than_2000_characters_is_cut_to_2000():
    opened = open_consultation(openid="oA", question="工资" * 1500, category="labor", source="chat",
                               county="360722", now=datetime(2026, 3, 2, tzinfo=timezone.utc))
    assert len(opened.consultation.question) == 2000


def dedupe_key(fields):
    return read_message(fields).dedupe_key


def test_messages_dedupe_on_msgid_and_events_on_sender_time_and_event():
    assert dedupe_key({"MsgType": "text", "MsgId": "6054768590064713728", "FromUserName": "o",
                       "CreateTime": "1"}) == "6054768590064713728"
    assert dedupe_key({"MsgType": "event", "Event": "subscribe", "FromUserName": "oA",
                       "CreateTime": "1772416800"}) == "oA#1772416800#subscribe"
    # TEMPLATESENDJOBFINISH carries MsgID (capital D), which is not the message's own id
    assert dedupe_key({"MsgType": "event", "Event": "TEMPLATESENDJOBFINISH", "MsgID": "9",
                       "FromUserName": "oA", "CreateTime": "5"}) == "oA#5#TEMPLATESENDJOBFINISH"
    record = Dedupe(key="oA#1772416800#subscribe", reply="success", created_at="x").serialize()
    assert (record["PK"]["S"], record["SK"]["S"]) == ("DEDUPE#oA#1772416800#subscribe", "DEDUPE")


LONGEST = Consultation(id="ZX20260302-ZZZZZZ", openid="o" * 28, category="other", question="q",
                       source="chat", county="360722", status="dispatching",
                       created_at="2026-03-02T02:00:00Z")


@pytest.mark.parametrize("name", ["welcome", "help", "ask", "guide", "consultation_opened", "attached",
                                  "media_guide", "fallback", "busy"])
def test_every_text_reply_stays_within_wechats_2048_byte_text_limit(name):
    # Given the longest values the templates can receive
    xml = render(f"wechat/{name}.xml.j2", to_user="o" * 28, from_user="gh_" + "x" * 12,
                 create_time=1772416800, base="https://zhangshangtong.sfj.example.gov.cn",
                 consultation=LONGEST, category_name="婚姻家庭", kind="voice", returning=False)
    # When the reply is read back
    content = parse_message(xml)["Content"]
    # Then it is non-empty Chinese text that fits one WeChat text message
    assert content and len(content.encode("utf-8")) <= 2048
