"""The review page without a browser: its data, its escaping, the index page and the CLI.

What the page does in a browser (highlights, clicks, filters, no script from a notice) is in
test_report_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import policyparse
from policyparse import report
from policyparse.extract.tasks import link
from policyparse.models import Deadline, Document, ParseWarning, Responsibility, Target, Unit
from tests.conftest import SAMPLES, parsed
from tests.report_docs import find, notice

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;\u2028'


def data_of(page: str) -> dict:
    """The page's data, read back the way its script reads it (JSON.parse of the element)."""
    m = re.search(r'<script type="application/json" id="pp-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


# --- segments: overlapping spans into flat runs ------------------------------------------------


def brute_segments(spans):
    """Per character: which spans cover it; then runs of equal cover."""
    n = max((e for _, e in spans), default=0)
    cover = [tuple(i for i, (s, e) in enumerate(spans) if s <= p < e) for p in range(n)]
    runs = []
    for p, c in enumerate(cover):
        if runs and runs[-1][2] == c and runs[-1][1] == p:
            runs[-1][1] = p + 1
        else:
            runs.append([p, p + 1, c])
    return [(s, e, set(c)) for s, e, c in runs if c]


@pytest.mark.parametrize("seed", range(40))
def test_segments_cover_every_span_exactly(seed):
    rng = random.Random(seed)
    spans = []
    for _ in range(rng.randint(0, 12)):
        s = rng.randint(0, 40)
        spans.append((s, s + rng.randint(0, 15)))
    segs = report.segments(spans)
    # the same runs as a character-by-character count (adjacent runs with the same cover may
    # stay apart where a span ends and another with the same set begins; merge to compare)
    merged: list[list] = []
    for s, e, ids in segs:
        assert s < e and ids
        if merged and merged[-1][1] == s and set(merged[-1][2]) == set(ids):
            merged[-1][1] = e
        else:
            merged.append([s, e, ids])
    assert [(s, e, set(c)) for s, e, c in merged] == brute_segments(spans)
    for _, _, ids in segs:
        # outermost first: each span starts no later (and, starting together, ends no earlier)
        keys = [(spans[i][0], -spans[i][1], i) for i in ids]
        assert keys == sorted(keys)
    # every non-empty span is covered by exactly its own characters
    for i, (s, e) in enumerate(spans):
        mine = [(a, b) for a, b, ids in segs if i in ids]
        assert sum(b - a for a, b in mine) == e - s
        if e > s:
            assert mine[0][0] == s and mine[-1][1] == e


# --- the page's data ---------------------------------------------------------------------------


def test_embed_json_round_trips_and_leaves_no_markup():
    value = {"t": XSS + "</SCRIPT><!-- \u2029 '", "n": [1, None, "&lt;"]}
    out = report.embed_json(value)
    assert json.loads(out) == value
    for ch in "<>&\u2028\u2029":
        assert ch not in out


def test_page_data_of_the_hand_made_notice():
    doc = notice()
    data = report.page_data(doc)
    assert [k["count"] for k in data["kinds"]] == [3, 3, 3, 1]
    # 𠮷 stands before every item: the browser's offsets are one more than Python's
    by_id = {m["id"]: m for m in data["marks"]}
    t0 = doc.targets[0]
    assert (by_id["target-0"]["s"], by_id["target-0"]["e"]) == (t0.span[0] + 1, t0.span[1] + 1)
    assert by_id["target-0"]["tip"]["rows"][:5] == [
        ["指标", "规模以上工业单位增加值能耗"], ["比较", "下降"], ["数值", "13.5"],
        ["单位", "%"], ["年份", "2025"]]
    assert by_id["responsibility-0"]["tip"]["rows"][:2] == [
        ["牵头", "市工业和信息化局"], ["配合", "市发展和改革委员会（原文：市发展改革委）"]]
    assert by_id["citation-0"]["tip"]["rows"] == [
        ["标题", "《关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》"],
        ["文号", "中发〔2021〕36号"]]

    (_, zhong), (_, bao) = [(n["label"], n) for n in data["outline"][1:3]]
    assert (zhong["tasks"], zhong["targets"]) == (3, 3)
    assert [(c["tasks"], c["targets"]) for c in zhong["children"]] == [(1, 1)] * 3
    assert (bao["tasks"], bao["targets"]) == (0, 0)

    rows = data["tasks"]
    assert [r["heading"] for r in rows] == ["推进工业节能", "发展可再生能源", "推进交通减排"]
    assert [r["path"] for r in rows] == ["二 › （一）", "二 › （二）", "二 › （三）"]
    assert rows[0]["units"][0] == {"name": "市工业和信息化局", "text": "市工业和信息化局",
                                   "role": "lead", "role_label": "牵头"}
    assert [r["deadline"] for r in rows] == [
        "到2025年（2025-12-31）", "2023年底前（2023-12-31）", "2024年完成（2024-12-31）"]
    assert data["units"][0] == ["市发展和改革委员会", 3]
    assert [(t["indicator"], t["value"], t["year"]) for t in data["targets"]] == [
        ("规模以上工业单位增加值能耗", "13.5", 2025), ("可再生能源装机", "300", 2023),
        ("新能源公交车占比", "80", None)]
    assert data["warnings"] == [{"code": "test.heading", "message": "a warning on a heading",
                                 "mark": next(i for i, m in enumerate(data["marks"])
                                              if m["id"] == "warning-0")}]


def test_segments_of_the_page_rebuild_every_item():
    """What the script nests: each item's pieces, joined, are exactly its span's text."""
    doc = notice()
    data = report.page_data(doc)
    text16 = doc.text.encode("utf-16-le")
    pieces: dict[int, list[tuple[int, int]]] = {}
    for s, e, ids in data["segments"]:
        for i in ids:
            pieces.setdefault(i, []).append((s, e))
    for i, m in enumerate(data["marks"]):
        got = "".join(text16[2 * s:2 * e].decode("utf-16-le") for s, e in pieces[i])
        assert got == text16[2 * m["s"]:2 * m["e"]].decode("utf-16-le")
    targets = {m["id"]: doc.text[t.span[0]:t.span[1]]
               for m, t in zip([m for m in data["marks"] if m["k"] == "target"], doc.targets,
                               strict=True)}
    assert targets["target-2"] == "新能源公交车占比达到80%，2024年"


def test_a_table_row_takes_the_deadlines_of_its_row():
    text = ("附件\n重点任务分工表\n序号 任务 责任单位 完成时限\n"
            "1 推进工业节能 市工信局 2025年底前\n2 发展光伏 市发改委、市能源局 2024年\n说明：2030年")
    doc = Document(text=text)

    def row(n: int, task: str, raw: str) -> Responsibility:
        start = text.index(f"{n} {task}")
        return Responsibility(
            path=[], source="table", row=n, raw=raw, span=find(text, raw, start),
            task=task, task_span=find(text, task, start),
            units=[Unit(text=u, name=u, role="responsible") for u in raw.split("、")])

    doc.responsibilities = [row(1, "推进工业节能", "市工信局"),
                            row(2, "发展光伏", "市发改委、市能源局")]
    doc.deadlines = [Deadline(path=[], text=d, kind="by_year", end=e, span=find(text, d))
                     for d, e in (("2025年底前", "2025-12-31"), ("2024年", "2024-12-31"),
                                  ("2030年", "2030-12-31"))]
    doc.responsibilities = link(text, doc.outline, doc.responsibilities, doc.deadlines, [])
    tasks = report.page_data(doc)["tasks"]
    assert [(t["heading"], t["deadline"], t["row"]) for t in tasks] == [
        ("推进工业节能", "2025年底前（2025-12-31）", 1), ("发展光伏", "2024年（2024-12-31）", 2)]
    assert tasks[0]["units"][0]["role_label"] == "负责"


def test_a_span_that_does_not_fit_is_reported_not_drawn():
    doc = notice()
    n = len(doc.text)
    doc.targets.append(Target(path=[], text="x", span=(n - 1, n + 5)))
    doc.targets.append(Target(path=[], text="不对", span=(0, 2)))  # text differs from the span
    data = report.page_data(doc)
    assert [k["count"] for k in data["kinds"]][1] == 5  # the JSON's count: what was extracted
    assert "target-3" not in {m["id"] for m in data["marks"]}
    assert "target-4" in {m["id"] for m in data["marks"]}
    problems = [w["message"] for w in data["warnings"] if w["code"] == "report.span"]
    assert len(problems) == 2
    assert problems[0].startswith("目标 #4: span") and "not highlighted" in problems[0]
    assert problems[1].startswith("目标 #5: the text at its span differs")


def test_a_point_warning_still_gets_a_mark():
    doc = Document(text="abc", warnings=[ParseWarning(code="w", message="m", span=(3, 3))])
    data = report.page_data(doc)
    assert [(m["k"], m["s"], m["e"]) for m in data["marks"]] == [("warning", 2, 3)]


# --- the page ----------------------------------------------------------------------------------


def test_page_is_self_contained_and_allows_only_its_own_script_and_style():
    page = report.render(notice())
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(scripts) == 1 and len(styles) == 1
    for kind, body in (("script-src", scripts[0]), ("style-src", styles[0])):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{kind} 'sha256-{digest}'" in csp
    assert data_of(page)["text"] == notice().text


def test_text_from_a_notice_is_never_markup():
    doc = notice()
    doc.meta.title = XSS
    doc.text = doc.text + XSS
    doc.warnings.append(ParseWarning(code="x", message=XSS))
    page = report.render(doc)
    assert "<script>alert" not in page and "<img" not in page and "</SCRIPT" not in page
    assert page.count("<script") == 2  # the data and the page's own script
    assert f"<title>{report.html.escape(XSS)}</title>" in page
    data = data_of(page)
    assert data["meta"]["title"] == XSS and data["text"].endswith(XSS)


def test_the_page_loads_its_script_from_the_package():
    js = report._asset("report.js")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert "document.write" not in js


# --- the index page and a batch of pages -------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        if tag == "td":
            self._in_td = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False

    def handle_data(self, data):
        if self._in_td:
            self.cells[-1] += data


def test_index_lists_each_notice_with_its_counts_and_escapes_everything():
    doc = notice()
    doc.meta.title = XSS
    entries = [report.IndexEntry.of(doc, "a b/页.html"),
               report.IndexEntry(title="bad.txt", source=XSS, error=XSS),
               report.IndexEntry.of(parsed("001_6f0fce1b11edcf51.txt"), "javascript:alert(3)")]
    page = report.render_index(entries)
    p = _Links()
    p.feed(page)
    assert "script" not in p.tags and "img" not in p.tags
    assert p.hrefs == ["a%20b/%E9%A1%B5.html", "javascript%3Aalert%283%29"]
    assert XSS in p.cells[0] and XSS in p.cells  # the error cell: shown as text
    # counts: sections, tasks, targets, deadlines, citations, warnings
    assert p.cells[3:9] == ["7", "3", "3", "3", "1", "1"]
    assert "script-src 'none'" in page
    assert "3 份通知，1 份未能解析" in page


def test_write_batch_reports_writes_a_page_per_notice_and_an_index(tmp_path):
    docs = [parsed("000_b13d9c5abc88dd4a.txt"), notice(), notice()]
    index = report.write_batch_reports(docs, tmp_path / "out",
                                       failures=[("x/broken.txt", "file is empty")])
    assert index == tmp_path / "out" / "index.html"
    pages = sorted(p.name for p in index.parent.iterdir())
    assert pages == ["000_b13d9c5abc88dd4a.txt.html", "index.html", "notice.txt-2.html", "notice.txt.html"]
    p = _Links()
    p.feed(index.read_text(encoding="utf-8"))
    assert p.hrefs == ["000_b13d9c5abc88dd4a.txt.html", "notice.txt.html", "notice.txt-2.html"]
    assert "file is empty" in p.cells
    page = (index.parent / "notice.txt-2.html").read_text(encoding="utf-8")
    assert data_of(page)["index"] == "index.html"


# --- the command line --------------------------------------------------------------------------


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policyparse", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_view_writes_the_page(tmp_path):
    sample = SAMPLES / "001_6f0fce1b11edcf51.txt"
    p = run("view", str(sample), "-o", str(tmp_path / "r.html"))
    assert p.returncode == 0, p.stderr
    data = data_of((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert data["text"] == parsed(sample.name).text
    assert len(data["outline"]) == len(parsed(sample.name).outline)
    # default: the input's name with .html, in the current folder
    p = run("view", str(sample), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "001_6f0fce1b11edcf51.html").is_file()


def test_view_reads_a_document_json(tmp_path):
    doc = notice()
    src = tmp_path / "doc.json"
    src.write_text(doc.to_json(), encoding="utf-8")
    p = run("view", str(src), "-o", str(tmp_path / "doc.html"))
    assert p.returncode == 0, p.stderr
    data = data_of((tmp_path / "doc.html").read_text(encoding="utf-8"))
    assert [k["count"] for k in data["kinds"]] == [3, 3, 3, 1]


@pytest.mark.parametrize(("content", "words"), [
    ('{"text": 3}', "not a policyparse Document JSON"),
    ("not json", "not a policyparse Document JSON"),
    ("", "empty"),
])
def test_view_of_a_bad_json_is_one_line(tmp_path, content, words):
    src = tmp_path / "doc.json"
    src.write_text(content, encoding="utf-8")
    p = run("view", str(src), "-o", str(tmp_path / "doc.html"))
    assert p.returncode == 1
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and str(src) in lines[0] and words in lines[0], p.stderr
    assert not (tmp_path / "doc.html").exists()


def test_the_report_module_loads_only_for_view():
    code = ("import sys, policyparse.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('policyparse.report', "
            "'pydantic', 'selenium'))))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


def test_indicator_table_targets_show_baseline_binding_and_source():
    import policyparse
    from tests.extract.test_indicators import PLAN

    doc = policyparse.parse_text(PLAN, path="plan.txt")
    data = report.page_data(doc)
    row = data["targets"][0]
    assert (row["indicator"], row["value"], row["baseline"], row["binding"], row["source"]) == (
        "空气质量优良天数比例", "93", "2020年 91.2", "约束性", "table")
    tip = {m["id"]: m["tip"] for m in data["marks"]}["target-0"]
    assert ["基准值", "91.2"] in tip["rows"] and ["来源", "指标表"] in tip["rows"]


# --- issue 14: tasks, pages, role badges, the way to the tables --------------------------------


def test_each_task_carries_its_text_and_the_documents_deadlines():
    data = report.page_data(notice())
    first = data["tasks"][0]
    assert first["heading"] == "推进工业节能"
    assert first["task"].startswith("推进工业节能。到2025年") and first["roles_stated"]


def test_role_badges_only_where_the_notice_states_roles():
    doc = policyparse.parse_text("某市实施方案\n一、重点任务\n（一）推进某项工作。（市发展改革委、市财政局）\n"
                                 "（二）推进另一项工作（市财政局牵头，市商务局配合）。\n")
    bare, stated = report.page_data(doc)["tasks"]
    assert not bare["roles_stated"] and {u["role_label"] for u in bare["units"]} == {"单位"}
    assert stated["roles_stated"] and [u["role_label"] for u in stated["units"]] == ["牵头", "配合"]
    tips = {m["id"]: m["tip"] for m in report.page_data(doc)["marks"]}
    assert tips["responsibility-0"]["rows"][0][0] == "单位"
    assert "unit role-" in report._asset("report.js") and "t.roles_stated" in report._asset(
        "report.js")


def test_items_show_their_pdf_page():
    doc = notice()
    second = doc.text.index("三、保障措施")
    doc.source.pages, doc.source.page_starts = 2, [0, doc.text.index("（二）发展可再生能源")]
    data = report.page_data(doc)
    assert data["meta"]["pages"] == 2
    assert [t["page"] for t in data["tasks"]] == [1, 2, 2]
    assert [t["page"] for t in data["targets"]] == [1, 2, 2]
    tips = {m["id"]: m["tip"] for m in data["marks"]}
    assert tips["target-1"]["rows"][-1] == ["页码", "第 2 页"]
    assert second > 0 and report.page_data(notice())["meta"]["pages"] is None  # a text: none


def test_the_tables_are_reachable_from_the_top_and_headings_wrap():
    page = report.render(notice())
    header = page[page.index('<header id="top">'):page.index("</header>")]
    assert 'data-to="targets-h"' in header and 'data-to="tasks-h"' in header
    assert 'id="targets-h"' in page and 'id="tasks-h"' in page
    css = report._asset("report.css")
    heading_rule = css[css.index("#outline .heading {"):].split("}", 1)[0]
    assert "nowrap" not in heading_rule and "ellipsis" not in heading_rule
    assert "@media (max-width: 1100px)" in css  # 1000 px: tables under the text
