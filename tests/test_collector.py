"""The collector paused for a block and left as found."""

from __future__ import annotations

import gc

import pytest

from policyparse._collector import Paused


@pytest.fixture
def restore_gc():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_found_after(restore_gc, enabled):
    (gc.enable if enabled else gc.disable)()
    with Paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_an_error_in_the_block_still_turns_it_back_on(restore_gc):
    gc.enable()
    with pytest.raises(ValueError), Paused():
        raise ValueError("bad")
    assert gc.isenabled()


def test_freeze_freezes_what_the_block_made_only_when_it_turns_the_collector_back_on(
        restore_gc):
    gc.unfreeze()
    gc.disable()
    with Paused(freeze=True):
        kept = [[] for _ in range(10)]
    assert gc.get_freeze_count() == 0 and not gc.isenabled()
    gc.enable()
    with Paused(freeze=True):
        kept = [[] for _ in range(10)]
    assert gc.get_freeze_count() >= len(kept) and gc.isenabled()
