"""Check the HTML loader on the real portal pages of ``../shared/real/html`` (not a test).

For each page: it parses; its title (the notice's own title, or the plan's), issuer and 文号
agree with the crawler's labels in ``html-labels.json`` after folding spaces and quotes; it has
an outline; no site chrome line (首页, 网站地图, 打印本页) is left in the text. Prints one line
per page that fails a check and the totals; exits 0 when ``../shared`` is absent (nothing to
check), else 1 when fewer than 24 pages agree::

    .venv/bin/python tools/html_check.py [-v] [FOLDER]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real"
CHROME = re.compile(r"^(?:.*首页.*|.*网站地图.*|.*打印本页.*)$", re.M)
_FOLD = re.compile(r"[\s\u3000\"'“”‘’「」『』]")


def fold(s: str | None) -> str:
    return _FOLD.sub("", s or "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    labels_path = a.folder / "html-labels.json"
    if not labels_path.exists():
        print(f"html_check: {labels_path} not found; nothing to check")
        return 0
    import policyparse
    from policyparse.errors import PolicyParseError

    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    counts = dict.fromkeys(("parsed", "title", "issuer", "doc_number", "all3", "outline",
                            "no_chrome"), 0)
    for name, want in sorted(labels.items()):
        try:
            doc = policyparse.parse(a.folder / "html" / name)
        except PolicyParseError as exc:
            print(f"{name}: error: {exc}")
            continue
        counts["parsed"] += 1
        m = doc.meta
        ok = {
            "title": fold(want["title"]) in (fold(m.notice_title), fold(m.title)),
            "issuer": fold(want["issuer"]) == fold(m.issuer),
            "doc_number": fold(want["doc_number"]) == fold(m.doc_number),
        }
        for k, v in ok.items():
            counts[k] += v
        counts["all3"] += all(ok.values())
        counts["outline"] += bool(doc.outline)
        chrome = CHROME.findall(doc.text)
        counts["no_chrome"] += not chrome
        bad = [k for k, v in ok.items() if not v]
        if bad or not doc.outline or chrome or a.verbose:
            print(f"{name}: {'ok' if not bad else 'differs: ' + ', '.join(bad)}"
                  f"{'' if doc.outline else '; no outline'}"
                  f"{'; chrome: ' + repr(chrome[:2]) if chrome else ''}")
            for k in bad:
                got = {"title": m.notice_title or m.title}.get(k, getattr(m, k, None))
                print(f"    {k}: want {want[k]!r} got {got!r}")
    n = len(labels)
    print(" ".join(f"{k}={v}/{n}" for k, v in counts.items()))
    return 0 if counts["all3"] >= n - 1 else 1


if __name__ == "__main__":
    sys.exit(main())
