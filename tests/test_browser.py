"""Open rendered reports in headless Chromium (DevTools protocol) and check them.

Asserts no console errors or exceptions, that injected script never ran
(``window.__pwned`` unset, no ``alert``), that the charts are in the DOM, and
that nothing was fetched from the network. Screenshots (desktop, phone, print
media) go to ``tests/_artifacts/`` for a person to look at.
Skipped when /usr/bin/chromium or ``websocket-client`` is absent.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from paperlens.report.render import write_html
from sample_result import empty_result, hostile_result, large_result, sample_result

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).parent / "_artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs chromium on the PATH"),
]
websocket = pytest.importorskip("websocket", reason="needs websocket-client")


class Browser:
    """A headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="paperlens-chromium-")
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--hide-scrollbars",
             f"--user-data-dir={self.profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port = self._port()
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def _port(self) -> int:
        marker = Path(self.profile) / "DevToolsActivePort"
        deadline = time.time() + 60
        while time.time() < deadline:
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.proc.poll() is not None:
                raise RuntimeError("chromium exited at start-up")
            time.sleep(0.1)
        raise TimeoutError("chromium did not open its DevTools port")

    def call(self, method: str, **params) -> dict:
        """Send one command and wait for its answer, keeping events on the side."""
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def open(self, path: Path, width: int = 1200, height: int = 900, mobile: bool = False) -> None:
        """Load a file at a given viewport and wait for the load event."""
        self.events.clear()
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self.call("Page.navigate", url=path.resolve().as_uri())
        deadline = time.time() + 30
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            if time.time() > deadline:
                raise TimeoutError("page did not load")
            self.events.append(json.loads(self.ws.recv()))

    def eval(self, expression: str):
        """Evaluate JavaScript in the page and return its value."""
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return res["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and JavaScript dialogs seen since open()."""
        out = []
        for e in self.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(f"exception: {p['exceptionDetails'].get('text')}")
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(f"console: {p.get('args')}")
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif m == "Page.javascriptDialogOpening":
                out.append(f"dialog: {p.get('message')}")
        return out

    def requests(self) -> list[str]:
        """URLs the page requested (the report itself is the only allowed one)."""
        return [e["params"]["request"]["url"] for e in self.events
                if e["method"] == "Network.requestWillBeSent"]

    def screenshot(self, path: Path, full_page: bool = True, tile: int = 1600) -> list[Path]:
        """Save PNGs of the page: the viewport, or the whole page cut into tiles of
        ``tile`` pixels (``name-01.png``, ...) so each one is legible on its own."""
        if not full_page:
            data = self.call("Page.captureScreenshot", format="png")["data"]
            path.write_bytes(base64.b64decode(data))
            return [path]
        height = min(self.eval("document.documentElement.scrollHeight"), 24000)
        width = self.eval("document.documentElement.clientWidth")
        saved = []
        for i, top in enumerate(range(0, height, tile), start=1):
            clip = {"x": 0, "y": top, "width": width, "height": min(tile, height - top), "scale": 1}
            data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                             clip=clip)["data"]
            saved.append(path.with_name(f"{path.stem}-{i:02d}.png"))
            saved[-1].write_bytes(base64.b64decode(data))
        return saved

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    ARTIFACTS.mkdir(exist_ok=True)
    paths = {}
    for name, build in [("sample", sample_result), ("empty", empty_result),
                        ("hostile", hostile_result), ("large", large_result)]:
        paths[name] = out / f"{name}.html"
        write_html(build(), paths[name])
    return paths


def _only_local(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith("file://")]


def test_sample_report_loads_clean_with_charts(browser, reports):
    browser.open(reports["sample"])
    assert browser.errors() == []
    assert _only_local(browser.requests()) == []
    assert browser.eval("document.querySelectorAll('svg.donut path.slice').length") == 9
    assert browser.eval("document.querySelectorAll('svg.unlock polygon.area').length") >= 4
    # the charts are laid out with a real size, not collapsed
    box = browser.eval("JSON.stringify(document.querySelector('svg.donut').getBoundingClientRect())")
    assert json.loads(box)["width"] > 200
    assert browser.eval("document.documentElement.scrollWidth <= window.innerWidth")
    browser.screenshot(ARTIFACTS / "sample-desktop.png")


def test_sample_report_on_a_phone(browser, reports):
    browser.open(reports["sample"], width=390, height=844, mobile=True)
    assert browser.errors() == []
    # nothing wider than the screen: wide tables scroll inside their own box
    assert browser.eval("document.documentElement.scrollWidth") <= 390
    browser.screenshot(ARTIFACTS / "sample-phone.png")


def test_print_media(browser, reports):
    browser.open(reports["sample"], width=794, height=1123)
    browser.call("Emulation.setEmulatedMedia", media="print")
    try:
        assert browser.eval("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
        assert browser.eval(
            "getComputedStyle(document.querySelector('#findings')).breakBefore") == "page"
        browser.screenshot(ARTIFACTS / "sample-print.png")
        pdf = browser.call("Page.printToPDF", printBackground=True, preferCSSPageSize=True)["data"]
        (ARTIFACTS / "sample.pdf").write_bytes(base64.b64decode(pdf))
        assert len(base64.b64decode(pdf)) > 10_000
        # print CSS: the findings and the extracted facts each start a new page
        from pypdf import PdfReader

        pages = [p.extract_text() or "" for p in PdfReader(ARTIFACTS / "sample.pdf").pages]
        starts = [text.lstrip().split("\n", 1)[0] for text in pages]
        assert "Findings" in starts and "Extracted facts" in starts
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")


def test_hostile_strings_stay_inert(browser, reports):
    browser.open(reports["hostile"])
    assert browser.eval("typeof window.__pwned") == "undefined"
    assert browser.errors() == []
    assert _only_local(browser.requests()) == []
    assert browser.eval("document.scripts.length") == 0
    assert browser.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.eval(
        "[...document.querySelectorAll('[href]')].filter(a => !a.getAttribute('href')"
        ".startsWith('#')).length") == 0
    # the strings are shown as text, so a reader sees what the paper tried
    assert "<script>window.__pwned=1</script>" in browser.eval("document.body.innerText")
    browser.screenshot(ARTIFACTS / "hostile-desktop.png", full_page=False)


def test_empty_report_says_not_found_in_the_text(browser, reports):
    browser.open(reports["empty"])
    assert browser.errors() == []
    assert browser.eval("document.querySelectorAll('svg.chart').length") == 0
    text = browser.eval("document.body.innerText")
    assert "Allocation not found in the text" in text
    assert "Unlock schedule not found in the text" in text
    assert "not stated" not in text
    browser.screenshot(ARTIFACTS / "empty-desktop.png")


def test_large_report(browser, reports):
    browser.open(reports["large"], width=390, height=844, mobile=True)
    assert browser.errors() == []
    assert browser.eval("document.querySelectorAll('svg.donut path.slice').length") == 20
    assert browser.eval("document.documentElement.scrollWidth") <= 390
    browser.screenshot(ARTIFACTS / "large-phone.png", full_page=False)
