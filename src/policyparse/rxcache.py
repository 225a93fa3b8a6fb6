"""Compiled regexes and parsed pattern files, kept across processes.

People run ``policyparse parse`` one process a file, and most of a short notice's run used to
be start-up: both ``re`` and ``regex`` parse and compile a pattern in Python before they hand
the result to their C engine, and the pattern files are TOML parsed in Python too. This module
keeps what the C engine is given (``_sre.compile``'s and ``_regex.compile``'s arguments: the
pattern, its flags, its code as a list of numbers or bytes, its group names …) and the parsed
TOML, in one file of the user's cache folder, and the next process builds each pattern straight
from the C call, skipping the Python-level work.

* Where: ``$POLICYPARSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/policyparse``, else
  ``~/.cache/policyparse``; ``POLICYPARSE_CACHE_DIR=off`` (or empty) turns the cache off.
* What: one file per interpreter, ``regex`` build and version of this module, of
  :mod:`policyparse.patterns` and of the analysis of first characters (in its name and in its
  header), holding plain data
  (:mod:`marshal`) behind a checksum: each pattern's arguments to the C compile (or the
  message of the error ``re`` gave it), values :func:`remember` keeps (such as which library a
  pattern file's regex compiles under), and each pattern file's data with the file's size and
  modification time (read again when either changes). A process that finds all it needs there
  loads ``regex``'s C module alone, not its Python package, nor ``tomllib``.
* When: read at the first compilation; written (through a temporary file and a rename) when the
  process ends, and only if it compiled or read something the file did not have. What it writes
  is what this process used, then what it had read and not used, up to :data:`MAX_PATTERNS`, so
  patterns no longer in use drop out instead of growing the file forever.
  At most :data:`MAX_CACHE_FILES` such files stay, the newest (another ``regex`` or Python
  writes a file of its own).
* Failure: a missing, unreadable, corrupt or foreign file, or a cache folder that cannot be
  written, is never an error: compilation then goes the ordinary way.

A pattern is cached only where its compilation depends on nothing but its text and flags: a
``str`` pattern without the locale or debug flags and, for ``regex``, without named lists.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import zlib
from _thread import RLock  # threading.RLock itself, without the threading module
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ._collector import Paused

if TYPE_CHECKING:
    import regex

FORMAT = 1
"""Bump when the layout of the cache file changes."""
MAX_PATTERNS = 4000
MAX_FILES = 200
MAX_CACHE_FILES = 8
_MAGIC = b"PPRX"
_RE_LOCALE, _RE_DEBUG = 4, 128
_RX_LOCALE, _RX_DEBUG, _RX_VERSION0, _RX_VERSIONS = 4, 0x200, 0x2000, 0x2100

_Key = tuple[str, str, int]


def cache_dir() -> Path | None:
    """The cache folder, or None where the cache is turned off."""
    own = os.environ.get("POLICYPARSE_CACHE_DIR")
    if own is not None:
        return None if own.strip().lower() in ("", "off", "0", "none") else Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "policyparse"


def _regex_file(name: str) -> Path | None:
    """A file of the installed ``regex`` package, found without importing it."""
    folder = _regex_folder()
    if folder is None or name != "_regex":
        return None if folder is None else folder / name
    from importlib.machinery import EXTENSION_SUFFIXES

    for suffix in EXTENSION_SUFFIXES:
        if (folder / f"_regex{suffix}").is_file():
            return folder / f"_regex{suffix}"
    return None


_FOLDER: list[Path | None] = []


def _regex_folder() -> Path | None:
    """The folder of the installed ``regex`` package (looked up once)."""
    if not _FOLDER:
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec("regex")
        locations = spec.submodule_search_locations if spec is not None else None
        _FOLDER.append(Path(next(iter(locations))) if locations else None)
    return _FOLDER[0]


def _regex_ext() -> Any:
    """``regex``'s C module, loaded without the Python package around it (whose import costs
    more than the rest of a cached start-up). Once loaded it is the one ``regex`` itself uses
    when it is imported later."""
    mod = sys.modules.get("regex._regex")
    if mod is not None:
        return mod
    path = _regex_file("_regex")
    if path is None:
        from regex import _regex

        return _regex
    from importlib.machinery import ExtensionFileLoader, ModuleSpec

    loader = ExtensionFileLoader("regex._regex", str(path))
    spec = ModuleSpec("regex._regex", loader, origin=str(path))
    mod = loader.create_module(spec)
    mod.__spec__, mod.__loader__ = spec, loader
    loader.exec_module(mod)
    return sys.modules.setdefault("regex._regex", mod)


_PICKLING: list[type] = []


def _register_pickling(ext: Any, compiled: Any) -> None:
    """Compiled ``regex`` patterns pickle as ``regex`` registers them (with its C compile and
    the same arguments), also while ``regex`` itself is not imported."""
    if _PICKLING or "regex._main" in sys.modules:
        return
    import copyreg

    def reduce(p: Any) -> tuple[Any, tuple[Any, ...]]:
        return ext.compile, p._pickled_data

    _PICKLING.append(type(compiled))
    copyreg.pickle(type(compiled), reduce)


def _versions() -> tuple[Any, ...]:
    """What a cached entry is valid for: this format, this interpreter and ``_sre``, this
    ``regex`` (its files' sizes and times: a reinstall changes them), and this module,
    :mod:`policyparse.patterns` (whose choices between ``re`` and ``regex`` are kept too) and
    :mod:`policyparse._firstchars` and :mod:`policyparse.extract._firsts` (whose classes are
    kept, and go into ``re``'s code)."""
    import _sre  # type: ignore[import-not-found,unused-ignore]

    stamps: list[Any] = []
    here = Path(__file__).resolve().parent
    ours = ("patterns.py", "rxcache.py", "_firstchars.py", "extract/_firsts.py")
    for name in ("_regex", "_regex_core.py", "_main.py", *ours):
        path = here / name if name in ours else _regex_file(name)
        if path is None:
            stamps.append(None)
            continue
        try:
            st = path.stat()
            stamps.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stamps.append(None)
    return (FORMAT, sys.version, sys.implementation.cache_tag, sys.byteorder, sys.maxsize,
            _sre.MAGIC, _sre.CODESIZE, tuple(stamps))


class _Store:
    """The cache of one process: what it read from the file and what it used."""

    def __init__(self) -> None:
        self.lock = RLock()
        self.ready = False
        self.path: Path | None = None
        self.versions: tuple[Any, ...] = ()
        self.loaded: dict[_Key, Any] = {}
        self.files_loaded: dict[str, tuple[Any, Any]] = {}
        self.used: dict[_Key, Any] = {}
        """A key's arguments to the C compile, or the message of the error it raised."""
        self.files_used: dict[str, tuple[Any, Any]] = {}
        self.compiled: dict[_Key, Any] = {}
        self.dirty = False

    def start(self) -> None:
        if self.ready:
            return
        with self.lock:
            if self.ready:
                return
            try:
                folder = cache_dir()
                if folder is not None:
                    self.versions = _versions()
                    tag = zlib.crc32(repr(self.versions).encode()) & 0xFFFFFFFF
                    self.path = folder / f"compiled-{sys.implementation.cache_tag}-{tag:08x}.bin"
                    self._read()
                    atexit.register(save)
            except Exception:
                self.path = None
            self.ready = True

    def _read(self) -> None:
        assert self.path is not None
        try:
            raw = self.path.read_bytes()
        except OSError:
            return
        try:
            if raw[:4] != _MAGIC or int.from_bytes(raw[4:8], "little") != zlib.crc32(raw[8:]):
                return
            data = _loads(raw[8:])
            versions, patterns, files = data
            if versions != self.versions or not isinstance(patterns, dict) or not isinstance(
                    files, dict):
                return
            self.loaded, self.files_loaded = patterns, files
        except Exception:
            self.loaded, self.files_loaded = {}, {}

    def save(self) -> None:
        """Write the file if this process compiled or read something it did not hold."""
        with self.lock:
            if not self.dirty or self.path is None:
                return
            patterns = dict(self.used)
            for key, args in self.loaded.items():
                if len(patterns) >= MAX_PATTERNS:
                    break
                patterns.setdefault(key, args)
            files = dict(self.files_used)
            for name, item in self.files_loaded.items():
                if len(files) >= MAX_FILES:
                    break
                files.setdefault(name, item)
            try:
                payload = marshal.dumps((self.versions, patterns, files))
                from .atomic import atomic_path

                with atomic_path(self.path) as tmp:
                    tmp.write_bytes(_MAGIC + zlib.crc32(payload).to_bytes(4, "little") + payload)
                self.dirty = False
                _drop_old_files(self.path)
            except Exception:
                pass


def _drop_old_files(kept: Path) -> None:
    """Leave at most :data:`MAX_CACHE_FILES` cache files (one per interpreter and ``regex``
    build, and per version of this module and :mod:`policyparse.patterns`), the newest."""
    found = []
    for path in kept.parent.glob("compiled-*.bin"):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    found.sort(reverse=True)
    for _, path in found[MAX_CACHE_FILES:]:
        if path != kept:
            path.unlink(missing_ok=True)


_STORE = _Store()


def _loads(payload: bytes) -> Any:
    """:func:`marshal.loads` with the garbage collector paused: the many containers it makes
    would start full collections of everything the process holds (a tenth of a run's time),
    and none of them can be garbage."""
    with Paused():
        return marshal.loads(payload)


def save() -> None:
    """Write the cache file now if it lacks something this process used (also done at exit)."""
    _STORE.save()


def _cached(key: _Key, build: Any, capture: Any, error: type[Exception] | None = None) -> Any:
    """The compiled pattern of *key*: from this process, from the file through *build* (args →
    pattern), or compiled anew by *capture* (→ pattern, args or None). An *error* that
    *capture* raises is kept too (its message), and raised again, without compiling, next time:
    ``re`` refusing a pattern that only ``regex`` reads is part of the normal course."""
    store = _STORE
    hit = store.compiled.get(key)
    if hit is not None:
        return hit
    store.start()
    with store.lock:
        args: Any = store.loaded.get(key) if store.path is not None else None
        if isinstance(args, str) and error is not None:
            store.used[key] = args
            raise error(args)
        compiled = None
        if isinstance(args, tuple):
            try:
                compiled = build(args)
                if compiled.pattern != key[1]:
                    compiled = None
            except Exception:  # a bad entry compiles anew
                compiled = None
        if compiled is None:
            try:
                compiled, args = capture()
            except Exception as exc:
                if error is None or not isinstance(exc, error):
                    raise
                args = str(exc)
                store.used[key] = args
                store.dirty = store.dirty or store.path is not None
                raise
            if args is not None and store.path is not None:
                store.dirty = True
        if args is not None:
            store.used[key] = args
        store.compiled[key] = compiled
        return compiled


def keeps() -> bool:
    """Whether this process keeps what it compiles for the next (the cache is on and usable)."""
    _STORE.start()
    return _STORE.path is not None


def remember(kind: str, text: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, a plain value about the pattern *text* (such as which library compiles
    it), kept across processes like the compiled patterns."""
    key = (kind, text, 0)
    store = _STORE
    if key in store.compiled:
        return store.compiled[key]
    store.start()
    with store.lock:
        value = store.loaded.get(key) if store.path is not None else None
        if value is None:
            value = compute()
            store.dirty = store.dirty or store.path is not None
        store.used[key] = store.compiled[key] = value
        return value


def _re_args(pattern: str, flags: int) -> tuple[Any, ...]:
    """What ``re``'s compiler hands ``_sre.compile`` for *pattern* (its own steps, in order)."""
    if sys.version_info >= (3, 11):
        from re import _compiler, _parser  # type: ignore[attr-defined,unused-ignore]
    else:  # pragma: no cover
        import sre_compile as _compiler
        import sre_parse as _parser
    p: Any = _parser.parse(pattern, flags)
    code = _lead_charset(p, flags, cast(Any, _compiler)._code(p, flags))
    groupindex = p.state.groupdict
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (pattern, int(flags | p.state.flags), [int(c) for c in code], int(p.state.groups - 1),
            {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))


def _lead_charset(p: Any, flags: int, code: list[Any]) -> list[Any]:
    """*code* (``re``'s compiled form of the parsed pattern *p*) told, in its information
    block, the characters a match opens with (:func:`policyparse._firstchars.first_items`)
    where ``re`` found neither a literal prefix nor a class of its own: where the pattern opens
    with a lookbehind, a lookahead (``(?=[\\d百千])…``, :func:`~policyparse.extract._firsts.
    lead`), ``^`` in multi-line mode, an optional part or an alternation of groups (not
    where it opens with ``^``: the search tries the first place alone). Its search
    then skips, in C, every place whose character cannot open a match (as for a pattern that
    opens with a class) instead of trying the whole pattern there (about 300 instructions a
    character); the matches are the same. Not for a pattern whose match may be empty
    (``re``'s search needs one character to step on); any surprise leaves *code* as it is."""
    if sys.version_info >= (3, 11):
        from re import _compiler  # type: ignore[attr-defined,unused-ignore]
        from re import _constants as c  # type: ignore[attr-defined,unused-ignore]
    else:  # pragma: no cover
        import sre_compile as _compiler
        import sre_constants as c
    try:
        if code[0] != c.INFO or code[2] != 0 or code[3] == 0 or int(flags) & (
                c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_LOCALE):
            return code
        if p.data and p.data[0][0] is c.AT and (p.data[0][1] is c.AT_BEGINNING_STRING or (
                p.data[0][1] is c.AT_BEGINNING
                and not (int(flags) | p.state.flags) & c.SRE_FLAG_MULTILINE)):
            return code  # anchored: the search stops after the first place (a class would not)
        from ._firstchars import first_items

        items = first_items(p)
        if items is None:
            return code
        charset, _ = cast(Any, _compiler)._optimize_charset(items)
        info = [c.INFO, 0, c.SRE_INFO_CHARSET, code[3], code[4]]
        cast(Any, _compiler)._compile_charset(charset, int(flags) | p.state.flags, info)
        info[1] = len(info) - 1
        return [*info, *code[code[1] + 1:]]
    except Exception:  # an interpreter whose compiler differs
        return code


def _packed(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments of ``_sre.compile`` (:func:`_re_args`) to keep: the code (``args[2]``,
    a list of numbers) as the bytes of an unsigned-int array, which a start-up reads back in
    one step (:func:`_unpacked`), where :mod:`marshal` costs one object a number (a class
    spelt out, such as ``\\p{Han}``'s ranges, is some 300 of them). As they are where a number
    does not fit (the list read back is then the same list)."""
    code = array("I")
    try:
        code.fromlist(args[2])
    except (OverflowError, TypeError):
        return args
    return (*args[:2], code.tobytes(), *args[3:])


def _unpacked(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments :func:`_packed` kept, as the C compile takes them."""
    if isinstance(args[2], bytes):
        return (*args[:2], array("I", args[2]).tolist(), *args[3:])
    return args


def re_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, through the cache."""
    flags = int(flags)
    if not isinstance(pattern, str) or flags & (_RE_LOCALE | _RE_DEBUG):
        return re.compile(pattern, flags)

    def build(args: tuple[Any, ...]) -> Any:
        import _sre  # type: ignore[import-not-found,unused-ignore]

        return _sre.compile(*_unpacked(args))

    def capture() -> tuple[Any, tuple[Any, ...] | None]:
        try:
            args = _re_args(pattern, flags)
            return build(args), _packed(args)
        except re.error:
            raise
        except Exception:  # an interpreter whose compiler differs
            return re.compile(pattern, flags), None

    return _cached(("re", pattern, flags), build, capture, re.error)  # type: ignore[no-any-return]


def regex_compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, through the cache (version 0 unless *flags* say)."""
    flags = int(flags)
    if not flags & _RX_VERSIONS:
        flags |= _RX_VERSION0
    if not isinstance(pattern, str) or flags & (_RX_LOCALE | _RX_DEBUG) or "(?L" in pattern:
        import regex

        return regex.compile(pattern, flags)

    def build(args: tuple[Any, ...]) -> Any:
        ext = _regex_ext()
        compiled = ext.compile(*args)
        _register_pickling(ext, compiled)
        return compiled

    def capture() -> tuple[Any, tuple[Any, ...] | None]:
        import regex

        compiled = regex.compile(pattern, flags)
        args = getattr(compiled, "_pickled_data", None)
        if not isinstance(args, tuple) or args[5] or args[6]:  # named lists: not cached
            return compiled, None
        return compiled, args  # (its code comes as bytes already)

    return _cached(("regex", pattern, flags), build, capture)  # type: ignore[no-any-return]


def read_toml(path: Path) -> dict[str, Any]:
    """The data of the TOML file *path* (kept while its size and time stay the same).
    ``OSError`` and ``tomllib.TOMLDecodeError`` pass through, as from ``tomllib.load``."""
    st = path.stat()
    stamp = (st.st_size, st.st_mtime_ns)
    name = str(path)
    store = _STORE
    store.start()
    with store.lock:
        item = store.files_loaded.get(name) if store.path is not None else None
        if item is not None and item[0] == stamp and isinstance(item[1], dict):
            store.files_used[name] = item
            return item[1]
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    with path.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    with store.lock:
        try:
            marshal.dumps(data)  # dates and times do not marshal: such a file is not kept
        except ValueError:
            return data
        store.files_used[name] = (stamp, data)
        if store.path is not None:
            store.dirty = True
    return data
