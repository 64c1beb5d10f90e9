#!/usr/bin/env python3
"""Writes the feature counts a plan's report.html must draw, from the plan's own GeoJSON files.

usage: plan_report_expected.py PLAN_DIR OUT.json

The report draws every feature of each layer file, except that Gi* shows only significant
cells (gi_bin != 0) and emerging hot spots only cells with a pattern. Layers whose file is
absent (a stage skipped) are left out.
"""
import json
import os
import sys

LAYERS = [
    ("Roads", "roads.geojson", None),
    ("Context: context", "context.geojson", None),
    ("Study area", "study_area.geojson", None),
    ("Hotspots (density)", "hotspots.geojson", None),
    ("Hot and cold spots (Gi*)", "gistar.geojson", lambda p: p.get("gi_bin") not in (0, None)),
    ("Emerging hot spots", "emerging_hot_spots.geojson", lambda p: p.get("pattern") != "No Pattern Detected"),
    ("Camera coverage", "coverage.geojson", None),
    ("Patrol places", "patrol_areas.geojson", None),
    ("Patrol routes", "patrol_routes.geojson", None),
    ("Recommended cameras", "cameras.geojson", None),
]


def main():
    plan_dir, out = sys.argv[1], sys.argv[2]
    expected = {}
    for name, file_name, keep in LAYERS:
        path = os.path.join(plan_dir, file_name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            features = json.load(f)["features"]
        expected[name] = sum(1 for feat in features if keep is None or keep(feat["properties"]))
    with open(out, "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
