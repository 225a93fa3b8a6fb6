"""Writers that turn Documents into files.

One JSON file per document (:func:`write_atomic`), and collection-wide streams built from those
files: :mod:`.jsonl`, :mod:`.csv`, :mod:`.sqlite`. Every writer works on a temporary file beside
its target and renames it into place when done, so a reader never sees a half-written file,
whatever happens to the process. Each stream writer is a context manager with ``add(doc)``; it
keeps nothing of a document once ``add`` returns, so memory stays flat however many it gets.

This module imports nothing heavy: the writers import their own libraries.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import TracebackType

    from typing_extensions import Self

    from ..models import Document

_TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A new empty file beside *path*, renamed onto *path* when the block ends without error.

    On an error the temporary file is removed; after a ``kill -9`` it stays behind under a name
    :func:`is_temp_name` recognizes. Permissions follow the umask, as for any new file.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> [p.name for p in d.iterdir()], (d / "a.txt").read_text()
    (['a.txt'], 'done')
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:  # pragma: no cover - 1 in 4 billion
            continue
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str) -> None:
    """Write *data* to *path* through a temporary file and a rename: never half-written."""
    with atomic_path(path) as tmp:
        tmp.write_text(data, encoding="utf-8")


def is_temp_name(name: str) -> bool:
    """Whether *name* is one of :func:`atomic_path`'s temporary files.

    >>> is_temp_name(".notice.txt.json.0a1b2c3d.tmp"), is_temp_name("notice.txt.json")
    (True, False)
    """
    return _TEMP_NAME.fullmatch(name) is not None


def path_text(path: list[str]) -> str:
    """A section path as one string, for flat outputs.

    >>> path_text(["二", "（一）", "1"])
    '二/（一）/1'
    """
    return "/".join(path)


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
