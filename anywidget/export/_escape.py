"""Text made safe to inline inside an HTML `<script>` element."""

from __future__ import annotations

import json
import re
from typing import Any

# Inside <script>, the HTML parser ends the element at `</script` (any case) and changes state at
# `<!--`, whatever JavaScript thinks of the text: both are broken up with a backslash, which
# JavaScript ignores in strings, templates, regular expressions and comments alike.
_SCRIPT_END = re.compile(r"<(/script|!--)", re.IGNORECASE)
# Bundles point at source maps nobody ships with the page; a browser with its devtools open
# would request them.
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=\S+\s*$", re.MULTILINE)


def inline_js(source: str) -> str:
    """JavaScript source, safe as the text of a `<script>` element."""
    return _SCRIPT_END.sub(r"<\\\1", _SOURCE_MAP.sub("", source))


def inline_json(value: Any) -> str:
    """`value` as JSON, safe as the text of a `<script type="application/...+json">` element.

    `<`, `>` and `&` become JSON escapes, so no trait value or module text can end the element,
    and `JSON.parse` of the element's text gives back exactly `value`.
    """
    return script_safe_json(json.dumps(value, ensure_ascii=False, allow_nan=False))


def script_safe_json(text: str) -> str:
    """JSON text with nothing the HTML parser reacts to inside a `<script>` element.

    Outside strings JSON has no `<`, `>` or `&`, so escaping them everywhere only touches strings,
    where `\\u003c` and `<` are the same character: the value is unchanged.
    """
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
