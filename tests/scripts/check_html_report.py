#!/usr/bin/env python3
"""Opens a hotspot HTML report in headless Chromium and checks what it drew.

usage: check_html_report.py REPORT.html --expect COUNTS.json [--screenshot OUT.png]

COUNTS.json maps each map layer's name to the number of features it holds. The report is
opened as REPORT.html#hs-self-check, which makes the page build every feature's popup and
open one. Checks:
  * the page finished (data-status="ready") with no script error, console.error, console
    message or content-security-policy violation (the page's own record in #hs-errors and
    Chromium's console log on stderr);
  * every layer holds the expected features, and a visible layer has exactly one SVG path or
    marker per feature in its map pane (a hidden one none);
  * one chart per canvas; every popup was built, and shows each --expect-text as text; no
    <img> element and no on* attribute came out of the data;
  * with no tile URL, Chromium's network log holds no request other than the file itself;
  * a 1280x2400 screenshot is written (the popup of the top layer open).
Exits 77 (skipped) when Chromium is not installed.
"""
import argparse
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.parse

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
]


class Dom(html.parser.HTMLParser):
    """The parts of the dumped DOM the checks need."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.status = None
        self.errors_text = ""
        self.tags = {}
        self.event_attributes = []
        self.canvases = 0
        self.popup_text = []
        self._in_errors = False
        self._popup_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.event_attributes += [(tag, name) for name, _ in attrs if name.startswith("on")]
        if attributes.get("id") == "hs-status":
            self.status = attributes
        if attributes.get("id") == "hs-errors":
            self._in_errors = True
        if tag == "canvas" and attributes.get("id", "").startswith("hs-chart-"):
            self.canvases += 1
        if attributes.get("id") == "hs-popup-check":
            self._popup_depth = 1
        elif self._popup_depth and tag not in ("br", "img", "input", "hr", "meta", "link"):
            self._popup_depth += 1

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_errors = False
        if self._popup_depth:
            self._popup_depth -= 1

    def handle_data(self, data):
        if self._in_errors:
            self.errors_text += data
        if self._popup_depth:
            self.popup_text.append(data)


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(binary, url, extra, workdir):
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    command = [binary] + CHROMIUM_FLAGS + [f"--user-data-dir={profile}"] + extra + [url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=150,
                            env=dict(os.environ, HOME=workdir))
    return result


def console_lines(stderr):
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Refused to" in line]


def page_requests(netlog_path):
    """URLs the page asked the network stack for, from Chromium's --log-net-log.

    Chromium's own background requests (update checks and the like) carry the initiator
    "not an origin"; a request made by a page opened from a file carries "null"."""
    if not os.path.exists(netlog_path):
        return None
    with open(netlog_path, encoding="utf-8", errors="replace") as f:
        text = f.read().rstrip().rstrip(",")
    log = None
    for ending in ("", "]}", "\n]}"):  # a log cut short by the browser's exit lacks these
        try:
            log = json.loads(text + ending)
            break
        except json.JSONDecodeError:
            continue
    if log is None:
        return None
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = set()
    for event in log.get("events", []):
        params = event.get("params") or {}
        if event.get("type") == start_job and "url" in params and params.get("initiator") != "not an origin":
            urls.add(params["url"])
    return urls


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--expect", required=True)
    parser.add_argument("--screenshot")
    parser.add_argument("--expect-text", action="append", default=[],
                        help="text some popup must show as it is (hostile strings)")
    args = parser.parse_args()

    binary = chromium_binary()
    if binary is None:
        print("SKIP: chromium is not installed (Debian package chromium)")
        return 77
    with open(args.expect, encoding="utf-8") as f:
        expected = json.load(f)
    with open(args.report, encoding="utf-8") as f:
        page = f.read()
    offline = '"tile_url":""' in page
    failures = []
    if offline and "default-src 'none'" not in page:
        failures.append("an offline report must carry the default-src 'none' policy")

    url = "file://" + urllib.parse.quote(os.path.abspath(args.report)) + "#hs-self-check"
    with tempfile.TemporaryDirectory(prefix="html-report-") as workdir:
        netlog = os.path.join(workdir, "netlog.json")
        result = run_chromium(binary, url, ["--dump-dom", f"--log-net-log={netlog}",
                                            "--window-size=1280,800"], workdir)
        urls = page_requests(netlog)
        if args.screenshot:
            os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
            if os.path.exists(args.screenshot):
                os.remove(args.screenshot)
            shot = run_chromium(binary, url, [f"--screenshot={os.path.abspath(args.screenshot)}",
                                              "--window-size=1280,2400"], workdir)
            for line in console_lines(shot.stderr):
                failures.append(f"console (screenshot run): {line}")

    if result.returncode != 0:
        failures.append(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    for line in console_lines(result.stderr):
        failures.append(f"console: {line}")

    dom = Dom()
    dom.feed(result.stdout)
    status = dom.status or {}
    if status.get("data-status") != "ready":
        failures.append(f"the page did not finish drawing (data-status={status.get('data-status')!r})")
    if dom.errors_text.strip():
        failures.append(f"the page recorded errors: {dom.errors_text.strip()}")
    if status.get("data-errors", "0") != "0":
        failures.append(f"the page recorded {status.get('data-errors')} errors")

    layers = json.loads(status.get("data-layers", "[]"))
    drawn_names = [layer["name"] for layer in layers]
    if sorted(drawn_names) != sorted(expected):
        failures.append(f"layers drawn {drawn_names}, expected {sorted(expected)}")
    for layer in layers:
        want = expected.get(layer["name"])
        if want is None:
            continue
        if layer["features"] != want:
            failures.append(f"layer {layer['name']!r}: {layer['features']} features, expected {want}")
        shown = want if layer["visible"] else 0
        if layer["drawn"] != shown:
            failures.append(f"layer {layer['name']!r}: {layer['drawn']} drawn on the map, expected {shown}")
        print(f"layer {layer['name'][:60]!r}: {layer['features']} features, {layer['drawn']} drawn"
              f"{'' if layer['visible'] else ' (hidden until switched on)'}")

    charts = int(status.get("data-charts", "-1"))
    if charts != dom.canvases:
        failures.append(f"{charts} charts drawn for {dom.canvases} chart canvases")
    popups = int(status.get("data-popups", "-1"))
    if popups <= 0 and any(expected.values()):
        failures.append("no popup was built (self-check did not run?)")
    print(f"charts: {charts}, popups built: {popups}")

    # Text from the data must arrive as text: nothing in the page makes <img> or on* handlers
    # (with tiles, the tiles themselves are <img>).
    if offline and dom.tags.get("img", 0):
        failures.append(f"{dom.tags['img']} <img> element(s) in the page")
    if dom.event_attributes:
        failures.append(f"event-handler attributes in the page: {dom.event_attributes[:5]}")
    if dom.tags.get("script", 0) != 5:
        failures.append(f"{dom.tags.get('script', 0)} <script> elements, expected 5")
    popup_text = "".join(dom.popup_text)
    for text in args.expect_text:
        if text not in popup_text:
            failures.append(f"popups do not show {text!r} as text")
    if offline:
        if urls is None:
            failures.append("Chromium wrote no readable network log")
        elif urls:
            failures.append(f"an offline report requested {sorted(urls)}")
        else:
            print("network: the page requested nothing")

    if args.screenshot:
        size = png_size(args.screenshot) if os.path.exists(args.screenshot) else None
        if size != (1280, 2400):
            failures.append(f"screenshot {args.screenshot}: size {size}, expected (1280, 2400)")
        else:
            print(f"screenshot: {args.screenshot}")

    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
