#!/usr/bin/env python3
"""Builds data/sample/cctv/: named candidate camera sites for St Albans and Welwyn Hatfield,
four redeployable units and a deployments log, for the `cctv next` / `cctv appraise` demo.

Candidate sites are police.uk snap points of the bundled 2018 sample (data/sample/police_uk/)
whose Location names a kind of place where councils put cameras ("On or near Parking Area",
"Shopping Area", ...) and which recorded at least MIN_INCIDENTS incidents in 2018. Each is named
after its kind and the nearest snap point that names a street ("Parking Area off London
Road"), so a committee can tell them apart; the location is the snap point itself, so a
real placement needs checking on the ground. The units and the deployments log are invented
for the demo (the partnership's real placements are not public).

Standard library only; the output is byte-reproducible:

    python3 tools/make_camera_sample.py [--sample data/sample]
"""

import argparse
import csv
import gzip
import json
import math
import os
from collections import Counter, defaultdict

KINDS = ["Parking Area", "Shopping Area", "Supermarket", "Bus/Coach Station", "Nightclub", "Park/Open Space",
         "Sports/Recreation Area", "Petrol Station", "Theatre/Concert Hall"]
MIN_INCIDENTS = 12
DISTRICTS = ["St Albans", "Welwyn Hatfield"]
# Place kinds and other names that are not streets, for naming sites after a street.
NOT_STREETS = set(KINDS) | {"Pedestrian Subway", "Police Station", "Further/Higher Educational Building", "Hospital",
                            "Conference/Exhibition Centre", "Airport/Airfield", "Sports/Recreation Area", "Prison",
                            "Theme/Adventure Park", "Hotel/Motel", "Theatre/Concert Hall", "Nightclub", "Petrol Station"}


def metres(a, b):
    """Approximate distance in metres between two (lon, lat) points (equirectangular; only used
    to pick the nearest street name)."""
    lat = math.radians((a[1] + b[1]) / 2)
    dx = math.radians(b[0] - a[0]) * math.cos(lat) * 6371000
    dy = math.radians(b[1] - a[1]) * 6371000
    return math.hypot(dx, dy)


def title(street):
    # police.uk writes "St Peter'S Street"; write it as people do.
    return street.replace("'S ", "'s ")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", default="data/sample")
    args = parser.parse_args()
    folder = os.path.join(args.sample, "police_uk")
    counts = Counter()
    where = {}
    streets = defaultdict(Counter)  # (lon, lat) -> street names recorded there
    for name in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, name), "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if not row["Longitude"]:
                    continue
                district = next((d for d in DISTRICTS if row["LSOA name"].startswith(d)), None)
                if district is None:
                    continue
                point = (float(row["Longitude"]), float(row["Latitude"]))
                place = row["Location"].replace("On or near ", "", 1)
                if place in KINDS:
                    counts[(point, place)] += 1
                    where[(point, place)] = district
                elif place not in NOT_STREETS and place:
                    streets[point][place] += 1
    street_points = sorted(streets)

    sites = []
    for (point, kind), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if n < MIN_INCIDENTS:
            continue
        nearest = min(street_points, key=lambda p: (metres(point, p), p))
        street = title(sorted(streets[nearest].items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
        sites.append({"kind": kind, "point": point, "incidents": n, "district": where[(point, kind)],
                      "name": kind + " off " + street})
    # A name repeated across the two districts gets its district; one repeated within a
    # district then gets a number, in (longitude, latitude) order.
    districts_of = defaultdict(set)
    for s in sites:
        districts_of[s["name"]].add(s["district"])
    for s in sites:
        if len(districts_of[s["name"]]) > 1:
            s["name"] += " (" + s["district"] + ")"
    seen = Counter(s["name"] for s in sites)
    numbered = Counter()
    for s in sorted(sites, key=lambda s: (s["name"], s["point"])):
        if seen[s["name"]] > 1:
            numbered[s["name"]] += 1
            s["name"] += " " + str(numbered[s["name"]])

    out = os.path.join(args.sample, "cctv")
    os.makedirs(out, exist_ok=True)
    features = []
    for s in sorted(sites, key=lambda s: (s["district"], s["name"])):
        features.append({"type": "Feature",
                         "properties": {"name": s["name"], "district": s["district"], "kind": s["kind"],
                                        "incidents_2018": s["incidents"], "mount": "yes"},
                         "geometry": {"type": "Point", "coordinates": [s["point"][0], s["point"][1]]}})
    with open(os.path.join(out, "candidate_sites.geojson"), "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type": "FeatureCollection", "name": "candidate_sites", "features": [\n')
        f.write(",\n".join(json.dumps(feature, ensure_ascii=False, sort_keys=True) for feature in features))
        f.write("\n]}\n")

    # Four St Albans units at moderately busy sites (the 4th, 8th, 12th and 16th by 2018
    # incidents), placed over the second half of 2018; one placed in November must stay.
    st_albans = sorted((s for s in sites if s["district"] == "St Albans"), key=lambda s: (-s["incidents"], s["name"]))
    placed = ["2018-06", "2018-08", "2018-09", "2018-11"]
    with open(os.path.join(out, "units.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "site", "placed"])
        for k, months in enumerate(placed):
            w.writerow(["SA-" + str(k + 1), st_albans[4 * k + 3]["name"], months])
    # Earlier placements: two sites left in the autumn (barred by a six-month no-return rule),
    # one in the spring (free again by January 2019), and the current ones.
    with open(os.path.join(out, "deployments.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["site", "installed", "removed"])
        w.writerow([st_albans[0]["name"], "2018-02", "2018-05"])
        w.writerow([st_albans[1]["name"], "2018-06", "2018-08"])
        w.writerow([st_albans[2]["name"], "2018-08", "2018-10"])
        for k, months in enumerate(placed):
            w.writerow([st_albans[4 * k + 3]["name"], months, ""])


if __name__ == "__main__":
    main()
