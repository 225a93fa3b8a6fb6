"""How fast the review page of the largest sample opens and answers, in headless Chromium.

For each page, over several loads in one browser (the first one cold):
- ready: performance.now() when the page's script has built everything (outline, highlighted
  text, tables) and marked <html data-ready>; counted from the start of navigation;
- DOMContentLoaded, from the Navigation Timing entry;
- load + first interaction: wall time from driver.get() to a click on the last outline node
  having scrolled its heading into view (selenium's round trips included).

Three pages: the largest sample as parsed today; the same with the items a few regexes find
(tests/report_docs.decorate), a stand-in for the extractors' density; and, for headroom, ten
copies of its text as one notice, decorated the same way. Goal (issue 6): open and
interactive in under 2 s. Run: ``make bench-report`` or
``.venv/bin/python benchmarks/bench_report.py [--runs N]``. Needs Debian's chromium and
chromium-driver.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, missing, open_page  # noqa: E402

IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
const p = document.getElementById("text").getBoundingClientRect();
return r.height > 0 && r.top >= p.top - 1 && r.bottom <= p.bottom + 1;
"""


def measure(driver, page: Path) -> tuple[float, float, float]:
    """(ready ms, DOMContentLoaded ms, load + first interaction ms) of one load of *page*."""
    from selenium.webdriver.common.by import By

    driver.get("about:blank")
    t0 = time.perf_counter()
    open_page(driver, page)
    node = driver.find_elements(By.CSS_SELECTOR, "#outline .node")[-1]
    mark = node.get_attribute("data-target")
    heading = driver.find_element(By.CSS_SELECTOR, f'#text [data-mark="{mark}"][data-first]')
    node.click()
    if not driver.execute_script(IN_VIEW, heading):
        raise RuntimeError("the click did not bring the heading into view")
    wall = (time.perf_counter() - t0) * 1000
    ready = float(driver.execute_script("return document.documentElement.dataset.ready"))
    dcl = float(driver.execute_script(
        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
    return ready, dcl, wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10, help="loads per page")
    a = ap.parse_args()
    why = missing()
    if why is not None:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2

    from tests.report_docs import decorate

    import policyparse
    from policyparse import report

    largest = max((ROOT / "samples").glob("*.txt"), key=lambda p: p.stat().st_size)
    doc = policyparse.parse(largest)
    decorated = decorate(doc)
    # headroom: ten copies of the text in one notice, parsed and decorated the same way
    stress = decorate(policyparse.parse_text("\n".join([largest.read_text("utf-8")] * 10),
                                             path=largest.name))
    with tempfile.TemporaryDirectory() as tmp, chromium() as driver:
        for label, d in (("as parsed", doc), ("with regex stand-in items", decorated),
                         ("x10, stress", stress)):
            page = report.write_report(d, Path(tmp) / "page.html")
            items = sum(len(getattr(d, report.KIND_FIELDS[k])) for k in report.KINDS)
            runs = [measure(driver, page) for _ in range(a.runs)]
            ready, dcl, wall = (sorted(x) for x in zip(*runs, strict=True))
            print(f"{largest.name} {label}: {len(d.text)} characters, {len(d.sections())} "
                  f"sections, {items} items, page {page.stat().st_size / 1e3:.0f} kB")
            print(f"  ready (script done)       median {statistics.median(ready):6.0f} ms"
                  f"   max {ready[-1]:6.0f} ms   first {runs[0][0]:6.0f} ms")
            print(f"  DOMContentLoaded          median {statistics.median(dcl):6.0f} ms"
                  f"   max {dcl[-1]:6.0f} ms")
            print(f"  load + first interaction  median {statistics.median(wall):6.0f} ms"
                  f"   max {wall[-1]:6.0f} ms   first {runs[0][2]:6.0f} ms   (goal < 2000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
