"""The command line: a thin typer app over the library.

Errors in the input are reported on one line naming the file and the problem, with a non-zero
exit code and no traceback (``--debug`` shows one).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._version import __version__

if TYPE_CHECKING:
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


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    typer.echo(f"policyparse: error: {message}", err=True)
    return typer.Exit(code)


def write_atomic(path: Path, data: str) -> None:
    """Write *data* to *path* through a temporary file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    file: Annotated[Path, typer.Argument(help="A notice: .txt, .md, .pdf or .docx")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the JSON here, not to stdout.")
    ] = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Parse one notice and print its Document as JSON."""
    from .pipeline import parse as parse_file

    doc = _load(parse_file, file, debug)
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
        help="A notice (.txt, .md, .pdf, .docx) or a Document JSON from `policyparse parse`")],
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
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .models import Document

    typer.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
