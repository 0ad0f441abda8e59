"""What simulated citizens ask and simulated lawyers answer: plausible, varied, and clean (answers
pass the platform's screening: ≥ 30 characters, no contact details)."""

QUESTIONS = {
    "labor": ["老板拖欠我三个月工资，一共九千多元，一直说下个月给，我该怎么维权？",
              "公司没签劳动合同就把我辞退了，能要求双倍工资和经济补偿吗？",
              "工地包工头跑了，我们十几个工人的工钱找谁要？"],
    "marriage_family": ["结婚五年，丈夫经常打人，我想离婚并要孩子的抚养权，需要准备什么？",
                        "离婚时对方不同意分房子，房子是婚后两人一起买的，怎么分？"],
    "private_lending": ["朋友借了我两万元写了借条，现在不接电话也不还钱，怎么起诉？",
                        "借款时约定的利息很高，现在对方催收，我应该还多少？"],
    "traffic_accident": ["骑电动车被小车撞了，交警认定对方全责，保险公司只赔一部分怎么办？"],
    "contract": ["装修公司收了定金以后一直不开工，能不能解除合同退回定金？"],
    "inheritance": ["父亲去世没有留遗嘱，老家的房子兄弟姐妹怎么分？"],
    "rural_land": ["村里把我家承包的土地收回给别人种了，没有给补偿，合法吗？"],
    "work_injury": ["在厂里上班时手被机器压伤了，老板不给申报工伤，我该怎么办？",
                    "工伤认定下来了，单位不支付停工期间的工资，怎么处理？"],
}
GENERIC = "我遇到一个{name}方面的问题，对方一直拖着不解决，想咨询一下应该怎么处理、需要准备哪些证据？"
NAMES = {"personal_injury": "人身损害", "consumer": "消费维权", "house_lease": "房屋租赁",
         "neighbour": "相邻关系", "property_service": "物业纠纷", "telecom_fraud": "电信诈骗",
         "criminal": "刑事", "medical": "医疗纠纷", "administrative": "行政", "other": "法律"}

ANSWERS = (
    "您好，根据您描述的情况，建议先收集书面合同、转账记录、聊天记录等证据，与对方协商；"
    "协商不成可以向当地人民调解委员会申请调解，或者依法向人民法院起诉，注意诉讼时效为三年。",
    "您好，这种情况下您的合法权益受法律保护。请保存好相关证据，先书面催告对方履行；"
    "如对方仍不履行，可以申请法律援助或者向有管辖权的机关投诉、申请仲裁或起诉。",
    "您好，建议您尽快整理事情经过和证据材料，到县公共法律服务中心窗口咨询办理；"
    "经济困难的可以申请法律援助，由援助律师代理，不需要您支付律师费。",
)


def question(category, n):
    choices = QUESTIONS.get(category)
    text = choices[n % len(choices)] if choices else GENERIC.format(name=NAMES.get(category, "法律"))
    return f"{text}（第{n + 1}号模拟咨询）"


def answer(n):
    return ANSWERS[n % len(ANSWERS)]
