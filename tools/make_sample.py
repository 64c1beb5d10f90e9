#!/usr/bin/python3
"""Rebuild data/sample/ from the shared source data (default /work/shared/data).

Usage: /usr/bin/python3 tools/make_sample.py [--src DIR] [--out DIR] [--stats FILE]

Standard library only, plus the `gzip` and `ogr2ogr` commands. Output bytes are
reproducible: police.uk rows are copied byte-for-byte (the csv module only decides
which records to keep) and gzip runs with -n so no timestamp or name is stored.
Prints per-file row counts as Markdown (also written to --stats if given).
"""

import argparse
import csv
import gzip
import io
import os
import shutil
import subprocess
import sys

DISTRICT_PREFIXES = ("Welwyn Hatfield", "St Albans")
FHRS_AUTHORITIES = ("St Albans City", "Welwyn Hatfield")
FHRS_TYPES = ("Pub/bar/nightclub", "Takeaway/sandwich shop")
# <bounds> of the Oxford OSM extract (inclusive), see shared oxford_osm/README.md
OXFORD_BOUNDS = (-1.2691, 51.7553, -1.2543, 51.7643)  # min lon, min lat, max lon, max lat


def raw_records(text_stream):
    """Yield (fields, raw_text) per CSV record.

    csv.reader pulls physical lines from its iterator one at a time, so the lines it
    consumed for one record are exactly that record's original text, including any
    quoted embedded newlines. The stream must be opened with newline='' so line
    endings are preserved.
    """
    consumed = []

    def lines():
        for line in text_stream:
            consumed.append(line)
            yield line

    for fields in csv.reader(lines()):
        raw = "".join(consumed)
        consumed.clear()
        yield fields, raw


def column_index(header, name):
    cleaned = [h.lstrip("\ufeff") for h in header]
    return cleaned.index(name)


def gzip_file(path):
    """gzip -n -9 in place: PATH -> PATH.gz (reproducible bytes)."""
    with open(path + ".gz", "wb") as out:
        subprocess.run(["gzip", "-n", "-9", "-c", path], stdout=out, check=True)
    os.remove(path)


def filter_police_csv(src_stream, dst_path, keep):
    """Copy header + records for which keep(fields, idx) is true. Returns stats dict."""
    stats = {"rows": 0, "no_location": 0, "multiline": 0, "by_district": {}}
    records = raw_records(src_stream)
    header, header_raw = next(records)
    idx = {n: column_index(header, n) for n in ("Longitude", "Latitude", "LSOA name")}
    with open(dst_path, "w", encoding="utf-8", newline="") as dst:
        dst.write(header_raw)
        for fields, raw in records:
            if not keep(fields, idx):
                continue
            if raw.count("\n") > 1:
                stats["multiline"] += 1
            dst.write(raw)
            stats["rows"] += 1
            if fields[idx["Longitude"]] == "" or fields[idx["Latitude"]] == "":
                stats["no_location"] += 1
            lsoa = fields[idx["LSOA name"]]
            district = next((p for p in DISTRICT_PREFIXES if lsoa.startswith(p)), None)
            if district is None:
                district = lsoa.rsplit(" ", 1)[0] if lsoa else "(none)"
            stats["by_district"][district] = stats["by_district"].get(district, 0) + 1
    return stats


def keep_two_districts(fields, idx):
    if fields[idx["Longitude"]] == "" or fields[idx["Latitude"]] == "":
        return True  # "No location": kept so the sample exercises no-location accounting
    return fields[idx["LSOA name"]].startswith(DISTRICT_PREFIXES)


def keep_oxford_bounds(fields, idx):
    lon, lat = fields[idx["Longitude"]], fields[idx["Latitude"]]
    if lon == "" or lat == "":
        return False
    x, y = float(lon), float(lat)
    return (OXFORD_BOUNDS[0] <= x <= OXFORD_BOUNDS[2]
            and OXFORD_BOUNDS[1] <= y <= OXFORD_BOUNDS[3])


def make_police_uk(src, out, report):
    dst_dir = os.path.join(out, "police_uk")
    os.makedirs(dst_dir, exist_ok=True)
    report.append("### police_uk/ (Hertfordshire 2018, Welwyn Hatfield + St Albans + no-location rows)\n")
    report.append("| file | rows | rows w/o Lon/Lat | Welwyn Hatfield | St Albans |")
    report.append("| --- | ---: | ---: | ---: | ---: |")
    totals = [0, 0, 0, 0]
    for month in range(1, 13):
        name = f"2018-{month:02d}-hertfordshire-street.csv"
        src_path = os.path.join(src, "police_uk_hertfordshire", "street", name)
        dst_path = os.path.join(dst_dir, name)
        with open(src_path, encoding="utf-8", newline="") as f:
            st = filter_police_csv(f, dst_path, keep_two_districts)
        gzip_file(dst_path)
        wh = st["by_district"].get("Welwyn Hatfield", 0)
        sa = st["by_district"].get("St Albans", 0)
        row = [st["rows"], st["no_location"], wh, sa]
        totals = [a + b for a, b in zip(totals, row)]
        extra = f" ({st['multiline']} multi-line records)" if st["multiline"] else ""
        report.append(f"| {name}.gz | " + " | ".join(map(str, row)) + f" |{extra}")
    report.append("| **total** | " + " | ".join(f"**{t}**" for t in totals) + " |\n")


def make_oxford(src, out, report):
    dst_dir = os.path.join(out, "oxford")
    os.makedirs(dst_dir, exist_ok=True)
    shutil.copyfile(os.path.join(src, "oxford_osm", "oxford_centre_osm.gpkg"),
                    os.path.join(dst_dir, "oxford_centre_osm.gpkg"))
    report.append("### oxford/ (Thames Valley 2025, rows inside the OSM bounds)\n")
    report.append("| file | rows | distinct points |")
    report.append("| --- | ---: | ---: |")
    street = os.path.join(src, "police_uk_thames-valley", "street")
    for month in range(1, 10):
        src_path = os.path.join(street, f"2025-{month:02d}-thames-valley-street.csv.gz")
        if not os.path.exists(src_path):
            report.append(f"| 2025-{month:02d} | (no source file) | |")
            continue
        name = f"2025-{month:02d}-thames-valley-street-oxford.csv"
        dst_path = os.path.join(dst_dir, name)
        with gzip.open(src_path, "rt", encoding="utf-8", newline="") as f:
            st = filter_police_csv(f, dst_path, keep_oxford_bounds)
        with open(dst_path, encoding="utf-8", newline="") as f:
            rd = csv.reader(f)
            h = next(rd)
            ix, iy = column_index(h, "Longitude"), column_index(h, "Latitude")
            points = {(r[ix], r[iy]) for r in rd}
        report.append(f"| {name} | {st['rows']} | {len(points)} |")
    report.append("")


def make_boundaries(src, out, report):
    dst_dir = os.path.join(out, "boundaries")
    os.makedirs(dst_dir, exist_ok=True)
    bsrc = os.path.join(src, "boundaries_hertfordshire")
    shutil.copyfile(os.path.join(bsrc, "herts_lad17_districts.geojson"),
                    os.path.join(dst_dir, "herts_districts.geojson"))
    msoa = os.path.join(dst_dir, "welwyn_hatfield_st_albans_msoa.geojson")
    if os.path.exists(msoa):
        os.remove(msoa)
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-nln", "welwyn_hatfield_st_albans_msoa",
                    "-where", "district_name IN ('Welwyn Hatfield', 'St Albans')",
                    msoa, os.path.join(bsrc, "herts_msoa.geojson")], check=True)
    counts = {}
    import json
    for fn in ("herts_districts.geojson", "welwyn_hatfield_st_albans_msoa.geojson"):
        with open(os.path.join(dst_dir, fn), encoding="utf-8") as f:
            counts[fn] = len(json.load(f)["features"])
    report.append("### boundaries/\n")
    report.append("| file | features |")
    report.append("| --- | ---: |")
    for fn, n in counts.items():
        report.append(f"| {fn} | {n} |")
    report.append("")


def make_poi(src, out, report):
    dst_dir = os.path.join(out, "poi")
    os.makedirs(dst_dir, exist_ok=True)
    src_path = os.path.join(src, "fhrs_hertfordshire", "fhrs_hertfordshire_establishments.csv")
    counts = {}
    with open(src_path, encoding="utf-8", newline="") as f, \
            open(os.path.join(dst_dir, "night_time_economy.csv"), "w",
                 encoding="utf-8", newline="") as dst:
        rd = csv.DictReader(f)
        # Same columns as the shared file; LF line endings like the police.uk files.
        wr = csv.writer(dst, lineterminator="\n")
        wr.writerow(rd.fieldnames)
        for r in rd:
            if (r["LocalAuthorityName"] in FHRS_AUTHORITIES and r["BusinessType"] in FHRS_TYPES
                    and r["Longitude"] != "" and r["Latitude"] != ""):
                wr.writerow([r[k] for k in rd.fieldnames])
                key = (r["LocalAuthorityName"], r["BusinessType"])
                counts[key] = counts.get(key, 0) + 1
    report.append("### poi/night_time_economy.csv (FSA FHRS, geocoded rows only)\n")
    report.append("| LocalAuthorityName | BusinessType | rows |")
    report.append("| --- | --- | ---: |")
    for (la, bt), n in sorted(counts.items()):
        report.append(f"| {la} | {bt} | {n} |")
    report.append(f"| **total** | | **{sum(counts.values())}** |\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default="/work/shared/data")
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "sample"))
    ap.add_argument("--stats", help="also write the row-count tables to this file")
    args = ap.parse_args()
    report = []
    make_police_uk(args.src, args.out, report)
    make_boundaries(args.src, args.out, report)
    make_poi(args.src, args.out, report)
    make_oxford(args.src, args.out, report)
    text = "\n".join(report)
    print(text)
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    sys.exit(main())
