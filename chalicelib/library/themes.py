"""The topics 以案释法 is read by (issue 13): the seed platform's 劳动权益, 消费者权益, 交通事故, 医疗纠纷,
非法集资, 婚姻继承, 电信网络诈骗. The cases come filed under their publishers' collections (劳动人事,
消费购物, 民法典, 行政协议诉讼); a case goes under the first topic whose words its title holds, else
under its collection's topic, else 其他案例. Topics without a case yet are listed empty, so a reader
sees what the column covers."""
TOPICS = ("劳动权益", "消费者权益", "交通事故", "医疗纠纷", "非法集资", "婚姻继承", "电信网络诈骗")
OTHER = "其他案例"
# Checked in this order: a medical-beauty case filed under 消费购物 is a 医疗纠纷 first.
_WORDS = (
    ("电信网络诈骗", ("电信诈骗", "网络诈骗", "电信网络诈骗", "刷单", "冒充客服")),
    ("非法集资", ("非法集资", "集资诈骗", "非法吸收公众存款")),
    ("交通事故", ("交通事故", "机动车", "搭乘", "驾驶", "出事故", "车祸")),
    ("医疗纠纷", ("医疗", "诊疗", "患者", "医院", "生殖")),
    ("婚姻继承", ("婚姻", "离婚", "夫妻", "遗嘱", "继承", "遗产", "彩礼", "抚养", "赡养")),
    ("劳动权益", ("劳动", "加班", "工资", "工伤", "用人单位", "劳务派遣")),
    ("消费者权益", ("消费者", "经营者", "预付卡", "惩罚性赔偿", "食品")),
)
_COLLECTIONS = {"劳动人事": "劳动权益", "消费购物": "消费者权益"}


def topic_of(title, collection=None):
    for topic, words in _WORDS:
        if any(word in title for word in words):
            return topic
    return _COLLECTIONS.get(collection, OTHER)


def grouped(cases):
    """[{"name", "cases"}] for every topic in order (empty ones too), then 其他案例 when it has any.
    `cases`: dicts with "title" and "topic" (the collection)."""
    groups = {name: [] for name in TOPICS + (OTHER,)}
    for case in cases:
        groups[topic_of(case["title"], case.get("topic"))].append(case)
    return [{"name": name, "cases": found} for name, found in groups.items() if found or name != OTHER]
