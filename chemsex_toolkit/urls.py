"""The one rule for URLs in content, wherever they come from: ``links.yaml``, a server's
``Location`` (``check-links --fix-redirects``), the link cache, or Markdown after its entities
are decoded.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from chemsex_toolkit.models import URL_PATTERN

MAX_LENGTH = 2048
SCHEMES = ("http", "https", "mailto")
_PATTERN = re.compile(URL_PATTERN)
# Characters that are not visible or break lines: C0 and C1 controls, format characters (zero
# width, direction marks, tags), line and paragraph separators, and every kind of space.
# Characters RFC 3986 does not allow in a URL: they can end it inside Markdown or HTML.
_UNSAFE = frozenset('<>"{}|\\^`')
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"})


def url_problem(url: str) -> str | None:
    """What makes ``url`` unfit for content, or None when it is fine."""
    if len(url) > MAX_LENGTH:
        return f"it is longer than {MAX_LENGTH} characters"
    for character in url:
        if character.isspace() or unicodedata.category(character) in _INVISIBLE:
            return f"it contains the invisible or line-breaking character U+{ord(character):04X}"
    for character in url:
        if character in _UNSAFE:
            return f"it contains {character!r}, which a URL must percent-encode"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        return "only http, https and mailto addresses are allowed"
    if not _PATTERN.match(url):
        return "it is not a complete address (http(s)://host/... or mailto:name@host)"
    if scheme in ("http", "https"):
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  (raises ValueError for a port that is no number)
        except ValueError as error:
            return f"it is not a valid address ({error})"
        if not parts.hostname:
            return "it names no host"
        if "@" in parts.netloc:
            return "it carries a user name or password"
        rest = url[url.index(parts.netloc) + len(parts.netloc) :]
        if "[" in rest or "]" in rest:
            # Brackets belong to an IPv6 host only; elsewhere they can close Markdown's link text.
            return "it contains '[' or ']' outside the host, which a URL must percent-encode"
    return None
