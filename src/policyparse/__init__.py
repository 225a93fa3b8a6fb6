"""policyparse: Chinese government policy notices as structured, checkable data.

>>> import policyparse
>>> doc = policyparse.parse_text("节能工作的通知\\n一、总体要求\\n（一）指导思想。正文。")
>>> [s.label for s in doc.sections()]
['一', '（一）']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .errors import PolicyParseError
    from .models import (
        Citation,
        Deadline,
        Document,
        Meta,
        ParseWarning,
        Responsibility,
        Section,
        Source,
        Target,
        Unit,
    )
    from .pipeline import parse, parse_text

# The public names load on first use, so that `policyparse --help` does not pay for pydantic.
_LAZY = {
    "PolicyParseError": "errors",
    "parse": "pipeline",
    "parse_text": "pipeline",
    **{name: "models" for name in (
        "Citation", "Deadline", "Document", "Meta", "ParseWarning", "Responsibility",
        "Section", "Source", "Target", "Unit",
    )},
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Citation",
    "Deadline",
    "Document",
    "Meta",
    "ParseWarning",
    "PolicyParseError",
    "Responsibility",
    "Section",
    "Source",
    "Target",
    "Unit",
    "__version__",
    "parse",
    "parse_text",
]
