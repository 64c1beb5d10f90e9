#!/usr/bin/python3
"""Runs tools/cctv_worked_example.sh and checks its out-of-sample numbers against hotspot's
own count: the planned (and baseline) cameras are given back to `hotspot cctv` as existing
cameras on the October–December incidents, whose "existing cameras see N incidents" is made
in the working CRS by GEOS, independently of the script's Python point-in-polygon on the
written lon/lat polygons. Also checks the table the README quotes is what the files say.

usage: check_cctv_worked_example.py HOTSPOT SCRIPT SAMPLE_DIR
Exit 0 when every number agrees, 1 otherwise, 77 (skipped) when SAMPLE_DIR is missing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def main():
    hotspot, script, sample = sys.argv[1:4]
    if not os.path.isdir(os.path.join(sample, "police_uk")):
        print(f"SKIPPED: {sample}/police_uk is not here")
        return 77
    failures = []
    with tempfile.TemporaryDirectory() as out:
        table = subprocess.run([script, hotspot, sample, out], check=True, capture_output=True, text=True).stdout
        shares = dict(line.split("=") for line in open(os.path.join(out, "shares.txt")).read().split())
        shares = {k: int(v) for k, v in shares.items()}
        for key in ("plan", "busiest"):
            cameras = os.path.join(out, key, "cameras.geojson")
            run = subprocess.run(
                [hotspot, "cctv", os.path.join(sample, "police_uk"),
                 "--within", os.path.join(sample, "boundaries", "herts_districts.geojson"),
                 "--within-where", "lad17nm = 'Welwyn Hatfield'", "--types", "Anti-social behaviour",
                 "--from", "2018-10", "--existing", cameras, "--candidates", cameras, "--range", "60",
                 "-n", "1", "-o", os.path.join(out, f"recount-{key}")],
                check=True, capture_output=True, text=True).stdout
            total = int(re.search(r"^cctv: (\d+) incidents at", run, re.M).group(1))
            seen = int(re.search(r"^cctv: existing cameras see (\d+) incidents", run, re.M).group(1))
            if total != shares["later_total"]:
                failures.append(f"{key}: later incidents {shares['later_total']} (script) vs {total} (hotspot)")
            if seen != shares[f"{key}_later_seen"]:
                failures.append(f"{key}: later seen {shares[key + '_later_seen']} (script) vs {seen} (hotspot)")
            if shares[f"{key}_cameras"] != 5:
                failures.append(f"{key}: {shares[key + '_cameras']} cameras, expected 5")
            line = f"{shares[key + '_later_seen']} of {shares['later_total']} " \
                   f"({100 * shares[key + '_later_seen'] / shares['later_total']:.1f}%)"
            if line not in table:
                failures.append(f"{key}: the table does not show {line}")
        # The site rows are the cameras file's.
        plan = json.load(open(os.path.join(out, "plan", "cameras.geojson")))["features"]
        for f in plan:
            p = f["properties"]
            row = f"| {p['rank']} | {p['nearest_location']} |"
            if row not in table:
                failures.append(f"the table lacks {row}")
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(table)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
