"""Which Official Account a WeChat sign-in runs on: the one asked for, a lawyer's page's, the page's
bureau's, else the default bureau's; an unknown or unconfigured one falls through."""
from chalicelib.auth.signin_account import choose

KNOWN = {"360722", "360723", "lawyers"}


def _resolve(name):
    return name if name in KNOWN else None


def _chosen(**query):
    return choose(query, _resolve, "360722")


def test_an_account_asked_for_by_name_wins_when_known():
    assert _chosen(account="lawyers", next="/h5/?bureau=360723") == "lawyers"
    assert _chosen(account="360723", next="/h5/lawyer/inbox") == "360723"


def test_a_lawyers_page_signs_in_on_the_lawyers_account():
    assert _chosen(next="/h5/lawyer/inbox") == "lawyers"
    assert _chosen(next="/h5/lawyer?tab=open") == "lawyers"


def test_a_bureau_page_signs_in_on_its_bureaus_account():
    assert _chosen(next="/h5/consultations/C1?bureau=360723") == "360723"
    assert _chosen(next="/h5/", bureau="360723") == "360723"


def test_unknown_malformed_or_unsafe_choices_fall_through_to_the_default_bureau():
    assert _chosen() == "360722"
    assert _chosen(account="999999", next="/h5/?bureau=888888") == "360722"
    assert _chosen(account="../x", next="//evil.example/h5/lawyer") == "360722"
    assert _chosen(account=["lawyers"]) == "360722"


def test_a_lawyers_page_without_a_lawyers_account_signs_in_on_the_default_bureau():
    assert choose({"next": "/h5/lawyer/inbox"}, lambda n: n if n == "360722" else None,
                  "360722") == "360722"
