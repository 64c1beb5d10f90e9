#!/usr/bin/env python3
"""A `hotspot density` run over an existing output is killed (SIGKILL, SIGTERM, SIGINT) at
several moments: while it computes, as soon as its output starts to be written in the staging
folder (mid-write), and a little later. The output path must then hold the previous file byte
for byte, or the complete new one when the run finished first, never anything else;
SIGINT must exit 130 and SIGTERM 143 (128 + the signal), leaving no staging folder or temporary
file. (SIGKILL cannot be caught: its staging folder `.<name>.hotspot-staging` may stay beside
the output, is reported, not failed, and is removed by the next run.) Then SIGTERM while a
GeoPackage is being written (its SQLite -journal open): the same, and no journal left.

usage: check_interrupted_writes.py HOTSPOT SAMPLE_DIR SCRATCH_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time

HOTSPOT, SAMPLE, SCRATCH = sys.argv[1:4]
POLICE = os.path.join(SAMPLE, "police_uk")
# About two seconds and an 11 MB GeoTIFF on the sample at 5 m cells.
ARGS = [HOTSPOT, "density", POLICE, "--cell", "5", "--threads", "2"]

# Under the sanitizers (HOTSPOT_SANITIZED=1, set by tests/scripts.cmake in that tree) a run
# takes about three times as long: the kills land while computing and as the temporary file
# appears; the Release run also kills 20 ms and 100 ms into the write.
MOMENTS = ("computing", "temp file appears")
if os.environ.get("HOTSPOT_SANITIZED") != "1":
    MOMENTS += ("temp file + 20 ms", "temp file + 100 ms")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def temp_files(directory):
    """Temporary files and staging folders beside the output."""
    return sorted(n for n in os.listdir(directory) if n.startswith(".") and (".tmp" in n or "hotspot-staging" in n))


def writing(directory):
    """True once an output is being written: a file in a staging folder other than its lock."""
    for n in temp_files(directory):
        path = os.path.join(directory, n)
        if os.path.isdir(path):
            if any(f != ".hotspot-writing" for f in os.listdir(path)):
                return True
        else:
            return True
    return False


def geopackage_journal():
    """SIGTERM while SQLite writes a GeoPackage (its -journal file open in the staging folder):
    exit 143, the earlier GeoPackage byte for byte, no journal, staging folder or temporary file
    left anywhere (issue 21: `.plan.tmpPID.gpkg-journal` stayed in 3 of 3 tries)."""
    folder = os.path.join(SCRATCH, "gpkg")
    os.makedirs(folder)
    gpkg, tif = os.path.join(folder, "hotspots.gpkg"), os.path.join(folder, "density.tif")
    args = ARGS + ["-o", tif, "--gpkg", gpkg]
    subprocess.run(ARGS[:-2] + ["--bandwidth", "300", "-o", tif, "--gpkg", gpkg], check=True, capture_output=True)
    previous = open(gpkg, "rb").read()
    landed = 0
    for attempt in range(6):
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen = None
        while process.poll() is None and seen is None:
            for root, _, names in os.walk(folder):
                seen = next((os.path.join(root, n) for n in names if n.endswith("-journal")), None)
                if seen:
                    break
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        _, err = process.communicate()
        if seen is None or process.returncode != 128 + signal.SIGTERM:
            continue  # finished (or stopped) before a journal was seen: try again
        landed += 1
        left = [os.path.relpath(os.path.join(root, n), folder) for root, dirs, names in os.walk(folder)
                for n in names + dirs if n.startswith(".") or n.endswith("-journal")]
        print(f"SIGTERM while {os.path.basename(seen)} was open: status {process.returncode}, left {left}")
        check(not left, f"GeoPackage write: left {left}")
        check(open(gpkg, "rb").read() == previous, "GeoPackage write: the earlier GeoPackage changed")
        check(b"stopped (SIGTERM): no output was written or changed" in err, f"GeoPackage write: no message ({err[-200:]!r})")
        with open(gpkg, "wb") as f:
            f.write(previous)
    check(landed > 0, "no SIGTERM landed while the GeoPackage's journal was open")


def main():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    target = os.path.join(SCRATCH, "density.tif")
    # The previous output (another bandwidth, so other bytes) and the complete new one.
    subprocess.run(ARGS[:-2] + ["--bandwidth", "300", "-o", target], check=True, capture_output=True)
    previous = open(target, "rb").read()
    reference = os.path.join(SCRATCH, "reference.tif")
    started = time.monotonic()
    subprocess.run(ARGS + ["-o", reference], check=True, capture_output=True)
    duration = time.monotonic() - started
    complete = open(reference, "rb").read()
    os.remove(reference)
    check(previous != complete, "the previous and new outputs must differ for the test to mean anything")
    print(f"a full run takes {duration:.2f} s; previous {len(previous)} bytes, new {len(complete)} bytes")

    mid_write_kills = {}
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        for moment in MOMENTS:
            with open(target, "wb") as f:
                f.write(previous)
            process = subprocess.Popen(ARGS + ["-o", target], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            saw_temp = False
            if moment == "computing":
                time.sleep(min(0.3, duration / 4))
            else:
                deadline = time.monotonic() + 10 * duration + 10
                while process.poll() is None and time.monotonic() < deadline:
                    if writing(SCRATCH):
                        saw_temp = True
                        break
                    time.sleep(0.0005)
                if saw_temp and moment != "temp file appears":
                    time.sleep(0.02 if "20" in moment else 0.1)
            still_running = process.poll() is None
            if still_running:
                process.send_signal(sig)
            _, err = process.communicate()
            status = process.returncode
            content = open(target, "rb").read() if os.path.exists(target) else None
            left = temp_files(SCRATCH)
            name = f"{signal.Signals(sig).name} when {moment}"
            if content == previous:
                outcome = "previous file"
            elif content == complete:
                outcome = "new file"
            else:
                outcome = "CORRUPT" if content is not None else "missing"
            print(f"{name}: {'killed' if still_running else 'already done'}, status {status}, {outcome}, "
                  f"temp files left {left}")
            check(outcome in ("previous file", "new file"), f"{name}: target is {outcome}")
            if still_running and sig != signal.SIGKILL:
                # Either our handler ran (128 + signal), or the signal came before it was installed.
                check(status in (128 + sig, -sig), f"{name}: exit status {status}")
                check(not left, f"{name}: temporary files left: {left}")
                if status == 128 + sig:
                    check(outcome == "previous file", f"{name}: exit {status} but the target changed")
            if saw_temp and still_running:
                mid_write_kills[sig] = mid_write_kills.get(sig, 0) + 1
            for t in left:  # SIGKILL leftovers, so the next round starts clean
                path = os.path.join(SCRATCH, t)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        check(mid_write_kills.get(sig, 0) > 0, f"no {signal.Signals(sig).name} landed while the file was written")
    geopackage_journal()
    if failures:
        sys.exit(f"{len(failures)} failures")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print("interrupted writes: all checks passed")


main()
