"""The exceptions policyparse raises for input it cannot read.

Every message names the file and says what is wrong, so the CLI can print it on one line.
Extractors never raise on odd text: they return nothing and the pipeline records a warning.
"""

from __future__ import annotations


class PolicyParseError(Exception):
    """Base class: the input could not be turned into a Document."""

    kind = "error"

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path) if path is not None else "<text>"
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class InputNotFound(PolicyParseError):
    kind = "not_found"


class EmptyInput(PolicyParseError):
    kind = "empty"


class BinaryInput(PolicyParseError):
    kind = "binary"


class EncodingError(PolicyParseError):
    kind = "encoding"


class UnsupportedFormat(PolicyParseError):
    kind = "unsupported_format"


class CorruptInput(PolicyParseError):
    """A PDF or DOCX that cannot be opened: damaged, truncated or not what its name says."""

    kind = "corrupt"


class EncryptedInput(PolicyParseError):
    kind = "encrypted"


class NoTextLayer(PolicyParseError):
    """A scanned PDF: pages without a text layer (OCR is out of scope)."""

    kind = "no_text"


class NotAFile(PolicyParseError):
    """A directory, FIFO, socket or device: only regular files are read."""

    kind = "not_a_file"


class TooLarge(PolicyParseError):
    """Past one of the :class:`~policyparse.limits.Limits` (file size, inflated DOCX part,
    pages): refused before the payload is read."""

    kind = "too_large"


def brief(message: object, limit: int = 100) -> str:
    """A library's error message (lxml, PDFium, pdfminer) in our one-line form: its first
    line, spaces collapsed, build flags and parser options left out, cut at a word boundary.

    >>> brief("Opening and ending tag mismatch: p line 2 and body, line 3, column 8 "
    ...       "(<string>, line 3)\\n(more)")
    'Opening and ending tag mismatch: p line 2 and body, line 3, column 8'
    >>> brief("Resource limit exceeded: Text node too long, try XML_PARSE_HUGE, line 1, "
    ...       "column 10004001 (<string>, line 1)")
    'Resource limit exceeded: Text node too long, line 1, column 10004001'
    """
    import re

    text = str(message).strip().split("\n", 1)[0]
    text = re.sub(r"\s*\(<string>[^()]*\)", "", text)  # lxml's "(<string>, line 1)"
    # a hint naming a parser option: "try XML_PARSE_HUGE", "(use XML_PARSE_HUGE option)"
    text = re.sub(r",[^,()]*\b[A-Z]+_[A-Z_]+\b[^,()]*(?=,|$)|\s*\([^()]*\b[A-Z]+_[A-Z_]+\b[^()]*\)",
                  "", text)
    text = re.sub(r"\s+", " ", text).strip(" .:;,")
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"
    return text or "no details"
