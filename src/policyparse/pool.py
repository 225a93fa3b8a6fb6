"""Worker processes in which every task has a time limit, and a dead worker costs one task.

:func:`run` is a small ``imap_unordered``: ``fn`` is applied to each item in one of *workers*
processes, and each ``(item, result)`` pair is yielded as soon as it is done. Unlike
:class:`concurrent.futures.ProcessPoolExecutor`, a task that runs past *timeout* has its worker
killed and replaced, and a worker that dies (segfault, out-of-memory kill, ``kill -9``) loses
only the task it was running: both come back as a :class:`Lost` result for that item, and the
other tasks go on.

Each worker runs its tasks in the order sent, so the task a worker was running when it died or
hung is known exactly. Workers start with ``spawn`` (no state copied from the parent, which may
run a progress-bar thread), ignore Ctrl-C (the parent stops them), and exit on their own when
the parent goes away, after finishing the tasks in hand.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnProcess
from typing import Any, Generic, NamedTuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Lost(NamedTuple):
    """A task that gave no result: ``kind`` is "timeout", "crash" or "error" (it raised)."""

    kind: str
    detail: str


_READY = "ready"
_END: Any = object()
AHEAD = 2
"""Items a worker holds at once: the one it runs and the next."""


class WorkerStartError(RuntimeError):
    """A worker process died before it was ready: the environment, not an input, is broken."""


def _serve(conn: Connection, fn: Callable[[Any], Any],
           initializer: Callable[[], None] | None) -> None:
    """A worker's loop: receive an item, send back ``fn(item)``; stop on None or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    try:
        conn.send(_READY)
    except OSError:
        return
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if item is None:
            return
        try:
            result = fn(item)
        except Exception as exc:
            result = Lost("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except OSError:
            return
        except Exception as exc:  # the result does not pickle
            conn.send(Lost("error", f"cannot send the result back: {exc}"))


class _Worker(Generic[T]):
    """One process and the items sent to it, in order; the first is the one it is running."""

    def __init__(self, ctx: Any, fn: Callable[[T], Any],
                 initializer: Callable[[], None] | None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc: SpawnProcess = ctx.Process(
            target=_serve, args=(child, fn, initializer), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.inflight: deque[T] = deque()
        self.deadline = float("inf")  # of the running item

    def give(self, item: T, timeout: float | None) -> None:
        self.conn.send(item)
        if not self.inflight:
            self.deadline = _deadline(timeout)
        self.inflight.append(item)

    def done(self, timeout: float | None) -> T:
        """The running item has its result; the next one starts now."""
        item = self.inflight.popleft()
        self.deadline = _deadline(timeout) if self.inflight else float("inf")
        return item

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self, grace: float) -> None:
        """Ask the worker to exit; kill it if it is still there after *grace* seconds."""
        if self.ready and not self.inflight:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.proc.join(grace)
        self.kill()


def _deadline(timeout: float | None) -> float:
    return time.monotonic() + timeout if timeout else float("inf")


def _death(proc: SpawnProcess) -> str:
    proc.join(5)
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"the worker process was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"the worker process was killed by signal {-code}"
    return f"the worker process died (exit code {code})"


def run(fn: Callable[[T], R], items: Iterable[T], *, workers: int,
        timeout: float | None = None,
        initializer: Callable[[], None] | None = None) -> Iterator[tuple[T, R | Lost]]:
    """Apply *fn* to every item in *workers* processes; yield ``(item, result)`` as each ends.

    *fn* and *initializer* must be module-level functions (they are pickled by name);
    *initializer* runs once in each new worker before it takes a task, so imports and warm-up
    do not count against a task's time. A task running longer than *timeout* seconds yields
    ``Lost("timeout", …)``, a task whose worker died ``Lost("crash", …)``, a task whose *fn*
    raised ``Lost("error", …)``. A worker that dies before it is ready raises
    :class:`WorkerStartError`.

    Each worker holds up to :data:`AHEAD` items, so that it never waits for the parent between
    two; it runs them in order, so the item it is running (the first not answered) is known,
    and its time counts from the answer to the one before.
    """
    ctx = mp.get_context("spawn")

    def spawn() -> _Worker[T]:
        return _Worker(ctx, fn, initializer)

    pool = [spawn() for _ in range(max(1, workers))]
    todo = iter(items)
    backlog: deque[T] = deque()  # items to send again: their worker died before running them
    more = True

    def replace(i: int) -> T:
        """Kill worker *i*, start another; its running item is returned, the rest go back."""
        w = pool[i]
        w.kill()
        pool[i] = spawn()
        item = w.inflight.popleft()
        backlog.extendleft(reversed(w.inflight))
        return item

    try:
        while True:
            for w in pool:
                while w.ready and len(w.inflight) < AHEAD:
                    item = backlog.popleft() if backlog else next(todo, _END) if more else _END
                    if item is _END:
                        more = False
                        break
                    try:
                        w.give(item, timeout)
                    except OSError:  # it died: the wait below sees it
                        backlog.appendleft(item)
                        break
            if not more and not backlog and not any(w.inflight for w in pool):
                return
            wait_for = min(w.deadline for w in pool) - time.monotonic()
            ready = wait([w.conn for w in pool],
                         timeout=None if wait_for == float("inf") else max(0.0, wait_for))
            now = time.monotonic()
            for i, w in enumerate(pool):
                if w.conn in ready:
                    try:
                        result: R | Lost = w.conn.recv()
                    except (EOFError, OSError):
                        if not w.ready:
                            raise WorkerStartError(_death(w.proc)) from None
                        if not w.inflight:  # died between two items
                            w.kill()
                            pool[i] = spawn()
                            continue
                        lost = Lost("crash", _death(w.proc))
                        yield replace(i), lost
                        continue
                    if not w.ready:
                        w.ready = True
                        continue
                    yield w.done(timeout), result
                elif w.inflight and w.deadline <= now:
                    yield replace(i), Lost("timeout", f"took longer than {timeout:g} s")
    finally:
        for w in pool:
            w.stop(grace=5)
