"""The Official Account menu: within WeChat's limits, every click answered by the inbox, every link on
the platform's own H5 pages; and the publisher's checks."""
from local.publish_menu import load_menu, problems
from chalicelib.inbox_topics import CLICKS

BASE = "https://zst.example.cn"


def _leaves(menu):
    for button in menu["button"]:
        yield from button.get("sub_button") or [button]


def test_the_menu_fits_wechats_limits():
    # Given the menu in infra/ filled with a public base URL
    menu = load_menu(BASE)
    # Then WeChat would accept it: 3 buttons, at most 5 below each, names and keys within bounds
    assert problems(menu) == []
    assert [b["name"] for b in menu["button"]] == ["我要咨询", "办事服务", "我的"]
    assert all(len(b.get("sub_button", [])) <= 5 for b in menu["button"])


def test_every_menu_click_has_an_answer_and_every_link_is_an_h5_page_of_ours():
    menu = load_menu(BASE)
    keys = {leaf["key"] for leaf in _leaves(menu) if leaf["type"] == "click"}
    urls = [leaf["url"] for leaf in _leaves(menu) if leaf["type"] == "view"]
    assert keys <= set(CLICKS)
    assert {"ASK", "LEGAL_AID", "NOTARIZATION", "MEDIATION", "RECONSIDERATION", "MY_PROGRESS"} <= keys
    assert urls and all(url.startswith(BASE + "/h5/") for url in urls)


def test_the_menu_offers_every_service_the_bureau_asked_for():
    names = {leaf["name"] for leaf in _leaves(load_menu(BASE))}
    assert {"我要咨询", "法律援助", "公证预约", "人民调解", "行政复议", "咨询/办事进度", "法律法规",
            "文书模板", "以案释法"} <= names


def test_the_publisher_refuses_menus_wechat_would_refuse():
    too_many = {"button": [{"type": "click", "name": "一", "key": "A"}] * 4}
    long_name = {"button": [{"type": "click", "name": "一二三四五", "key": "A"}]}
    six_subs = {"button": [{"name": "服务", "sub_button": [
        {"type": "view", "name": "页", "url": "https://x/h5/"}] * 6}]}
    no_key = {"button": [{"type": "click", "name": "咨询"}]}
    relative_url = {"button": [{"type": "view", "name": "首页", "url": "/h5/"}]}
    for menu in (too_many, long_name, six_subs, no_key, relative_url):
        assert problems(menu), menu
