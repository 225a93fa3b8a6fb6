"""The command line: a thin typer app over the library.

Errors in the input are reported on one line naming the file and the problem, with a non-zero
exit code and no traceback (``--debug`` shows one).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._version import __version__

if TYPE_CHECKING:
    from .limits import Limits
    from .models import Document

app = typer.Typer(
    name="policyparse",
    help="Turn Chinese government policy notices into structured, checkable JSON.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policyparse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn Chinese government policy notices into structured, checkable JSON."""


# the limits of policyparse.limits.Limits, the same on every command that reads notices
MaxSize = Annotated[str | None, typer.Option(
    "--max-size", metavar="SIZE", help="Refuse an input file larger than this (100M, 1G …). "
    "[default: 100M]", show_default=False)]
MaxInflate = Annotated[str | None, typer.Option(
    "--max-inflate", metavar="SIZE", help="Refuse a DOCX with a part that inflates past this "
    "(or all parts past 4×). [default: 64M]", show_default=False)]
MaxPages = Annotated[int | None, typer.Option(
    "--max-pages", min=1, help="Refuse a PDF of more pages. [default: 2000]",
    show_default=False)]


def _limits(max_size: str | None, max_inflate: str | None, max_pages: int | None) -> Limits:
    """The Limits the options ask for; a bad size is a usage error (exit code 2)."""
    from .limits import Limits, parse_size

    given: dict[str, int] = {}
    try:
        if max_size is not None:
            given["max_size"] = parse_size(max_size)
        if max_inflate is not None:
            given["max_inflate"] = parse_size(max_inflate)
    except ValueError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    if max_pages is not None:
        given["max_pages"] = max_pages
    return Limits.resolve(given)


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    typer.echo(f"policyparse: error: {message}", err=True)
    return typer.Exit(code)


def _load(load: Callable[[Path], Document], file: Path, debug: bool) -> Document:
    """``load(file)``, with bad input as a one-line error and a bug of ours as exit code 3."""
    from .errors import PolicyParseError

    try:
        return load(file)
    except PolicyParseError as exc:
        if debug:
            raise
        raise fail(str(exc)) from None
    except Exception as exc:  # a bug of ours: still one line, naming the file
        if debug:
            raise
        raise fail(f"{file}: internal error ({type(exc).__name__}: {exc}); "
                   "rerun with --debug and report it", EXIT_INTERNAL) from None


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(
        help="A notice: .txt, .md, .pdf, .docx or .html; - reads it from stdin",
        readable=False)],  # we say what is wrong, on one line
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the JSON here, not to stdout.")
    ] = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON.")] = False,
    discover_units: Annotated[bool, typer.Option(
        "--discover-units", help="Also find unit names no list names in the prose (jieba; "
        "about a second more).")] = False,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="txt, md, pdf, docx or html: read FILE as this (default: by its "
        "suffix; stdin by its first bytes).", show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    max_size: MaxSize = None,
    max_inflate: MaxInflate = None,
    max_pages: MaxPages = None,
) -> None:
    """Parse one notice and print its Document as JSON."""
    from functools import partial

    from .atomic import write_atomic
    from .pipeline import parse as parse_file

    limits = _limits(max_size, max_inflate, max_pages)
    if str(file) == "-":  # the notice on stdin: errors name "<stdin>"
        raw = sys.stdin.buffer.read()
        doc = _load(lambda _: parse_file(raw, format=fmt, discover_units=discover_units,
                                         name="<stdin>", limits=limits),
                    Path("<stdin>"), debug)
    else:
        doc = _load(partial(parse_file, format=fmt, discover_units=discover_units,
                            limits=limits), file, debug)
    data = doc.to_json(indent=None if compact else 2) + "\n"
    if output is None:
        sys.stdout.write(data)
    else:
        try:
            write_atomic(output, data)
        except OSError as exc:
            raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None


@app.command()
def view(
    file: Annotated[Path, typer.Argument(
        help="A notice (.txt, .md, .pdf, .docx, .html) or a Document JSON from `policyparse parse`",
        readable=False)],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output",
        help="Write the page here (default: FILE's name with .html, in this folder).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Write the HTML review page of one notice.

    One offline file: the outline, the text with every extracted item highlighted, the tasks
    × units and targets tables, the parser's warnings.
    """
    from . import report
    from .atomic import write_atomic

    doc = _load(report.read_document, file, debug)
    out = output if output is not None else Path(file.name).with_suffix(".html")
    if out.resolve() == file.resolve():
        raise fail(f"{out}: would overwrite the input; pass -o")
    try:
        write_atomic(out, report.render(doc))
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"policyparse: wrote {out}", err=True)


@app.command()
def batch(
    inputs: Annotated[list[str] | None, typer.Argument(
        metavar="INPUT", help="Files, folders (searched recursively) and globs ('**' for any "
        "depth).", show_default=False)] = None,
    outdir: Annotated[Path, typer.Option(
        "-o", "--output", metavar="OUTDIR", help="The output folder: one JSON per input, "
        "mirroring the inputs' relative paths, and errors.jsonl.", show_default=False)] = ...,  # type: ignore[assignment]  # required
    jobs: Annotated[int | None, typer.Option(
        "-j", "--jobs", min=1, help="Worker processes. [default: the number of cores]",
        show_default=False)] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds one file may take before its worker is stopped (0: no "
        "limit; local engine).")] = 120.0,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", help="json (one file per input, always written); jsonl: also "
        "OUTDIR/documents.jsonl; csv: also OUTDIR/responsibilities.csv, one row per "
        "responsible unit, and OUTDIR/targets.csv, one row per target. Repeatable.",
        show_default=False)] = None,
    sqlite: Annotated[Path | None, typer.Option(
        "--sqlite", help="Also build one SQLite database of the whole collection.",
        show_default=False)] = None,
    csv_encoding: Annotated[str, typer.Option(
        "--csv-encoding", help="utf-8-sig (with a byte-order mark, so that Excel reads it as "
        "UTF-8) or utf-8 (without, for tools that dislike the mark).")] = "utf-8-sig",
    html: Annotated[bool, typer.Option(
        "--html", help="Also write a review page per notice and an index page linking them, "
        "in OUTDIR/html/.")] = False,
    engine: Annotated[str, typer.Option(
        "--engine", help="local (worker processes) or dask (needs policyparse[dask]).")
    ] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="With --engine dask: a dask scheduler's address; without it, a "
        "local cluster.", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Convert every input again, even those whose JSON is up to date.")
    ] = False,
    from_list: Annotated[str | None, typer.Option(
        "--from-list", metavar="FILE", help="Also the inputs listed in FILE, one path a line "
        "(- reads the list from stdin).", show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    max_size: MaxSize = None,
    max_inflate: MaxInflate = None,
    max_pages: MaxPages = None,
) -> None:
    """Convert many notices; a re-run converts only what is new or changed.

    Exit code 0 when every input was converted, 1 when some failed (see OUTDIR/errors.jsonl),
    2 when nothing could be done.
    """
    from .batch import BatchError, Options, default_jobs, run

    inputs = list(inputs or [])
    if from_list is not None:
        inputs += _read_list(from_list)
    if not inputs:
        raise fail("batch: no inputs: give files, folders or globs, or --from-list", EXIT_USAGE)
    options = Options(outdir=outdir, jobs=jobs or default_jobs(), timeout=timeout,
                      formats=formats or ("json",), sqlite=sqlite, csv_encoding=csv_encoding,
                      html=html, engine=engine,
                      scheduler=scheduler, force=force, progress=sys.stderr.isatty(),
                      limits=_limits(max_size, max_inflate, max_pages))
    try:
        summary = run(inputs, options)
    except BatchError as exc:
        if debug:
            raise
        raise fail(str(exc), EXIT_USAGE) from None
    except KeyboardInterrupt:
        raise fail("interrupted; run the same command again to convert the rest", 130) from None
    except Exception as exc:  # a bug of ours: one line, no traceback
        if debug:
            raise
        raise fail(f"batch: internal error ({type(exc).__name__}: {exc}); "
                   "rerun with --debug and report it", EXIT_INTERNAL) from None
    for note in summary.notes:
        typer.echo(f"policyparse: warning: {note}", err=True)
    typer.echo(f"policyparse: {summary.line()}", err=True)
    raise typer.Exit(summary.exit_code)


def _read_list(source: str) -> list[str]:
    """The paths listed one a line in file *source* ("-": stdin); blank lines and # comments
    left out."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{source}: cannot read the list of inputs: "
                   f"{getattr(exc, 'strerror', None) or exc}", EXIT_USAGE) from None
    lines = (ln.strip() for ln in text.splitlines())
    return [ln for ln in lines if ln and not ln.startswith("#")]


@app.command()
def lines(
    file: Annotated[Path, typer.Argument(help="A notice: .txt, .md, .pdf, .docx or .html")],
    width: Annotated[int, typer.Option("--width", min=8, help="Characters of each line shown.")]
    = 40,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Print every line of the normalized text with its kind: why a line was read the way it
    was (offset, kind, marker level and label, zone, paragraph, the line's first characters)."""
    from .errors import PolicyParseError
    from .lines import LineIndex
    from .loaders import load
    from .normalize import normalize

    try:
        index = LineIndex(normalize(load(file).text).text)
    except PolicyParseError as exc:
        if debug:
            raise
        raise fail(str(exc)) from None
    typer.echo(f"{'line':>5} {'offset':>7}  {'kind':<13} {'lv':>2} {'label':<6} "
               f"{'zone':<13} {'para':>4}  text")
    for ln in index:
        text = index.line_text(ln)
        shown = text[:width] + ("…" if len(text) > width else "")
        zone = ln.zone + ("/table" if ln.in_table else "")
        typer.echo(f"{ln.number:>5} {ln.start:>7}  {ln.kind.value:<13} {ln.level or '':>2} "
                   f"{ln.label or '':<6} {zone:<13} {ln.paragraph:>4}  {shown}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .models import Document

    typer.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
