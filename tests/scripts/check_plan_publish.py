#!/usr/bin/env python3
"""`hotspot plan --publish` on the bundled sample: one run, every output scanned.

The publish settings go through a config file: `plan --publish --min-count K --publish-grid G
--write-config` must write them, and the one plan run reads them from there (none on its
command line), so the run also shows that the config round-trips them. Then:

- every feature of every GeoJSON file and GeoPackage layer that carries an incident count has
  at least K in each count (a null count is withheld, not small), and carries the publish
  report in its metadata; layers without a count are only the study area and context;
- no point in any GeoJSON file, GeoPackage layer or the report is at a raw incident position of
  the input, and point layers lie on the G m grid (with their easting/northing), with each
  camera's view drawn around its published point; no polygon
  vertex is at one either, unless it is a grid corner (see corner_or_fail);
- no file holds a police.uk Crime ID, LSOA code or name, outcome text or any other input
  field not asked for; GeoJSON properties and report map properties are the documented ones;
- the density raster carries the same suppression as `hotspot density --publish`: every cell
  with data holds at least K incidents (counts per cell, or within the support radius);
- files that carry unchecked counts are not written, and summary.txt and report.html say
  what was suppressed, layer by layer.

usage: check_plan_publish.py HOTSPOT SAMPLE_DIR SCRATCH_DIR
"""
import csv
import gzip
import json
import math
import os
import re
import shutil
import subprocess
import sys

HOTSPOT, SAMPLE, SCRATCH = sys.argv[1:4]
POLICE = os.path.join(SAMPLE, "police_uk")
WITHIN = ["--within", os.path.join(SAMPLE, "boundaries", "herts_districts.geojson"),
          "--within-where", "lad17nm = 'Welwyn Hatfield'"]
K, GRID = 6, 200  # not the defaults: they must come from the config file

# Fields that count incidents, and the main one each layer is suppressed by
# (docs/publishing.md, "Per command"); the rest are secondary counts (null when below k).
MAIN_COUNT = {"hotspots": "incidents", "gistar": "incidents", "emerging_hot_spots": "incident_count",
              "cameras": "incidents_in_view", "coverage": "incidents_in_view", "uncovered_hotspots": "incidents",
              "patrol_areas": "incidents"}
COUNT_FIELDS = {"incidents", "incident_count", "incidents_in_view", "incidents_new", "incidents_cumulative",
                "incidents_seen"}
# Layers not made from incidents (the --within boundary): no count to check.
NO_COUNT_LAYERS = {"study_area"}
# Published properties of each layer (docs/publishing.md, "Fields", less what publishing drops).
ALLOWED = {
    "study_area": {"source", "area_km2"},
    "gistar": {"column", "row", "value", "incidents", "neighbours", "gi_z", "gi_p", "gi_p_adjusted", "gi_bin"},
    "emerging_hot_spots": {"column", "row", "pattern", "incidents", "incident_count", "hot_steps", "cold_steps",
                           "trend_z", "trend_p", "trend_tau", "final_z", "final_bin"},
    "hotspots": {"level", "area_share", "threshold", "rank", "mass", "peak", "cells", "area_m2", "incidents",
                 "weight", "harm", "share", "crime_types", "months_active", "first_month", "last_month"},
    "patrol_areas": {"rank", "place", "priority", "harm", "incidents", "stability", "active_months", "score",
                     "visits_per_week", "minutes_per_visit", "unit", "stop", "busiest_month", "location"},
    "cameras": {"rank", "site", "easting", "northing", "heading_deg", "fov_deg", "range_m", "incidents_new",
                "incidents_cumulative", "weight_new", "weight_cumulative", "harm_new", "harm_cumulative",
                "share_new", "share_cumulative", "incidents_in_view", "top_types", "nearest_location"},
    "coverage": {"kind", "rank", "site", "heading_deg", "fov_deg", "range_m", "area_m2", "incidents_in_view",
                 "weight_in_view", "obstacles"},
    "uncovered_hotspots": {"fid", "incidents", "incidents_seen", "weight", "weight_seen", "share_seen"},
}
# Files a published plan must not write: they carry counts no rule checks, or raw rows.
NOT_WRITTEN = ["profile.json", "cctv_summary.csv", "patrol_routes.geojson", "briefing_unit_1.csv", "backtest.csv",
               "backtest_summary.csv", "backtest.md", "camera_backtest.csv", "patrol_backtest.csv"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def run(args):
    result = subprocess.run([HOTSPOT] + args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"hotspot {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def metadata_of(description):
    entries = (description or "").split("; ")
    return dict(e.split("=", 1) for e in entries if "=" in e)


def coordinates(geometry):
    """Every (x, y) of a GeoJSON geometry."""
    if geometry is None:
        return
    stack = [geometry["coordinates"]]
    while stack:
        c = stack.pop()
        if c and isinstance(c[0], (int, float)):
            yield c[0], c[1]
        else:
            stack.extend(c)


# The input: every raw incident position (police.uk lon/lat, 6 decimals) and every input
# field value that must never appear in an output.
raw_positions = set()
secrets = {"Crime ID": set(), "LSOA code": set(), "LSOA name": set(), "Last outcome category": set()}
for name in sorted(os.listdir(POLICE)):
    opener = gzip.open if name.endswith(".gz") else open
    with opener(os.path.join(POLICE, name), "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["Longitude"] and row["Latitude"]:
                raw_positions.add((round(float(row["Longitude"]), 6), round(float(row["Latitude"]), 6)))
            for field, values in secrets.items():
                if row[field]:
                    values.add(row[field])
assert len(raw_positions) > 1000 and len(secrets["Crime ID"]) > 10000, (len(raw_positions), len(secrets["Crime ID"]))


def check_text(path, text):
    """No input identifier or field value not asked for, anywhere in the file."""
    for token in set(re.findall(r"[0-9a-f]{64}", text)):
        check(token not in secrets["Crime ID"], f"{path}: contains police.uk Crime ID {token}")
    for token in set(re.findall(r"E0\d{7}", text)):
        check(token not in secrets["LSOA code"], f"{path}: contains LSOA code {token}")
    for token in set(re.findall(r"[A-Z][A-Za-z' ]+ \d{3}[A-Z]", text)):
        check(token not in secrets["LSOA name"], f"{path}: contains LSOA name {token}")
    for outcome in secrets["Last outcome category"]:
        check(outcome not in text, f"{path}: contains the outcome text \"{outcome}\"")


# Polygon vertices at a raw incident position, checked at the end (corner_or_fail).
coinciding_vertices = []


def check_positions(path, geometry):
    """No vertex of a WGS84 geometry is at a raw incident position (to the input's 6 decimals)."""
    if geometry is None:
        return
    for x, y in coordinates(geometry):
        if (round(x, 6), round(y, 6)) not in raw_positions:
            continue
        if geometry["type"] in ("Point", "MultiPoint"):
            check(False, f"{path}: point {x}, {y} is a raw incident position")
        else:
            coinciding_vertices.append((path, x, y))


def corner_or_fail():
    """Cell corners of the plan's grids lie on half-metres of the working CRS (cells of 25, 100,
    110 m... aligned to multiples of their size), and police.uk snap points lie on whole metres
    (to the 6 decimals of their lon/lat, a few cm), so a corner can meet an incident by chance
    (the sample has such a Gi* corner). A polygon vertex at an incident position passes only
    when it is such a corner, to 2 cm, in EPSG:27700 (gdaltransform, the same PROJ)."""
    if not coinciding_vertices:
        return
    text = "".join(f"{x!r} {y!r}\n" for _, x, y in coinciding_vertices)
    out = subprocess.run(["gdaltransform", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:27700", "-output_xy"], input=text,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    for (path, x, y), line in zip(coinciding_vertices, out):
        e, n = (float(v) for v in line.split()[:2])
        on_corner = all(abs(v * 2 - round(v * 2)) < 0.04 for v in (e, n))
        check(on_corner, f"{path}: vertex {x}, {y} ({e:.3f}, {n:.3f}) is a raw incident position, not a grid corner")
    print(f"ok {len(coinciding_vertices)} polygon vertices at incident positions are grid corners")


def gpkg_metadata(path, layer):
    out = subprocess.run(["ogrinfo", "-so", path, layer], capture_output=True, text=True, check=True).stdout
    block = out.split("Metadata:", 1)[1].split("Geometry:", 1)[0] if "Metadata:" in out else ""
    return dict(line.strip().split("=", 1) for line in block.splitlines() if "=" in line)


def check_layer(path, name, collection, meta=None):
    """Counts, properties, metadata and vertices of one layer; returns the features checked."""
    features = collection["features"]
    check(name in ALLOWED, f"{path}: layer {name} is not one a published plan writes")
    allowed = ALLOWED.get(name, set())
    main = MAIN_COUNT.get(name)
    if meta is None:
        meta = metadata_of(collection.get("description"))
    if name not in NO_COUNT_LAYERS:
        check(main is not None, f"{path}: layer {name} has no incident count")
        check(meta.get("publish_min_count") == str(K), f"{path}: publish_min_count {meta.get('publish_min_count')}")
        check(meta.get("publish_grid_m") == str(GRID), f"{path}: publish_grid_m {meta.get('publish_grid_m')}")
        check(int(meta.get("publish_features_in", -1)) - int(meta.get("publish_features_suppressed", 0)) == len(features),
              f"{path}: the publish report does not add up")
    for feature in features:
        p = feature["properties"]
        extra = set(p) - allowed
        check(not extra, f"{path}: undocumented properties {sorted(extra)}")
        for field, value in p.items():
            if field in COUNT_FIELDS and value is not None:
                check(value >= K, f"{path}: {field} = {value} < {K}")
        if main is not None:
            check(p.get(main) is not None, f"{path}: {main} is null")
        check_positions(path, feature["geometry"])
    return features


def ogr_layers(path):
    out = subprocess.run(["ogrinfo", "-q", path], capture_output=True, text=True, check=True).stdout
    return [m.group(1) for m in re.finditer(r"^\d+: (\S+)", out, re.M)]


def ogr_json(path, layer, wgs84):
    args = ["ogr2ogr", "-f", "GeoJSON"] + (["-t_srs", "EPSG:4326"] if wgs84 else []) + ["/vsistdout/", path, layer]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def main():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    plan_dir = os.path.join(SCRATCH, "plan")

    # The settings round-trip through the config file; the run gets them from nowhere else.
    config = os.path.join(SCRATCH, "publish.toml")
    run(["plan", "--publish", "--min-count", str(K), "--publish-grid", str(GRID), "--write-config", config])
    text = open(config, encoding="utf-8").read()
    for line in ("publish=true", f"min-count={K}", f"publish-grid={GRID}"):
        check(re.search(rf"^{re.escape(line)}$", text, re.M) is not None, f"{config}: no line {line}")
    result = run(["plan", "--config", config, POLICE] + WITHIN + ["--units", "3", "-o", plan_dir])
    stdout = result.stdout
    files = sorted(os.listdir(plan_dir))
    print("wrote", " ".join(files))

    for name in NOT_WRITTEN:
        check(name not in files, f"{name} written in publish mode")

    # GeoJSON copies (WGS84, as written).
    layers_seen = {}
    for name in files:
        path = os.path.join(plan_dir, name)
        if name.endswith((".geojson", ".qml", ".qgs", ".html", ".txt")):
            check_text(path, open(path, encoding="utf-8").read())
        if not name.endswith(".geojson"):
            continue
        collection = json.load(open(path, encoding="utf-8"))
        layers_seen[collection["name"]] = len(check_layer(path, collection["name"], collection))
    # The GeoPackage, every layer: in WGS84 for the vertices (ogr2ogr, checked to agree with
    # hotspot's own GeoJSON copies), in the working CRS for the grid. The GeoJSON copies'
    # vertices are checked above, the GeoPackage-only layers' (uncovered_hotspots) here.
    gpkg = os.path.join(plan_dir, "plan.gpkg")
    names = [n for n in ogr_layers(gpkg) if n != "layer_styles"]
    check("patrol_routes" not in names, "plan.gpkg has patrol routes")
    check("uncovered_hotspots" in names and "cameras" in names, f"plan.gpkg layers {names}")
    for name in names:
        collection = ogr_json(gpkg, name, wgs84=True)
        features = check_layer(f"plan.gpkg:{name}", name, collection, gpkg_metadata(gpkg, name))
        check_text(f"plan.gpkg:{name}", json.dumps(collection))
        copy = os.path.join(plan_dir, name + ".geojson")
        if os.path.exists(copy):
            ours = json.load(open(copy, encoding="utf-8"))["features"]
            check(len(ours) == len(features), f"plan.gpkg:{name}: {len(features)} features, GeoJSON {len(ours)}")
            if ours and features:  # (rings may run the other way round in RFC 7946 GeoJSON)
                a, b = list(coordinates(ours[0]["geometry"]))[:200], list(coordinates(features[0]["geometry"]))
                check(all(min(math.dist(p, q) for q in b) < 1e-6 for p in a),
                      f"plan.gpkg:{name}: ogr2ogr's WGS84 differs from hotspot's GeoJSON copy")
    cameras = ogr_json(gpkg, "cameras", wgs84=False)["features"]
    check(cameras, "no published camera to check the grid on")
    for feature in cameras:
        x, y = feature["geometry"]["coordinates"][:2]
        p = feature["properties"]
        check(x % GRID == 0 and y % GRID == 0, f"camera at {x}, {y} is not on the {GRID} m grid")
        check(p["easting"] == x and p["northing"] == y, f"camera easting/northing {p['easting']}, {p['northing']}")
    # A camera's view (360°, open ground: a circle) is drawn around its published point, so
    # its centre does not give the exact site away.
    at_rank = {f["properties"]["rank"]: f["geometry"]["coordinates"][:2] for f in cameras}
    views = [f for f in ogr_json(gpkg, "coverage", wgs84=False)["features"] if f["properties"]["kind"] == "new"]
    check(views, "no published camera view")
    for view in views:
        ring = list(coordinates(view["geometry"]))[:-1]
        centre = (sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring))
        camera = at_rank.get(view["properties"]["rank"])
        check(camera and math.dist(centre, camera) < 0.5,
              f"camera view {view['properties']['rank']} centred at {centre}, its camera at {camera}")
    for name in MAIN_COUNT:
        check(name in names, f"plan.gpkg has no layer {name}")
    print("ok layers:", ", ".join(f"{n} {c}" for n, c in sorted(layers_seen.items())))

    # The report: map layers carry only the documented fields; no vertex is an incident; the
    # monthly chart shows no value below k; it says what was suppressed.
    html = open(os.path.join(plan_dir, "report.html"), encoding="utf-8").read()
    data = json.loads(re.search(r'<script type="application/json" id="hs-data">(.*?)</script>', html, re.S).group(1))
    for layer in data["layers"]:
        collection = layer.get("geojson") or layer.get("data") or {"features": []}
        for feature in collection["features"]:
            allowed = set().union(*ALLOWED.values())
            extra = set(feature["properties"]) - allowed
            check(not extra, f"report.html layer {layer['name']}: properties {sorted(extra)}")
            for field, value in feature["properties"].items():
                if field in COUNT_FIELDS and value is not None:
                    check(value >= K, f"report.html layer {layer['name']}: {field} = {value} < {K}")
            check_positions(f"report.html layer {layer['name']}", feature["geometry"])
    monthly = next(c for c in data["charts"] if c["id"] == "monthly")
    for series in monthly["series"]:
        for v in series["values"]:
            check(v is None or v == 0 or v >= K, f"report.html monthly chart: {series['name']} {v} < {K}")
    check("Published outside the partnership" in html and "What was withheld" in html,
          "report.html does not say what was suppressed")

    # The raster: the bytes `hotspot density --publish` writes for the same map (the plan's
    # defaults: temporal cross-validation, 25 m cells), with the same metadata; and, with the
    # count model (support radius 0), every cell with data holds at least K incidents.
    single = os.path.join(SCRATCH, "density_publish.tif")
    run(["density", POLICE] + WITHIN + ["--bandwidth", "cv", "--cell", "25", "--publish", "--min-count", str(K),
                                        "-o", single])
    ours, theirs = (subprocess.run(["gdalinfo", "-checksum", path], capture_output=True, text=True, check=True).stdout
                    for path in (os.path.join(plan_dir, "density.tif"), single))
    checksum = lambda info: re.findall(r"Checksum=\d+", info)
    publish_keys = lambda info: sorted(re.findall(r"publish_\w+=\S+", info))
    check(checksum(ours) and checksum(ours) == checksum(theirs),
          f"density.tif {checksum(ours)} differs from density --publish {checksum(theirs)}")
    check(f"publish_min_count={K}" in publish_keys(ours) and publish_keys(ours) == publish_keys(theirs),
          f"density.tif publish metadata {publish_keys(ours)}, density --publish {publish_keys(theirs)}")
    info = subprocess.run(["gdalinfo", "-stats", os.path.join(plan_dir, "density.tif")], capture_output=True,
                          text=True).stdout
    def value(key):
        found = re.search(rf"{key}=([0-9.e+-]+)", info)
        check(found, f"density.tif: no {key}")
        return float(found.group(1)) if found else math.nan
    if value("publish_support_radius_m") == 0 and "units=per_km2" in info and value("total_weight") == value("incidents"):
        fewest = value("STATISTICS_MINIMUM") * value("cell_size_m") ** 2 / 1e6
        check(fewest >= K - 1e-9, f"density.tif: a cell holds {fewest} incidents < {K}")
        print(f"ok density.tif: the fewest incidents in a published cell: {fewest:g}")

    corner_or_fail()

    # The summary: what each layer withheld.
    summary = open(os.path.join(plan_dir, "summary.txt"), encoding="utf-8").read()
    check(summary in stdout, "the printed summary is not summary.txt")
    for name in MAIN_COUNT:
        check(f"publish {name}: " in summary, f"summary.txt does not report layer {name}")
    check("density.tif: " in summary and "cells set to nodata" in summary, "summary.txt does not report the raster")
    check("not written: profile.json" in summary, "summary.txt does not list the files not written")

    if failures:
        sys.exit(f"{len(failures)} failures")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print("plan --publish: all checks passed")


main()
