"""Which template carries each notice kind is configuration: the operator's JSON is checked against
the kinds the platform sends, a notice goes out under the template's own keywords, and a kind the
account has no template for is parked for staff, never dropped."""
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from chalicelib import delivery_triggers, notice_kinds, outbox
from chalicelib.clock import FixedClock, parse_instant
from chalicelib.delivery import Policy, deliver
from chalicelib.notice_kinds import TemplatesInvalid, normalise
from tests.unit.test_delivery import FakeStore
from tests.unit.test_notices import every_application_notice, every_consultation_notice

NOW = parse_instant("2026-12-01T22:15:28Z")
LOCAL_CONFIG = json.loads((Path(__file__).parents[2] / "local" / "wechat-templates.json").read_text())
NEW_QUESTION = {"character_string1": "consultation", "thing2": "category", "thing3": "note",
                "time4": "time"}


class RecordingAPI:
    def __init__(self):
        self.sent = []

    def send_template(self, openid, template_id, data, url=None):
        self.sent.append(("template", template_id, data, url))
        return {"msgid": 1}


def test_every_notice_the_platform_builds_is_a_kind_with_a_template_channel():
    # Given every notice consultations and applications send
    for note in every_consultation_notice() + every_application_notice():
        # Then its (template key, channel) is a registered kind for its audience
        found = notice_kinds.kind(note.template_key, notice_kinds.CHANNEL_OF[note.audience])
        assert found is not None and found.audience == note.audience, note.template_key
        # and it fills exactly the fields the kind declares
        assert set(note.payload["data"]) == set(found.types), note.template_key


def test_the_local_configuration_gives_every_kind_of_every_account_a_template():
    stored = normalise(LOCAL_CONFIG)
    assert notice_kinds.missing("360722", stored, "360722") == []
    assert notice_kinds.missing("lawyers", stored) == []
    assert stored["consultation_closed"]["template"] == "zst-local-tmpl-consult-state"
    assert stored["consultation_closed"]["subscribe"] == "zst-local-sub-consultation"


def test_a_bureaus_account_needs_its_citizens_and_staffs_kinds_the_lawyers_account_the_lawyers():
    assert {k.audience for k in notice_kinds.needed("360723")} == {"citizen", "staff"}
    assert {k.audience for k in notice_kinds.needed("lawyers")} == {"lawyer"}
    # the default bureau still sends to lawyers bound on it before issue 10
    assert "lawyer" in {k.audience for k in notice_kinds.needed("360722", "360722")}
    assert [k.key for k in notice_kinds.missing("360723", {"application_status": {"subscribe": "S"}})
            if k.key == "application_status"] == []


@pytest.mark.parametrize("config, words", [
    ({}, "JSON object"),
    ({"no_such_kind": {"template": {"id": "T", "keywords": NEW_QUESTION}}}, "not a notice kind"),
    ({"consultation_dispatched": {"subscribe": {"id": "T", "keywords": NEW_QUESTION}}},
     "not a notice kind"),  # lawyers get template messages, not subscribe notifications
    ({"consultation_dispatched": {"template": {"id": "", "keywords": NEW_QUESTION}}}, "id must"),
    ({"consultation_dispatched": {"template": {"id": "T", "keywords": {"thing2": "category"}}}},
     "missing: consultation, note, time"),
    ({"consultation_dispatched": {"template": {"id": "T", "keywords": dict(
        NEW_QUESTION, time4="note", thing3="time")}}}, "cannot carry"),  # a time in a thing…
    ({"consultation_dispatched": {"template": {"id": "T", "keywords": dict(
        NEW_QUESTION, thing5="note")}}}, "exactly one keyword"),
    ({"consultation_dispatched": {"template": {"id": "T", "keywords": dict(
        NEW_QUESTION, thing3="payload")}}}, "must be one of"),
])
def test_a_templates_configuration_that_cannot_carry_its_kinds_is_refused(config, words):
    with pytest.raises(TemplatesInvalid) as refused:
        normalise(config)
    assert words in str(refused.value)


def test_setting_one_channel_of_a_key_keeps_the_other():
    existing = normalise(LOCAL_CONFIG)
    new = normalise({"consultation_closed": {"subscribe": {
        "id": "NEW-SUB", "keywords": LOCAL_CONFIG["consultation_closed"]["subscribe"]["keywords"]}}})
    merged = notice_kinds.merge(existing, new)
    assert merged["consultation_closed"]["subscribe"] == "NEW-SUB"
    assert merged["consultation_closed"]["template"] == "zst-local-tmpl-consult-state"


def _dispatched(note_text="新咨询：" + "老板拖欠工资" * 10):
    return outbox.notification(
        idempotency_key="k1", audience="lawyer", to_openid="oLawyer",
        template_key="consultation_dispatched", now=NOW, url="https://zst.example/h5/lawyer?consultation=C1",
        data={"consultation": "ZX20261202-X30XAC", "category": "劳动争议", "note": note_text,
              "time": "2026年12月2日 06:15"})


def test_a_notice_goes_out_under_the_templates_keywords_each_fitted_to_its_type():
    # Given an account whose template for new questions has typed keywords
    note, api = _dispatched(), RecordingAPI()
    policy = Policy(templates=normalise(LOCAL_CONFIG))
    # When it is delivered
    assert deliver(note.notification_id, store=FakeStore([note]), api=api, clock=FixedClock(NOW),
                   policy=policy).status == "sent"
    # Then WeChat gets the template's keywords, the long note cut to 20 characters with an ellipsis
    (_, template_id, data, url), = api.sent
    assert template_id == "zst-local-tmpl-new-question"
    assert data == {"character_string1": "ZX20261202-X30XAC", "thing2": "劳动争议",
                    "thing3": ("新咨询：" + "老板拖欠工资" * 10)[:19] + "…", "time4": "2026年12月2日 06:15"}


def test_a_kind_the_configured_account_has_no_template_for_is_parked_saying_so_even_locally():
    # Given an account with templates, none of them for this kind, on the local stage
    note, api = _dispatched(), RecordingAPI()
    store = FakeStore([note])
    policy = Policy(templates={"application_status": {"subscribe": "S"}}, key_as_template=True)
    # When it is delivered
    outcome = deliver(note.notification_id, store=store, api=api, clock=FixedClock(NOW), policy=policy)
    # Then nothing is sent and it is parked where staff see it, with the reason in words
    assert (outcome.status, note.status, note.last_error) == ("failed", "failed", "template_unconfigured")
    assert api.sent == []
    assert delivery_triggers.park_reason(note.last_error) == "未配置模板"
    assert delivery_triggers.park_reason("errcode 40037: invalid template_id") == "发送失败"


def test_the_parked_list_carries_the_reason(monkeypatch):
    note = SimpleNamespace(notification_id="n1", audience="lawyer", to_openid="o", channel="template",
                           template_key="consultation_dispatched", attempts=1,
                           last_error="template_unconfigured", created_at="c", failed_at="f")
    monkeypatch.setattr(delivery_triggers.messaging, "failed_notifications", lambda b, n: [note])
    assert delivery_triggers.parked("360722")[0]["reason"] == "未配置模板"
