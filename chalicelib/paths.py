"""Where runtime files live: in the deployed package the build copies them under chalicelib/_bundled/
(Chalice packages only app.py, chalicelib/ and vendor/); in a checkout they are at the top level."""
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def runtime_dir(name):
    """The directory `name` (templates, seeds, static) wherever this process finds it."""
    bundled = _PACKAGE / "_bundled" / name
    return bundled if bundled.is_dir() else _REPO / name


def templates_dir():
    return runtime_dir("templates")
