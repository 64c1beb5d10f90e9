#!/usr/bin/env python3
"""Opens a hotspot HTML report in headless Chromium and checks what it drew.

usage: check_html_report.py REPORT.html --expect COUNTS.json [--screenshot OUT.png]
                            [--forbid-text TEXT]... [--pdf OUT.pdf] [--pngs DIR]

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
  * a 1280x2400 screenshot is written (the popup of the top layer open);
  * a committee can read it: headings in order (one h1, no level skipped), every chart an
    image with alternative text and a table of its numbers, every sortable table sorting each
    column both ways in order of its keys (the page's self-check), and no --forbid-text (file
    paths, SQL) anywhere in the file;
  * --pdf: printed by Chromium to A4 pages, every section after the summary starting a page
    (pdftotext, when installed), the first page rendered beside it as OUT-1.png (pdftoppm);
  * --pngs: DIR holds a PNG of the map and of each chart (report_sample png), each a real PNG
    whose pixels are not all one colour (read with GDAL's Python bindings when installed).
Exits 77 (skipped) when Chromium is not installed.
"""
import argparse
import html
import html.parser
import json
import os
import re
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
        self.headings = []
        self.chart_ids = []
        self.charts_without_alt = []
        self.charts_without_table = []
        self.section_headings = []
        self._in_errors = False
        self._popup_depth = 0
        self._heading = None
        self._figure = None  # [chart id, tables seen, depth]
        self._section_depth = 0

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
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [tag, ""]
        if tag == "figure" and "chart" in (attributes.get("class") or "").split():
            self._figure = [attributes.get("id", "")[len("figure-"):], 0, 0]
        if self._figure is not None:
            if tag == "figure":
                self._figure[2] += 1
            if tag == "table":
                self._figure[1] += 1
        if tag == "canvas" and attributes.get("id", "").startswith("hs-chart-"):
            chart = attributes["id"][len("hs-chart-"):]
            self.chart_ids.append(chart)
            if attributes.get("role") != "img" or len(attributes.get("aria-label") or "") < 10:
                self.charts_without_alt.append(chart)
        if attributes.get("id") == "hs-popup-check":
            self._popup_depth = 1
        elif self._popup_depth and tag not in ("br", "img", "input", "hr", "meta", "link"):
            self._popup_depth += 1

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_errors = False
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((int(tag[1]), " ".join(self._heading[1].split())))
            self._heading = None
        if self._figure is not None and tag == "figure":
            self._figure[2] -= 1
            if self._figure[2] == 0:
                if self._figure[1] == 0:
                    self.charts_without_table.append(self._figure[0])
                self._figure = None
        if self._popup_depth:
            self._popup_depth -= 1

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
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


def section_headings(page):
    """The h2 headings of the page's sections that print on a new page (all but the summary
    and the caveats), in order."""
    found = []
    for match in re.finditer(r'<section( class="([^"]*)")?[^>]*>\s*<h2>([^<]*)</h2>', page):
        classes = (match.group(2) or "").split()
        if "summary" in classes or "caveats" in classes:
            continue
        found.append((2, html.unescape(match.group(3))))
    return found


def heading_problems(headings):
    problems = []
    if [level for level, _ in headings].count(1) != 1:
        problems.append(f"{[level for level, _ in headings].count(1)} h1 headings, expected 1")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"heading h{level} {text!r} follows h{previous}: a level is skipped")
        previous = level
    return problems


def pdf_problems(binary, report, pdf, sections, workdir):
    """Prints the report to PDF and checks its pages."""
    problems = []
    if os.path.exists(pdf):
        os.remove(pdf)
    url = "file://" + urllib.parse.quote(os.path.abspath(report))
    run_chromium(binary, url, [f"--print-to-pdf={os.path.abspath(pdf)}", "--no-pdf-header-footer"], workdir)
    if not os.path.exists(pdf):
        return ["Chromium printed no PDF"]
    with open(pdf, "rb") as f:
        data = f.read()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    if not boxes:
        return ["the PDF has no page size"]
    for width, height in set(boxes):
        # A4 is 210 x 297 mm = 595.3 x 841.9 points.
        if abs(float(width) - 595.3) > 1.5 or abs(float(height) - 841.9) > 1.5:
            problems.append(f"a page of {float(width):.1f} x {float(height):.1f} points is not A4")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        pages = text.split("\f")
        tops = [next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages]
        for heading in sections:
            if heading not in tops:
                problems.append(f"section {heading!r} does not start a page")
        print(f"pdf: {pdf}, {len(boxes)} A4 pages")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf,
                        os.path.splitext(pdf)[0] + "-1"], capture_output=True)
    return problems


def png_problems(directory, figures):
    problems = []
    try:
        from osgeo import gdal  # Debian python3-gdal: an independent reading of the pixels
        import numpy
    except ImportError:
        gdal = None
        print("pngs: GDAL's Python bindings are not installed; PNG files checked by header only")
    for figure in figures:
        path = os.path.join(directory, figure + ".png")
        size = png_size(path) if os.path.exists(path) else None
        if size is None:
            problems.append(f"no PNG of figure {figure!r} in {directory}")
            continue
        if size[0] < 400 or size[1] < 400:
            problems.append(f"{path}: {size[0]} x {size[1]} is too small for a paper")
        if gdal is not None:
            ds = gdal.Open(path)
            packed = numpy.zeros((ds.RasterYSize, ds.RasterXSize), dtype=numpy.uint32)
            for b in range(min(ds.RasterCount, 3)):
                packed = (packed << 8) | ds.GetRasterBand(b + 1).ReadAsArray().astype(numpy.uint32)
            colours, counts = numpy.unique(packed.ravel(), return_counts=True)
            ink = 1 - counts.max() / packed.size
            if ink < 0.002 or len(colours) < 8:
                problems.append(f"{path} is blank ({len(colours)} colours, {100 * ink:.2f}% not background)")
            print(f"png {figure}: {size[0]} x {size[1]}, {len(colours)} colours, {100 * ink:.1f}% ink")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--expect", required=True)
    parser.add_argument("--screenshot")
    parser.add_argument("--expect-text", action="append", default=[],
                        help="text some popup must show as it is (hostile strings)")
    parser.add_argument("--forbid-text", action="append", default=[],
                        help="text the report file must not hold anywhere (a file path, SQL)")
    parser.add_argument("--pdf", help="print the report to this PDF and check its pages")
    parser.add_argument("--pngs", help="folder of the report's exported PNGs (report_sample png)")
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
    for text in args.forbid_text:
        if text in page:
            at = page.index(text)
            failures.append(f"the report holds {text!r}: ...{page[max(0, at - 60):at + len(text) + 20]!r}...")
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
        pdf_failures = []
        if args.pdf:
            sections = [text for level, text in section_headings(page)]
            pdf_failures = pdf_problems(binary, args.report, args.pdf, sections, workdir)
    failures += pdf_failures

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

    failures += heading_problems(dom.headings)
    for chart in dom.charts_without_alt:
        failures.append(f"chart {chart!r} is not an image with alternative text")
    for chart in dom.charts_without_table:
        failures.append(f"chart {chart!r} has no table of its numbers")
    sort_check = status.get("data-sort-check")
    if sort_check is not None:
        if not sort_check.startswith("ok"):
            failures.append(f"sortable tables: {sort_check}")
        print(f"sortable tables: {sort_check}")
    if args.pngs:
        figures = (["map"] if layers else []) + dom.chart_ids
        failures += png_problems(args.pngs, figures)

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
