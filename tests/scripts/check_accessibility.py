#!/usr/bin/env python3
"""Audits a hotspot HTML report for accessibility with axe-core in headless Chromium.

usage: check_accessibility.py REPORT.html [--json OUT.json]

axe-core (Deque's accessibility engine, the one browsers' developer tools use) comes from npm
as a test-only dependency: tests/report/package.json and its package-lock.json, installed into
tests/report/node_modules by `npm ci` (tools/bootstrap.sh test does it). Tests run offline:
when node_modules lacks it, `npm ci --offline` tries the local npm cache, and the check is
skipped (exit 77) when that fails too.

A copy of the report gets axe's script and a runner inline (the report's own content security
policy allows inline scripts and nothing else), Chromium opens it, axe audits the whole page
after it has drawn (map, charts, tables) against WCAG 2.1 A and AA and best practice, and
writes its findings into the page, which Chromium dumps. Fails on any violation of "serious" or
"critical" impact; lists the others. Exits 77 (skipped) when Chromium is not installed.
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
NPM_DIR = os.path.join(os.path.dirname(HERE), "report")
AXE = os.path.join(NPM_DIR, "node_modules", "axe-core", "axe.min.js")

sys.path.insert(0, HERE)
from check_html_report import CHROMIUM_FLAGS, chromium_binary  # noqa: E402

RUNNER = """
(function () {
  function finish(text) {
    var pre = document.createElement('pre');
    pre.id = 'axe-results';
    pre.hidden = true;
    pre.textContent = text;
    document.body.appendChild(pre);
  }
  function audit() {
    var status = document.getElementById('hs-status');
    if (!status || status.getAttribute('data-status') !== 'ready') { setTimeout(audit, 50); return; }
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations']
    }).then(function (r) {
      finish(JSON.stringify(r.violations.map(function (v) {
        return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                 targets: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }) };
      })));
    }, function (e) { finish(JSON.stringify({ error: String(e) })); });
  }
  audit();
})();
"""


class Results(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == "axe-results":
            self._inside = True
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "pre":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.text += data


def axe_source():
    if not os.path.exists(AXE) and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--offline", "--no-audit", "--no-fund", "--prefix", NPM_DIR],
                       capture_output=True, text=True, timeout=300)
    if not os.path.exists(AXE):
        return None
    with open(AXE, encoding="utf-8") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--json", help="write axe's violations here")
    args = parser.parse_args()

    binary = chromium_binary()
    if binary is None:
        print("SKIP: chromium is not installed (Debian package chromium)")
        return 77
    axe = axe_source()
    if axe is None:
        print("SKIP: axe-core is not installed (npm ci --prefix tests/report) and not in the npm cache")
        return 77
    if "</script" in axe.lower():
        print("FAIL: axe.min.js cannot be inlined (it holds </script)")
        return 1
    with open(args.report, encoding="utf-8") as f:
        page = f.read()
    end = page.rfind("</body>")
    if end < 0:
        print("FAIL: the report has no </body>")
        return 1
    page = page[:end] + "<script>" + axe + "</script>\n<script>" + RUNNER + "</script>\n" + page[end:]

    with tempfile.TemporaryDirectory(prefix="axe-") as workdir:
        audited = os.path.join(workdir, "report.html")
        with open(audited, "w", encoding="utf-8") as f:
            f.write(page)
        profile = os.path.join(workdir, "profile")
        url = "file://" + urllib.parse.quote(audited)
        flags = [f for f in CHROMIUM_FLAGS if not f.startswith("--virtual-time-budget")]
        result = subprocess.run([binary] + flags + ["--virtual-time-budget=60000", f"--user-data-dir={profile}",
                                                    "--window-size=1280,900", "--dump-dom", url],
                                capture_output=True, text=True, timeout=280, env=dict(os.environ, HOME=workdir))
    found = Results()
    found.feed(result.stdout)
    if found.text is None:
        print(f"FAIL: axe did not finish (chromium exit {result.returncode}): {result.stderr[-1500:]}")
        return 1
    violations = json.loads(found.text)
    if isinstance(violations, dict):
        print(f"FAIL: axe failed: {violations.get('error')}")
        return 1
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(violations, f, indent=2)
    failures = 0
    for v in violations:
        serious = v["impact"] in ("serious", "critical")
        failures += serious
        print(f"{'FAIL' if serious else 'note'}: {v['impact']} {v['id']} ({v['nodes']} elements): {v['help']}; "
              f"e.g. {', '.join(v['targets'])}")
    print(f"axe-core: {len(violations)} kinds of violation, {failures} serious or critical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
