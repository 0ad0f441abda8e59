"""Fixtures of the browser scenarios."""
import pytest

from tests.e2e.stack import chromium


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched
