#!/usr/bin/env python3
"""--publish on the bundled sample, checked against the same runs without it.

For every layer the analysis commands write: no published feature or count stands for fewer
than k incidents; the features and incidents the report says were suppressed are exactly the
ones below k in the unpublished layer; no layer is raw incident points; camera points and
their easting/northing are multiples of the grid. For every GeoJSON written, published or
not: property names are the documented ones (docs/publishing.md) and no police.uk Crime ID or
LSOA code from the input appears anywhere in the file.

usage: check_publish.py HOTSPOT SAMPLE_DIR SCRATCH_DIR
"""
import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

HOTSPOT, SAMPLE, SCRATCH = sys.argv[1:4]
POLICE = os.path.join(SAMPLE, "police_uk")
WITHIN = ["--within", os.path.join(SAMPLE, "boundaries", "herts_districts.geojson"),
          "--within-where", "lad17nm = 'Welwyn Hatfield'"]

# The documented properties of each GeoJSON layer (docs/publishing.md, "Fields").
CLUSTER_FIELDS = {"cluster", "incidents", "weight", "share", "weight_share", "locations", "area_m2",
                  "density_per_km2", "months_active", "first_month", "last_month", "crime_types",
                  "top_locations", "centre_x", "centre_y", "sd_major_m", "sd_minor_m", "sd_rotation_deg"}
ALLOWED = {
    "clusters": CLUSTER_FIELDS,
    "clusters_ellipse_1sd": CLUSTER_FIELDS,
    "gistar": {"column", "row", "value", "incidents", "neighbours", "gi_z", "gi_p", "gi_p_adjusted", "gi_bin"},
    "emerging_hot_spots": {"column", "row", "pattern", "incidents", "incident_count", "hot_steps", "cold_steps",
                           "trend_z", "trend_p", "trend_tau", "final_z", "final_bin"},
    "hotspots": {"level", "area_share", "threshold", "rank", "mass", "peak", "cells", "area_m2", "incidents",
                 "weight", "harm", "share", "crime_types", "months_active", "first_month", "last_month"},
    "patrol_areas": {"rank", "place", "priority", "harm", "incidents", "stability", "active_months", "score",
                     "visits_per_week", "minutes_per_visit", "unit", "stop", "peak_times", "busiest_month",
                     "location", "peak_hour", "peak_hour_r", "peak_hour_p", "peak_weekday", "peak_weekday_p"},
    "patrol_routes": {"unit", "stops", "visit_order", "lap_times", "length_m", "travel_minutes", "lap_minutes",
                      "visits_per_week", "visit_minutes_per_week", "routing", "travel"},
    "cameras": {"rank", "site", "easting", "northing", "heading_deg", "fov_deg", "range_m", "incidents_new",
                "incidents_cumulative", "weight_new", "weight_cumulative", "harm_new", "harm_cumulative",
                "share_new", "share_cumulative", "incidents_in_view", "top_types", "nearest_location", "reason"},
    "coverage": {"kind", "rank", "site", "heading_deg", "fov_deg", "range_m", "area_m2", "incidents_in_view",
                 "weight_in_view", "obstacles"},
}
# Fields that count incidents, and the main one a feature is suppressed by.
COUNT_FIELDS = {"incidents", "incident_count", "incidents_in_view", "incidents_new", "incidents_cumulative"}
MAIN_COUNT = {"clusters_ellipse_1sd": "incidents", "gistar": "incidents", "emerging_hot_spots": "incident_count",
              "hotspots": "incidents", "patrol_areas": "incidents", "cameras": "incidents_in_view",
              "coverage": "incidents_in_view"}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(args):
    result = subprocess.run([HOTSPOT] + args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"hotspot {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result.stderr


def ogr_json(path, layer=None):
    """A layer as GeoJSON in its own CRS (ogr2ogr without RFC 7946 keeps the coordinates)."""
    args = ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", path] + ([layer] if layer else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def metadata_of(collection):
    entries = (collection.get("description") or "").split("; ")
    return dict(e.split("=", 1) for e in entries if "=" in e)


# Identifiers that must never leak: every Crime ID and LSOA code of the sample.
crime_ids, lsoa_codes = set(), set()
for name in sorted(os.listdir(POLICE)):
    opener = gzip.open if name.endswith(".gz") else open
    with opener(os.path.join(POLICE, name), "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["Crime ID"]:
                crime_ids.add(row["Crime ID"])
            if row["LSOA code"]:
                lsoa_codes.add(row["LSOA code"])
assert len(crime_ids) > 10000 and len(lsoa_codes) > 100, (len(crime_ids), len(lsoa_codes))


def check_no_leak(path, collection):
    name = collection.get("name")
    allowed = ALLOWED.get(name)
    check(allowed is not None, f"{path}: layer {name} has no documented field list")
    text = open(path, encoding="utf-8").read()
    for token in set(re.findall(r"[0-9a-f]{64}", text)):
        check(token not in crime_ids, f"{path}: contains police.uk Crime ID {token}")
    for token in set(re.findall(r"E0\d{7}", text)):
        check(token not in lsoa_codes, f"{path}: contains LSOA code {token}")
    for feature in collection["features"]:
        extra = set(feature["properties"]) - (allowed or set())
        check(not extra, f"{path}: undocumented properties {sorted(extra)}")
        break


def check_published(raw_path, published_path, k, compare_raw=True):
    raw = json.load(open(raw_path, encoding="utf-8"))
    published = json.load(open(published_path, encoding="utf-8"))
    check_no_leak(raw_path, raw)
    check_no_leak(published_path, published)
    name = published["name"]
    main = MAIN_COUNT[name]
    meta = metadata_of(published)
    check(meta.get("publish_min_count") == str(k), f"{published_path}: publish_min_count {meta.get('publish_min_count')}")
    check(published["features"] or raw["features"], f"{raw_path}: nothing to check")
    for feature in published["features"]:
        check(feature["geometry"]["type"] != "Point" or name == "cameras", f"{published_path}: raw points?")
        for field, value in feature["properties"].items():
            if field in COUNT_FIELDS and value is not None:
                check(value >= k, f"{published_path}: {field} = {value} < {k}")
        check(feature["properties"][main] is not None, f"{published_path}: {main} is null")
    check(int(meta["publish_features_in"]) - int(meta["publish_features_suppressed"]) == len(published["features"]),
          f"{published_path}: report does not add up")
    if not compare_raw:
        print(f"ok {name}: {len(published['features'])} published, {meta['publish_features_suppressed']} suppressed")
        return []
    below = [f["properties"][main] for f in raw["features"]
             if f["properties"][main] is None or f["properties"][main] < k]
    suppressed_incidents = sum(v for v in below if v is not None)
    check(int(meta["publish_features_suppressed"]) == len(below),
          f"{published_path}: reports {meta['publish_features_suppressed']} features suppressed, raw layer has "
          f"{len(below)} below {k}")
    # The incidents in suppressed features are never published: with the published counts
    # they would give the suppressed counts back by subtraction (issue 21).
    check("publish_incidents_suppressed" not in meta,
          f"{published_path}: publishes the incidents in its suppressed features")
    check(len(published["features"]) == len(raw["features"]) - len(below),
          f"{published_path}: {len(published['features'])} features, expected {len(raw['features']) - len(below)}")
    print(f"ok {name}: {len(raw['features'])} features, {len(below)} below {k} ({suppressed_incidents} incidents) "
          f"suppressed")
    return below


def main():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    out = lambda name: os.path.join(SCRATCH, name)

    # gistar: many cells hold fewer than 5 incidents, so suppression is exercised for real.
    base = [POLICE] + WITHIN
    run(["gistar"] + base + ["--cell", "200", "-o", out("gistar.geojson")])
    run(["gistar"] + base + ["--cell", "200", "--publish", "-o", out("gistar_pub.geojson")])
    below = check_published(out("gistar.geojson"), out("gistar_pub.geojson"), 5)
    check(len(below) > 0, "gistar: no cell below k, the test would not see suppression")

    # trends with k = 12 (configurable k).
    run(["trends"] + base + ["--cell", "250", "-o", out("trends.geojson")])
    run(["trends"] + base + ["--cell", "250", "--publish", "--min-count", "12", "-o", out("trends_pub.geojson")])
    check_published(out("trends.geojson"), out("trends_pub.geojson"), 12)

    # clusters: hulls are not published; the 1-SD ellipse is what a GeoJSON gets.
    run(["clusters"] + base + ["--min-points", "3", "-o", out("clusters.gpkg")])
    raw = ogr_json(out("clusters.gpkg"), "clusters_ellipse_1sd")
    raw["name"] = "clusters_ellipse_1sd"
    json.dump(raw, open(out("clusters_1sd.geojson"), "w"))
    run(["clusters"] + base + ["--min-points", "3", "--publish", "--min-count", "8", "-o", out("clusters_pub.geojson")])
    below = check_published(out("clusters_1sd.geojson"), out("clusters_pub.geojson"), 8)
    check(len(below) > 0, "clusters: no cluster below k")
    layers = subprocess.run(["ogrinfo", "-q", out("clusters.gpkg")], capture_output=True, text=True).stdout
    run(["clusters"] + base + ["--min-points", "3", "--publish", "-o", out("clusters_pub.gpkg")])
    published_layers = subprocess.run(["ogrinfo", "-q", out("clusters_pub.gpkg")], capture_output=True, text=True).stdout
    check("clusters_convex_hull" in layers and "clusters_convex_hull" not in published_layers,
          "clusters --publish must not write hull layers")

    # density hotspot polygons, and the raster's report.
    asb = base + ["--types", "Anti-social behaviour", "--cell", "25"]
    run(["density"] + asb + ["--polygons", out("hotspots.geojson"), "-o", out("density.tif")])
    err = run(["density"] + asb + ["--publish", "--polygons", out("hotspots_pub.geojson"), "-o", out("density_pub.tif")])
    # Polygons are cut from the published raster (small-count cells already nodata), so they
    # are not the unpublished run's polygons minus some: the report is checked on its own.
    check_published(out("hotspots.geojson"), out("hotspots_pub.geojson"), 5, compare_raw=False)
    info = subprocess.run(["gdalinfo", out("density_pub.tif")], capture_output=True, text=True).stdout
    check("publish_cells_suppressed=" in info and "publish_min_count=5" in info, "density raster lacks publish metadata")
    check("cells set to nodata" in err, "density --publish does not report the raster suppression")

    # patrol: only the places leave; routes and briefings stay home.
    run(["patrol"] + base + ["--out-dir", out("patrol")])
    run(["patrol"] + base + ["--publish", "--out-dir", out("patrol_pub")])
    check_no_leak(out("patrol/patrol_routes.geojson"), json.load(open(out("patrol/patrol_routes.geojson"))))
    check_published(out("patrol/patrol_areas.geojson"), out("patrol_pub/patrol_areas.geojson"), 5)
    # (and its QGIS style, which holds no data: the labels are an expression on rank)
    # The folder's .hotspot marker names the command that wrote it, nothing more.
    check(sorted(os.listdir(out("patrol_pub"))) == [".hotspot", "patrol_areas.geojson", "patrol_areas.qml"],
          f"patrol --publish wrote {sorted(os.listdir(out('patrol_pub')))}")
    check(open(out("patrol_pub/.hotspot")).read() == "hotspot patrol\n", "the folder marker holds more than the command")
    style = open(out("patrol_pub/patrol_areas.qml"), encoding="utf-8").read()
    for feature in json.load(open(out("patrol/patrol_areas.geojson")))["features"]:
        for key in ("location", "name", "place"):
            text = feature["properties"].get(key)
            check(not (isinstance(text, str) and text and text in style), f"the patrol style holds {key} {text!r}")

    # cctv: camera points rounded to the grid in the working CRS (the GeoPackage).
    cctv = base + ["--types", "Anti-social behaviour", "--spacing", "100", "--cameras", "8", "--range", "40"]
    run(["cctv"] + cctv + ["-o", out("cctv")])
    run(["cctv"] + cctv + ["--publish", "--min-count", "40", "--publish-grid", "250", "-o", out("cctv_pub")])
    for layer in ("cameras", "coverage"):
        check_published(out(f"cctv/{layer}.geojson"), out(f"cctv_pub/{layer}.geojson"), 40)
    cameras = ogr_json(out("cctv_pub/cctv.gpkg"), "cameras")
    check(cameras["features"], "cctv: no published camera to check the grid on")
    for feature in cameras["features"]:
        x, y = feature["geometry"]["coordinates"][:2]
        p = feature["properties"]
        check(x % 250 == 0 and y % 250 == 0, f"camera at {x}, {y} is not on the 250 m grid")
        check(p["easting"] == x and p["northing"] == y, f"camera easting/northing {p['easting']}, {p['northing']}")
        check("reason" not in p, "camera reason text published")
    check(not os.path.exists(out("cctv_pub/cctv_summary.csv")), "cctv --publish wrote the summary CSV")

    # Raw input rows never go with a published output.
    r = subprocess.run([HOTSPOT, "gistar"] + base + ["--publish", "--rejects", out("r.csv"), "-o", out("x.gpkg")],
                       capture_output=True, text=True)
    check(r.returncode == 2, f"--publish --rejects exit {r.returncode}")

    if failures:
        sys.exit(f"{len(failures)} failures")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print("publish: all checks passed")


main()
