"""The review page in a real browser: headless Chromium (Debian's) driven by selenium.

Skipped with the reason when chromium, chromedriver or selenium is missing; a failure instead
when POLICYPARSE_REQUIRE_BROWSER=1 (as in CI, whose .ci/run installs them). Screenshots go
to pytest's tmp folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from policyparse import report
from policyparse.models import Citation, Document, ParseWarning, Responsibility, Target, Unit
from tests.browser import REQUIRE, chromium, missing, open_page
from tests.conftest import parsed
from tests.report_docs import decorate, find, notice

KINDS = report.KINDS


@pytest.fixture(scope="module")
def _chromium():
    why = missing()
    if why is not None:
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{REQUIRE}=1 but the browser tests cannot run: {why}")
        pytest.skip(why)
    with chromium() as driver:
        yield driver


@pytest.fixture
def browser(_chromium):
    """The module's browser, its console log emptied of earlier tests' messages."""
    _chromium.get_log("browser")
    return _chromium


def show(browser, doc: Document, path: Path) -> Path:
    report.write_report(doc, path)
    open_page(browser, path)
    return path


def severe_logs(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


COUNTS_JS = """
const out = {};
for (const k of arguments[0]) {
  const all = [...document.querySelectorAll('#text mark[data-kind="' + k + '"]')];
  out[k] = {first: all.filter((e) => e.hasAttribute("data-first")).length,
            distinct: new Set(all.map((e) => e.dataset.item)).size};
}
return out;
"""

IN_VIEW_JS = """
const r = arguments[0].getBoundingClientRect();
const p = document.getElementById("text").getBoundingClientRect();
return r.height > 0 && r.top >= p.top - 1 && r.bottom <= p.bottom + 1;
"""

VISIBLE_ROWS_JS = """
return [...document.querySelectorAll("#tasks tbody tr")].filter((tr) => !tr.hidden)
  .map((tr) => [...tr.querySelectorAll(".unit")].map((u) => u.dataset.unit));
"""


def highlight_counts(browser) -> dict[str, dict[str, int]]:
    return browser.execute_script(COUNTS_JS, list(KINDS))


def outline_nodes(browser):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, "#outline .node")


def heading_of(browser, node):
    from selenium.webdriver.common.by import By

    mark = node.get_attribute("data-target")
    return browser.find_element(By.CSS_SELECTOR, f'#text [data-mark="{mark}"][data-first]')


def filter_by(browser, name: str) -> list[list[str]]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "unit-filter")).select_by_value(name)
    return browser.execute_script(VISIBLE_ROWS_JS)


# --- every sample ------------------------------------------------------------------------------


def test_sample_page_shows_what_the_json_has(browser, sample, tmp_path):
    doc = parsed(sample)
    show(browser, doc, tmp_path / "page.html")
    assert browser.execute_script("return document.getElementById('text').textContent") == doc.text

    # one highlighted item per item of the JSON, each kind apart
    counts = highlight_counts(browser)
    for kind in KINDS:
        n = len(getattr(doc, report.KIND_FIELDS[kind]))
        assert counts[kind] == {"first": n, "distinct": n}, kind
    legend = {k: int(browser.execute_script(
        f"return document.querySelector('[data-count={k}]').textContent")) for k in KINDS}
    assert legend == {k: len(getattr(doc, report.KIND_FIELDS[k])) for k in KINDS}

    # the outline: a node per section; a click on the last one scrolls its heading into view
    nodes = outline_nodes(browser)
    sections = doc.sections()
    assert len(nodes) == len(sections)
    node, sec = nodes[-1], sections[-1]
    heading = heading_of(browser, node)
    assert heading.text.endswith(sec.heading)
    assert not browser.execute_script(IN_VIEW_JS, heading)  # far below at first
    node.click()
    assert browser.execute_script(IN_VIEW_JS, heading)
    assert node.get_attribute("aria-current") == "true"

    # filtering by one unit leaves that unit's rows (when the extractors have found units)
    units = sorted({u.name for r in doc.responsibilities for u in r.units})
    if units:
        rows = filter_by(browser, units[0])
        want = sum(1 for r in doc.responsibilities if units[0] in {u.name for u in r.units})
        assert len(rows) == want and all(units[0] in r for r in rows)
    else:
        assert browser.execute_script("return document.querySelector('#tasks tr.none') !== null")
    assert severe_logs(browser) == []
    browser.save_screenshot(str(tmp_path / f"{Path(sample).stem}.png"))


# --- a notice with items: highlights, tooltips, table, filter ----------------------------------


def test_items_nest_and_cross_without_losing_any(browser, tmp_path):
    doc = notice()
    show(browser, doc, tmp_path / "notice.html")
    assert highlight_counts(browser) == {
        "responsibility": {"first": 3, "distinct": 3}, "target": {"first": 3, "distinct": 3},
        "deadline": {"first": 3, "distinct": 3}, "citation": {"first": 1, "distinct": 1}}
    # each item's pieces, joined, are exactly its span's text (𠮷 before them all: offsets
    # were converted for the browser's UTF-16 strings)
    texts = browser.execute_script("""
        const out = {};
        for (const e of document.querySelectorAll("#text mark[data-item]"))
          out[e.dataset.item] = (out[e.dataset.item] || "") + e.textContent;
        return out;""")
    for kind in KINDS:
        for i, item in enumerate(getattr(doc, report.KIND_FIELDS[kind])):
            assert texts[f"{kind}-{i}"] == doc.text[item.span[0]:item.span[1]]
    # a deadline inside a target's clause: a mark inside the target's mark
    assert browser.execute_script(
        "return document.getElementById('deadline-0').parentElement.dataset.item") == "target-0"
    browser.save_screenshot(str(tmp_path / "notice.png"))
    assert severe_logs(browser) == []


def tooltip(browser) -> list[tuple[str, str]]:
    """The tooltip's boxes: (the item it is for, its text)."""
    return [tuple(x) for x in browser.execute_script("""
        const tip = document.getElementById("pp-tip");
        if (tip.hidden) return [];
        return [...tip.querySelectorAll(".tip")].map((t) => [t.dataset.for, t.innerText]);""")]


def test_hover_and_focus_show_the_parsed_values(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    show(browser, notice(), tmp_path / "notice.html")
    assert tooltip(browser) == []
    deadline = browser.find_element(By.ID, "deadline-0")  # inside target-0
    ActionChains(browser).move_to_element(deadline).perform()
    tips = tooltip(browser)
    assert [t[0] for t in tips] == ["target-0", "deadline-0"]
    for words in ("规模以上工业单位增加值能耗", "下降", "13.5", "%", "2025"):
        assert words in tips[0][1]
    assert "by_year" in tips[1][1] and "2025-12-31" in tips[1][1]

    resp = browser.find_element(By.ID, "responsibility-0")
    assert resp.get_attribute("tabindex") == "0"
    browser.execute_script("arguments[0].focus()", resp)
    tips = tooltip(browser)
    assert [t[0] for t in tips] == ["responsibility-0"]
    for words in ("牵头", "市工业和信息化局", "配合", "市发展和改革委员会", "原文：市发展改革委"):
        assert words in tips[0][1]
    browser.save_screenshot(str(tmp_path / "tooltip.png"))
    browser.execute_script("arguments[0].blur()", resp)
    assert tooltip(browser) == []


def test_tasks_table_filters_and_sorts(browser, tmp_path):
    from selenium.webdriver.common.by import By

    doc = notice()
    show(browser, doc, tmp_path / "notice.html")
    assert len(browser.execute_script(VISIBLE_ROWS_JS)) == 3
    for name in ("市工业和信息化局", "市交通运输局", "市发展和改革委员会"):
        rows = filter_by(browser, name)
        want = [r for r in doc.responsibilities if name in {u.name for u in r.units}]
        assert len(rows) == len(want) and all(name in r for r in rows), name
    assert browser.find_element(By.ID, "tasks-shown").text == "显示 3 / 3"
    rows = filter_by(browser, "")
    assert len(rows) == 3
    # a unit chip in a row filters by that unit
    chip = browser.find_element(By.CSS_SELECTOR, '#tasks .unit[data-unit="市交通运输局"]')
    chip.click()
    assert browser.execute_script(VISIBLE_ROWS_JS) == [["市交通运输局", "市发展和改革委员会"]]
    filter_by(browser, "")

    def column(n: int) -> list[str]:
        return browser.execute_script(
            f"return [...document.querySelectorAll('#tasks tbody tr')]"
            f".map((tr) => (tr.children[{n}].querySelector('summary') || tr.children[{n}])"
            f".textContent)")  # a task cell: its title (the task's text folds under it)

    header = browser.find_elements(By.CSS_SELECTOR, "#tasks th button")
    assert [h.text for h in header] == ["路径", "任务", "责任单位", "时限"]
    header[3].click()  # deadline, earliest first
    assert column(3) == ["2023年底前（2023-12-31）", "2024年完成（2024-12-31）",
                         "到2025年（2025-12-31）"]
    header[3].click()
    assert column(3)[0] == "到2025年（2025-12-31）"
    header[0].click()  # back to the document's order
    assert column(1) == ["推进工业节能", "发展可再生能源", "推进交通减排"]

    targets = browser.find_elements(By.CSS_SELECTOR, "#targets th button")
    targets[3].click()  # value
    assert browser.execute_script(
        "return [...document.querySelectorAll('#targets tbody tr')]"
        ".map((tr) => tr.children[3].textContent)") == ["13.5", "80", "300"]


def test_outline_counts_and_a_row_click_finds_its_item(browser, tmp_path):
    from selenium.webdriver.common.by import By

    show(browser, notice(), tmp_path / "notice.html")
    badges = browser.execute_script("""
        return [...document.querySelectorAll("#outline .node")].map((n) =>
          [n.querySelector(".heading").textContent,
           ...[...n.querySelectorAll(".count")].map((c) => Number(c.dataset.n))]);""")
    assert badges == [["总体要求", 0, 0], ["重点任务", 3, 3], ["推进工业节能", 1, 1],
                      ["发展可再生能源", 1, 1], ["推进交通减排", 1, 1], ["保障措施", 0, 0],
                      ["加强组织领导", 0, 0]]
    browser.find_elements(By.CSS_SELECTOR, "#targets tbody .goto")[2].click()
    assert browser.execute_script("return document.activeElement.id") == "target-2"
    assert [t[0] for t in tooltip(browser)] == ["target-2"]


def test_a_row_click_far_down_scrolls_to_its_item_and_keeps_its_tooltip(browser, tmp_path):
    from selenium.webdriver.common.by import By

    doc = decorate(parsed("001_6f0fce1b11edcf51.txt"))
    assert len(doc.targets) > 3
    show(browser, doc, tmp_path / "page.html")
    last = f"target-{len(doc.targets) - 1}"
    item = browser.find_element(By.ID, last)
    assert not browser.execute_script(IN_VIEW_JS, item)
    browser.find_elements(By.CSS_SELECTOR, "#targets tbody .goto")[-1].click()
    time.sleep(0.3)  # the scroll events have come
    assert browser.execute_script(IN_VIEW_JS, item)
    assert browser.execute_script("return document.activeElement.id") == last
    assert [t[0] for t in tooltip(browser)][-1] == last
    browser.save_screenshot(str(tmp_path / "row-click.png"))


# --- nothing from a notice runs ----------------------------------------------------------------

PAYLOAD_SCRIPT = "<script>alert(1)</script>"
PAYLOAD_IMG = '"><img src=x onerror=alert(2)>'

XSS_NOTICE = f"""\
关于{PAYLOAD_SCRIPT}的通知
一、总体要求{PAYLOAD_IMG}
（一）加强领导。到2025年{PAYLOAD_SCRIPT}完成任务，覆盖率达到90%。（{PAYLOAD_IMG}牵头）
二、保障措施
（一）落实《{PAYLOAD_SCRIPT}》的要求。
"""


def xss_doc() -> Document:
    import policyparse

    doc = policyparse.parse_text(XSS_NOTICE, path=f"{PAYLOAD_IMG}.txt")
    t = doc.text
    assert PAYLOAD_SCRIPT in t and PAYLOAD_IMG in t  # the normalizer kept them
    raw = f"（{PAYLOAD_IMG}牵头）"
    doc.responsibilities = [Responsibility(
        path=["一", PAYLOAD_SCRIPT], source="inline", raw=raw, span=find(t, raw),
        units=[Unit(text=PAYLOAD_IMG, name=PAYLOAD_IMG, role="lead")])]
    text = "覆盖率达到90%"
    doc.targets = [Target(path=["一", "（一）"], text=text, indicator=PAYLOAD_SCRIPT,
                          comparator=PAYLOAD_IMG, value=90, unit="%", span=find(t, text))]
    doc.citations = [Citation(title=PAYLOAD_SCRIPT, doc_number=PAYLOAD_IMG,
                              span=find(t, f"《{PAYLOAD_SCRIPT}》"))]
    doc.meta.title = PAYLOAD_SCRIPT + PAYLOAD_IMG
    doc.warnings.append(ParseWarning(code=PAYLOAD_IMG, message=PAYLOAD_SCRIPT,
                                     span=find(t, PAYLOAD_IMG)))
    return doc


def dialogs(browser, wait: float = 0.5) -> list[str]:
    """Every alert/confirm/prompt the page opened (each dismissed), waiting *wait* seconds
    for late ones (an image's onerror fires after its load fails)."""
    from selenium.common.exceptions import NoAlertPresentException

    seen: list[str] = []
    end = time.monotonic() + wait
    while True:
        try:
            alert = browser.switch_to.alert
            seen.append(alert.text)
            alert.accept()
            continue
        except NoAlertPresentException:
            pass
        if time.monotonic() >= end:
            break
        time.sleep(0.05)
    probe = browser.execute_script("return window.__dialogs || []")
    return seen + [f"{name}:{arg}" for name, arg in probe]


INJECTED_JS = """
return {imgs: document.querySelectorAll("img").length,
        handlers: document.querySelectorAll("[onerror], [onload], [onclick]").length,
        scripts: document.scripts.length};
"""


def strip_csp(page: str) -> str:
    start = page.index('<meta http-equiv="Content-Security-Policy"')
    return page[:start] + page[page.index(">", start) + 1:]


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_no_script_from_a_notice_runs_and_its_text_shows_as_text(browser, tmp_path, csp):
    from selenium.webdriver.common.by import By

    doc = xss_doc()
    page = report.render(doc)
    if not csp:  # the escaping must hold by itself, without the policy's second line
        page = strip_csp(page)
    path = tmp_path / "xss.html"
    path.write_text(page, encoding="utf-8")
    open_page(browser, path)
    assert dialogs(browser) == []
    assert browser.execute_script(INJECTED_JS) == {"imgs": 0, "handlers": 0, "scripts": 2}

    assert browser.title == PAYLOAD_SCRIPT + PAYLOAD_IMG
    assert browser.find_element(By.ID, "doc-title").text == PAYLOAD_SCRIPT + PAYLOAD_IMG
    shown = browser.find_element(By.ID, "text").text
    assert f"到2025年{PAYLOAD_SCRIPT}完成任务" in shown and f"总体要求{PAYLOAD_IMG}" in shown
    assert PAYLOAD_IMG in browser.find_element(By.CSS_SELECTOR, "#tasks .unit").text
    assert PAYLOAD_SCRIPT in browser.find_element(By.ID, "outline").text
    assert PAYLOAD_SCRIPT in browser.find_element(By.ID, "warnings").get_attribute("textContent")
    target_row = browser.find_element(By.CSS_SELECTOR, "#targets tbody tr").text
    assert PAYLOAD_SCRIPT in target_row and PAYLOAD_IMG in target_row
    browser.execute_script("document.getElementById('citation-0').focus()")
    assert PAYLOAD_IMG in tooltip(browser)[0][1]
    assert dialogs(browser, wait=0.2) == []
    assert browser.execute_script(INJECTED_JS)["imgs"] == 0
    browser.save_screenshot(str(tmp_path / "xss.png"))


def test_the_checks_above_catch_an_unescaped_page(browser, tmp_path):
    """The control: the same payload written raw into a page is seen by the same checks."""
    page = strip_csp(report.render(notice()))
    page = page.replace("<body>", "<body>" + PAYLOAD_IMG + PAYLOAD_SCRIPT)
    path = tmp_path / "unsafe.html"
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    assert sorted(dialogs(browser, wait=2.0)) == ["1", "2", "alert:1", "alert:2"]
    assert browser.execute_script(INJECTED_JS)["imgs"] == 1


# --- a batch: the index page links the pages ---------------------------------------------------


def test_index_links_each_page_and_each_page_links_back(browser, tmp_path):
    from selenium.webdriver.common.by import By

    docs = [parsed("002_7ad6b5fece9b2224.txt"), notice()]
    index = report.write_batch_reports(docs, tmp_path / "batch")
    browser.get(index.as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "tbody a")
    assert [a.text for a in links] == [docs[0].meta.title, "某市节能降碳工作方案"]
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "tbody tr")[1]
             .find_elements(By.TAG_NAME, "td")]
    assert cells[3:] == ["7", "3", "3", "3", "1", "1"]
    links[1].click()
    open_page(browser, tmp_path / "batch" / "notice.txt.html")
    assert highlight_counts(browser)["target"] == {"first": 3, "distinct": 3}
    browser.find_element(By.CSS_SELECTOR, "a.back").click()
    assert browser.current_url == index.as_uri()
    assert severe_logs(browser) == []


# --- issue 14: the way to the tables, badges, a narrow window ----------------------------------


def test_the_targets_table_is_reachable_from_the_top(browser, tmp_path):
    from selenium.webdriver.common.by import By

    doc = decorate(parsed("001_6f0fce1b11edcf51.txt"))  # tasks enough to hide the targets
    show(browser, doc, tmp_path / "notice.html")
    in_pane = (
        "const h = document.getElementById('targets-h').getBoundingClientRect();"
        "const p = document.getElementById('tables').getBoundingClientRect();"
        "return h.top >= p.top - 1 && h.bottom <= p.bottom + 1;")
    assert not browser.execute_script(in_pane)
    button = browser.find_element(By.CSS_SELECTOR, '#jump button[data-to="targets-h"]')
    assert button.text == f"目标表 {len(doc.targets)}"
    button.click()
    assert browser.execute_script("return document.activeElement.id") == "targets-h"
    assert browser.execute_script(in_pane)
    assert severe_logs(browser) == []


def test_role_badges_only_where_roles_are_stated(browser, tmp_path):
    from selenium.webdriver.common.by import By

    import policyparse

    doc = policyparse.parse_text(
        "某市实施方案\n一、重点任务\n（一）推进某项工作。（市发展改革委、市财政局）\n"
        "（二）推进另一项工作（市财政局牵头，市商务局配合）。\n"
        "（三）加强监管。建立台账，定期检查（市市场监管局负责）。\n")
    show(browser, doc, tmp_path / "roles.html")
    chips = browser.execute_script(
        "return [...document.querySelectorAll('#tasks tbody tr')].map((tr) =>"
        " [...tr.querySelectorAll('.unit')].map((u) => u.querySelector('small')"
        " ? u.querySelector('small').textContent : null))")
    assert chips == [[None, None], ["牵头", "配合"], ["负责"]]
    # a task's text folds under its title where it says more (a list in a heading: cut off)
    titles = browser.execute_script(
        "return [...document.querySelectorAll('#tasks tbody tr')].map((tr) =>"
        " tr.children[1].querySelector('summary') ? ['fold',"
        " tr.children[1].querySelector('summary').textContent] : ['plain',"
        " tr.children[1].textContent])")
    assert titles == [["plain", "推进某项工作"], ["plain", "推进另一项工作"], ["fold", "加强监管"]]
    details = browser.find_element(By.CSS_SELECTOR, "#tasks details")
    details.find_element(By.CSS_SELECTOR, "summary").click()
    assert "建立台账，定期检查" in details.text


def test_the_page_works_at_1000_px(browser, tmp_path):
    doc = decorate(parsed("001_6f0fce1b11edcf51.txt"))
    size = browser.get_window_size()
    try:
        browser.set_window_size(1000, 800)
        show(browser, doc, tmp_path / "narrow.html")
        got = browser.execute_script("""
            const box = (id) => document.getElementById(id).getBoundingClientRect();
            const heads = [...document.querySelectorAll('#outline .heading')];
            return {width: document.documentElement.scrollWidth,
                    view: document.documentElement.clientWidth,
                    text: box('text').width, tables: box('tables').width,
                    tablesTop: box('tables').top, textBottom: box('text').bottom,
                    cut: heads.filter((h) => h.scrollWidth > h.clientWidth + 1).length};""")
        assert got["width"] <= got["view"]  # no sideways scrolling
        assert got["text"] >= 500 and got["tables"] >= 900  # the tables under the text
        assert got["tablesTop"] >= got["textBottom"] - 1
        assert got["cut"] == 0  # headings wrap
    finally:
        browser.set_window_size(size["width"], size["height"])
