"""Issue 10, step 10, seen in headless Chromium on the local stack: a seeded lawyer of 全南 who also
serves 信丰 (`serves`) is dispatched a 信丰 question through 信丰's county pool, and finds it in the
workbench labelled with the bureau it was asked at (信丰), unmasked. Screenshots at 375 px and
1280 px under test-artifacts/lawyer-reach/.

The stack loads 2,600 lawyers: the first generated lawyers serving 信丰 are the 1,953rd and 2,570th.
"""
import contextlib
import json
import secrets

import pytest

from seeds.lawyers import generate
from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, Stack, free_stack_port, missing_routes

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "lawyer-reach"
LAWYERS = 2600
XINFENG = "360722"
DESK = {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False,
        "device_scale_factor": 1}
QUESTION = ("我电话13907971234。邻居家在我家院墙外砌了一堵墙，把我家排水的沟堵住了，"
            "下雨天院子里全是积水，跟他说了好几次都不肯拆，村里调解也没用，我该怎么办？")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reach-stack")
    local = Stack(free_stack_port(), folder / "stack.log", folder / "data",
                  seed_args=f"--lawyers {LAWYERS}")
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(local.shut_down)
        local.wait_healthy()
        missing = missing_routes(local.base, ("/api/consultations", "/api/lawyer/inbox"))
        if missing:
            pytest.skip("the running app lacks: " + ", ".join(missing))
        yield local.base


class Person(apply_e2e.Person):
    def api(self, method, path, body=None):
        response = self.context.request.fetch(self.base + path, method=method,
                                              data=json.dumps(body) if body is not None else None,
                                              headers={"Content-Type": "application/json"})
        assert response.ok, f"{method} {path}: {response.status} {response.text()}"
        return response.json()

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serving_lawyer():
    return next(l for l in generate(LAWYERS) if XINFENG in (l.get("serves") or [])
                and "neighbour" in l["specialties"])


def test_a_lawyer_serving_xinfeng_finds_its_question_labelled_xinfeng(stack, browser):
    lawyer = serving_lawyer()
    assert lawyer["county"] != XINFENG
    me = Person(browser, stack, "lawyer", lawyer["openid"])
    # Given 信丰 citizens asking about a neighbour dispute until one question reaches the lawyer
    # (each dispatch moves the chosen lawyers to the back of 信丰's pool, so the lawyer's turn comes)
    run, reached = secrets.token_hex(3), []
    for n in range(15):
        citizen = Person(browser, stack, "citizen", f"o-e2e-reach-{run}-{n}")
        citizen.api("POST", "/api/consultations",
                    {"category": "neighbour", "question": QUESTION, "county": XINFENG})
        citizen.context.close()
        reached = me.api("GET", "/api/lawyer/inbox")
        if reached:
            break
    assert reached, "no 信丰 question reached the lawyer serving 信丰"
    # When the lawyer opens the workbench on a phone
    page = me.open("/h5/lawyer")
    label = page.locator("#lawyer-inbox .zst-tag_bureau").first
    label.wait_for()
    # Then the row says which bureau asked (信丰), and the question is shown whole (no masking)
    assert label.inner_text() == "信丰" and label.is_visible()
    assert page.locator("#lawyer-inbox .zst-tag_optional").count() == 0
    assert "13907971234" in page.locator("#lawyer-inbox .zst-inbox__question").first.inner_text()
    box = label.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    me.shot("01-phone-inbox-labelled")
    # And at a desk the same
    page.set_viewport_size(DESK["viewport"])
    page.reload()
    page.locator("#lawyer-inbox .zst-tag_bureau").first.wait_for()
    me.shot("02-desk-inbox-labelled")
    assert me.errors == []
