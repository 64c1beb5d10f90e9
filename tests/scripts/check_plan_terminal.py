#!/usr/bin/python3
"""`hotspot plan`'s progress line on a terminal, with its stages running side by side.

usage: check_plan_terminal.py HOTSPOT SAMPLE_DIR WORK_DIR

Runs the README's district plan with its error output on a pseudo-terminal and reads the line
it redraws in place ("\\r\\033[K[k/n] pp%  stage, stage  mm:ss"):
  * the percent never goes back, although stages end out of order;
  * at some moment two stages are named at once (the plan's two chains);
  * every stage's own line ("hotspot: plan [i/9] name (s): summary") is printed once, all 9;
  * the run ends with the 100% of the last stage ended (no frame is left after it).
Exit 0 when all hold, 1 otherwise.
"""
import os
import pty
import re
import shutil
import subprocess
import sys

FRAME = re.compile(r"\r\033\[K\[(\d+)/(\d+)\] +(\d+)%  (.+?)  (\d\d):(\d\d)")
STAGE_LINE = re.compile(r"hotspot: plan \[(\d)/9\] ([a-z]+) \([0-9.]+ s\): ")


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    hotspot, sample, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [hotspot, "plan", os.path.join(sample, "police_uk"), "--within",
         os.path.join(sample, "boundaries", "herts_districts.geojson"), "--within-where",
         "lad17nm = 'Welwyn Hatfield'", "--units", "3", "-o", os.path.join(work, "plan")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(parent, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(parent)
    code = process.wait()
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")

    failures = []

    def check(ok, what):
        print(("ok:   " if ok else "FAIL: ") + what)
        if not ok:
            failures.append(what)

    check(code == 0, f"the plan ran (exit {code})")
    frames = [(int(m[3]), m[4]) for m in FRAME.finditer(text)]
    percents = [p for p, _ in frames]
    check(len(frames) >= 9, f"the progress line was drawn ({len(frames)} frames)")
    check(percents == sorted(percents), f"the percent never goes back ({percents})")
    together = [names for _, names in frames if ", " in names]
    check(bool(together), f"two stages named at once ({together[:1]})")
    stages = [(int(m[1]), m[2]) for m in STAGE_LINE.finditer(text)]
    check(sorted(i for i, _ in stages) == list(range(1, 10)),
          f"each of the 9 stages printed its line once ({[name for _, name in stages]})")
    last_line = text.rfind("hotspot: plan [")
    check(FRAME.search(text, last_line) is None, "no progress frame after the last stage's line")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
