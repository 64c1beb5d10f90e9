#!/usr/bin/env python3
"""Outputs written when the disk is full: each run gets a file size limit (RLIMIT_FSIZE, with
SIGXFSZ ignored, so a write past it fails with EFBIG exactly as on a full disk) smaller than
its output. Every writer must exit 6 with an error naming the file, leave the previous output
byte for byte (or no file when there was none) and no temporary file. Printing to a full
standard output (/dev/full) must exit 6 too.

usage: check_full_disk.py HOTSPOT SAMPLE_DIR SCRATCH_DIR
"""
import os
import resource
import shutil
import signal
import subprocess
import sys

HOTSPOT, SAMPLE, SCRATCH = sys.argv[1:4]
POLICE = os.path.join(SAMPLE, "police_uk")
WITHIN = ["--within", os.path.join(SAMPLE, "boundaries", "herts_districts.geojson"),
          "--within-where", "lad17nm = 'Welwyn Hatfield'"]
LIMIT = 64 * 1024

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def temp_files(directory):
    return sorted(n for n in os.listdir(directory) if n.startswith(".") and ".tmp" in n)


# (name, arguments with OUT for the output path, output file name)
CASES = [
    ("GeoTIFF (density)", ["density", POLICE] + WITHIN + ["--cell", "20", "-o", "OUT"], "density.tif"),
    ("GeoJSON (gistar)", ["gistar", POLICE] + WITHIN + ["--cell", "100", "-o", "OUT"], "gistar.geojson"),
    ("GeoPackage (gistar)", ["gistar", POLICE] + WITHIN + ["--cell", "100", "-o", "OUT"], "gistar.gpkg"),
    ("GeoJSON polygons (density)", ["density", POLICE] + WITHIN + ["--cell", "200", "-o", "SIDE", "--polygons", "OUT"],
     "hotspots.geojson"),
    ("rejected rows CSV (profile)", ["profile", POLICE, "--quiet", "--rejects", "OUT"], "rejects.csv"),
    ("profile JSON", ["profile", POLICE, "--quiet", "-o", "OUT"], "profile.json"),
    ("text file (density --cv-json)", ["density", POLICE] + WITHIN + ["--types", "Burglary", "--bandwidth", "cv",
                                                                        "--cell", "200", "-o", "SIDE",
                                                                        "--cv-json", "OUT"], "cv.json"),
]


def main():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    global LIMIT
    for name, template, file_name in CASES:
        for previous_exists in (True, False):
            directory = os.path.join(SCRATCH, file_name + ("-previous" if previous_exists else "-none"))
            os.makedirs(directory)
            out = os.path.join(directory, file_name)
            side = os.path.join(directory, "side.tif")
            args = [HOTSPOT] + [out if a == "OUT" else side if a == "SIDE" else a for a in template]
            # A complete output without a limit, to know its size (and to be the previous file).
            subprocess.run(args, check=True, capture_output=True)
            size = os.path.getsize(out)
            previous = open(out, "rb").read()
            if not previous_exists:
                os.remove(out)
            if os.path.exists(side):
                os.remove(side)
            # Room for everything but this output: the limit falls in its middle.
            LIMIT = max(1, size // 2)
            result = subprocess.run(args, preexec_fn=limited, capture_output=True, text=True)
            after = open(out, "rb").read() if os.path.exists(out) else None
            label = f"{name}, {'over a previous file' if previous_exists else 'no previous file'}"
            print(f"{label}: {size} bytes, limit {LIMIT}: exit {result.returncode}: "
                  f"{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ''}")
            check(result.returncode == 6, f"{label}: exit {result.returncode}, expected 6")
            check(out in result.stderr and "error" in result.stderr, f"{label}: the error does not name {out}")
            if previous_exists:
                check(after == previous, f"{label}: the previous file was changed")
            else:
                check(after is None, f"{label}: a file was left at the target ({len(after or b'')} bytes)")
            check(not temp_files(directory), f"{label}: temporary files left: {temp_files(directory)}")

    # Printed results count as output.
    with open("/dev/full", "w") as full:
        result = subprocess.run([HOTSPOT, "profile", POLICE], stdout=full, stderr=subprocess.PIPE, text=True)
    print(f"profile > /dev/full: exit {result.returncode}: {result.stderr.strip().splitlines()[-1]}")
    check(result.returncode == 6 and "standard output" in result.stderr, "a full standard output is not an error")

    if failures:
        sys.exit(f"{len(failures)} failures")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print("full disk: all checks passed")


main()
