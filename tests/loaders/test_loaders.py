"""loaders/__init__.py: only regular files are read, and none past the size limit."""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import threading
import time

import pytest

from policyparse.errors import InputNotFound, NotAFile, PolicyParseError, TooLarge
from policyparse.limits import Limits
from policyparse.loaders import load, read_bytes, sha256_hex

NOTICE = "一、总体要求\n（一）指导思想。坚持节能优先。\n".encode()


def test_a_fifo_is_refused_at_once_without_a_writer(tmp_path):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(NotAFile, match="is a FIFO") as exc:
        load(fifo)
    assert time.perf_counter() - start < 5  # it would block forever if it were opened to read
    assert exc.value.kind == "not_a_file"


def test_a_socket_a_device_and_a_directory_are_not_files(tmp_path):
    sock_path = tmp_path / "s.txt"
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(sock_path))
        with pytest.raises(NotAFile, match="is a socket, not a regular file"):
            load(sock_path)
    finally:
        s.close()
    dev = tmp_path / "zero.txt"
    dev.symlink_to("/dev/zero")
    with pytest.raises(NotAFile, match="character device"):
        load(dev)
    with pytest.raises(NotAFile, match="directory"):
        load(tmp_path)


def test_a_file_past_max_size_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(NOTICE * 100)
    with pytest.raises(TooLarge, match=r"over the limit of 1 KiB \(max_size\)") as exc:
        load(path, limits=Limits(max_size=1024))
    assert exc.value.kind == "too_large"
    assert load(path, limits=Limits(max_size=len(NOTICE) * 100)).text.startswith("一、")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(64 << 30)  # sparse: 64 GiB that nobody could read into memory
    start = time.perf_counter()
    with pytest.raises(TooLarge, match="file is 64 GiB"):
        load(huge)
    assert time.perf_counter() - start < 5


def test_a_file_that_grows_while_read_is_refused(tmp_path):
    path = tmp_path / "growing.txt"
    path.write_bytes(NOTICE)
    stop = threading.Event()

    def grow():
        with path.open("ab") as fh:
            while not stop.is_set():
                fh.write(NOTICE * 1000)

    t = threading.Thread(target=grow)
    t.start()
    try:
        time.sleep(0.05)
        with pytest.raises(TooLarge):
            read_bytes(path, 64 * 1024)
    finally:
        stop.set()
        t.join()


def test_read_at_most_reads_past_the_size_fstat_gave_up_to_the_limit(tmp_path, monkeypatch):
    from policyparse import loaders
    from policyparse.loaders import _read_at_most

    path = tmp_path / "notice.txt"
    data = bytes(range(200))
    path.write_bytes(data)

    def read(size, limit):
        fd = os.open(path, os.O_RDONLY)
        try:
            return _read_at_most(fd, size, limit)
        finally:
            os.close(fd)

    assert read(200, 1000) == data
    assert read(50, 1000) == data  # it grew after fstat: all of it
    assert read(50, 120) == data[:120]  # …up to the limit
    assert read(500, 120) == data[:120]
    assert read(50, None) == data  # no limit: all of it
    monkeypatch.setattr(loaders, "_CHUNK", 7)  # the growth read in chunks
    assert read(50, 1000) == data and read(50, 120) == data[:120] and read(50, None) == data
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 3)))  # short reads
    assert read(200, 1000) == data and read(200, 120) == data[:120]


def test_a_file_is_read_whole_under_a_large_limit(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE * 3)
    assert read_bytes(path, 1 << 40) == NOTICE * 3  # (no buffer of the limit's size)
    assert read_bytes(path, len(NOTICE) * 3) == NOTICE * 3
    with pytest.raises(TooLarge):
        read_bytes(path, len(NOTICE) * 3 - 1)


def test_missing_and_unreadable(tmp_path, monkeypatch):
    with pytest.raises(InputNotFound):
        load(tmp_path / "missing.txt")
    path = tmp_path / "locked.txt"
    path.write_bytes(NOTICE)
    real_open = os.open

    def deny(p, *a, **k):
        if os.fspath(p) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(p, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(PolicyParseError, match="permission denied"):
        load(path)


def test_a_read_error_is_one_line(tmp_path):
    mem = tmp_path / "mem.txt"
    mem.symlink_to("/proc/self/mem")  # a regular file whose reading fails (EIO)
    with pytest.raises(PolicyParseError, match="cannot read: Input/output error"):
        load(mem)


@pytest.mark.parametrize("builtin", [True, False])
def test_sha256_hex_is_hashlibs_digest_with_or_without_the_builtin_module(builtin, monkeypatch):
    import policyparse.loaders as loaders

    monkeypatch.delitem(sys.modules, "hashlib")  # not loaded yet, as in `policyparse parse`
    monkeypatch.setattr(loaders, "_builtin_hashed", 0)  # a fresh process
    loaders._builtin_sha256.cache_clear()
    if not builtin:  # a build without _sha2/_sha256 (FIPS): hashlib's
        monkeypatch.setitem(sys.modules, "_sha2", None)
        monkeypatch.setitem(sys.modules, "_sha256", None)
    for data in (b"", b"abc", "一、总体要求".encode() * 1000):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
    loaders._builtin_sha256.cache_clear()
    assert ("hashlib" in sys.modules) == (not builtin)
    long = bytes(300_000)  # hashed by hashlib, the faster, whatever it costs to import
    assert sha256_hex(long) == hashlib.sha256(long).hexdigest() and "hashlib" in sys.modules


def test_sha256_hex_takes_hashlib_once_the_process_has_hashed_256_kib(monkeypatch):
    """The builtin module hashes the first 256 KiB of a process; what comes after, hashlib
    (imported once): a batch pays the import once instead of the builtin's slower pass on
    every file."""
    import policyparse.loaders as loaders

    monkeypatch.delitem(sys.modules, "hashlib")
    monkeypatch.setattr(loaders, "_builtin_hashed", 0)
    chunk = bytes(100_000)
    for _ in range(2):
        assert sha256_hex(chunk) == hashlib.sha256(chunk).hexdigest()
    assert "hashlib" not in sys.modules and loaders._builtin_hashed == 200_000
    assert sha256_hex(chunk) == hashlib.sha256(chunk).hexdigest()  # past 256 KiB: hashlib
    assert "hashlib" in sys.modules and loaders._builtin_hashed == 200_000


def test_the_builtin_sha256_is_looked_up_once(monkeypatch):
    """A failed import is not remembered by Python: the lookup of the builtin constructor
    is (on 3.11 `_sha2` does not exist, and each call searched sys.path for it)."""
    import builtins

    import policyparse.loaders as loaders

    loaders._builtin_sha256.cache_clear()
    asked: list[str] = []
    real = builtins.__import__

    def counting(name, *a, **k):
        if name in ("_sha2", "_sha256"):
            asked.append(name)
        return real(name, *a, **k)

    monkeypatch.delitem(sys.modules, "hashlib")
    monkeypatch.setattr(loaders, "_builtin_hashed", 0)
    monkeypatch.setattr(builtins, "__import__", counting)
    for _ in range(3):
        sha256_hex(b"abc")
    assert 1 <= len(asked) <= 2  # _sha2, then _sha256 where it is missing: once
