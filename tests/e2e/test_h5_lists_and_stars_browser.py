"""Two things the eye catches on a phone (375 px) and a desk (1280 px), in headless Chromium on the
local stack: the list in a staff application's 补正告知 keeps its bullets inside the card (not on its
border), and a lawyer's stars in the workbench header stay one piece (never "★" at the end of one
line and "4.5" on the next). Screenshots under test-artifacts/lists-and-stars/.
"""
import secrets

import pytest

from tests.e2e import test_h5_staff_layout_browser as layout
from tests.e2e.stack import ROOT, running
from tests.e2e.test_h5_consult_browser import xinfeng_lawyers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "lists-and-stars"
MARKER_ROOM = 12  # px: what a disc marker and its gap take to the left of a list item's text


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lists-and-stars-stack")
    with running(folder / "stack.log", folder / "data") as local:
        yield local.base


class Person(layout.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_supplement_list_on_the_staff_page_keeps_its_bullets_inside_the_card(stack, browser):
    # Given a submitted legal-aid application for which staff asked, once, for the exemption proof
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-lists-{run}")
    app_id = layout.submitted_application(citizen, stack, "李四")
    staff = Person(browser, stack, "staff", f"e2e-lists-{run}")
    asked = staff.context.request.post(f"{stack}/api/staff/applications/{app_id}/decision", data={
        "action": "request_supplement", "message": "请上传低保证、特困供养证等证明。",
        "items": [{"material": "exemption_proof", "reason": "您选择了免予核查"}]})
    assert asked.ok, asked.text()
    # When staff open the application, on a phone and at a desk
    page = staff.open(f"/h5/staff/applications/{app_id}")
    item = page.wait_for_selector("#supplement-body li")
    for width in (layout.PHONE, layout.DESK):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        staff.shot(f"supplement-{width}")
        # Then each item's text starts far enough inside the card for its bullet to sit inside too
        card = page.locator("#app-supplement").bounding_box()
        assert item.bounding_box()["x"] - card["x"] >= 16 + MARKER_ROOM, (width, card, item.bounding_box())
        assert item.evaluate("e => getComputedStyle(e).display") == "list-item"
    assert staff.errors == [] and citizen.errors == []


def test_a_lawyers_stars_in_the_workbench_header_never_break_across_lines(stack, browser):
    # Given each hand-named 信丰 lawyer signed in on a phone (a long firm name wraps the header line)
    wrapped = 0
    for _, (name, firm, openid) in sorted(xinfeng_lawyers().items()):
        lawyer = Person(browser, stack, "lawyer", openid)
        page = lawyer.open("/h5/lawyer")
        header = page.wait_for_selector("#lawyer-me")
        shown = page.query_selector("#lawyer-stars")
        if shown is not None:
            lines = header.evaluate("e => Math.round(e.getBoundingClientRect().height"
                                    " / parseFloat(getComputedStyle(e).lineHeight))")
            wrapped += lines > 1
            if lines > 1 and wrapped == 1:
                lawyer.shot("workbench-wrapped")
            # Then the star and its figure are on one line, whatever the line breaks before them
            assert shown.evaluate("e => e.getClientRects().length") == 1, (name, firm, header.inner_text())
        lawyer.context.close()
    assert wrapped, "no header wrapped: the check above saw nothing"
