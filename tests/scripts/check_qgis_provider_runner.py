#!/usr/bin/python3
"""The provider's runner (qgis/hotspot_provider/runner.py) and description rules, without QGIS.

usage: check_qgis_provider_runner.py HOTSPOT WORK_DIR

  * StageProgress reads the stage lines `hotspot plan` prints when stderr is not a terminal
    (src/cli/plan_command.cpp, StderrProgress): the bar is the share of the n stages that have
    ended, whatever their order (plan runs stages side by side), and never goes back; other
    lines are not progress.
  * run_tool on a stand-in tool (a script printing those lines): the feedback's progress rises
    through the stages to 100, the stage names become its text, notes become warnings, results
    go to the console; a failing run raises the tool's own `hotspot: error:` message.
  * Cancel: the stand-in traps SIGTERM as hotspot does (removes its staging folder, exits 143);
    run_tool ends it within a second of Cancel, the staging folder is gone, ToolCancelled.
  * The real tool's failure (a missing input) comes back as its message naming the file.
  * description: names ("cctv rotate" -> cctv_rotate, "within-where" -> WITHIN_WHERE), defaults
    compared as the command line reads them (60 = 60.0, "1,5,10" = "1, 5, 10"), labels.
Exit 0 when all holds, 1 otherwise.
"""
import os
import shutil
import stat
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "qgis"))
from hotspot_provider import description as desc  # noqa: E402
from hotspot_provider.runner import StageProgress, ToolCancelled, ToolFailed, run_tool  # noqa: E402

problems = []


def check(condition, message):
    print(("ok:   " if condition else "FAIL: ") + message)
    if not condition:
        problems.append(message)


class Feedback:
    """The part of QgsProcessingFeedback run_tool uses."""

    def __init__(self, cancel_after_line=None):
        self.progress, self.texts, self.info, self.warnings, self.console = [], [], [], [], []
        self.cancel_after_line, self.cancelled_at = cancel_after_line, None

    def isCanceled(self):
        return self.cancelled_at is not None

    def setProgress(self, value):
        self.progress.append(value)

    def setProgressText(self, text):
        self.texts.append(text)

    def pushInfo(self, text):
        self.info.append(text)
        if self.cancel_after_line and self.cancel_after_line in text and self.cancelled_at is None:
            self.cancelled_at = time.monotonic()

    def pushWarning(self, text):
        self.warnings.append(text)

    def pushConsoleInfo(self, text):
        self.console.append(text)


STAND_IN = """#!/bin/sh
# A stand-in for hotspot plan: its stage lines, a note, results; SIGTERM as the tool handles it.
staging="$1/.plan.hotspot-staging"
mkdir -p "$staging"
trap 'rm -rf "$staging"; exit 143' TERM
echo "hotspot: rows read 100, used 90, rejected 10" >&2
echo "hotspot: plan [1/3] profile ..." >&2
echo "hotspot: plan [1/3] profile (0.1 s): 90 incidents" >&2
echo "hotspot: note: 2 rows had no month" >&2
echo "hotspot: plan [2/3] density ..." >&2
if [ "$2" = slow ]; then
  i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
fi
if [ "$2" = fail ]; then
  echo "hotspot: error: readers: x.csv row 3: Latitude \\"51.7x\\" is not a number" >&2
  rm -rf "$staging"; exit 4
fi
echo "hotspot: plan [2/3] density (0.2 s): 1295 x 1941 cells" >&2
echo "hotspot: plan [3/3] report ..." >&2
echo "hotspot: plan [3/3] report (0.0 s): report.html" >&2
echo "summary line"
rm -rf "$staging"
"""


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    hotspot, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    # The exact lines of src/cli/plan_command.cpp (StderrProgress, not a terminal).
    progress = StageProgress()
    check(progress.update("hotspot: plan [1/9] read ...") == (0.0, "read", False, ""), "a started first stage is at 0")
    check(progress.update("hotspot: plan [1/9] read (0.4 s): 25371 rows read") ==
          (100 / 9, "read", True, "25371 rows read"), "a finished stage 1 of 9 is at 1/9, with its summary")
    check(progress.update("hotspot: plan [3/9] density ...") == (100 / 9, "density", False, ""),
          "a started stage keeps the bar where it was")
    check(progress.update("hotspot: plan [4/9] significance ...") == (100 / 9, "significance", False, ""),
          "a second stage started beside it too")
    check(progress.update("hotspot: plan [4/9] significance (2.2 s): 8813 hot") ==
          (100 * 2 / 9, "significance", True, "8813 hot"), "stage 4 ending first: 2 of 9 stages have ended")
    check(progress.update("hotspot: plan [3/9] density (4.2 s): 1295 x 1941 cells") ==
          (100 * 3 / 9, "density", True, "1295 x 1941 cells"), "then stage 3: 3 of 9, never back")
    check(progress.update("hotspot: rows read 25371, used 12711, rejected 12660") is None, "an account line is not progress")
    check(progress.update("hotspot: note: [1/2] looks like a stage") is None, "a note is not progress")
    last = StageProgress()
    for i in range(1, 10):
        last.update(f"hotspot: plan [{i}/9] CCTV sites (0.0 s): ")
    check(last.percent == 100.0, "the last of 9 stages ends at 100")

    stand_in = os.path.join(work, "hotspot-stand-in")
    with open(stand_in, "w") as script:
        script.write(STAND_IN)
    os.chmod(stand_in, os.stat(stand_in).st_mode | stat.S_IXUSR)

    feedback = Feedback()
    stdout = run_tool([stand_in, work, "fast"], feedback)
    check(feedback.progress == [0.0, 100 / 3, 100 / 3, 200 / 3, 200 / 3, 100.0],
          f"progress follows the stages: {[round(p, 1) for p in feedback.progress]}")
    check(feedback.texts == ["profile", "density", "report"], f"stage names as the progress text: {feedback.texts}")
    check(feedback.warnings == ["hotspot: note: 2 rows had no month"], f"notes are warnings: {feedback.warnings}")
    check("hotspot: rows read 100, used 90, rejected 10" in feedback.info, "status lines go to the log")
    check(stdout == ["summary line"] and feedback.console == ["summary line"], "results go to the console")

    try:
        run_tool([stand_in, work, "fail"], Feedback())
        check(False, "a failing run raises ToolFailed")
    except ToolFailed as failed:
        check(failed.exit_code == 4 and failed.message == 'readers: x.csv row 3: Latitude "51.7x" is not a number',
              f"a failing run raises the tool's own message: {failed.message!r} (exit {failed.exit_code})")

    feedback = Feedback(cancel_after_line="profile: 90 incidents")
    started = time.monotonic()
    try:
        run_tool([stand_in, work, "slow"], feedback)
        check(False, "a cancelled run raises ToolCancelled")
    except ToolCancelled:
        ended = time.monotonic()
        check(feedback.cancelled_at is not None and ended - feedback.cancelled_at < 1.0,
              f"Cancel ends the tool in {ended - (feedback.cancelled_at or started):.2f} s (the stand-in would run 30 s)")
    check(not os.path.exists(os.path.join(work, ".plan.hotspot-staging")), "the tool removed its staging folder on SIGTERM")

    try:
        run_tool([hotspot, "density", os.path.join(work, "no-such-month-street.csv"), "-o", os.path.join(work, "x.tif")],
                 Feedback())
        check(False, "the real tool's failure raises ToolFailed")
    except ToolFailed as failed:
        check("no-such-month-street.csv" in failed.message and failed.exit_code != 0,
              f"the real tool's message names the file: {failed.message!r}")

    check(desc.algorithm_name({"name": "cctv rotate"}) == "cctv_rotate", "cctv rotate -> cctv_rotate")
    check(desc.parameter_name("within-where") == "WITHIN_WHERE", "within-where -> WITHIN_WHERE")
    number = {"type": "number", "default": "60"}
    check(desc.same_as_default(number, "60.0") and not desc.same_as_default(number, "60.5"), "60.0 is the default 60")
    levels = {"type": "numbers", "default": "1,5,10"}
    check(desc.same_as_default(levels, "1, 5, 10") and not desc.same_as_default(levels, "1,5"), "lists compare by value")
    check(desc.number_text(60.0) == "60" and desc.number_text(0.25) == "0.25" and desc.number_text(1e-7) == "1e-07",
          "numbers are written as the command line prints them")
    check(desc.label({"name": "range", "role": "setting", "help": "Camera range in metres (or derive it)", "unit": "m"})
          == "Camera range in metres (or derive it)", "a unit the help names is not repeated")
    print(f"{len(problems)} problems" if problems else "all checks hold")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
