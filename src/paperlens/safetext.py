"""Text that came from outside (a file, an archive, a server) made safe to show.

* :func:`printable` strips terminal control sequences and control characters, so a
  member name or a model's answer cannot move the cursor, retitle the terminal or
  forge a log line.
* :func:`redact` removes secrets from a message: ``Authorization`` values, API keys
  (``sk-...``) and credentials embedded in a URL.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote, urlsplit

# ESC [ ... final byte (CSI), ESC ] ... BEL or ESC \ (OSC), and other two-byte escapes.
_ESCAPES = re.compile(r"\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[@-_]?")
# C0 and C1 controls, DEL, and the bidi overrides that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_SECRETS = (
    re.compile(r"(?i)\b(authorization\s*[:=]\s*)(?:bearer\s+|basic\s+)?[^\s,;'\"]{1,4096}"),
    re.compile(r"(?i)\b(bearer\s+)[^\s,;'\"]{1,4096}"),
    re.compile(r"\b()(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,4096}"),
    re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,20}://)[^/\s:@]{0,256}:[^/\s@]{0,256}@"),
    re.compile(r"(?i)\b((?:api[_-]?key|access[_-]?token|token|password)\s*[:=]\s*)[^\s,;&'\"]{1,4096}"),
)


def printable(text: object, newlines: bool = False) -> str:
    """``text`` without escape sequences or control characters.

    Newlines and tabs become spaces unless ``newlines`` is true (then they stay).
    """
    text = _ESCAPES.sub("", str(text))
    if not newlines:
        text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub("", text)


def redact(text: object, secrets: tuple[str | None, ...] = ()) -> str:
    """``text`` with secrets replaced by ``***``.

    ``secrets`` are exact values to remove too (the configured API key, say).
    """
    text = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: m.group(1) + "***" + ("@" if m.group(0).endswith("@") else ""), text)
    return text


def url_secrets(url: str | None) -> tuple[str, ...]:
    """The secrets a URL's credentials (``scheme://user:password@host``) put in messages:
    the password as written and decoded, and the ``Basic`` token HTTP clients send for them
    (a server may echo it back)."""
    try:
        parts = urlsplit(url or "")
        user, password = parts.username, parts.password
    except ValueError:
        return ()
    if user is None and password is None:
        return ()
    plain = f"{unquote(user or '')}:{unquote(password or '')}"
    token = base64.b64encode(plain.encode()).decode()
    return tuple(s for s in (token, password, unquote(password or "")) if s)
