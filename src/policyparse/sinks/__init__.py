"""Writers that turn Documents into files.

One JSON file per document (:func:`write_atomic`), and collection-wide streams built from those
files: :mod:`.jsonl`, :mod:`.csv`, :mod:`.sqlite`. Every writer works on a temporary file beside
its target and renames it into place when done, so a reader never sees a half-written file,
whatever happens to the process. Each stream writer is a context manager with ``add(doc)``; it
keeps nothing of a document once ``add`` returns, so memory stays flat however many it gets.
The atomic writers themselves live in :mod:`policyparse.atomic` (re-exported here).

This module imports nothing heavy: the writers import their own libraries.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_path, is_temp_name, write_atomic

if TYPE_CHECKING:
    from types import TracebackType

    from typing_extensions import Self

    from ..models import Document, Responsibility

__all__ = ["Sink", "atomic_path", "is_temp_name", "path_text", "task_deadline", "write_atomic"]


def path_text(path: list[str]) -> str:
    """A section path as one string, for flat outputs.

    >>> path_text(["二", "（一）", "1"])
    '二/（一）/1'
    """
    return "/".join(path)


def task_deadline(doc: Document, r: Responsibility) -> tuple[str, str | None, str | None]:
    """The deadlines that govern *r*'s task as the flat outputs write them: their texts joined
    by "；" ("" where none), the earliest start and the latest end (YYYY-MM-DD, or None)."""
    deadlines = [doc.deadlines[k] for k in r.deadlines]
    return ("；".join(d.text for d in deadlines),
            min((d.start for d in deadlines if d.start), default=None),
            max((d.end for d in deadlines if d.end), default=None))


class Sink:
    """A collection-wide writer: documents go in one at a time; the file appears on exit.

    Subclasses open their writer on :attr:`tmp` in :meth:`open`, write in :meth:`add`, and
    flush and close in :meth:`close`; the rename onto :attr:`path` happens only when the block
    ends without an error.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.tmp = self.path
        self._stack = ExitStack()

    def __enter__(self) -> Self:
        self.tmp = self._stack.enter_context(atomic_path(self.path))
        try:
            self.open()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.close()
        except BaseException:
            if not self._stack.__exit__(*sys.exc_info()):
                raise
        else:
            self._stack.__exit__(exc_type, exc, tb)

    def open(self) -> None:
        raise NotImplementedError

    def add(self, doc: Document) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError
