"""Make docs/review-page.png, the README's picture of the review page (`make screenshot`).

The page of sample 001 as parsed, 1600×1000, the pointer on a target so its tooltip
shows. Needs Debian's chromium, chromium-driver and a Chinese font (fonts-noto-cjk).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, missing, open_page  # noqa: E402

OUT = ROOT / "docs" / "review-page.png"
SAMPLE = Path("samples") / "001_6f0fce1b11edcf51.txt"  # relative: the page shows this path


def main() -> int:
    why = missing()
    if why is None and shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        if not fonts.stdout.strip():
            why = "no Chinese font: apt-get install fonts-noto-cjk"
    if why is not None:
        print(f"cannot make the screenshot: {why}", file=sys.stderr)
        return 2

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    import policyparse
    from policyparse import report

    os.chdir(ROOT)
    doc = policyparse.parse(SAMPLE)
    with tempfile.TemporaryDirectory() as tmp, chromium() as driver:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1600, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        page = report.write_report(doc, Path(tmp) / "page.html")
        open_page(driver, page)
        target = driver.find_element(By.ID, "target-0")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
        time.sleep(0.5)  # the scroll event (which hides a tooltip) comes first
        ActionChains(driver).move_to_element(target).perform()
        driver.save_screenshot(str(OUT))
    try:  # 128 colours: a third of the size, no visible loss (Pillow comes with pdfplumber)
        from PIL import Image

        with Image.open(OUT) as im:
            small = im.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        small.save(OUT, optimize=True)
    except ImportError:
        pass
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
