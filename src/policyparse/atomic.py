"""Atomic file writes: a target file is complete or absent, never half-written.

A module of its own, below both :mod:`policyparse.sinks` and :mod:`policyparse.report` (and the
CLI and the batch runner), so that none of them imports another for it. Imports nothing heavy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
        # secrets.token_hex(4) as it is made, without importing secrets (and hashlib)
        tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
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
