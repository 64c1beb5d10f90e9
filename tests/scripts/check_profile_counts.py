#!/usr/bin/python3
"""Recounts police.uk street-level CSVs with Python's csv module, independently of GDAL and
of hotspot, and compares with `hotspot profile --json`.

usage: check_profile_counts.py HOTSPOT INPUT_DIR [hotspot profile options...]
Supported options for the independent count: --types A,B  --from YYYY-MM  --to YYYY-MM.
Exit 0 when every number agrees, 1 otherwise, 77 (skipped) when INPUT_DIR is missing.
"""
import collections
import csv
import gzip
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile


def open_text(path):
    raw = gzip.open(path, "rb").read() if path.endswith(".gz") else open(path, "rb").read()
    return io.StringIO(raw.decode("utf-8-sig"), newline="")


def main():
    hotspot, input_dir, *options = sys.argv[1:]
    if not os.path.isdir(input_dir):
        print(f"SKIPPED: {input_dir} is not here")
        return 77
    types, month_from, month_to = None, None, None
    i = 0
    while i < len(options):
        if options[i] == "--types":
            types = {t.strip().lower() for t in options[i + 1].split(",")}
        elif options[i] == "--from":
            month_from = options[i + 1]
        elif options[i] == "--to":
            month_to = options[i + 1]
        i += 2

    files = []
    for root, _, names in os.walk(input_dir):
        files += [os.path.join(root, n) for n in names if re.search(r"-street\.csv(\.gz)?$", n)]
    files.sort()

    read = 0
    rejected = collections.Counter()
    by_type, by_month, by_district, by_location = (collections.Counter() for _ in range(4))
    for path in files:
        for row in csv.DictReader(open_text(path)):
            read += 1
            if not row["Longitude"].strip() or not row["Latitude"].strip():
                rejected["no_coordinates"] += 1
                continue
            if types is not None and row["Crime type"].strip().lower() not in types:
                rejected["excluded_type"] += 1
                continue
            if (month_from and row["Month"] < month_from) or (month_to and row["Month"] > month_to):
                rejected["outside_period"] += 1
                continue
            by_type[row["Crime type"]] += 1
            by_month[row["Month"]] += 1
            name = row["LSOA name"]
            district = re.sub(r" \d{3}[A-Z]$", "", name) if name else "(no LSOA)"
            by_district[district] += 1
            by_location[(float(row["Longitude"]), float(row["Latitude"]))] += 1

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "profile.json")
        subprocess.run([hotspot, "profile", input_dir, *options, "-o", out, "--quiet"], check=True)
        profile = json.load(open(out))

    problems = []

    def same(what, ours, theirs):
        if ours != theirs:
            problems.append(f"{what}: independent count {ours!r}, hotspot {theirs!r}")

    used = sum(by_type.values())
    same("rows read", read, profile["rows"]["read"])
    same("rows used", used, profile["rows"]["used"])
    same("rejected by reason", dict(rejected), profile["rows"]["rejected_by_reason"])
    same("incidents", used, profile["incidents"])
    same("by type", dict(by_type), {g["type"]: g["incidents"] for g in profile["by_type"]})
    same("by month", dict(by_month), {g["month"]: g["incidents"] for g in profile["by_month"]})
    same("by district", dict(by_district), {g["district"]: g["incidents"] for g in profile["by_district"]})
    same("distinct locations", len(by_location), profile["distinct_locations"])
    counts = sorted(by_location.values(), reverse=True)
    for c in profile["concentration"]:
        k = max(1, math.ceil(c["location_share"] * len(counts) - 1e-9))
        same(f"busiest {c['location_share']:.0%} locations", (k, sum(counts[:k])), (c["locations"], c["incidents"]))
    if problems:
        print("\n".join(problems))
        return 1
    print(f"OK: {read} rows read, {used} used, {len(by_location)} locations; every count agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
