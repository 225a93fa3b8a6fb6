"""The batch on dask: a :mod:`dask.bag` over the inputs, run by a :mod:`distributed` client.

Without a scheduler address the client starts a local cluster of *workers* single-threaded
processes; with one (``tcp://host:8786``) it runs on that cluster, whose workers must have
policyparse installed and see the input and output paths. The tasks are the local engine's
(:func:`policyparse.batch.convert`), so the outputs are the same.

What dask does not give: a per-task time limit (a dask task cannot be stopped from outside, so
``--timeout`` applies to the local engine only), and per-file blame when a worker dies: dask
retries the partition elsewhere and, after its ``allowed-failures``, gives up on it, and then
every file of that partition is reported as a "crash". Partitions are kept small for that.

Needs the ``dask`` extra: ``pip install 'policyparse[dask]'``.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any, TypeVar

from .pool import Lost

T = TypeVar("T")
R = TypeVar("R")


class DaskError(RuntimeError):
    """The cluster cannot be reached or started."""


def available() -> bool:
    """Whether dask.bag and distributed can be imported."""
    return all(importlib.util.find_spec(m) is not None for m in ("dask", "distributed"))


def run(fn: Callable[[T], R], items: Iterable[T], *, workers: int,
        timeout: float | None = None, scheduler: str | None = None,
        ) -> Iterator[tuple[T, R | Lost]]:
    """Apply *fn* to every item on dask; yield ``(item, result)`` as each partition ends.

    *timeout* is not enforced (see the module doc). A partition that fails yields
    ``Lost("crash", …)`` for each of its items.
    """
    import dask.bag as db
    from distributed import Client, LocalCluster, as_completed

    todo = list(items)
    if not todo:
        return
    size = max(1, min(16, math.ceil(len(todo) / (max(1, workers) * 8))))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    with ExitStack() as stack:
        try:
            if scheduler:
                client = stack.enter_context(Client(scheduler))
            else:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
        except OSError as exc:
            where = f"the dask scheduler at {scheduler}" if scheduler else "a local dask cluster"
            raise DaskError(f"cannot reach {where}: {exc}") from exc
        # from_sequence cuts the list into runs of partition_size, in order: our chunks
        parts = db.from_sequence(todo, partition_size=size).map(fn).to_delayed()
        futures = client.compute(parts)
        chunk_of: dict[Any, list[T]] = {f.key: c for f, c in zip(futures, chunks, strict=True)}
        for future in as_completed(futures):
            chunk = chunk_of.pop(future.key)
            try:
                results = future.result()
            except Exception as exc:
                for item in chunk:
                    yield item, Lost("crash", f"the dask task failed ({type(exc).__name__}: "
                                              f"{exc})")
                continue
            finally:
                future.release()
            yield from zip(chunk, results, strict=True)
