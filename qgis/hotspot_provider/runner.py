"""Runs the hotspot command line as a child process: its progress lines drive the feedback's
progress bar and text, Cancel ends it, its own error message goes to the log."""

import queue
import re
import signal
import subprocess
import threading
import time

# `hotspot plan` (and any command with stages) prints, when stderr is not a terminal,
#   hotspot: plan [3/9] density ...                      when a stage starts
#   hotspot: plan [3/9] density (4.2 s): 1295 x 1941 ... when it ends
_STAGE = re.compile(r"^hotspot: (?P<command>[a-z ]+?) \[(?P<index>\d+)/(?P<count>\d+)\] "
                    r"(?P<stage>.+?)(?: \.\.\.|(?: \((?P<seconds>[0-9.]+) s\): (?P<summary>.*)))$")


class StageProgress:
    """The progress of a run from its stage lines. Stages may run side by side (plan runs its
    independent stages on both cores) and end in any order: the bar shows the share of the
    stages that have ended, and never goes back."""

    def __init__(self):
        self._ended = set()
        self.percent = 0.0

    def update(self, line):
        """(percent, stage, finished, summary) for a stage line, else None."""
        match = _STAGE.match(line.rstrip("\n"))
        if not match:
            return None
        count = max(int(match["count"]), 1)
        finished = match["seconds"] is not None
        if finished:
            self._ended.add(int(match["index"]))
        self.percent = max(self.percent, 100.0 * len(self._ended) / count)
        return self.percent, match["stage"], finished, match["summary"] or ""


class ToolFailed(Exception):
    """The tool exited with an error; `message` is what it said (its `hotspot: error:` lines)."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class ToolCancelled(Exception):
    """The run was cancelled; the tool was stopped and wrote nothing."""


def _pump(stream, tag, lines):
    for line in iter(stream.readline, ""):
        lines.put((tag, line.rstrip("\n")))
    lines.put((tag, None))


def run_tool(arguments, feedback, poll_seconds=0.1, stop_grace_seconds=10.0):
    """Runs `arguments` (the executable first). Returns its stdout lines. Raises ToolFailed with
    the tool's message on a non-zero exit, ToolCancelled when feedback was cancelled (the tool
    gets SIGTERM: it removes its staging folder and exits 143, leaving no partial output)."""
    process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", errors="replace", bufsize=1)
    lines = queue.Queue()
    pumps = [threading.Thread(target=_pump, args=(process.stdout, "out", lines), daemon=True),
             threading.Thread(target=_pump, args=(process.stderr, "err", lines), daemon=True)]
    for pump in pumps:
        pump.start()
    stdout, errors, open_streams, cancelled = [], [], 2, False
    stages = StageProgress()
    while open_streams > 0:
        if not cancelled and feedback is not None and feedback.isCanceled():
            cancelled = True
            _stop(process, stop_grace_seconds)
        try:
            tag, line = lines.get(timeout=poll_seconds)
        except queue.Empty:
            continue
        if line is None:
            open_streams -= 1
            continue
        if tag == "out":
            stdout.append(line)
            if feedback is not None:
                feedback.pushConsoleInfo(line)
            continue
        progress = stages.update(line)
        if progress is not None:
            percent, stage, finished, summary = progress
            if feedback is not None:
                feedback.setProgress(percent)
                if finished:
                    feedback.pushInfo(f"{stage}: {summary}" if summary else stage)
                else:
                    feedback.setProgressText(stage)
            continue
        if line.startswith("hotspot: error:"):
            errors.append(line)
            continue  # raised as the run's error, once
        if not line.startswith("hotspot:"):
            errors.append(line)  # e.g. a usage message: part of the error if the run fails
        if feedback is not None:
            if line.startswith("hotspot: note:") or line.startswith("hotspot: warning:"):
                feedback.pushWarning(line)
            else:
                feedback.pushInfo(line)
    code = process.wait()
    for pump in pumps:
        pump.join(timeout=1.0)
    process.stdout.close()
    process.stderr.close()
    if cancelled:
        raise ToolCancelled("hotspot was stopped on request; it wrote nothing")
    if code != 0:
        said = [line[len("hotspot: error: "):] if line.startswith("hotspot: error: ") else line for line in errors]
        message = "\n".join(line for line in said if line.strip()) or f"hotspot exited with code {code}"
        raise ToolFailed(message, code)
    return stdout


def _stop(process, grace_seconds):
    """SIGTERM, as an interrupted run expects (the tool cleans up and exits 143); SIGKILL if it
    has not ended after `grace_seconds` (its staging folder is then removed by the next run)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
