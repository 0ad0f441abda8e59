"""The service pages link the templates their service asks for: the map the pages use
(templates/h5/_documents.html.j2) is the one the templates' data declares (`service`)."""
import json

from chalicelib.documents import catalog
from chalicelib.render import environment


def test_the_pages_map_of_service_templates_is_the_catalogues():
    # Given what each platform template says it belongs to
    declared = {}
    for spec in catalog.documents().values():
        if spec.get("service"):
            declared.setdefault(spec["service"], []).append((spec["slug"], spec["title"]))
    # Then the pages link exactly those, in the catalogue's order
    module = environment().get_template("h5/_documents.html.j2").module
    assert {k: list(v) for k, v in module.FORMS.items()} == declared
    # And an application's links open the template pre-filled from it
    html = str(module.links("", "legal_aid", "SQ20261202-ABC"))
    assert 'href="/h5/templates/legal_aid_application?application=SQ20261202-ABC"' in html
    assert str(module.links("", "no-such-service")).strip() == ""


def test_a_consultations_links_name_templates_that_exist_by_their_titles():
    module = environment().get_template("h5/_documents.html.j2").module
    documents = catalog.documents()
    categories = {c["code"] for c in json.loads(
        (catalog.runtime_dir("seeds") / "categories.json").read_text(encoding="utf-8"))["categories"]}
    for category, forms in module.CONSULTATION_FORMS.items():
        assert category in categories
        assert all(documents[slug]["title"] == title for slug, title in forms), category
    # And each link carries the consultation, for the prefill that reads only its citizen's own
    html = str(module.consultation_links("", "ZX20261202-ABC"))
    assert 'href="/h5/templates/labor?consultation=ZX20261202-ABC"' in html
    assert html.count("zst-hidden") == len(module.CONSULTATION_FORMS)  # shown by its category only
