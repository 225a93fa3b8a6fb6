"""The whole test run (tests/ and the doctests of src/) keeps the compiled-pattern cache of
:mod:`policyparse.rxcache` in a folder of its own, removed at the end, never in the user's
~/.cache; processes the tests start inherit it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="policyparse-test-cache-")
os.environ["POLICYPARSE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
