"""Wires the stages: load → normalize → lines → meta → outline → extractors → Document.

Stages, in order:

1. ``loaders.load``            a file becomes one :class:`~policyparse.loaders.Loaded` text
2. ``normalize.normalize``     one normalized text with a map back to the loaded text
3. ``lines.LineIndex``         every line's kind, read once (all later stages ask it)
4. ``meta.extract_meta``      title, 文号, issuer, date; where the body begins
5. ``outline.segment``         the Section tree of the body (and of the plans annexed after it)
6. ``extract.*``               responsibilities, targets, deadlines, citations (each pure)
7. ``extract.tasks.link``      each responsibility's task, deadlines and targets

The stages build plain records (:mod:`policyparse._records`), not pydantic models: the public
:func:`parse` and :func:`parse_text` validate the finished tree once into a
:class:`~policyparse.models.Document` (:func:`to_model`), and ``policyparse parse FILE``
(entry.py) writes the records' JSON (``_recordbase.to_json``) without importing pydantic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import _records as rec
from ._collector import Paused
from ._records import ParseWarning, Source
from .extract import citations, deadlines, indicators, mentions, responsibilities, tables, targets
from .extract import tasks as task_links
from .extract._common import Context
from .limits import Limits
from .lines import LineIndex
from .loaders import Cell, Loaded, Table, load, load_bytes, sha256_hex
from .meta import extract_meta
from .normalize import normalize_split
from .outline import annexed_plans, segment
from .textmap import MappedText

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .models import Document


def build(loaded: Loaded, *, discover_units: bool = False,
          limits: Limits | Mapping[str, Any] | None = None) -> Document:
    """Turn loaded text into a Document: :func:`build_record`, validated (:func:`to_model`).

    The stages and the validation run with the cyclic collector paused (:class:`Paused`): a
    parse makes hundreds of thousands of short-lived objects and keeps thousands alive until
    it ends, and the collections their number set off (about 13 a pass over the samples)
    walked the live ones and freed nothing, since no stage makes a reference cycle
    (tests/test_pipeline.py checks it). One collection is left, the one the new Document is
    due, at the caller's next allocation. Loading (the PDF, DOCX and HTML libraries) stays
    outside. (:func:`build_record`'s own pause and its limits' resolving left out: the stages
    run inside this one.)
    """
    with Paused():
        return to_model(_build_record(loaded, discover_units, Limits.resolve(limits)))


def to_model(doc: rec.Document) -> Document:
    """The validated :class:`~policyparse.models.Document` of a record tree (the collector
    paused while pydantic builds its thousands of models, as in :func:`build`).

    Validated in strict mode first: the stages give each field a value of its own type (a
    tuple for a span, a float or an int for a float), which strict mode takes as lax mode
    does, about a sixth cheaper (no lax conversion tried: 2.3 -> 1.9 ms a pass over the
    samples). A value of another type (a list for a span, an int for a bool) fails there, and
    lax validation, as before, converts it or refuses it with its own errors.

    The records themselves (``from_attributes``) are the cheapest input measured: the same
    tree as nested dicts takes 16.1M instructions a pass over the samples against 14.1M,
    strict or lax, before the dicts are built; as the records' compact JSON
    (``model_validate_json``) 26.7M, before the JSON is written. Most of the cost is each
    model's own, whatever shape the input has: the samples' 1276 models (half of them Units)
    cost about 4.3k instructions each (the test whether the input is already one, its
    ``__dict__``, fields set and slots) and 0.75k a field (a Unit 7.1k, a Target 22.7k).
    No model setting changes that: ``frozen``, ``extra="ignore"``, ``strict`` or
    ``from_attributes`` in the config, ``revalidate_instances`` all give 13.88-13.90M against
    13.88M. Freeing the models is another 1.7M, the records 0.8M.
    """
    Document, ValidationError = _model_classes()
    with Paused():
        try:
            return Document.model_validate(doc, from_attributes=True, strict=True)
        except ValidationError:
            return Document.model_validate(doc, from_attributes=True)


@cache
def _model_classes() -> tuple[type[Document], type[ValidationError]]:
    """The pydantic Document and its error, imported on the first parse that validates (not
    with this module: writing a record tree's JSON needs no pydantic), and not by an import
    statement on every call (some 13k instructions a parse)."""
    from pydantic import ValidationError

    from .models import Document

    return Document, ValidationError


def build_record(loaded: Loaded, *, discover_units: bool = False,
                 limits: Limits | Mapping[str, Any] | None = None) -> rec.Document:
    """Turn loaded text into a Document record.

    *discover_units* also looks for unit names no list or table knows in the prose, by word
    segmentation (jieba; about a second to load once per process): see extract/discover.py.
    *limits* (:class:`~policyparse.limits.Limits`, a dict of its names, or None for the
    defaults) bounds a target's clause and the warnings kept.
    """
    with Paused():  # as in build
        return _build_record(loaded, discover_units, Limits.resolve(limits))


def _build_record(loaded: Loaded, discover_units: bool, lim: Limits) -> rec.Document:
    mapped, parts, starts = normalize_split(loaded.text)
    text = mapped.text
    lines = LineIndex(text, parts, starts)  # (normalize's own split of the text, if it made one)
    mres = extract_meta(text, lines)
    outline = segment(text, mres.body_start, lines=lines)
    if mres.cover_start is not None and mres.title_span is not None:
        # the cover notice's own items come first (a notice issuing a task list as its annex)
        cover = segment(text, mres.cover_start, mres.title_span[0], lines=lines)
        outline.sections[:0] = cover.sections
        outline.warnings[:0] = cover.warnings
        outline.body_start = cover.body_start
    for plan in annexed_plans(text, outline.body_end, lines):
        # a plan annexed after the body: a subtree rooted at its annex (附件2 …), its units and
        # targets read like the body's
        outline.sections.extend(plan.sections)
        outline.warnings.extend(plan.warnings)
        outline.body_end = plan.body_end
    page_starts = None
    if loaded.page_starts is not None:
        page_starts = _map_page_starts(mapped, loaded.page_starts)
    ctx = Context(
        text=text,
        lines=lines,
        outline=outline.sections,
        meta=mres.meta,
        body_start=outline.body_start,
        body_end=outline.body_end,
        tables=[_map_table(mapped, t) for t in loaded.tables] if loaded.tables else [],
        warnings=_warnings(loaded, outline.warnings),
        limits=lim,
    )
    doc = rec.Document.new(
        source=Source.new(
            path=loaded.path,
            format=loaded.format,
            sha256=loaded.sha256,
            encoding=loaded.encoding,
            pages=len(loaded.page_starts) if loaded.page_starts is not None else None,
            page_starts=page_starts,
            size=loaded.size,
        ),
        meta=mres.meta,
        text=text,
        outline=outline.sections,
    )
    # extractors: each a pure function of the context (see extract/_common.py)
    doc.responsibilities = sorted(
        responsibilities.extract(ctx) + tables.extract(ctx), key=attrgetter("span")
    )
    doc.mentions = mentions.extract(ctx, doc.responsibilities)
    if discover_units:
        from .extract import discover

        found = discover.extract(ctx, doc.mentions, doc.responsibilities)
        doc.mentions = sorted(doc.mentions + found, key=lambda m: m.span)
    # indicator tables (主要指标): a prose target over one of their cells gives way
    doc.targets = indicators.merge(targets.extract(ctx), indicators.extract(ctx))
    doc.deadlines = deadlines.extract(ctx)
    doc.citations = citations.extract(ctx)
    # after the others: each list's task, with the deadlines and targets that go with it
    doc.responsibilities = task_links.link(text, doc.outline, doc.responsibilities,
                                           doc.deadlines, doc.targets, index=ctx.index,
                                           in_place=True)
    doc.warnings = cap_warnings(ctx.warnings, lim.max_warnings)
    return doc


def _warnings(loaded: Loaded, outline_warnings: list[ParseWarning]) -> list[ParseWarning]:
    """The loader's warnings (as ParseWarnings), then the outline's: a new list."""
    out = []
    for code, msg in loaded.warnings:
        out.append(ParseWarning(code=code, message=msg))
    out.extend(outline_warnings)
    return out


def cap_warnings(warnings: list[ParseWarning], limit: int) -> list[ParseWarning]:
    """The first *limit* warnings, and one more that counts the rest by code.

    >>> ws = [ParseWarning(code="w", message=str(i)) for i in range(5)]
    >>> [w.message for w in cap_warnings(ws, 2)]
    ['0', '1', '… and 3 more (w: 3)']
    """
    if len(warnings) <= limit:
        return warnings
    rest = Counter(w.code for w in warnings[limit:])
    counts = ", ".join(f"{code}: {n}" for code, n in rest.most_common())
    return [*warnings[:limit], ParseWarning(
        code="warnings_capped",
        message=f"… and {len(warnings) - limit} more ({counts})")]


def _map_table(mapped: MappedText, table: Table) -> Table:
    """A loader's table with its cell offsets moved into the normalized text."""
    rows = []
    for row in table.rows:
        cells = []
        for c in row:
            s, e = mapped.from_source(c.start), mapped.from_source(c.end)
            cells.append(Cell(text=mapped.text[s:e], start=s, end=e))
        rows.append(cells)
    return Table(rows=rows, page=table.page)


def _map_page_starts(mapped: MappedText, source_starts: list[int]) -> list[int]:
    """Page starts in the normalized text: the first offset whose source is on that page."""
    return [mapped.from_source(src) for src in source_starts]


def parse(source: str | Path | bytes | bytearray | memoryview | BinaryIO, *,
          format: str | None = None, discover_units: bool = False,
          name: str | None = None,
          limits: Limits | Mapping[str, Any] | None = None) -> Document:
    """Parse a notice into a Document, within *limits* (:class:`~policyparse.limits.Limits`,
    a dict of its names, or None for the defaults; an input past one raises ``TooLarge``).

    *source* is a file's path (.txt, .md, .pdf, .docx, .html), its bytes, or a binary file
    object (``sys.stdin.buffer``, a download's stream). The format comes from the path's
    suffix, else from what the bytes begin with; *format* ("txt", "md", "pdf", "docx",
    "html") says it instead. Errors name the file, or *name* (default "<bytes>", or the
    stream's own name such as "<stdin>").
    """
    lim = Limits.resolve(limits)
    return build(_load(source, format, name, lim), discover_units=discover_units, limits=lim)


def parse_record(source: str | Path | bytes | bytearray | memoryview | BinaryIO, *,
                 format: str | None = None, discover_units: bool = False,
                 name: str | None = None,
                 limits: Limits | Mapping[str, Any] | None = None) -> rec.Document:
    """:func:`parse`, giving the Document as records (no pydantic): for writing its JSON."""
    lim = Limits.resolve(limits)
    return build_record(_load(source, format, name, lim), discover_units=discover_units,
                        limits=lim)


def _load(source: str | Path | bytes | bytearray | memoryview | BinaryIO, format: str | None,
          name: str | None, lim: Limits) -> Loaded:
    """The text of *source* (see :func:`parse`)."""
    if isinstance(source, (str, Path)):
        return load(source, format, lim)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return load_bytes(bytes(source), name or "<bytes>", format, lim)
    if hasattr(source, "read"):
        data = source.read(lim.max_size + 1)
        if not isinstance(data, bytes):
            raise TypeError("parse() needs a binary file object (open(path, 'rb'))")
        own = getattr(source, "name", None)
        label = name or (own if isinstance(own, str) and own.startswith("<") else "<stream>")
        return load_bytes(data, label, format, lim)
    raise TypeError(f"parse() takes a path, bytes or a binary file, not "
                    f"{type(source).__name__}")


def parse_text(text: str, *, path: str | None = None, fmt: str = "txt",
               discover_units: bool = False,
               limits: Limits | Mapping[str, Any] | None = None) -> Document:
    """Parse a notice given as a string."""
    return build(_text_loaded(text, path, fmt), discover_units=discover_units, limits=limits)


def parse_text_record(text: str, *, path: str | None = None, fmt: str = "txt",
                      discover_units: bool = False,
                      limits: Limits | Mapping[str, Any] | None = None) -> rec.Document:
    """:func:`parse_text`, giving the Document as records (no pydantic)."""
    return build_record(_text_loaded(text, path, fmt), discover_units=discover_units,
                        limits=limits)


def _text_loaded(text: str, path: str | None, fmt: str) -> Loaded:
    data = text.encode("utf-8")
    return Loaded(text=text, format=fmt, path=path, encoding=None, sha256=sha256_hex(data),
                  size=len(data))
