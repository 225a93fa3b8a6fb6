"""DOCX: paragraphs and tables in body order, Word's automatic numbering rendered.

Headers and footers live in parts of their own and are left out. Deleted revisions, text a
word processor hides and the fallback copies of drawings are skipped. Many notices number
一、 （一） 1. through ``numbering.xml`` rather than typing the label, so the label is not in the
paragraph's text: :class:`Numbering` renders it (chineseCounting, decimal, lvlText such as
"（%2）", restarts, start overrides, numbering given by the paragraph's style), and the
outline sees the same text as if it had been typed. Tables become grids for the table
extractor (see ``_writer.py``); a cell of several paragraphs keeps them apart with "；" when
one ends without punctuation, so a unit list written one unit per line stays a list.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorruptInput, EncryptedInput, TooLarge, brief
from ..limits import human
from . import Loaded, Table
from ._writer import TextBuilder, join_cell_paragraphs, write_grid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

_SKIP = frozenset({
    f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}txbxContent", MC_FALLBACK,
    f"{W}instrText", f"{W}delText", f"{W}footnoteReference", f"{W}endnoteReference",
})
_CHARS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def load_docx(path: Path, data: bytes, max_inflate: int | None = None) -> Loaded:
    """Read a DOCX body: one paragraph per line, tables one row per line.

    A part that would inflate past *max_inflate* bytes (or all parts past four times that) is
    refused before anything is parsed: see :func:`_check_inflate`.
    """
    doc = _open(path, data, max_inflate)
    numbering = Numbering.of(doc)
    out = TextBuilder()
    tables: list[Table] = []
    fields: list[str] = []  # the fields open at this point of the body, outermost first
    for kind, el in _blocks(doc.element.body):
        if kind == "p":
            text = _paragraph(el, numbering)
            if _in_toc_field(el, fields):
                text = text.replace("\t", _TOC_LEADER)  # the dotted leader Word draws there
            if text.strip():
                out.newline()
                out.write(text)
        else:
            texts, grid = _grid(el, numbering)
            if grid:
                tables.append(Table(rows=write_grid(out, texts, grid)))
    return Loaded(text=out.text(), format="docx", tables=tables)


_TOC_LEADER = "......"


def _in_toc_field(p: Any, fields: list[str]) -> bool:
    """Whether paragraph *p* stands (at least in part) inside Word's TOC field, whose entries
    end in a tab and a page number: the tab is drawn as a dotted leader. *fields* is the stack
    of fields open before *p* (their instructions' first words), updated here."""
    inside = "TOC" in fields
    for el in p.iter(f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
        if el.tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                fields.append("")
            elif kind == "end" and fields:
                fields.pop()
        elif el.tag == f"{W}instrText":
            if fields and not fields[-1]:
                fields[-1] = (el.text or "").split(maxsplit=1)[0] if (el.text or "").strip() else ""
        elif (el.get(f"{W}instr") or "").split()[:1] == ["TOC"]:
            inside = True
        inside = inside or "TOC" in fields
    return inside


def _open(path: Path, data: bytes, max_inflate: int | None = None) -> Any:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedInput(path, "encrypted Word document: it needs a password to open; "
                                 "save an unencrypted copy first")
        raise CorruptInput(path, "an old Word .doc (binary) file, not .docx: save it as .docx")
    if not data.startswith(b"PK\x03\x04"):
        from .text import describe

        raise CorruptInput(path, f"not a DOCX ({describe(data)})")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise CorruptInput(
                    path, "a ZIP archive but not a Word document (no word/document.xml)")
            if max_inflate is not None:
                _check_inflate(path, z, max_inflate)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError,
            OSError) as exc:
        raise CorruptInput(path, f"damaged DOCX: not a readable ZIP archive ({brief(exc)})"
                           ) from None
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds on broken parts
        raise CorruptInput(path, f"damaged DOCX: {brief(exc)}") from None


_CHUNK = 1 << 20


def _check_inflate(path: Path, z: zipfile.ZipFile, limit: int) -> None:
    """Refuse a ZIP bomb before python-docx inflates it: each part's size as the ZIP's
    headers declare it (at most *limit*, all parts together at most four times that), then the
    XML parts (what lxml will parse) inflated a chunk at a time and counted, in case a header
    lies. Nothing inflated is kept."""
    total = 0
    for info in z.infolist():
        total += info.file_size
        if info.file_size > limit:
            raise TooLarge(path, f"{info.filename} inflates to {human(info.file_size)}, over "
                           f"the limit of {human(limit)} per part (max_inflate)")
    if total > 4 * limit:
        raise TooLarge(path, f"its parts inflate to {human(total)}, over the limit of "
                       f"{human(4 * limit)} (4 × max_inflate)")
    for info in z.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        seen = 0
        with z.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                seen += len(chunk)
                if seen > limit:
                    raise TooLarge(path, f"{info.filename} inflates to more than "
                                   f"{human(limit)} (max_inflate)")


def _blocks(parent: Any) -> Iterator[tuple[str, Any]]:
    """Paragraphs and tables in body order, looking inside content controls."""
    for el in parent.iterchildren():
        tag = el.tag
        if tag == f"{W}p":
            yield "p", el
        elif tag == f"{W}tbl":
            yield "tbl", el
        elif tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent", f"{W}ins"):
            yield from _blocks(el)


def _runs_text(el: Any) -> Iterator[str]:
    for child in el.iterchildren():
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            yield child.text or ""
        elif tag in _CHARS:
            yield _CHARS[tag]
        elif tag == f"{W}r" and _hidden(child):
            continue
        else:
            yield from _runs_text(child)


def _hidden(run: Any) -> bool:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return False
    v = rpr.find(f"{W}vanish")
    return v is not None and v.get(f"{W}val") not in ("0", "false", "off")


def _paragraph(p: Any, numbering: Numbering) -> str:
    return numbering.label(p) + "".join(_runs_text(p))


def _grid(tbl: Any, numbering: Numbering) -> tuple[list[str], list[list[int]]]:
    """The table's cell texts and its grid of indexes (merged cells repeated)."""
    texts: list[str] = []
    grid: list[list[int]] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        row: list[int] = []
        trpr = tr.find(f"{W}trPr")
        for _ in range(_int_val(trpr, "gridBefore", 0)):
            texts.append("")
            row.append(len(texts) - 1)
        for tc in _cells(tr):
            tcpr = tc.find(f"{W}tcPr")
            span = max(1, _int_val(tcpr, "gridSpan", 1))
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            col = len(row)
            if (vmerge is not None and vmerge.get(f"{W}val") in (None, "continue") and grid
                    and col < len(grid[-1])):
                idx = grid[-1][col]
            else:
                texts.append(_cell_text(tc, numbering))
                idx = len(texts) - 1
            row.extend([idx] * span)
        if row:
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:  # rows short of the grid (gridAfter): empty cells
        while len(row) < width:
            texts.append("")
            row.append(len(texts) - 1)
    return texts, grid


def _cells(tr: Any) -> Iterator[Any]:
    for el in tr.iterchildren():
        if el.tag == f"{W}tc":
            yield el
        elif el.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent"):
            yield from _cells(el)


def _cell_text(tc: Any, numbering: Numbering) -> str:
    paras: list[str] = []
    for p in tc.iter(f"{W}p"):
        t = _paragraph(p, numbering).replace("\n", "").strip()
        if t:
            paras.append(t)
    return join_cell_paragraphs(paras)


def _int_val(parent: Any, name: str, default: int) -> int:
    if parent is None:
        return default
    el = parent.find(f"{W}{name}")
    if el is None:
        return default
    try:
        return int(el.get(f"{W}val", default))
    except ValueError:
        return default


# --- automatic numbering -------------------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "\t"
    style: str | None = None


@dataclass
class Numbering:
    """numbering.xml, and the counters of the lists as the body is read in order."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    """numId → (abstractNumId, {ilvl: startOverride})."""
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)
    """paragraph style id → (numId, ilvl) given by the style or the styles it is based on."""
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Any) -> Numbering:
        n = cls()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        links: dict[str, str] = {}
        style_links: dict[str, str] = {}
        if root is not None:
            for a in root.iterchildren(f"{W}abstractNum"):
                aid = a.get(f"{W}abstractNumId")
                n.abstracts[aid] = {int(lvl.get(f"{W}ilvl", 0)): _level(lvl)
                                    for lvl in a.iterchildren(f"{W}lvl")}
                link = a.find(f"{W}numStyleLink")
                if link is not None:
                    links[aid] = link.get(f"{W}val")
                slink = a.find(f"{W}styleLink")
                if slink is not None:
                    style_links[slink.get(f"{W}val")] = aid
            for num in root.iterchildren(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                if ref is None:
                    continue
                overrides: dict[int, int] = {}
                for o in num.iterchildren(f"{W}lvlOverride"):
                    so = o.find(f"{W}startOverride")
                    if so is not None:
                        overrides[int(o.get(f"{W}ilvl", 0))] = int(so.get(f"{W}val", 1))
                n.nums[num.get(f"{W}numId")] = (ref.get(f"{W}val"), overrides)
        n._read_styles(doc, links, style_links)
        return n

    def _read_styles(self, doc: Any, links: dict[str, str], style_links: dict[str, str]
                     ) -> None:
        try:
            root = doc.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for st in root.iterchildren(f"{W}style"):
            sid = st.get(f"{W}styleId")
            b = st.find(f"{W}basedOn")
            if b is not None:
                based[sid] = b.get(f"{W}val")
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                num_id = _child_val(numpr, "numId")
                ilvl = _child_val(numpr, "ilvl")
                own[sid] = (num_id, int(ilvl) if ilvl is not None else None)
        # a numStyleLink'd abstractNum takes its levels from the one that styleLinks it
        for aid, style in links.items():
            target = style_links.get(style)
            if target is not None and target in self.abstracts:
                self.abstracts[aid] = self.abstracts[target]
        for sid in set(own) | set(based):
            seen: set[str] = set()
            cur: str | None = sid
            while cur is not None and cur not in seen:
                seen.add(cur)
                linked, level = own.get(cur, (None, None))
                if linked is not None:
                    self.styles[sid] = (linked, level if level is not None
                                        else self._style_level(linked, cur))
                    break
                cur = based.get(cur)

    def _style_level(self, num_id: str, style: str) -> int:
        """The level of a list that names *style* as its paragraph style (else 0)."""
        aid = self.nums.get(num_id, ("", {}))[0]
        for ilvl, lvl in self.abstracts.get(aid, {}).items():
            if lvl.style == style:
                return ilvl
        return 0

    def label(self, p: Any) -> str:
        """The rendered number of paragraph *p* ("一、", "（三）", "2."), or ""."""
        ppr = p.find(f"{W}pPr")
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            numpr = ppr.find(f"{W}numPr")
            if numpr is not None:
                num_id = _child_val(numpr, "numId")
                lv = _child_val(numpr, "ilvl")
                ilvl = int(lv) if lv is not None else None
            if num_id is None:
                style = ppr.find(f"{W}pStyle")
                if style is not None and style.get(f"{W}val") in self.styles:
                    num_id, style_ilvl = self.styles[style.get(f"{W}val")]
                    ilvl = style_ilvl if ilvl is None else ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        return self._next(num_id, ilvl or 0)

    def _next(self, num_id: str, ilvl: int) -> str:
        aid, overrides = self.nums[num_id]
        levels = self.abstracts.get(aid, {})
        if ilvl not in levels:
            return ""
        key = f"num:{num_id}" if overrides else f"abs:{aid}"
        counters = self.counters.setdefault(key, {})
        if not counters and overrides:
            for k, v in overrides.items():
                counters[k] = v - 1
        lvl = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper, dl in levels.items():
            if deeper <= ilvl:
                continue
            limit = deeper if dl.restart is None else dl.restart
            if ilvl < limit:
                counters.pop(deeper, None)
        if lvl.fmt == "bullet" or lvl.fmt == "none":
            return ""
        def one(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            ref = levels.get(k, Level())
            value = counters.get(k, ref.start)
            return format_number(value, "decimal" if lvl.legal and k != ilvl else ref.fmt)

        text = re.sub(r"%([1-9])", one, lvl.text)
        return text + (lvl.suffix if text else "")


def _child_val(parent: Any, name: str) -> str | None:
    el = parent.find(f"{W}{name}")
    return el.get(f"{W}val") if el is not None else None


def _level(lvl: Any) -> Level:
    out = Level()
    start = _child_val(lvl, "start")
    if start is not None and start.lstrip("-").isdigit():
        out.start = int(start)
    out.fmt = _child_val(lvl, "numFmt") or "decimal"
    out.text = _child_val(lvl, "lvlText") or ""
    restart = _child_val(lvl, "lvlRestart")
    if restart is not None and restart.isdigit():
        out.restart = int(restart)
    out.legal = lvl.find(f"{W}isLgl") is not None
    out.style = _child_val(lvl, "pStyle")
    out.suffix = {"space": " ", "nothing": ""}.get(_child_val(lvl, "suff") or "tab", "\t")
    return out


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百",
             bare_ten: bool = True) -> str:
    if n < 0 or n >= 1000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 and bare_ten else digits[tens]
        return head + ten + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    out = digits[hundreds] + hundred
    if rest == 0:
        return out
    if rest < 10:
        return out + digits[0] + digits[rest]
    return out + _chinese(rest, digits, ten, hundred, bare_ten=False)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A list counter in a numFmt of Word's.

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 29, 105, 110)]
    ['一', '十', '十一', '二十', '二十九', '一百零五', '一百一十']
    >>> format_number(3, "decimalEnclosedCircle"), format_number(4, "upperRoman")
    ('③', 'IV')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _CN_LEGAL, "拾", "佰", bare_ten=False)
    if fmt in ("ideographTraditional",) and 0 < n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("ideographZodiac",) and 0 < n <= 12:
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese",
               "ideographEnclosedCircle") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    return str(n)
