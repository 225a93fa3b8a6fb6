"""The HTML review page: one self-contained file that shows what the parser found.

An analyst who must trust the output looks rather than reads JSON: the outline on the left,
each node with its counts of tasks and targets; the normalized text in the middle with every
extracted item highlighted, one colour per kind, its parsed value shown on hover or focus; the
tasks × units table (sortable, filterable by unit) and the targets table on the right; the
parser's warnings at the top. :func:`render` makes one page, :func:`render_index` the page that
links many, :func:`write_batch_reports` both for a set of Documents.

:func:`render` runs these stages:

1. ``_marks``        every item, section heading and warning as a mark: kind, span, tooltip
2. ``segments``      overlapping spans → flat runs of text, each with the marks covering it,
                     outermost first, so nested and crossing items all keep their highlight
3. ``_Utf16``        Python offsets (code points) → the browser's (UTF-16 code units)
4. ``embed_json``    the page's data as JSON that cannot close its ``<script>`` element
5. ``_HEAD/_BODY``   the template with inline CSS and JS (``assets/``) and a
                     Content-Security-Policy that allows those two by hash and nothing else:
                     no network, no injected script or handler

Text from a notice never becomes markup: the page's script puts it in with text nodes
(``textContent``), and the few strings written server-side (``<title>``, the index page) go
through :func:`html.escape`. The page needs no network: fonts are the system's.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ._version import __version__
from .atomic import write_atomic
from .extract._common import OutlineIndex
from .models import Document, Responsibility, Section, Target

KINDS = ("responsibility", "target", "deadline", "citation")
"""The highlighted kinds, in the order of the legend; ``Document`` lists of the same names."""

KIND_LABELS = {"responsibility": "责任单位", "target": "目标", "deadline": "时限",
               "citation": "引用文件"}
ROLE_LABELS = {"lead": "牵头", "support": "配合", "responsible": "负责", "guidance": "指导"}

KIND_FIELDS = {"responsibility": "responsibilities", "target": "targets",
               "deadline": "deadlines", "citation": "citations"}
"""Each kind's list in :class:`Document`."""
_DASH = "—"


@dataclass
class Mark:
    """Something the page marks in the text: an item, a section heading or a warning."""

    kind: str  # one of KINDS, "heading" or "warning"
    id: str  # unique in the page, e.g. "target-3"
    start: int
    end: int
    tip: dict[str, Any] | None = None  # {"title": str, "rows": [[label, value], ...]}


# --- stage 2: overlapping spans → flat segments -----------------------------------------------


def segments(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """Cut possibly overlapping ``[start, end)`` spans into runs covered by the same spans.

    Each run lists the indices of the spans covering it, outermost first (earlier start, then
    later end, then lower index), so a page can nest one element per span inside each run.
    Runs no span covers are left out; empty spans cover nothing.

    >>> segments([(0, 10), (5, 15)])  # crossing
    [(0, 5, [0]), (5, 10, [0, 1]), (10, 15, [1])]
    >>> segments([(2, 4), (0, 10)])  # nested: the outer one first
    [(0, 2, [1]), (2, 4, [1, 0]), (4, 10, [1])]
    >>> segments([(0, 3), (3, 6), (8, 9)])
    [(0, 3, [0]), (3, 6, [1]), (8, 9, [2])]
    """
    order = sorted((i for i, (s, e) in enumerate(spans) if s < e),
                   key=lambda i: (spans[i][0], -spans[i][1], i))
    bounds = sorted({p for i in order for p in spans[i]})
    out: list[tuple[int, int, list[int]]] = []
    active: list[int] = []  # stays in nesting order: appended in `order`, removed in place
    j = 0
    for a, b in pairwise(bounds):
        active = [i for i in active if spans[i][1] > a]
        while j < len(order) and spans[order[j]][0] <= a:
            active.append(order[j])
            j += 1
        if active:
            out.append((a, b, list(active)))
    return out


# --- stage 3: offsets for the browser ----------------------------------------------------------


class _Utf16:
    """Python string offsets → JavaScript string offsets (characters beyond U+FFFF count 2).

    >>> u = _Utf16("a𠮷b")
    >>> [u(i) for i in range(4)]
    [0, 1, 3, 4]
    """

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in re.finditer("[\U00010000-\U0010ffff]", text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset) if self._astral else offset


# --- stage 4: data that cannot break out of its element ----------------------------------------

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def embed_json(data: Any) -> str:
    r"""JSON to put inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left,
    so no ``</script>`` or ``<!--`` can end or bend the element; U+2028/2029 escaped too.

    >>> print(embed_json({"t": "</script><b>&\u2028"}))
    {"t":"\u003c/script\u003e\u003cb\u003e\u0026\u2028"}
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


# --- stage 1: the marks and the page's data ----------------------------------------------------


def _num(v: float | None) -> str:
    """A number as an analyst writes it: 20.0 → "20", 0.5 → "0.5", None → "—"."""
    if v is None:
        return _DASH
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _or_dash(v: object) -> str:
    return _DASH if v is None or v == "" else str(v)


def _path(path: Sequence[str]) -> str:
    return " › ".join(path)


def _role_label(r: Responsibility, role: str) -> str:
    """The badge of a unit's role; none (单位) where the notice states no roles for its list."""
    return ROLE_LABELS.get(role, role) if r.roles_stated else "单位"


def _resp_tip(r: Responsibility) -> dict[str, Any]:
    where = "正文括注" if r.source == "inline" else (
        f"附件表格第 {r.row} 行" if r.row is not None else "附件表格")
    rows = [[_role_label(r, u.role),
             u.name if u.text == u.name else f"{u.name}（原文：{u.text}）"] for u in r.units]
    if not rows:
        rows.append(["单位", "（未识别出单位）"])
    rows.append(["路径", _or_dash(_path(r.path))])
    return {"title": f"责任单位 · {where}", "rows": rows}


def _marks(doc: Document) -> tuple[list[Mark], list[str]]:
    """All marks in layer order (headings, the four kinds, warnings) and the problems found
    in the document's spans (a mark whose span does not fit the text is left out)."""
    marks: list[Mark] = []
    problems: list[str] = []
    n = len(doc.text)

    def add(kind: str, ref: int, span: tuple[int, int], tip: dict[str, Any] | None,
            label: str, text: str | None = None) -> None:
        s, e = span
        page = doc.page_of(s) if tip is not None and 0 <= s <= n else None
        if page is not None and tip is not None:
            tip = {**tip, "rows": [*tip["rows"], ["页码", f"第 {page} 页"]]}
        if not 0 <= s < e <= n:
            problems.append(f"{label} #{ref + 1}: span [{s}, {e}) does not fit the text "
                            f"(length {n}); not highlighted")
            return
        if text is not None and doc.text[s:e] != text:
            problems.append(f"{label} #{ref + 1}: the text at its span differs from its text "
                            f"({doc.text[s:e][:20]!r} ≠ {text[:20]!r})")
        marks.append(Mark(kind, f"{kind}-{ref}", s, e, tip))

    for i, sec in enumerate(doc.sections()):
        add("heading", i, (sec.span[0], max(sec.heading_span[1], sec.span[0] + 1)), None, "节")
    for i, r in enumerate(doc.responsibilities):
        add("responsibility", i, r.span, _resp_tip(r), "责任单位", r.raw)
    for i, t in enumerate(doc.targets):
        value = (f"{_num(t.value_range[0])}–{_num(t.value_range[1])}"
                 if t.value_range is not None else _num(t.value))
        rows = [["指标", _or_dash(t.indicator)], ["比较", _or_dash(t.comparator)],
                ["数值", value], ["单位", _or_dash(t.unit)], ["年份", _or_dash(t.year)]]
        if t.baseline_year is not None:
            rows.append(["基准年", str(t.baseline_year)])
        if t.baseline_value is not None:
            rows.append(["基准值", _num(t.baseline_value)])
        if t.binding:
            rows.append(["属性", t.binding])
        if t.source == "table":
            rows.append(["来源", "指标表"])
        add("target", i, t.span, {"title": "目标", "rows": rows}, "目标", t.text)
    for i, d in enumerate(doc.deadlines):
        rows = [["类型", d.kind], ["开始", _or_dash(d.start)], ["截止", _or_dash(d.end)]]
        add("deadline", i, d.span, {"title": "时限", "rows": rows}, "时限", d.text)
    for i, c in enumerate(doc.citations):
        rows = [["标题", f"《{c.title}》"], ["文号", _or_dash(c.doc_number)]]
        add("citation", i, c.span, {"title": "引用文件", "rows": rows}, "引用文件")
    for i, w in enumerate(doc.warnings):
        if w.span is not None:
            s = min(w.span[0], max(n - 1, 0))
            span = (s, max(w.span[1], s + 1))  # a warning at a point still gets a mark
            add("warning", i, span, {"title": "解析警告", "rows": [[w.code, w.message]]}, "警告")
    return marks, problems


def _baseline(t: Target) -> str:
    """A target's baseline as the targets table shows it: 2020年 91.2, or the year alone."""
    year = f"{t.baseline_year}年" if t.baseline_year is not None else ""
    value = _num(t.baseline_value) if t.baseline_value is not None else ""
    return " ".join(x for x in (year, value) if x)


def _count_in(starts: list[int], span: tuple[int, int]) -> int:
    return bisect_left(starts, span[1]) - bisect_left(starts, span[0])


def page_data(doc: Document, *, index_href: str | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data with offsets for the browser."""
    marks, problems = _marks(doc)
    ids = {m.id: i for i, m in enumerate(marks)}
    u16 = _Utf16(doc.text)

    task_starts = sorted(r.span[0] for r in doc.responsibilities)
    target_starts = sorted(t.span[0] for t in doc.targets)

    def outline(nodes: list[Section], counter: list[int]) -> list[dict[str, Any]]:
        out = []
        for sec in nodes:
            mark = ids.get(f"heading-{counter[0]}")
            counter[0] += 1
            out.append({"label": sec.label, "heading": sec.heading, "mark": mark,
                        "tasks": _count_in(task_starts, sec.span),
                        "targets": _count_in(target_starts, sec.span),
                        "children": outline(sec.children, counter)})
        return out

    index = OutlineIndex(doc.outline)  # type: ignore[arg-type]  # a model reads as its record
    tasks = []
    for i, r in enumerate(doc.responsibilities):
        sec = index.section_at(r.span[0]) if r.source == "inline" else None
        # the row's title: a table row's task, an inline list's item heading (its task below)
        heading = r.task or "" if r.source == "table" or sec is None else (
            sec.heading.replace(r.raw, "").strip() or sec.heading)  # a list in the heading
        dls = [doc.deadlines[j] for j in r.deadlines if 0 <= j < len(doc.deadlines)]
        tasks.append({
            "mark": ids.get(f"responsibility-{i}"), "order": r.span[0], "path": _path(r.path),
            "heading": heading, "task": r.task if r.task and r.task != heading else "",
            "source": r.source, "row": r.row, "page": doc.page_of(r.span[0]),
            "roles_stated": r.roles_stated,
            "units": [{"name": u.name, "text": u.text, "role": u.role,
                       "role_label": _role_label(r, u.role)} for u in r.units],
            "deadline": "；".join(d.text + (f"（{d.end}）" if d.end else "") for d in dls),
            "deadline_sort": min((d.end or d.start or "" for d in dls), default=""),
        })
    targets = []
    for i, t in enumerate(doc.targets):
        value = (f"{_num(t.value_range[0])}–{_num(t.value_range[1])}"
                 if t.value_range is not None else _num(t.value))
        targets.append({
            "mark": ids.get(f"target-{i}"), "order": t.span[0], "path": _path(t.path),
            "indicator": t.indicator or "", "comparator": t.comparator or "", "value": value,
            "value_sort": t.value if t.value is not None else (
                t.value_range[0] if t.value_range is not None else None),
            "unit": t.unit or "", "year": t.year, "page": doc.page_of(t.span[0]),
            "baseline": _baseline(t), "binding": t.binding or "", "source": t.source,
        })
    units = Counter(u.name for r in doc.responsibilities for u in r.units)
    warnings = [{"code": w.code, "message": w.message, "mark": ids.get(f"warning-{i}")}
                for i, w in enumerate(doc.warnings)]
    warnings += [{"code": "report.span", "message": p, "mark": None} for p in problems]
    return {
        "meta": {"title": doc.meta.title, "doc_number": doc.meta.doc_number,
                 "issuer": doc.meta.issuer, "date": doc.meta.date, "source": doc.source.path,
                 "pages": doc.source.pages if doc.source.page_starts else None},
        "text": doc.text,
        "kinds": [{"kind": k, "label": KIND_LABELS[k], "count": len(getattr(doc, KIND_FIELDS[k]))}
                  for k in KINDS],
        "marks": [{"k": m.kind, "id": m.id, "s": u16(m.start), "e": u16(m.end), "tip": m.tip}
                  for m in marks],
        "segments": [[u16(a), u16(b), c] for a, b, c in segments([(m.start, m.end)
                                                                  for m in marks])],
        "outline": outline(doc.outline, [0]),
        "tasks": tasks,
        "targets": targets,
        "units": [[name, n] for name, n in sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))],
        "warnings": warnings,
        "index": _href(index_href) if index_href is not None else None,
    }


# --- stage 5: the page -------------------------------------------------------------------------


@cache
def _asset(name: str) -> str:
    text = (resources.files("policyparse") / "assets" / name).read_text(encoding="utf-8")
    if "</" in text:  # it could close the <script>/<style> element it goes into
        raise ValueError(f"policyparse/assets/{name} must not contain '</'")
    return text


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _csp(css: str, js: str | None) -> str:
    """Allow the page's own inline style and script and nothing else: no network at all."""
    script = _sha(js) if js is not None else "'none'"
    return (f"default-src 'none'; script-src {script}; style-src {_sha(css)}; "
            "img-src 'none'; base-uri 'none'; form-action 'none'")


_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="policyparse {version}">
<title>{title}</title>
<style>{css}</style>
</head>
"""

_BODY = """<body>
<header id="top">
<div class="doc"><h1 id="doc-title"></h1><p id="doc-meta"></p></div>
<div id="legend" role="group" aria-label="图例"></div>
<nav id="jump" aria-label="表格"><button type="button" data-to="tasks-h">任务表</button>
<button type="button" data-to="targets-h">目标表</button></nav>
<section id="warnings" hidden><details><summary></summary><ul></ul></details></section>
</header>
<main>
<nav id="outline" aria-label="提纲"><h2>提纲</h2><div class="tree"></div></nav>
<article id="text" aria-label="正文"></article>
<aside id="tables">
<section><h2 id="tasks-h" tabindex="-1">任务 × 责任单位</h2>
<div class="controls"><label>按单位筛选 <select id="unit-filter"></select></label>
<span id="tasks-shown" aria-live="polite"></span></div>
<table id="tasks"><thead></thead><tbody></tbody></table></section>
<section><h2 id="targets-h" tabindex="-1">目标</h2>
<table id="targets"><thead></thead><tbody></tbody></table></section>
</aside>
</main>
<div id="pp-tip" role="tooltip" hidden></div>
<noscript><p class="noscript">此页需要 JavaScript 才能显示。</p></noscript>
<script type="application/json" id="pp-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""


def render(doc: Document, *, index_href: str | None = None) -> str:
    """The review page of one Document: a self-contained HTML string.

    *index_href*, when given, is a relative link back to an index page.
    """
    css, js = _asset("report.css"), _asset("report.js")
    title = doc.meta.title or (Path(doc.source.path).name if doc.source.path else "policyparse")
    head = _HEAD.format(csp=_csp(css, js), version=html.escape(__version__),
                        title=html.escape(title), css=css)
    body = _BODY.format(data=embed_json(page_data(doc, index_href=index_href)), js=js)
    return head + body


def write_report(doc: Document, path: str | Path, *, index_href: str | None = None) -> Path:
    """Write the review page of *doc* to *path* (folders made as needed); return the path."""
    path = Path(path)
    write_atomic(path, render(doc, index_href=index_href))
    return path


def read_document(path: str | Path) -> Document:
    """A notice parsed, or a Document read back from the JSON ``policyparse parse`` wrote."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        from .pipeline import parse

        return parse(path)
    from pydantic import ValidationError

    from .errors import CorruptInput
    from .loaders import read_bytes

    try:
        return Document.model_validate_json(read_bytes(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "(top)"
        raise CorruptInput(path, f"not a policyparse Document JSON ({exc.error_count()} "
                           f"problem(s); first: {where}: {first['msg']})") from None


# --- the index page ----------------------------------------------------------------------------

INDEX_COLUMNS = (("sections", "提纲节点"), ("responsibilities", "任务"), ("targets", "目标"),
                 ("deadlines", "时限"), ("citations", "引用"), ("warnings", "警告"))


@dataclass
class IndexEntry:
    """One row of the index page: a notice's page and its counts, or a notice that failed."""

    title: str
    href: str | None = None  # relative link to the notice's page; None for a failure
    source: str | None = None
    doc_number: str | None = None
    date: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @classmethod
    def of(cls, doc: Document, href: str) -> IndexEntry:
        counts = {"sections": len(doc.sections()), "warnings": len(doc.warnings)}
        counts |= {name: len(getattr(doc, name)) for name in KIND_FIELDS.values()}
        title = doc.meta.title or (Path(doc.source.path).name if doc.source.path else href)
        return cls(title=title, href=href, source=doc.source.path,
                   doc_number=doc.meta.doc_number, date=doc.meta.date, counts=counts)


def _href(href: str) -> str:
    """A relative link as a URL path: every character that could start a scheme, a query or
    markup is percent-encoded (``javascript:x`` becomes the file name ``javascript%3Ax``)."""
    return quote(href, safe="/")


def render_index(entries: Iterable[IndexEntry], *, title: str = "policyparse 审阅") -> str:
    """The index page: one row per notice with its counts, linking each notice's page."""
    css = _asset("index.css")
    rows = []
    entries = list(entries)
    totals: Counter[str] = Counter()
    for e in entries:
        totals.update(e.counts)
        esc = html.escape
        name = (f'<a href="{esc(_href(e.href))}">{esc(e.title)}</a>' if e.href is not None
                else esc(e.title))
        if e.error is not None:
            cells = f'<td colspan="{len(INDEX_COLUMNS)}" class="error">{esc(e.error)}</td>'
        else:
            cells = "".join(f'<td class="n{"" if e.counts.get(k) else " zero"}">'
                            f"{e.counts.get(k, 0)}</td>" for k, _ in INDEX_COLUMNS)
        rows.append(f"<tr><td>{name}<div class=\"src\">{esc(_or_dash(e.source))}</div></td>"
                    f"<td>{esc(_or_dash(e.doc_number))}</td><td>{esc(_or_dash(e.date))}</td>"
                    f"{cells}</tr>")
    heads = "".join(f'<th class="n">{label}</th>' for _, label in INDEX_COLUMNS)
    total = "".join(f'<td class="n">{totals.get(k, 0)}</td>' for k, _ in INDEX_COLUMNS)
    failed = sum(1 for e in entries if e.error is not None)
    summary = f"{len(entries)} 份通知" + (f"，{failed} 份未能解析" if failed else "")
    return (_HEAD.format(csp=_csp(css, None), version=html.escape(__version__),
                         title=html.escape(title), css=css)
            + f"<body>\n<h1>{html.escape(title)}</h1>\n<p class=\"summary\">{summary}</p>\n"
            f"<table>\n<thead><tr><th>通知</th><th>文号</th><th>日期</th>{heads}</tr></thead>\n"
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n"
            f"<tfoot><tr><td>合计</td><td></td><td></td>{total}</tr></tfoot>\n"
            "</table>\n</body>\n</html>\n")


def _page_name(doc: Document, taken: set[str]) -> str:
    """The source's file name (its suffix kept: a notice's .txt, .pdf and .docx do not share
    a page) with .html, made unique in *taken*."""
    stem = Path(doc.source.path).name if doc.source.path else "notice"
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "notice"
    name, n = stem, 1
    while name.lower() in taken or name.lower() == "index":
        n += 1
        name = f"{stem}-{n}"
    taken.add(name.lower())
    return name + ".html"


class BatchPages:
    """One review page per Document in a folder, and the entries of their index page.

    ``add(doc)`` writes the page (atomically; named after the source file, made unique) and
    keeps only its index row, so memory stays flat however many documents pass.
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.out = Path(out_dir)
        self.entries: list[IndexEntry] = []
        self._taken: set[str] = set()

    def add(self, doc: Document) -> None:
        name = _page_name(doc, self._taken)
        write_report(doc, self.out / name, index_href="index.html")
        self.entries.append(IndexEntry.of(doc, name))

    def index(self, failures: Iterable[tuple[str, str]] = (), *,
              title: str = "policyparse 审阅") -> str:
        """The index page; *failures* are ``(source, message)`` pairs, listed without a link."""
        failed = [IndexEntry(title=Path(source).name, source=source, error=message)
                  for source, message in failures]
        return render_index([*self.entries, *failed], title=title)


def write_batch_reports(docs: Iterable[Document], out_dir: str | Path, *,
                        failures: Iterable[tuple[str, str]] = (),
                        title: str = "policyparse 审阅") -> Path:
    """Write one review page per Document into *out_dir* and ``index.html`` linking them all.

    Pages are named after their source file (made unique); each links back to the index.
    *failures* are ``(source, message)`` pairs for notices that could not be parsed: the index
    lists them without a link. Returns the index page's path.
    """
    pages = BatchPages(out_dir)
    for doc in docs:
        pages.add(doc)
    index = pages.out / "index.html"
    write_atomic(index, pages.index(failures, title=title))
    return index
