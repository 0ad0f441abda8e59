"""Fixtures for the consultation tests: an app with the consultation blueprints, a small hand-made
lawyer pool (county, city, province, national) in a moto table, real sessions, notifications held in
the outbox (delivery is someone else's test), and the sweep run at a chosen minute."""
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Category, Lawyer, LawyerSlot, Region, StaffAccount
from chalicelib.routes import consultations, staff_consultations
from chalicelib.routes.jobs import run_sweep
from chalicelib.settings import parse_tiers
from tests.held import hold_notifications, record_after_commit

COUNTY, CITY, PROVINCE = "360722", "360700", "360000"  # 信丰县, 赣州市, 江西省
QUESTION = "公司拖欠我三个月工资一共九千元，还把我辞退了，我的电话是13800138000，该怎么办？"
ADVICE = ("根据《劳动合同法》第三十条和第八十五条，用人单位应当及时足额支付劳动报酬。建议您保存工资条、"
          "考勤记录和聊天记录，先向劳动保障监察大队投诉，也可以向劳动争议仲裁委员会申请仲裁。")

# (lawyer id, county, city, province): 4 in the county, 2 elsewhere in the city, 2 elsewhere in the
# province, 6 in Beijing (national pool only).
POOL = ([(f"LX{n}", COUNTY, CITY, PROVINCE) for n in range(4)]
        + [(f"LC{n}", "360702", CITY, PROVINCE) for n in range(2)]
        + [(f"LP{n}", "360102", "360100", PROVINCE) for n in range(2)]
        + [(f"LN{n}", "110101", "110100", "110000") for n in range(6)])

_app = None


def consultation_app():
    """The app with the consultation blueprints (app.py's once it registers them)."""
    global _app
    from app import app as main_app

    if "/api/consultations" in main_app.routes:
        return main_app
    if _app is None:  # Chalice consumes a blueprint when registering it: once per process
        _app = Chalice(app_name="zhangshangtong-consultations-test")
        _app.register_blueprint(consultations.bp)
        _app.register_blueprint(staff_consultations.bp)
    return _app


def add_lawyer(lawyer_id, county, city, province, *, specialties=("labor",), stars=4.0,
               max_open=5):
    lawyer = Lawyer(lawyer_id=lawyer_id, name=f"律师{lawyer_id}", licence_no=f"1{lawyer_id}",
                    firm="测试律师事务所", county=county, city=city, province=province,
                    specialties=list(specialties), stars=stars, openid=f"o{lawyer_id}",
                    max_open_questions=max_open, follows=True)
    lawyer.save()
    for category in specialties:
        LawyerSlot(lawyer_id=lawyer_id, category=category, county=county, city=city,
                   province=province, stars=stars).save()
    return lawyer


TEXTBOOK_PLAN = "county@0x3,city+province@3x4,national@6x5"


def tune(services, **policy):
    """Change the consultation policy of the running services (what the SLA simulation does)."""
    settings = services.settings
    services.__dict__["settings"] = replace(
        settings, consultation=replace(settings.consultation, **policy))


class Api:
    def __init__(self, client, services):
        self.client, self.services, self.tokens = client, services, {}

    def token(self, who):
        if who not in self.tokens:
            role, _, name = who.partition(":")
            name, _, bureau = name.partition("@")  # `citizen:<openid>@<bureau>`: signed in at a bureau
            identity = {"citizen": lambda: Caller("citizen", name, openid=name, bureau=bureau or None),
                        "lawyer": lambda: Caller("lawyer", f"o{name}", openid=f"o{name}",
                                                 lawyer_id=name),
                        "staff": lambda: Caller("staff", name, staff_id=name)}[role]()
            body, _ = sign_in(identity, settings=self.services.settings, clock=self.services.clock)
            self.tokens[who] = body["token"]
        return self.tokens[who]

    def call(self, method, path, who=None, body=None):
        headers = {"content-type": "application/json"}
        if who:
            headers["authorization"] = f"Bearer {self.token(who)}"
        kwargs = {"body": json.dumps(body)} if body is not None else {}
        response = getattr(self.client.http, method)(path, headers=headers, **kwargs)
        text = response.body.decode("utf-8") if response.body else ""
        if response.headers.get("Content-Type", "").startswith("application/json") and text:
            return response.status_code, json.loads(text)
        return response.status_code, text

    def get(self, path, who):
        return self.call("get", path, who)

    def post(self, path, who, body):
        return self.call("post", path, who, body)

    def put(self, path, who, body):
        return self.call("put", path, who, body)

    def ask(self, citizen="oCitizen", question=QUESTION, category="labor"):
        status, body = self.post("/api/consultations", f"citizen:{citizen}",
                                 {"category": category, "question": question})
        assert status == 201, body
        return body

    def answer(self, consultation_id, lawyer_id, body=ADVICE):
        return self.post(f"/api/consultations/{consultation_id}/answers", f"lawyer:{lawyer_id}",
                         {"body": body})

    def sweep(self, minutes):
        """Move the clock `minutes` on from the start and run sweep_due at that minute."""
        self.services.clock.instant = START + timedelta(minutes=minutes)
        return run_sweep(self.services.clock.now())


START = None


@pytest.fixture
def api(moto_table, monkeypatch):
    """The client, a small pool, a staff member on duty; kicks and deliveries held."""
    global START
    START = moto_table.clock.now()
    record_after_commit(monkeypatch)
    hold_notifications(monkeypatch)
    from seeds.datasets import category_items

    for category in category_items():
        category.save()
    for code, city, province in ((COUNTY, CITY, PROVINCE), ("360702", CITY, PROVINCE),
                                 ("360102", "360100", PROVINCE), ("110101", "110100", "110000")):
        Region(code=code, name=code, level="county", parent=city, city=city, province=province).save()
    for lawyer_id, county, city, province in POOL:
        add_lawyer(lawyer_id, county, city, province)
    StaffAccount(staff_id="s1", name="值班员", openid="oStaff1", on_duty=True).save()
    with Client(consultation_app()) as client:
        api = Api(client, moto_table)
        # The mechanism tests use the textbook plan (county at once, city and province at 3
        # minutes, national at 6, each while answers are short of the minimum; reminders likewise);
        # the shipped plan is tested on its own and measured by bench/sla_sim.py.
        tune(api.services, tiers=parse_tiers(TEXTBOOK_PLAN), duty_roster=False, lawyer_reminder_below=3)
        yield api
    # Whatever a test did, every notice it queued is one a person can read and act on.
    from tests.notice_checks import assert_people_can_read

    assert_people_can_read(Notification.scan())


def notes(**match):
    """Outbox records whose fields equal `match` (tests may scan; the app never does)."""
    return [n for n in Notification.scan()
            if all(getattr(n, k) == v for k, v in match.items())]


def categories():
    return {c.code: c for c in Category.query("CATEGORY")}
