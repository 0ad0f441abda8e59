"""以案释法 by the column's topics (chalicelib/library/themes.py): every seeded case has a topic,
by the words of its title first and its publisher's collection next."""
from chalicelib.library import themes
from seeds import library


def test_every_seeded_case_is_filed_under_a_topic_by_its_title_or_collection():
    cases = library.case_manifest()
    topics = {c["slug"]: themes.topic_of(c["title"], c["topic"]) for c in cases}
    assert topics["labor-01"] == "劳动权益" and topics["consumer-01"] == "消费者权益"
    assert topics["civil-code-01"] == "婚姻继承"  # 打印遗嘱
    assert topics["civil-code-02"] == "婚姻继承"  # 婚前隐瞒重大疾病
    assert topics["civil-code-07"] == "交通事故"  # 无偿搭乘亲友出事故
    assert topics["consumer-13"] == "医疗纠纷"  # 医疗美容机构…患者
    assert topics["civil-code-12"] == "医疗纠纷"  # 人类辅助生殖技术医疗服务合同
    assert topics["administrative-agreement-01"] == themes.OTHER


def test_the_list_holds_the_seven_topics_in_order_then_the_others_when_any():
    groups = themes.grouped([{"title": "加班费", "topic": "劳动人事"}, {"title": "行政协议", "topic": "行政协议诉讼"}])
    assert [g["name"] for g in groups] == list(themes.TOPICS) + [themes.OTHER]
    assert [len(g["cases"]) for g in groups] == [1, 0, 0, 0, 0, 0, 0, 1]
    assert [g["name"] for g in themes.grouped([])] == list(themes.TOPICS)
