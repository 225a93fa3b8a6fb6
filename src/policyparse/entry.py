"""The console entry point: ``policyparse parse FILE`` without typer; everything else through it.

People run ``policyparse parse`` in shell loops, one process a file, and typer with click takes
longer to import than a short notice takes to parse. :func:`main` reads the plain forms of
``parse`` itself — one FILE and the options ``-o/--output``, ``--compact``, ``--discover-units``
and ``--debug`` — and does what the typer command does. Anything else (another command,
``--help``, ``-`` for standard input, an option it does not know) goes to the typer app in
:mod:`policyparse.cli`, and so does any failure: the app runs the command again and reports it
in its own words (a parse is pure and nothing is written before the JSON is complete, so running
it again is safe), which keeps one place that words errors.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ._collector import Paused

_FLAGS = {"--compact": "compact", "--discover-units": "discover_units", "--debug": "debug"}


class ParseArgs:
    """A ``policyparse parse`` command line in the forms :func:`main` runs itself (a plain
    class: a dataclass costs its module and inspect's import, and an exec, at each start)."""

    __slots__ = ("compact", "debug", "discover_units", "file", "output")

    def __init__(self, file: Path, output: Path | None = None, *, compact: bool = False,
                 discover_units: bool = False, debug: bool = False) -> None:
        self.file, self.output = file, output
        self.compact, self.discover_units, self.debug = compact, discover_units, debug


def plain_parse(argv: list[str]) -> ParseArgs | None:
    """*argv* (without the program name) as a plain ``parse`` command, or None for anything
    the typer app should read.

    >>> a = plain_parse(["parse", "a.txt", "--compact", "-o", "a.json"])
    >>> a.file.name, a.output.name, a.compact, a.debug
    ('a.txt', 'a.json', True, False)
    >>> [plain_parse(a) for a in (["parse", "-"], ["parse", "a.txt", "--help"], ["view", "a.txt"])]
    [None, None, None]
    """
    if not argv or argv[0] != "parse":
        return None
    files: list[str] = []
    output: str | None = None
    flags: dict[str, bool] = {}
    rest = iter(argv[1:])
    for arg in rest:
        if arg in _FLAGS:
            flags[_FLAGS[arg]] = True
        elif arg in ("-o", "--output"):
            output = next(rest, None)
            if not output:
                return None
        elif arg.startswith("--output="):
            output = arg.partition("=")[2]
        elif arg.startswith("-o") and len(arg) > 2 and not arg.startswith("-o-"):
            output = arg[2:]
        elif arg and not arg.startswith("-"):
            files.append(arg)
        else:
            return None
    if len(files) != 1 or output == "":
        return None
    return ParseArgs(file=Path(files[0]), output=Path(output) if output else None, **flags)


def _run(args: ParseArgs) -> bool:
    """Parse and write as ``policyparse parse`` does; False, with nothing written, on a failure
    the typer app should report."""
    try:
        # the imports make tens of thousands of objects and next to no garbage, yet each 700
        # new objects would start a collection that walks them (about 4% of a short
        # notice's run); frozen afterwards, they are never walked again (the parse itself
        # then runs with the collector paused, as pipeline's does: it makes no cycles)
        with Paused(freeze=True):
            from ._recordbase import to_json
            from .pipeline import parse_record

        doc = parse_record(args.file, discover_units=args.discover_units)
        data = to_json(doc, indent=None if args.compact else 2) + "\n"
        if args.output is not None:
            from .atomic import write_atomic

            write_atomic(args.output, data)
    except Exception:
        return False
    if args.output is None:
        try:
            sys.stdout.write(data)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away (`| head`): quiet, as click is
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
    return True


def main() -> None:
    """``policyparse``: the quick path for a plain ``parse``, else the typer app."""
    args = plain_parse(sys.argv[1:])
    if args is not None:
        try:
            if _run(args):
                return
        except KeyboardInterrupt:  # as click reports it
            print("\nAborted!", file=sys.stderr)
            sys.exit(1)
    from .cli import main as typer_main

    typer_main()
