#!/usr/bin/env bash
# Worked example for the README: where would five CCTV cameras go in Welwyn Hatfield, planned
# on January–September 2018 anti-social behaviour, and what share of October–December's ASB
# would they have seen, against cameras on the five busiest snap points?
#
# usage: tools/cctv_worked_example.sh [HOTSPOT] [SAMPLE_DIR] [OUT_DIR]
# Prints a Markdown table of the planned sites and the out-of-sample shares, and writes
# OUT_DIR/shares.txt (key=value) for tests/scripts/check_cctv_worked_example.py.
#
# The later-month counts are made here in Python from the raw CSVs and the written coverage
# polygons (ray-crossing point-in-polygon on lon/lat), not by hotspot: the test checks them
# against hotspot's own count of the same cameras on the later months.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
hotspot="${1:-$root/build/release/hotspot}"
sample="${2:-$root/data/sample}"
out="${3:-$(mktemp -d)}"
mkdir -p "$out"

police="$sample/police_uk"
districts="$sample/boundaries/herts_districts.geojson"
within=(--within "$districts" --within-where "lad17nm = 'Welwyn Hatfield'")
camera=(--range 60 --fov 360 --min-separation 200)
cameras=5

# Candidates beside the lattice: every snap point police.uk names a car park or shopping area,
# and the baseline: the busiest training snap points, at least 200 m apart like the plan.
python3 - "$police" "$districts" "$out" "$cameras" <<'PY'
import csv, gzip, io, json, math, os, sys
police, districts, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def wh_ring():
    for f in json.load(open(districts))["features"]:
        if f["properties"]["lad17nm"] == "Welwyn Hatfield":
            return f["geometry"]["coordinates"][0]

def inside(ring, x, y):
    c = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            c = not c
    return c

ring = wh_ring()
train, sites = {}, {}
for name in sorted(os.listdir(police)):
    month = name[:7]
    rows = csv.DictReader(io.StringIO(gzip.open(os.path.join(police, name)).read().decode("utf-8-sig"), newline=""))
    for r in rows:
        if not r["Longitude"] or r["Crime type"] != "Anti-social behaviour":
            continue
        lon, lat = float(r["Longitude"]), float(r["Latitude"])
        if not inside(ring, lon, lat):
            continue
        if r["Location"] in ("On or near Parking Area", "On or near Shopping Area"):
            sites[(lon, lat)] = r["Location"][len("On or near "):]
        if month <= "2018-09":
            train[(lon, lat)] = train.get((lon, lat), 0) + 1

def point_layer(points):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for (lon, lat), props in points]}

json.dump(point_layer([(p, {"kind": k}) for p, k in sorted(sites.items())]), open(f"{out}/car_parks_shops.geojson", "w"))
# Busiest first, ties by position; skip points within 200 m of one already taken.
chosen = []
for (lon, lat), count in sorted(train.items(), key=lambda kv: (-kv[1], kv[0])):
    far = all(math.hypot((lon - a) * 111320 * math.cos(math.radians(lat)), (lat - b) * 110540) >= 200 for a, b in chosen)
    if far:
        chosen.append((lon, lat))
    if len(chosen) == n:
        break
json.dump(point_layer([(p, {"training_asb": train[p]}) for p in chosen]), open(f"{out}/busiest.geojson", "w"))
PY

"$hotspot" cctv "$police" "${within[@]}" --types "Anti-social behaviour" --to 2018-09 \
  --spacing 100 --candidates "$out/car_parks_shops.geojson" "${camera[@]}" --cameras "$cameras" \
  -q -o "$out/plan" 2>/dev/null
"$hotspot" cctv "$police" "${within[@]}" --types "Anti-social behaviour" --to 2018-09 \
  --candidates "$out/busiest.geojson" "${camera[@]}" --cameras "$cameras" \
  -q -o "$out/busiest" 2>/dev/null

python3 - "$police" "$districts" "$out" <<'PY'
import csv, gzip, io, json, os, sys
police, districts, out = sys.argv[1:]

def rings_of(geometry):
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [p for p in polys]

def inside_ring(ring, x, y):
    c = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            c = not c
    return c

def inside(polys, x, y):
    # Inside the exterior and outside every hole of some polygon.
    return any(inside_ring(p[0], x, y) and not any(inside_ring(h, x, y) for h in p[1:]) for p in polys)

wh = next(f for f in json.load(open(districts))["features"] if f["properties"]["lad17nm"] == "Welwyn Hatfield")
wh_polys = rings_of(wh["geometry"])
coverage = {k: [rings_of(f["geometry"]) for f in json.load(open(f"{out}/{k}/coverage.geojson"))["features"]]
            for k in ("plan", "busiest")}
later, seen = 0, {"plan": 0, "busiest": 0}
for name in sorted(os.listdir(police)):
    if name[:7] < "2018-10":
        continue
    for r in csv.DictReader(io.StringIO(gzip.open(os.path.join(police, name)).read().decode("utf-8-sig"), newline="")):
        if not r["Longitude"] or r["Crime type"] != "Anti-social behaviour":
            continue
        lon, lat = float(r["Longitude"]), float(r["Latitude"])
        if not inside(wh_polys, lon, lat):
            continue
        later += 1
        for k, polygons in coverage.items():
            if any(inside(p, lon, lat) for p in polygons):
                seen[k] += 1

plan = json.load(open(f"{out}/plan/cameras.geojson"))["features"]
print("| rank | nearest police.uk location | candidate | training ASB newly seen | easting, northing |")
print("| ---: | --- | --- | ---: | --- |")
for f in plan:
    p = f["properties"]
    site = "lattice" if p["site"] == "lattice" else "car park / shopping snap point"
    print(f"| {p['rank']} | {p['nearest_location']} | {site} | {p['incidents_new']} | "
          f"{p['easting']:.0f}, {p['northing']:.0f} |")
busiest = json.load(open(f"{out}/busiest/cameras.geojson"))["features"]
print()
print("| cameras (60 m, 360°) | training ASB seen, Jan–Sep 2018 | later ASB seen, Oct–Dec 2018 |")
print("| --- | ---: | ---: |")
for label, key, feats in (("planned (greedy + swap)", "plan", plan), ("5 busiest snap points", "busiest", busiest)):
    cum = feats[-1]["properties"]
    print(f"| {label} | {cum['incidents_cumulative']} ({100 * cum['share_cumulative']:.1f}%) | "
          f"{seen[key]} of {later} ({100 * seen[key] / later:.1f}%) |")
with open(f"{out}/shares.txt", "w") as f:
    f.write(f"later_total={later}\nplan_later_seen={seen['plan']}\nbusiest_later_seen={seen['busiest']}\n")
    f.write(f"plan_cameras={len(plan)}\nbusiest_cameras={len(busiest)}\n")
PY
