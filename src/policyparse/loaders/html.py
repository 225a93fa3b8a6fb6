"""Web pages (.html, .htm): the notice's own text, its tables and the site's information block.

A saved page holds much besides the notice: menus, breadcrumbs, share bars, related links,
footers. The loader keeps the notice by a few rules of its own, on lxml's HTML parser:

1. **Charset**: the one the page declares (``<meta charset>``, ``http-equiv``, an XML
   declaration), else UTF-8, else GB18030 (which reads GBK and GB2312 pages too), with a
   warning when the declaration was wrong or missing and the page is not UTF-8.
2. **Chrome goes**: scripts, styles, forms' controls, ``<nav>``, ``<aside>``, ``<footer>`` and
   what the page hides.
3. **The content**: every block of text (a ``<p>``, a ``<div>`` or cell with text of its own)
   scores its Chinese characters outside links; a block adds its score to its parent and half
   of it to its grandparent (and to itself when it holds lines broken by ``<br>``), so the
   element that holds the paragraphs wins (readability's idea, in a few lines). Siblings of
   the winner that carry as much text of their own join it (a body split over several
   ``<div>``), and a heading (``<h1>``–``<h3>``) before it joins when the content does not
   already begin with its text.
4. **The information block** (索引号, 发文机关, 成文日期, 标题 … — the field names are
   :func:`policyparse.lines.info_key`'s): the smallest element holding three or more of them, in
   whatever markup (a table, a ``<dl>``/``<ul>``, a list of ``key：value`` lines), is written as
   ``key：value`` lines at the top, which :mod:`policyparse.meta` reads.
5. **Text**: block elements and ``<br>`` end lines, runs of white space collapse as a browser
   shows them (not in ``<pre>``), entities are decoded by the parser. A ``<table>`` of two or
   more rows and columns without tables inside becomes a :class:`~policyparse.loaders.Table`
   written ``| a | b |`` as the PDF and DOCX loaders write theirs (colspan written once,
   rowspan carried down); other tables (layout) are read cell by cell.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import BinaryInput, CorruptInput, EmptyInput, EncodingError, UnsupportedFormat
from . import Loaded, Table
from ._writer import TextBuilder, join_cell_paragraphs, write_grid

_DROP = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "canvas", "select", "option", "button", "input",
    "textarea", "head", "title", "nav", "aside", "footer", "map", "audio", "video", "img",
    "link", "meta", "base", "param", "source", "track", "dialog",
})
_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "section", "article",
    "header", "main", "blockquote", "pre", "center", "form", "fieldset", "legend", "figure",
    "figcaption", "hr", "address", "body", "html", "details", "summary", "menu",
})
# the elements that hold one block of text of their own (their parent collects the score)
_HEADINGS = ("h1", "h2", "h3")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"[ \t\r\n\f]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.I,
)
_HTML_HEAD = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|table|p[\s>]|"
    rb"span|section|article|center|font|h[1-6])",
    re.I | re.S,
)
_MIN_HAN = 40  # less Chinese text than this in the content: no notice on the page
_OUR_PAGE = re.compile(r"<meta name=\"generator\" content=\"policyparse ")
_ANY_TAG = re.compile(r"<(?:html|head|body|p|div|br|table|span|meta|title|h[1-6]|font|td)\b",
                      re.I)
_INFO_MIN_KEYS = 3
_INFO_MAX_HITS = 400  # key-like texts looked at for the information block (a huge page)
_INFO_MAX_CHARS = 3000  # an information block is short
_INFO_TRIES = 8
_CELL_MAX = 800  # a table with a longer text in a cell lays out a page: read cell by cell


def looks_like_html(data: bytes) -> bool:
    """Whether *data* begins like a web page (for input without a file name).

    >>> looks_like_html(b"<!DOCTYPE html><html>"), looks_like_html("一、总体要求".encode())
    (True, False)
    """
    from .text import BOMS

    head = data[:2048]
    for bom, enc in BOMS:  # a page saved as UTF-16 or UTF-32 is a page too
        if head.startswith(bom):
            head = head[len(bom):].decode(enc.replace("-sig", ""), "ignore").encode()
            break
    return _HTML_HEAD.match(head) is not None


def decode_html(path: Path, data: bytes) -> tuple[str, str, list[tuple[str, str]]]:
    """The page's text, the encoding read and the warnings: the declared charset, else UTF-8,
    else GB18030; an error naming the file when none reads it."""
    from .text import BOMS

    _refuse_binary(path, data)
    warnings: list[tuple[str, str]] = []
    for bom, enc in BOMS:  # the text loader's list: UTF-32's BOM opens like UTF-16's
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc.replace("-sig", "")), enc, warnings
            except UnicodeDecodeError:
                raise EncodingError(path, f"cannot decode: bytes that are not {enc} after "
                                    "its byte-order mark") from None
    declared = _declared(data[:16384])
    tries = ([declared] if declared else []) + [e for e in ("utf-8", "gb18030") if e != declared]
    for enc in tries:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if declared and enc != declared:
            warnings.append(("html_charset", f"the page declares charset {declared} but is "
                                             f"{enc}; read as {enc}"))
        elif not declared and enc != "utf-8":
            warnings.append(("html_charset", f"the page declares no charset and is not UTF-8; "
                                             f"read as {enc}"))
        return text, enc, warnings
    raise EncodingError(path, "cannot decode the page: not its declared charset "
                        f"({declared or 'none'}), UTF-8 or GB18030/GBK")


def _refuse_binary(path: Path, data: bytes) -> None:
    from .text import _MAGIC, BOMS

    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(path, f"binary file ({what}), not a web page")
    if b"\x00" in data[:8192] and not data.startswith(tuple(bom for bom, _ in BOMS)):
        raise BinaryInput(path, "binary file (contains NUL bytes), not a web page")


def _declared(head: bytes) -> str | None:
    m = _CHARSET.search(head)
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb2312-80"):
        return "gb18030"  # GB18030 reads GBK and GB2312 alike, and the characters they lack
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def load_html(path: Path, data: bytes) -> Loaded:
    """Read a web page: the information block as ``key：value`` lines, then the notice."""
    text, encoding, warnings = decode_html(path, data)
    if not _ANY_TAG.search(text[:65536]):  # text saved under an .html name: read as text
        if not text.strip():
            raise EmptyInput(path, "file holds only whitespace")
        warnings.append(("html_not_html", "no HTML tags: read as plain text"))
        return Loaded(text=text, format="txt", encoding=encoding, warnings=warnings)
    if _OUR_PAGE.search(text[:4096]):
        raise UnsupportedFormat(path, "a review page policyparse wrote, not a notice: parse "
                                "the notice it shows, or its JSON")
    root = _parse(path, text)
    title = " ".join(t for el in root.iter("title") for t in el.itertext())
    _drop_chrome(root)
    info = _info_block(root)
    content = _content(root, info)
    out = TextBuilder()
    tables: list[Table] = []
    if info is not None:
        for line in _info_lines(info):
            out.newline()
            out.write(line)
    if content is None:
        raise EmptyInput(path, "a web page without notice text (a login, error or empty page?)")
    for el in content:
        _render(el, out, tables, info)
    loaded_text = out.text()
    han = len(_HAN.findall(loaded_text))
    if han < _MIN_HAN:
        raise EmptyInput(path, "a web page without notice text (a login, error or empty page?)")
    _not_a_notice(path, title, loaded_text, han)
    return Loaded(text=loaded_text, format="html", encoding=encoding, tables=tables,
                  warnings=warnings)


def _not_a_notice(path: Path, title: str, text: str, han: int) -> None:
    """A one-line error for a login or error screen: little text that says so."""
    from .. import patterns

    p = patterns.load("html")["not_a_notice"]
    if han > int(p.data.get("max_han", 400)):
        return
    m = p.regex.search(title) or p.regex.search(text)
    if m is not None:
        raise EmptyInput(path, f"a login or error page, not a notice (it says {m.group()!r})")


def _parse(path: Path, text: str) -> Any:
    import lxml.etree

    # lxml refuses a str that still carries an XML encoding declaration
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    # plain etree elements: lxml.html's element classes cost a lookup per node
    parser = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                   huge_tree=True)
    try:
        root = lxml.etree.fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptInput(path, f"cannot read the page as HTML ({exc})") from None
    if root is None:
        raise EmptyInput(path, "a web page without any content")
    return root


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _drop_chrome(root: Any) -> None:
    doomed = []
    for el in root.iter():
        tag = _tag(el)
        if not tag:
            doomed.append(el)  # comments and processing instructions left over
        elif tag in _DROP or el.get("hidden") is not None or (
                el.get("style") and _HIDDEN.search(el.get("style"))):
            doomed.append(el)
    for el in doomed:
        _drop_tree(el)


def _drop_tree(el: Any) -> None:
    """Remove *el* and what it holds, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# --- the content ---------------------------------------------------------------------------


def _text_pieces(root: Any) -> Iterator[tuple[Any, str, bool]]:
    """(block owner, text, inside a link) for each text of the tree, in one pass from the top
    (an element's owner is itself when it is a block, else its parent's)."""
    owner: dict[Any, Any] = {}
    link: dict[Any, bool] = {}
    for el in root.iter():
        parent = el.getparent()
        tag = _tag(el)
        if tag in _BLOCK:
            owner[el], link[el] = el, False
        else:
            owner[el] = owner.get(parent) if parent is not None else None
            link[el] = tag == "a" or (link.get(parent, False) if parent is not None else False)
        if el.text:
            yield owner[el], el.text, link[el]
        if el.tail and parent is not None:
            yield owner[parent], el.tail, link[parent]


def _content(root: Any, info: Any) -> list[Any] | None:
    """The elements that hold the notice, in page order; None when the page has no text."""
    own: dict[Any, int] = {}
    links: dict[Any, int] = {}
    for owner, text, link in _text_pieces(root):
        if owner is None:
            continue
        n = len(_HAN.findall(text))
        if n:
            if link:
                links[owner] = links.get(owner, 0) + n
            else:
                own[owner] = own.get(owner, 0) + n
    info_set = set(info.iter()) if info is not None else set()
    score: dict[Any, float] = {}
    for block, n in own.items():
        if block in info_set or links.get(block, 0) > n:
            continue  # the info block, and menus: more text in links than outside
        if any(_tag(c) == "br" for c in block):  # lines of its own: it holds the text
            score[block] = score.get(block, 0) + n
        parent = block.getparent()
        if parent is not None:
            score[parent] = score.get(parent, 0) + 0.9 * n
            grand = parent.getparent()
            if grand is not None:
                score[grand] = score.get(grand, 0) + 0.5 * n
    if not score:
        return None
    best = max(score, key=lambda el: score[el])
    if _tag(best) == "p" and best.getparent() is not None:
        best = best.getparent()  # a paragraph of <br> lines: the element that holds it, title too
    parent = best.getparent()
    if parent is None:
        return [best]
    # siblings with text of their own as long: the body split over several elements
    kept = [best]
    best_own = _subtree_own(best, own)
    for sib in parent:
        if sib is best or not isinstance(sib.tag, str) or sib in info_set:
            continue
        if _subtree_own(sib, own) >= 0.3 * best_own and not _is_chrome(sib):
            kept.append(sib)
    order = {el: i for i, el in enumerate(parent)}
    kept.sort(key=lambda el: order[el])
    heading = _heading_before(root, kept[0], info_set)
    if heading is not None:
        lead = _SPACE_ALL.sub("", "".join(kept[0].itertext()))[:400]
        if _SPACE_ALL.sub("", "".join(heading.itertext())) not in lead:
            kept.insert(0, heading)
    return kept


_SPACE_ALL = re.compile(r"\s+")
_CHROME_ATTR = re.compile(r"nav|menu|breadcrumb|crumb|footer|share|sidebar|related|toolbar|"
                          r"copyright|position|location", re.I)


def _is_chrome(el: Any) -> bool:
    return bool(_CHROME_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}"))


def _subtree_own(el: Any, own: dict[Any, int]) -> int:
    return sum(own.get(e, 0) for e in el.iter())


_TITLE_ATTR = re.compile(r"(?:^|[\s_-])(?:title|biaoti|bt|headline)(?:$|[\s_-])|"
                         r"(?:article|art|doc|news|content|detail|main|page)[_-]?title", re.I)


def _is_title_text(s: str) -> bool:
    s = s.strip()
    return 4 <= len(s) <= 120 and _HAN.search(s) is not None and "。" not in s


def _heading_before(root: Any, first: Any, skip: set[Any]) -> Any:
    """The last heading before *first* in page order (an ``<h1>``–``<h3>``, or an element
    whose class or id says title, holding a title's text), or None."""
    found = None
    for el in root.iter():
        if el is first:
            return found
        if (_tag(el) in _HEADINGS or _TITLE_ATTR.search(f"{el.get('class', '')} "
                                                       f"{el.get('id', '')}")) and (
                el not in skip and _is_title_text("".join(el.itertext()))):
            found = el
    return None


# --- the information block -----------------------------------------------------------------


def _info_block(root: Any) -> Any:
    """The smallest element that holds three or more of the information block's fields."""
    from ..lines import info_key

    hits: list[tuple[Any, str]] = []
    for el in root.iter():
        for text in (el.text, el.tail):
            if not text or len(text) > 200 or not (len(text) <= 12 or "：" in text
                                                   or ":" in text):
                continue
            for key in _keys_in(text, info_key):
                hits.append((el if text is el.text else el.getparent(), key))
        if len(hits) >= _INFO_MAX_HITS:
            break
    if len(hits) < _INFO_MIN_KEYS:
        return None
    keys: dict[Any, set[str]] = {}
    depth: dict[Any, int] = {}
    for el, key in hits:
        d = 0
        anc = el
        chain = []
        while anc is not None:
            chain.append(anc)
            anc = anc.getparent()
        for d, anc in enumerate(reversed(chain)):
            keys.setdefault(anc, set()).add(key)
            depth[anc] = d
    found = [el for el, ks in keys.items() if len(ks) >= _INFO_MIN_KEYS]
    found.sort(key=lambda el: -depth[el])
    # the deepest that reads as a block: short, three fields or more with a value each (not
    # a table whose header row names 文件名称, 文号, 发文机关 over rows of documents)
    for el in found[:_INFO_TRIES]:
        if sum(len(t) for t in el.itertext()) <= _INFO_MAX_CHARS and len(
                _info_lines(el)) >= _INFO_MIN_KEYS:
            return el
    return None


_KEY_AT = re.compile(r"(?:^|(?<=\s))([\u3400-\u9fff](?:\s*[\u3400-\u9fff]){1,4})\s*[：:]")


def _keys_in(text: str, info_key: Callable[[str], str | None]) -> list[str]:
    """The information-block field names *text* holds: all of it ("索 引 号", "发文机关：") or
    followed by a colon ("发布机构：某局 发布日期：…")."""
    whole = info_key(text)
    if whole is not None:
        return [whole]
    out = []
    for m in _KEY_AT.finditer(text.strip()):
        key = info_key(m.group(1))
        if key is not None:
            out.append(key)
    return out


def _info_lines(block: Any) -> list[str]:
    """The block's fields as ``key：value`` lines, in page order (empty fields left out)."""
    from ..lines import info_key

    out = TextBuilder()
    _render(block, out, None, None)
    pairs: list[list[str]] = []
    for raw in out.text().split("\n"):
        line = raw.strip(" |\u3000\xa0")
        if not line:
            continue
        for cell in (c.strip() for c in line.split(" | ")):
            key, value = _split_key(cell, info_key)
            if key is not None:
                pairs.append([key, value])
            elif pairs and cell:
                pairs[-1][1] = (pairs[-1][1] + " " + cell).strip()
    return [f"{k}：{v}" for k, v in pairs if v]


def _split_key(cell: str, info_key: Callable[[str], str | None]) -> tuple[str | None, str]:
    if (key := info_key(cell)) is not None:
        return key, ""
    m = re.match(r"\s*([^：:]{2,12})[：:]\s*(.*)$", cell)
    if m and (key := info_key(m.group(1))) is not None:
        return key, m.group(2).strip()
    return None, cell


# --- text ----------------------------------------------------------------------------------


def _render(el: Any, out: TextBuilder, tables: list[Table] | None, skip: Any) -> None:
    """Write *el*'s text: block elements on lines of their own, data tables as grids."""
    _walk(el, out, tables, skip, pre=False)
    out.newline()


def _write_inline(out: TextBuilder, text: str, pre: bool) -> None:
    if pre:
        out.write(text)
        return
    text = _WS.sub(" ", text)
    if text == " " and (not out.pos or out.last_char() in "\n "):
        return
    out.write(text)


def _walk(root: Any, out: TextBuilder, tables: list[Table] | None, skip: Any,
          pre: bool) -> None:
    """Write *root*'s text; iterative, so a page nested thousands deep reads as any other."""
    stack: list[tuple[int, Any, bool]] = [(_OPEN, root, pre)]
    while stack:
        kind, el, pre = stack.pop()
        if kind == _TAIL:
            if _tag(el) in _BLOCK:
                out.newline()
            _write_inline(out, el.tail, pre)
            continue
        if kind == _CLOSE:
            out.newline()
            continue
        tag = _tag(el)
        if skip is not None and el is skip:
            continue
        if tag == "br":
            out.write("\n")
            continue
        block = tag in _BLOCK
        if block:
            out.newline()
        if tag == "table" and tables is not None and (grid := _data_table(el)) is not None:
            texts, index = grid
            tables.append(Table(rows=write_grid(out, texts, index)))
            continue
        inner = pre or tag == "pre"
        if el.text:
            _write_inline(out, el.text, inner)
        if block:
            stack.append((_CLOSE, el, pre))
        for child in reversed(el):
            if child.tail:
                stack.append((_TAIL, child, inner))
            if isinstance(child.tag, str):
                stack.append((_OPEN, child, inner))


_OPEN, _TAIL, _CLOSE = 0, 1, 2


def _data_table(table: Any) -> tuple[list[str], list[list[int]]] | None:
    """A table of two or more rows and columns without tables inside: its cell texts and its
    grid of indexes (a cell spanning columns or rows repeated); None for a layout table."""
    if any(_tag(t) == "table" for t in table.iterdescendants()):
        return None
    if any(len(t) > _CELL_MAX for t in table.itertext()):
        return None  # a layout table holding the notice in a cell, not a table of tasks
    rows = [tr for tr in table.iter() if _tag(tr) == "tr"]
    if len(rows) < 2:
        return None
    texts: list[str] = []
    grid: list[list[int]] = []
    down: dict[int, tuple[int, int]] = {}  # column → (index, rows left) of a rowspan
    for tr in rows:
        row: list[int] = []
        cells = iter([c for c in tr if _tag(c) in ("td", "th")])
        while True:
            col = len(row)
            if col in down:  # a cell merged down from a row above
                idx, left = down.pop(col)
                if left > 1:
                    down[col] = (idx, left - 1)
                row.append(idx)
                continue
            cell = next(cells, None)
            if cell is None:
                break
            texts.append(_cell_text(cell))
            idx = len(texts) - 1
            rspan = _span(cell, "rowspan")
            for k in range(_span(cell, "colspan")):
                row.append(idx)
                if rspan > 1:
                    down[col + k] = (idx, rspan - 1)
        if row:
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    if width < 2:
        return None
    for row in grid:
        while len(row) < width:
            texts.append("")
            row.append(len(texts) - 1)
    return texts, grid


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 100))
    except ValueError:
        return 1


def _cell_text(cell: Any) -> str:
    """A cell's text on one line, its paragraphs joined as every loader joins them
    (:func:`~policyparse.loaders._writer.join_cell_paragraphs`)."""
    out = TextBuilder()
    _walk(cell, out, None, None, pre=False)
    paras = [p.strip() for p in out.text().split("\n") if p.strip()]
    return join_cell_paragraphs(paras).replace("|", "｜")
