"""The cyclic garbage collector paused for a block, and back on after it if it was on.

Where a block makes many objects and no garbage (imports, a parse, a cache file's load), the
collections their number sets off walk everything alive and free nothing. Threads share the
one collector: it is back on when the block that paused it ends, whatever other threads do.
"""

from __future__ import annotations

import gc


class Paused:
    """``with Paused():`` runs its block with the collector off; *freeze* also freezes what
    the block made (:func:`gc.freeze`: never walked again) when the collector comes back on.

    >>> with Paused():
    ...     gc.isenabled()
    False
    """

    __slots__ = ("freeze", "was")

    def __init__(self, freeze: bool = False) -> None:
        self.freeze = freeze
        self.was = False

    def __enter__(self) -> None:
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        # the last thing the block does: the collection a new object may then set off comes at
        # the caller's next allocation, not inside the block
        if self.was:
            if self.freeze:
                gc.freeze()
            gc.enable()
