"""The cross-process cache of compiled patterns (src/policyparse/rxcache.py)."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import regex

from policyparse import patterns, rxcache
from policyparse._firstchars import SRE, parse_source

if sys.version_info >= (3, 11):
    from re import _compiler as sre_compiler  # type: ignore[attr-defined,unused-ignore]
else:  # pragma: no cover
    import sre_compile as sre_compiler

SAMPLES = ["", "一、总体要求", "到2025年，全市单位生产总值能耗下降5%。", "abc ABC 123", "市财政局牵头",
           "（市发展改革委、市工业和信息化局）", "aaab", "xabcx xabdx", "中文abc中文", "\n第一章  总则\n"]

# regex-only features: \p{Han}, reverse search, possessive and atomic groups, fuzzy matching,
# variable-width lookbehind, a group name used twice, set operations
REGEX_ONLY = [
    (r"(?P<h>\p{Han}+)(?P<n>\d+)?", 0),
    (r"(?r)[。，]", 0),
    (r"a++b", 0),
    (r"(?>a+)b", 0),
    (r"(?:abc){e<=1}", 0),
    (r"(?<=中文|ab)c", 0),
    (r"(?P<x>a)|(?P<x>b)", 0),
    (r"[[a-z]--[aeiou]]+", regex.VERSION1),
    (r"abc", regex.IGNORECASE),
]
RE_ONES = [
    (r"^(?P<num>[一二三四五六七八九十]+)[、.．]", 0),
    (r"(?i)abc|\d{2,}", 0),
    (r"(?P<a>a)(?P=a)?b", re.IGNORECASE),
    (r"^\s+|\s+$", re.MULTILINE),
    (r"[\u4e00-\u9fff]{2,}", 0),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Any]]:
    """A cache folder of the test's own; calling the fixture starts a new 'process' (a new store
    that reads the folder afresh)."""
    monkeypatch.setenv("POLICYPARSE_CACHE_DIR", str(tmp_path / "cache"))

    def new_process() -> Any:
        store = rxcache._Store()
        monkeypatch.setattr(rxcache, "_STORE", store)
        return store

    new_process()
    yield new_process


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on a pattern that does not come from the cache fails the test."""
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("compiled anew")

    monkeypatch.setattr(rxcache, "_re_args", refuse)
    monkeypatch.setattr(regex, "compile", refuse)


def _same(a: Any, b: Any) -> None:
    """Two compiled patterns behave alike on the samples."""
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in SAMPLES:
        for ma, mb in ((a.search(text), b.search(text)), (a.match(text), b.match(text))):
            assert (ma is None) == (mb is None)
            if ma is not None and mb is not None:
                assert ma.span() == mb.span() and ma.groups() == mb.groups()
                assert ma.groupdict() == mb.groupdict()
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
        assert a.sub("#", text) == b.sub("#", text)


def test_regex_from_cache_behaves_as_compiled(cache: Callable[[], Any],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first = [rxcache.regex_compile(p, f) for p, f in REGEX_ONLY]
    rxcache.save()
    store = cache()
    _no_compiling(monkeypatch)
    again = [rxcache.regex_compile(p, f) for p, f in REGEX_ONLY]
    assert all(("regex", p, f | (0 if f & regex.VERSION1 else regex.VERSION0)) in store.loaded
               for p, f in REGEX_ONLY)
    for a, b in zip(first, again, strict=True):
        assert a is not b
        assert a._pickled_data == b._pickled_data
        _same(a, b)  # a: what regex.compile gave
    fuzzy = again[REGEX_ONLY.index((r"(?:abc){e<=1}", 0))]
    assert fuzzy.search("xabdx") is not None and fuzzy.search("xabdx").fuzzy_counts == (1, 0, 0)
    assert again[1].search("甲，乙。丙").start() == 3  # reverse: the last one
    back = pickle.loads(pickle.dumps(again[0]))
    assert back.search("abc中文12").groupdict() == {"h": "中文", "n": "12"}


def test_re_from_cache_equals_compiled(cache: Callable[[], Any],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import _sre

    # re's code, told the first characters where re's compiler does not find them
    compiled = [_sre.compile(*rxcache._re_args(p, f)) for p, f in RE_ONES]
    for p, f in RE_ONES:
        rxcache.re_compile(p, f)
    rxcache.save()
    store = cache()
    # the code kept as the bytes of its words (read back in one step)
    store.start()
    assert all(isinstance(store.loaded["re", p, int(f)][2], bytes) for p, f in RE_ONES)
    _no_compiling(monkeypatch)
    for (p, f), expected in zip(RE_ONES, compiled, strict=True):
        got = rxcache.re_compile(p, f)
        assert got == expected  # _sre compares flags, pattern and code
        _same(got, re.compile(p, f))


def test_every_project_pattern_round_trips(cache: Callable[[], Any],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [p.expanded for name in patterns.all_files() for p in patterns.load(name)]
    first = [patterns.compile_expanded(s, "test") for s in sources]
    rxcache.save()
    cache()
    _no_compiling(monkeypatch)
    for src, a in zip(sources, first, strict=True):
        b = patterns.compile_expanded(src, "test")
        assert type(a) is type(b)
        if isinstance(a, re.Pattern):
            assert a == b
        else:
            assert a._pickled_data == b._pickled_data
        _same(a, b)


def test_re_refusing_a_pattern_is_kept(cache: Callable[[], Any],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(re.error):
        rxcache.re_compile(r"\p{Han}")
    rxcache.save()
    cache()
    _no_compiling(monkeypatch)
    with pytest.raises(re.error, match="bad escape"):
        rxcache.re_compile(r"\p{Han}")


def _file(tmp_path: Path) -> Path:
    files = list((tmp_path / "cache").glob("compiled-*.bin"))
    assert len(files) == 1
    return files[0]


@pytest.mark.parametrize("damage", [
    lambda b: b"garbage",
    lambda b: b[: len(b) // 2],
    lambda b: b[:20] + bytes([b[20] ^ 0xFF]) + b[21:],
    lambda b: b"",
])
def test_corrupt_file_falls_back(cache: Callable[[], Any], tmp_path: Path,
                                 damage: Callable[[bytes], bytes]) -> None:
    rxcache.regex_compile(r"\p{Han}+")
    rxcache.re_compile(r"[a-z]+")
    rxcache.save()
    path = _file(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    store = cache()
    assert rxcache.regex_compile(r"\p{Han}+").search("ab中文").group() == "中文"
    assert rxcache.re_compile(r"[a-z]+").search("1ab").group() == "ab"
    assert store.loaded == {}
    rxcache.save()  # rewritten whole
    cache()
    rxcache.re_compile(r"[a-z]+")
    assert ("re", "[a-z]+", 0) in rxcache._STORE.loaded


def test_unwritable_folder_falls_back(cache: Callable[[], Any], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POLICYPARSE_CACHE_DIR", str(blocker / "cache"))
    cache()
    assert rxcache.regex_compile(r"(?P<h>\p{Han})").match("中").group("h") == "中"
    rxcache.save()  # silently nothing
    assert blocker.read_text() == "not a folder"


def test_turned_off(cache: Callable[[], Any], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYPARSE_CACHE_DIR", "off")
    cache()
    assert rxcache.cache_dir() is None
    assert rxcache.re_compile("a+").match("aa")
    rxcache.save()
    assert not (tmp_path / "cache").exists()


def test_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("POLICYPARSE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert rxcache.cache_dir() == tmp_path / "policyparse"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert rxcache.cache_dir() == tmp_path / ".cache" / "policyparse"


def test_version_change_invalidates(cache: Callable[[], Any], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rxcache.re_compile("[a-z]+")
    rxcache.save()
    real, real_file = rxcache._versions(), _file(tmp_path)
    monkeypatch.setattr(rxcache, "_versions", lambda: (*real[:-1], ("another regex",)))
    store = cache()
    rxcache.re_compile("[a-z]+")
    assert store.loaded == {} and store.dirty
    rxcache.save()
    assert store.path is not None and store.path != real_file  # both kept, side by side
    # the other versions' file under this one's name (as if their checksums collided)
    real_file.write_bytes(store.path.read_bytes())
    monkeypatch.setattr(rxcache, "_versions", lambda: real)
    store = cache()
    rxcache.re_compile("[a-z]+")
    assert store.path == real_file and store.loaded == {}


def test_unused_entries_drop_out(cache: Callable[[], Any], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rxcache, "MAX_PATTERNS", 3)
    for s in ("a", "b", "c"):
        rxcache.re_compile(s)
    rxcache.save()
    cache()
    rxcache.re_compile("d")  # new, so the file is written: d first, then what it had, up to 3
    rxcache.save()
    store = cache()
    rxcache.re_compile("a")
    assert list(store.loaded) == [("re", "d", 0), ("re", "a", 0), ("re", "b", 0)]
    rxcache.save()  # nothing new: not written
    assert not store.dirty


def test_read_toml_kept_while_file_unchanged(cache: Callable[[], Any], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "x.toml"
    f.write_text('a = 1\nb = ["x", "y"]\n', encoding="utf-8")
    d = tmp_path / "d.toml"
    d.write_text("when = 2024-01-01\n", encoding="utf-8")
    assert rxcache.read_toml(f) == {"a": 1, "b": ["x", "y"]}
    assert rxcache.read_toml(d)["when"].year == 2024  # a date does not marshal: not kept
    rxcache.save()
    store = cache()
    toml = "tomllib" if sys.version_info >= (3, 11) else "tomli"
    monkeypatch.setattr(f"{toml}.load", lambda fh: pytest.fail("parsed again"))
    assert rxcache.read_toml(f) == {"a": 1, "b": ["x", "y"]}
    assert str(d) not in store.files_loaded
    monkeypatch.undo()
    monkeypatch.setenv("POLICYPARSE_CACHE_DIR", str(tmp_path / "cache"))
    f.write_text('a = 22\nb = ["x", "y"]\n', encoding="utf-8")
    cache()
    assert rxcache.read_toml(f)["a"] == 22
    with pytest.raises(ValueError):
        (tmp_path / "bad.toml").write_text("a = = 1", encoding="utf-8")
        rxcache.read_toml(tmp_path / "bad.toml")


def test_remember(cache: Callable[[], Any]) -> None:
    calls: list[int] = []
    assert rxcache.remember("k", "x", lambda: calls.append(1) or False) is False
    assert rxcache.remember("k", "x", lambda: calls.append(1) or True) is False
    rxcache.save()
    cache()
    assert rxcache.remember("k", "x", lambda: calls.append(1) or True) is False
    assert calls == [1]


def test_old_files_removed(cache: Callable[[], Any], tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for i in range(rxcache.MAX_CACHE_FILES + 3):
        old = folder / f"compiled-other-{i:08x}.bin"
        old.write_bytes(b"x")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    (folder / "unrelated.txt").write_text("kept")
    rxcache.re_compile("[a-z]+")
    rxcache.save()
    left = sorted(p.name for p in folder.glob("compiled-*.bin"))
    assert len(left) == rxcache.MAX_CACHE_FILES and _file_named(tmp_path) in left
    assert "compiled-other-00000000.bin" not in left and (folder / "unrelated.txt").exists()


def _file_named(tmp_path: Path) -> str:
    assert rxcache._STORE.path is not None
    return rxcache._STORE.path.name


def test_a_cached_run_loads_neither_regex_nor_tomllib(tmp_path: Path) -> None:
    """The point of the cache: the second process builds every pattern from the C compiles, and
    finds nothing new to write (every pattern source is the same in every process, whatever the
    order of its sets: another hash seed)."""
    code = ("import sys, policyparse\n"
            "from policyparse import rxcache\n"
            "doc = policyparse.parse_text('某市关于节能的通知\\n一、总体要求\\n（一）到2025年，能耗下降5%。"
            "（市发展改革委牵头，市财政局配合）\\n')\n"
            "print(len(doc.sections()), 'regex._main' in sys.modules,"
            " 'tomllib' in sys.modules or 'tomli' in sys.modules,"
            " rxcache._STORE.dirty)")
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "POLICYPARSE_CACHE_DIR": str(tmp_path), "PYTHONHASHSEED": seed}
        runs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                   text=True, check=True).stdout.split())
    assert runs[0] == ["2", "True", "True", "True"]
    assert runs[1] == ["2", "False", "False", "False"]


# patterns re's own compiler finds no first character for: a lookbehind, a lookahead, ^ in
# multi-line mode, an optional part, an alternation of groups; \d and \s among the first
LEAD_CLASS = [
    r"(?=[\d百])(?:(?<![a-z])\d+个|百分之\d+)",
    r"(?<!\\)\.[*+]",
    r"(?m)^[ \t]*(?:注|说明)\s*[:：]",
    r"(?:为|作为)?牵头|(?:配合|参与)",
    r"\s*(?:抄送|抄报)[：:]",
    r"(?=[一二])(?:一|二)(?=、)",
]


@pytest.mark.parametrize("src", LEAD_CLASS)
def test_re_told_the_first_characters(src: str) -> None:
    """Each gets a class of first characters in its information block (re's search then
    skips the places no match opens at), and finds what re finds, in every group."""
    code = rxcache._re_args(src, 0)[2]
    assert code[0] == SRE.INFO and code[2] == SRE.SRE_INFO_CHARSET
    assert re.compile(src).pattern == src and rxcache._re_args(src, 0)[2] != [
        int(c) for c in sre_compiler._code(parse_source(src), 0)]
    ours, theirs = rxcache.re_compile(src), re.compile(src)
    import random

    rnd = random.Random(src)
    chars = "ab\\.*+百分之12个x\n\t 注说明：:为作牵头配合参与抄送报一二、٣"
    for _ in range(400):
        t = "".join(rnd.choice(chars) for _ in range(rnd.randrange(40)))
        assert [(m.span(), m.groups()) for m in ours.finditer(t)] == [
            (m.span(), m.groups()) for m in theirs.finditer(t)], t


@pytest.mark.parametrize("src", [r"^第[一二]章", r"\A第", r"a?", r"(?i)(?=a)ab", r"[^a]b|c"])
def test_re_not_told(src: str) -> None:
    """An anchored pattern (its search tries one place), one whose match may be empty, one
    that ignores case, one whose first characters cannot be told: re's own code."""
    assert rxcache._re_args(src, 0)[2] == [
        int(c) for c in sre_compiler._code(parse_source(src), 0)]
