"""The worker pool: every item comes back once; a hung or dead worker costs one item only."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from policyparse.pool import Lost, WorkerStartError, run


def square(x: int) -> int:
    return x * x


def misbehave(x: int) -> int:
    """-1 hangs, -2 kills its own process, -3 raises; anything else is squared."""
    if x == -1:
        time.sleep(60)
    if x == -2:
        os.kill(os.getpid(), signal.SIGKILL)
    if x == -3:
        raise ValueError("bad item")
    return x * x


def fail_to_start() -> None:
    raise SystemExit(3)


def test_every_item_once_in_some_order():
    got = list(run(square, range(50), workers=2))
    assert sorted(got) == [(i, i * i) for i in range(50)]


def test_no_items_no_results():
    assert list(run(square, [], workers=2)) == []


def test_a_hung_task_is_stopped_and_the_others_complete():
    start = time.monotonic()
    got = dict(run(misbehave, [1, -1, 2, 3, 4, 5], workers=2, timeout=2))
    assert time.monotonic() - start < 30
    assert got[-1] == Lost("timeout", "took longer than 2 s")
    assert {k: v for k, v in got.items() if k != -1} == {1: 1, 2: 4, 3: 9, 4: 16, 5: 25}


def test_a_dead_worker_loses_only_its_task():
    got = dict(run(misbehave, [1, -2, 2, -2, 3, 4], workers=2))
    assert isinstance(got[-2], Lost) and got[-2].kind == "crash"
    assert "SIGKILL" in got[-2].detail
    assert {k: v for k, v in got.items() if k != -2} == {1: 1, 2: 4, 3: 9, 4: 16}


def test_items_queued_behind_a_lost_one_are_run_by_the_next_worker():
    got = dict(run(misbehave, [-1, 2, -2, 3, 4], workers=1, timeout=2))
    assert got[-1].kind == "timeout" and got[-2].kind == "crash"
    assert {k: v for k, v in got.items() if k >= 0} == {2: 4, 3: 9, 4: 16}


def test_a_task_that_raises_is_an_error_result():
    got = dict(run(misbehave, [-3, 2], workers=1))
    assert got == {-3: Lost("error", "ValueError: bad item"), 2: 4}


def test_a_worker_that_cannot_start_stops_the_run():
    with pytest.raises(WorkerStartError, match="exit code 3"):
        list(run(square, [1, 2], workers=1, initializer=fail_to_start))


def test_closing_early_stops_the_workers():
    results = run(misbehave, [1, -1, -1], workers=3, timeout=60)
    assert next(results) == (1, 1)  # the two others hang in their workers
    assert len(multiprocessing.active_children()) == 3
    start = time.monotonic()
    results.close()
    assert time.monotonic() - start < 10
    assert multiprocessing.active_children() == []
