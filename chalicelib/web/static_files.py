"""The files H5 pages load from this app: our own CSS and JS under `static/`, and WeUI's stylesheet.
Only names on the allow-list are served — never a path built from what a request says.

WeUI comes from npm (`node_modules/`, not committed): the build copies its stylesheet into the
package as `static/vendor/weui.min.css`; a checkout serves it from `node_modules/` directly.
"""
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chalicelib.paths import runtime_dir

CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
# Our own files: one folder deep, lower-case names, the extension matching the folder.
_OWN = re.compile(r"css/[a-z0-9][a-z0-9_-]{0,63}\.css|js/[a-z0-9][a-z0-9_-]{0,63}\.js")
_REPO = Path(__file__).resolve().parents[2]
# URL path -> where a checkout finds it when the build has not copied it under static/.
VENDOR = {"vendor/weui.min.css": Path("node_modules/weui/dist/style/weui.min.css")}
LONG_CACHE = "public, max-age=31536000, immutable"  # the URL carries the content's hash
SHORT_CACHE = "public, max-age=300"


@dataclass(frozen=True)
class Asset:
    body: str
    content_type: str
    version: str  # first 12 hex digits of the content's SHA-256: the cache-busting `?v=`

    @property
    def etag(self):
        return f'"{self.version}"'


def locate(name, *, static_root=None, repo=None):
    """The file behind the URL path `name` (below /static/), or None if it is not on the list."""
    if not isinstance(name, str):
        return None
    root = Path(static_root or runtime_dir("static"))
    if _OWN.fullmatch(name):
        candidates = [root / name]
    elif name in VENDOR:
        candidates = [root / name, Path(repo or _REPO) / VENDOR[name]]
    else:
        return None
    for path in candidates:
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=64)
def _read(path, mtime_ns, size):
    # Keyed by modification time: a developer's edit shows on the next request.
    text = Path(path).read_text(encoding="utf-8")
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Asset(text, CONTENT_TYPES[Path(path).suffix], version)


def load(name, **where):
    """The Asset served at /static/`name`, or None."""
    path = locate(name, **where)
    if path is None:
        return None
    stat = path.stat()
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


def url(name, base="", **where):
    """The URL a page links `name` by: with its content hash, so it may be cached for good."""
    asset = load(name, **where)
    return f"{base}/static/{name}" + (f"?v={asset.version}" if asset else "")


def cache_control(asset, requested_version):
    """Cache for a year only what was asked for by its current hash; anything else briefly."""
    return LONG_CACHE if requested_version == asset.version else SHORT_CACHE
