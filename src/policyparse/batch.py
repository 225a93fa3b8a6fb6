"""Many notices at once: what ``policyparse batch`` runs.

Stages, in order:

1. :func:`plan`          the arguments (files, folders searched recursively, globs) become one
                         :class:`Job` per input file, its JSON path mirroring the input's path
                         relative to the inputs' common folder
2. :func:`clean_temps`   temporary files that a killed run left in the output folder go
3. an engine             :func:`convert` runs on every job in worker processes (:mod:`.pool`,
                         with a per-file time limit, or :mod:`.dask_engine`) and writes each
                         Document's JSON atomically, or skips the job when its JSON already holds
                         the input's content hash and was written by this build of policyparse
4. ``errors.jsonl``      one line per failed input: file, error kind, message
5. :func:`build_streams` the JSONL, CSV and SQLite outputs, rebuilt from the per-document JSON

Resume. The per-document JSON files are the source of truth: each holds ``source.sha256``, the
hash of the input it came from, and appears only complete (temporary file, then rename). So
after any interruption, ``kill -9`` included, a run converts exactly the inputs without a JSON
of the same hash and skips the others.

Builds. Outputs of another build of policyparse (another version, or changed code or pattern
files) are not up to date, whatever their hash: ``OUTDIR/.policyparse-build`` names the build
that writes the folder (:func:`build_id`). A run of another build rewrites it before converting
anything, and from then on a JSON counts as current only if it is no older than that file; so the
outputs of the old build are converted again, and a run killed part way resumes as above. (This
rests on the folder's clock: a JSON copied in afterwards without its times looks new.)

The streams are derived data: every run rebuilds them
from the JSON files of all its inputs (again through a temporary file), so they never hold a
document twice, nor a half-written one.

The parent keeps one small :class:`Outcome` at a time and reads one Document at a time when it
builds the streams, so its memory does not grow with the collection.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from .atomic import is_temp_name, write_atomic
from .errors import PolicyParseError
from .limits import Limits
from .loaders import SUFFIXES

if TYPE_CHECKING:
    from .pool import Lost
    from .sinks import Sink

DOCUMENT_SUFFIXES = frozenset(SUFFIXES)
"""What a folder search picks up: every suffix the loaders read (their one list)."""

FORMATS = ("json", "jsonl", "csv")
STREAMS = {"jsonl": "documents.jsonl", "csv": "responsibilities.csv", "html": "html/index.html",
           "csv_targets": "targets.csv"}
ERRORS = "errors.jsonl"
LOCK = ".policyparse.lock"
BUILD = ".policyparse-build"

Status = Literal["converted", "skipped", "failed"]


class BatchError(Exception):
    """Nothing could be done: bad arguments, no inputs, an output folder that cannot be made."""


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - not Linux


@dataclass
class Options:
    """How to run a batch; :meth:`check` says what is wrong with a combination."""

    outdir: Path
    jobs: int = field(default_factory=default_jobs)
    timeout: float | None = 120.0
    """Seconds one file may take (local engine); None or 0 for no limit."""
    formats: Sequence[str] = ("json",)
    sqlite: Path | None = None
    csv_encoding: str = "utf-8-sig"
    """utf-8-sig (with a byte-order mark, for Excel) or utf-8."""
    html: bool = False
    """Also write a review page per document and an index page (``OUTDIR/html/``)."""
    engine: str = "local"
    scheduler: str | None = None
    force: bool = False
    """Convert every input, even those whose JSON is up to date."""
    progress: bool = False
    limits: Limits = field(default_factory=Limits)
    """What one input may hold (:class:`~policyparse.limits.Limits`)."""

    def check(self) -> None:
        for f in self.formats:
            if f not in FORMATS:
                raise BatchError(f"--format {f!r}: choose one of {', '.join(FORMATS)}")
        from .sinks.csv import ENCODINGS

        if self.csv_encoding not in ENCODINGS:
            raise BatchError(f"--csv-encoding {self.csv_encoding!r}: choose "
                             f"{' or '.join(ENCODINGS)}")
        if self.engine not in ("local", "dask"):
            raise BatchError(f"--engine {self.engine!r}: choose local or dask")
        if self.scheduler and self.engine != "dask":
            raise BatchError("--scheduler needs --engine dask")
        if self.jobs < 1:
            raise BatchError("--jobs must be at least 1")


@dataclass(frozen=True)
class Job:
    """One input file and where its JSON goes."""

    index: int
    src: str
    out: str
    force: bool = False
    limits: Limits = field(default_factory=Limits)
    since_ns: int = 0
    """A JSON older than this (its modification time, in ns) is not current: it was written by
    another build of policyparse (:func:`stamp_build`)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one job; ``kind`` and ``message`` only for a failure."""

    index: int
    status: Status
    kind: str | None = None
    message: str | None = None


@dataclass
class Summary:
    total: int
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: Path | None = None
    streams: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every input succeeded, 1 when some failed."""
        return 1 if self.failed else 0

    def line(self) -> str:
        rate = (self.converted + self.skipped + self.failed) / self.seconds if self.seconds else 0
        text = (f"{self.total} files: {self.converted} converted, {self.skipped} already done, "
                f"{self.failed} failed in {self.seconds:.1f} s ({rate:.1f} files/s)")
        if self.failed:
            text += f"; see {self.errors}"
        return text


# --- 1. plan -------------------------------------------------------------------------------


def _is_glob(arg: str) -> bool:
    return any(c in arg for c in "*?[")


def _glob_base(pattern: str) -> str:
    """The folder part of *pattern* before its first wildcard."""
    parts = Path(pattern).parts
    fixed = parts[: next(i for i, p in enumerate(parts) if _is_glob(p))]
    return os.path.abspath(os.path.join(*fixed)) if fixed else os.getcwd()


def _walk(folder: str, skip: str) -> Iterator[str]:
    """Files with a document suffix below *folder*, sorted; hidden entries and *skip* left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.abspath(os.path.join(root, d)) != skip)
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                yield os.path.join(root, name)


def plan(args: Sequence[str], outdir: Path, *, force: bool = False,
         notes: list[str] | None = None, limits: Limits | None = None) -> list[Job]:
    """One job per input file found from *args*, in order, each file once.

    A folder is searched recursively for the document suffixes (hidden entries and *outdir*
    left out); a glob (``*``, ``?``, ``[``; ``**`` for any depth) may match files and folders;
    a file is taken whatever its suffix. A missing path is a job like any other (it fails with
    kind ``not_found``, and the others are converted), unless no argument names anything: then
    it is a :class:`BatchError`; a glob that matches nothing adds a line to *notes*. Output
    paths mirror each input's path relative to the common folder of the arguments, with
    ``.json`` added (``a/b.txt`` → ``OUTDIR/a/b.txt.json``, so ``b.txt`` and ``b.pdf`` never
    share an output).
    """
    skip = os.path.abspath(outdir)
    found: list[tuple[str, str]] = []  # (path as found, the folder it is relative to)
    missing: list[str] = []
    for arg in args:
        if _is_glob(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches and notes is not None:
                notes.append(f"{arg}: matches no file")
            base = _glob_base(arg)
            for m in matches:
                found.extend((f, base) for f in (_walk(m, skip) if os.path.isdir(m) else [m]))
        elif os.path.isdir(arg):
            found.extend((f, os.path.abspath(arg)) for f in _walk(arg, skip))
        elif os.path.lexists(arg):
            found.append((arg, os.path.dirname(os.path.abspath(arg))))
        else:
            missing.append(arg)
    if missing and not found:
        raise BatchError(f"{missing[0]}: no such file or folder")
    found.extend((m, os.path.dirname(os.path.abspath(m))) for m in missing)
    seen: set[str] = set()
    unique = []
    for path, base in found:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append((path, base))
    if not unique:
        raise BatchError(f"no input files in {', '.join(args)}")
    root = os.path.commonpath([base for _, base in unique])
    return [Job(i, path, str(outdir / (os.path.relpath(os.path.abspath(path), root) + ".json")),
                force, limits or Limits()) for i, (path, base) in enumerate(unique)]


# --- 2. clean ------------------------------------------------------------------------------


def clean_temps(folder: Path, *, of: str | None = None) -> int:
    """Remove the temporary files a killed run left in *folder* and below; return how many.

    With *of*, only those of that one file, in *folder* itself.
    """
    n = 0
    walk = os.walk(folder) if of is None else [(str(folder), [], os.listdir(folder))]
    for root, _dirs, files in walk:
        for name in files:
            if is_temp_name(name) and (of is None or name.startswith(f".{of}.")):
                Path(root, name).unlink(missing_ok=True)
                n += 1
    return n


# --- 3. convert (in a worker) --------------------------------------------------------------


def convert(job: Job) -> Outcome:
    """Parse one input and write its JSON, unless that JSON already holds the input's hash.

    Runs in a worker process; never raises: any failure is an Outcome, and a failed input's old
    JSON (from an earlier version of the file) is removed, so no output outlives its input.
    """
    out = Path(job.out)

    def failed(kind: str, message: str) -> Outcome:
        with suppress(OSError):
            out.unlink(missing_ok=True)
        return Outcome(job.index, "failed", kind, message)

    try:
        if not job.force and _is_current(out, job.src, job.limits.max_size, job.since_ns):
            return Outcome(job.index, "skipped")
        from .pipeline import parse

        data = parse(job.src, limits=job.limits).to_json() + "\n"
    except PolicyParseError as exc:
        return failed(exc.kind, exc.problem)
    except Exception as exc:  # a bug of ours: recorded for this file, the batch goes on
        return failed("internal", f"internal error ({type(exc).__name__}: {exc}); "
                      "please report it")
    try:
        write_atomic(out, data)
    except OSError as exc:
        return failed("write", f"cannot write {out}: {exc.strerror or exc}")
    return Outcome(job.index, "converted")


def _is_current(out: Path, src: str, max_size: int | None = None, since_ns: int = 0) -> bool:
    """Whether *out* is a complete JSON recording the content hash of *src* (read as the
    loaders read it: a regular file within *max_size*, never a FIFO that would block), written
    at *since_ns* or later."""
    from .loaders import read_bytes

    try:
        if out.stat().st_mtime_ns < since_ns:
            return False
        recorded = json.loads(out.read_bytes())["source"]["sha256"]
        digest = hashlib.sha256(read_bytes(Path(src), max_size)).hexdigest()
    except (OSError, ValueError, KeyError, TypeError, PolicyParseError):
        return False
    return bool(recorded == digest)


def build_id() -> str:
    """What tells this build of policyparse from another: its version and a hash of its code
    and pattern files (as installed)."""
    from ._version import __version__
    from .patterns import patterns_dir

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for folder, glob_ in ((package, "**/*.py"), (patterns_dir(), "*.toml")):
        for path in sorted(folder.glob(glob_)):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return f"policyparse {__version__} {digest.hexdigest()[:16]}"


def stamp_build(outdir: Path, build: str) -> tuple[int, bool]:
    """Make ``OUTDIR/.policyparse-build`` name *build*; return the time from which a JSON in
    *outdir* counts as this build's (the file's modification time, ns) and whether the file
    named another build (or was missing) before."""
    path = outdir / BUILD
    try:
        if path.read_text(encoding="utf-8").strip() == build:
            return path.stat().st_mtime_ns, False
    except (OSError, ValueError):
        pass
    write_atomic(path, build + "\n")
    return path.stat().st_mtime_ns, True


def warm_up() -> None:
    """Import the pipeline and compile its patterns: run once in each new worker."""
    from .pipeline import parse_text

    parse_text("关于印发实施方案的通知\n一、总体要求\n（一）指导思想。加快发展。")


# --- the run -------------------------------------------------------------------------------

Engine = Callable[..., Iterator[tuple[Job, "Outcome | Lost"]]]


def _engine(options: Options) -> Engine:
    if options.engine == "dask":
        from . import dask_engine

        if not dask_engine.available():
            raise BatchError("--engine dask needs the dask extra: "
                             "pip install 'policyparse[dask]'")

        def on_dask(fn: Callable[[Job], Outcome], jobs: list[Job], **kw: Any) -> Any:
            return dask_engine.run(fn, jobs, scheduler=options.scheduler, **kw)

        return on_dask
    from . import pool

    def local(fn: Callable[[Job], Outcome], jobs: list[Job], **kw: Any) -> Any:
        return pool.run(fn, jobs, initializer=warm_up, **kw)

    return local


def run(args: Sequence[str], options: Options,
        work: Callable[[Job], Outcome] = convert) -> Summary:
    """Convert every input found from *args* into ``options.outdir``; see the module doc.

    *work* is what runs on each job in the workers (a module-level function).
    """
    options.check()
    engine = _engine(options)
    notes: list[str] = []
    jobs = plan(args, options.outdir, force=options.force, notes=notes, limits=options.limits)
    if options.outdir.exists() and not options.outdir.is_dir():
        raise BatchError(f"{options.outdir}: is a file, not a folder; -o names the folder the "
                         "JSON files go to")
    try:
        options.outdir.mkdir(parents=True, exist_ok=True)
        lock = _lock(options.outdir)
        clean_temps(options.outdir)
        if options.sqlite is not None:
            options.sqlite.parent.mkdir(parents=True, exist_ok=True)
            clean_temps(options.sqlite.parent, of=options.sqlite.name)
        errors = (options.outdir / ERRORS).open("w", encoding="utf-8")
        since_ns, changed = stamp_build(options.outdir, build_id())
    except OSError as exc:
        raise BatchError(f"{options.outdir}: cannot write: {exc.strerror or exc}") from None
    jobs = [replace(j, since_ns=since_ns) for j in jobs]
    if changed and not options.force and any(os.path.exists(j.out) for j in jobs):
        notes.append("outputs of another build of policyparse are converted again")
    summary = Summary(total=len(jobs), errors=options.outdir / ERRORS, notes=notes)
    done = bytearray(len(jobs))  # 1 where the job's JSON is there and current
    failures: dict[int, str] = {}  # job index → its errors.jsonl line
    start = time.perf_counter()
    with lock, errors, _Display(len(jobs), options.progress) as display:

        def record(job: Job, kind: str, message: str) -> None:
            line = json.dumps({"file": job.src, "kind": kind, "message": message},
                              ensure_ascii=False) + "\n"
            errors.write(line)  # as it happens, for `tail -f`; sorted by input at the end
            errors.flush()
            failures[job.index] = line
            summary.failed += 1

        results = engine(work, jobs, workers=min(options.jobs, len(jobs)),
                         timeout=options.timeout or None)
        for job, result in _reraise(results):
            if isinstance(result, Outcome):
                if result.status == "failed":
                    record(job, result.kind or "error", result.message or "")
                else:
                    done[job.index] = 1
                    if result.status == "converted":
                        summary.converted += 1
                    else:
                        summary.skipped += 1
            else:  # the worker gave no result: it hung, died, or the task raised
                with suppress(OSError):
                    Path(job.out).unlink(missing_ok=True)
                kind = "internal" if result.kind == "error" else result.kind
                record(job, kind, result.detail)
            display.update(summary)
        summary.seconds = time.perf_counter() - start
        summary.streams = build_streams(
            [j for j in jobs if done[j.index]], options, record,
            failures=lambda: [(jobs[i].src, json.loads(failures[i])["message"])
                              for i in sorted(failures)],
        )
        write_atomic(options.outdir / ERRORS, "".join(failures[i] for i in sorted(failures)))
    return summary


def _lock(outdir: Path) -> IO[str]:
    """Hold ``OUTDIR/.policyparse.lock`` for the run: one batch per output folder at a time
    (each removes the temporary files it finds, which would be another run's files in hand).
    The lock goes with the process, however it ends."""
    fh = (outdir / LOCK).open("w")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        return fh
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise BatchError(f"{outdir}: another policyparse batch is writing there") from None
    return fh


def _reraise(results: Iterator[tuple[Job, Outcome | Lost]]
             ) -> Iterator[tuple[Job, Outcome | Lost]]:
    """The engine's results, with its own failures to start as a :class:`BatchError`."""
    from .dask_engine import DaskError
    from .pool import WorkerStartError

    try:
        yield from results
    except (DaskError, WorkerStartError) as exc:
        raise BatchError(str(exc)) from exc


def build_streams(jobs: Iterable[Job], options: Options,
                  on_error: Callable[[Job, str, str], None],
                  failures: Callable[[], Iterable[tuple[str, str]]] = tuple) -> list[Path]:
    """Rebuild the JSONL, CSV, SQLite and HTML outputs asked for from the jobs' JSON files.

    Each JSON is read back as a Document once and handed to every sink, then dropped.
    *failures* gives the ``(input, message)`` pairs of the inputs that failed (for the index
    page).
    """
    sinks: list[Sink] = []
    if "jsonl" in options.formats:
        from .sinks.jsonl import JsonlSink

        sinks.append(JsonlSink(options.outdir / STREAMS["jsonl"]))
    if "csv" in options.formats:
        from .sinks.csv import CsvSink, TargetCsvSink

        sinks.append(CsvSink(options.outdir / STREAMS["csv"], encoding=options.csv_encoding))
        sinks.append(TargetCsvSink(options.outdir / STREAMS["csv_targets"],
                                   encoding=options.csv_encoding))
    if options.sqlite is not None:
        from .sinks.sqlite import SqliteSink

        sinks.append(SqliteSink(options.sqlite))
    if options.html:
        from .sinks.html import HtmlSink

        sinks.append(HtmlSink(options.outdir / STREAMS["html"], failures))
    if not sinks:
        return []
    from .models import Document

    with ExitStack() as stack:
        for sink in sinks:
            stack.enter_context(sink)
        for job in jobs:
            try:
                doc = Document.model_validate_json(Path(job.out).read_bytes())
            except (OSError, ValueError) as exc:
                on_error(job, "output", f"cannot read {job.out} back: {exc}")
                continue
            for sink in sinks:
                sink.add(doc)
    return [s.path for s in sinks]


class _Display:
    """A rich progress bar on stderr when *enabled* (a terminal); nothing otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self._progress: Any = None
        self._start = time.perf_counter()

    def __enter__(self) -> _Display:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} files/s"), TimeElapsedColumn(),
                TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("converting", total=self.total, rate=0.0)
        return self

    def update(self, s: Summary) -> None:
        if self._progress is None:
            return
        n = s.converted + s.skipped + s.failed
        self._progress.update(
            self._task, completed=n, rate=n / max(time.perf_counter() - self._start, 1e-9),
            description=f"{s.converted} converted, {s.skipped} already done, {s.failed} failed")

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
