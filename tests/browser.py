"""Headless Chromium for the page tests, the README screenshot and the page benchmark.

Only Debian's ``chromium`` and ``chromium-driver`` (``apt-get install chromium
chromium-driver``), driven by selenium with the driver's path given, so selenium never fetches
a driver or a browser. The flags keep the browser off the network: no background requests, no
component updates, no sync.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = os.environ.get("POLICYPARSE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("POLICYPARSE_CHROMEDRIVER", "/usr/bin/chromedriver")
REQUIRE = "POLICYPARSE_REQUIRE_BROWSER"
"""Set to 1 (as .ci/run does) to make a missing browser a failure instead of a skip."""

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")

# Wraps alert/confirm/prompt/print before any page script runs, so a test can tell that one
# was called even if the dialog itself is dismissed.
DIALOG_PROBE = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const orig = window[name];
  window[name] = function (...args) { window.__dialogs.push([name, String(args[0])]);
                                      return orig.apply(this, args); };
}
"""


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} not found: apt-get install chromium chromium-driver ({package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[dev]'"
    return None


@contextmanager
def chromium(width: int = 1600, height: int = 1000) -> Iterator[WebDriver]:
    """A headless Chromium with a fresh profile, closed (and its profile removed) on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="policyparse-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument(f"--window-size={width},{height}")
    opts.set_capability("unhandledPromptBehavior", "ignore")  # a dialog stays open to be seen
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DIALOG_PROBE})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: WebDriver, path: Path, timeout: float = 10.0) -> None:
    """Load a local page and wait until its script marked it ready."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready"))
