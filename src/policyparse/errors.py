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
