#!/usr/bin/python3
"""Write synthetic data.police.uk-like street-level crime CSVs (for tests and benchmarks).

Examples:
  /usr/bin/python3 tools/generate_police_uk.py --rows 1000 --out /tmp/x.csv
  /usr/bin/python3 tools/generate_police_uk.py --rows 1000000 --months 12 --per-month --out /tmp/street/
  /usr/bin/python3 tools/generate_police_uk.py --rows 6000000 --extent national --out /tmp/ew.csv.gz

The rows copy the police.uk format exactly: the same 12-column header, no quoting, LF
line endings, Crime ID 64 lowercase hex (empty for Anti-social behaviour), Month YYYY-MM,
Longitude/Latitude with 6 decimals, "On or near ..." Location, LSOA code/name, outcome
(empty for ASB), empty Context. About 1% of rows are "No Location" rows (empty
Longitude, Latitude, LSOA code and LSOA name), as police.uk publishes them.

Like police.uk, every located row is snapped to one of a fixed set of "map points"
(about rows/30 of them, so points carry heavy ties). The map points are drawn from a
mixture of Gaussians around town centres and suburbs:
  town      Welwyn Hatfield + St Albans (Hertfordshire), Hertfordshire Constabulary;
  national  about 55 towns/cities across England and Wales, each with its force name.
LSOA codes and names are synthetic (grid cells named "<district> NNNX", codes
E01/W01 + 9xxxxx so they never collide with real 2011/2021 codes). Crime IDs are random.
Within a month rows are sorted by LSOA name, then crime type, like the real files.

Output is deterministic for a given set of options (fixed default seed); .gz output is
written with mtime 0, so its bytes are reproducible too. Standard library only.
"""

import argparse
import bisect
import gzip
import math
import os
import random
import sys

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
          "LSOA code,LSOA name,Crime type,Last outcome category,Context\n")

# Shares in Welwyn Hatfield + St Albans, 2018 (data/sample/police_uk, 25,371 rows).
CRIME_TYPE_SHARES = [
    ("Anti-social behaviour", 0.2349),
    ("Violence and sexual offences", 0.2339),
    ("Other theft", 0.0821),
    ("Vehicle crime", 0.0803),
    ("Criminal damage and arson", 0.0800),
    ("Shoplifting", 0.0740),
    ("Burglary", 0.0604),
    ("Public order", 0.0559),
    ("Drugs", 0.0290),
    ("Other crime", 0.0179),
    ("Bicycle theft", 0.0170),
    ("Possession of weapons", 0.0155),
    ("Theft from the person", 0.0117),
    ("Robbery", 0.0073),
]

# Last outcome category counts among crimes (not ASB) in the same sample.
OUTCOME_COUNTS = [
    ("Investigation complete; no suspect identified", 7753),
    ("Unable to prosecute suspect", 4698),
    ("Under investigation", 2604),
    ("Status update unavailable", 2198),
    ("Awaiting court outcome", 528),
    ("Offender given a caution", 325),
    ("Court result unavailable", 264),
    ("Offender given a drugs possession warning", 183),
    ("Action to be taken by another organisation", 181),
    ("Offender fined", 110),
    ("Local resolution", 91),
    ("Offender sent to prison", 89),
    ("Offender given community sentence", 75),
    ("Defendant found not guilty", 58),
    ("Offender given penalty notice", 54),
    ("Offender given suspended prison sentence", 47),
    ("Court case unable to proceed", 38),
    ("Formal action is not in the public interest", 24),
    ("Further investigation is not in the public interest", 22),
]

# POI-type map points (police.uk names them "On or near <type>") and their relative
# frequency among POI points; the rest of the map points are streets.
POI_TYPES = [
    ("Supermarket", 8), ("Parking Area", 10), ("Sports/Recreation Area", 6),
    ("Shopping Area", 4), ("Petrol Station", 4), ("Pedestrian Subway", 2),
    ("Park/Open Space", 3), ("Police Station", 1), ("Further/Higher Educational Building", 1),
    ("Nightclub", 1), ("Bus/Coach Station", 1), ("Hospital", 1),
    ("Theatre/Concert Hall", 1), ("Conference/Exhibition Centre", 1),
]
POI_SHARE = 0.12
# POIs attract more incidents than an average street (supermarkets, car parks, ...).
POI_POPULARITY = 3.0

STREET_STEMS = [
    "High", "Station", "Church", "Mill", "Park", "London", "Victoria", "Manor", "Queens",
    "Kings", "Green", "Orchard", "Hill", "School", "Grove", "Chestnut", "Oak", "Beech",
    "Cedar", "Willow", "Elm", "Meadow", "Spring", "Windmill", "North", "South", "West",
    "East", "Market", "Bridge", "Castle", "Abbey", "Priory", "Holly", "Ash", "Maple",
    "Albert", "Alexandra", "George", "York", "Stanley", "Cambridge", "Hatfield", "Watling",
    "Verulam", "Harpenden", "Marshall", "Ridgeway", "Brookside", "Woodland", "Fairfield",
    "Howard", "Bishops", "Old Mill", "Parkway", "Russell", "Salisbury", "Clarence",
]
STREET_TYPES = [
    "Road", "Street", "Lane", "Close", "Avenue", "Way", "Drive", "Crescent", "Gardens",
    "Court", "Place", "Walk", "Rise", "Grove", "Mews", "Hill",
]

# (name, lat, lon, sigma metres, weight, LSOA district, force)
HERTS = "Hertfordshire Constabulary"
TOWN_CENTRES = [
    ("St Albans centre", 51.7527, -0.3394, 350, 3.0, "St Albans", HERTS),
    ("St Albans suburbs", 51.7580, -0.3300, 1500, 4.0, "St Albans", HERTS),
    ("Harpenden", 51.8150, -0.3570, 900, 2.0, "St Albans", HERTS),
    ("London Colney", 51.7260, -0.2990, 600, 0.8, "St Albans", HERTS),
    ("Hatfield centre", 51.7630, -0.2250, 300, 2.0, "Welwyn Hatfield", HERTS),
    ("Hatfield suburbs", 51.7600, -0.2300, 1300, 3.0, "Welwyn Hatfield", HERTS),
    ("Welwyn Garden City centre", 51.8010, -0.2040, 350, 2.5, "Welwyn Hatfield", HERTS),
    ("Welwyn Garden City suburbs", 51.8000, -0.1950, 1400, 3.0, "Welwyn Hatfield", HERTS),
]

# (LSOA district, lat, lon, weight ~ population/100k, force). Each town becomes a tight
# centre plus a wider suburb Gaussian.
NATIONAL_TOWNS = [
    ("Westminster", 51.4975, -0.1357, 8, "Metropolitan Police Service"),
    ("Camden", 51.5290, -0.1255, 8, "Metropolitan Police Service"),
    ("Hackney", 51.5450, -0.0553, 8, "Metropolitan Police Service"),
    ("Lambeth", 51.4607, -0.1163, 8, "Metropolitan Police Service"),
    ("Croydon", 51.3762, -0.0982, 8, "Metropolitan Police Service"),
    ("Ealing", 51.5130, -0.3089, 8, "Metropolitan Police Service"),
    ("Newham", 51.5255, 0.0352, 8, "Metropolitan Police Service"),
    ("Barnet", 51.6252, -0.1517, 8, "Metropolitan Police Service"),
    ("Birmingham", 52.4862, -1.8904, 11, "West Midlands Police"),
    ("Coventry", 52.4068, -1.5197, 3.4, "West Midlands Police"),
    ("Wolverhampton", 52.5862, -2.1288, 2.6, "West Midlands Police"),
    ("Manchester", 53.4808, -2.2426, 6, "Greater Manchester Police"),
    ("Bolton", 53.5769, -2.4282, 2.9, "Greater Manchester Police"),
    ("Leeds", 53.8008, -1.5491, 8, "West Yorkshire Police"),
    ("Bradford", 53.7960, -1.7594, 5, "West Yorkshire Police"),
    ("Sheffield", 53.3811, -1.4701, 6, "South Yorkshire Police"),
    ("Liverpool", 53.4084, -2.9916, 5, "Merseyside Police"),
    ("Bristol", 51.4545, -2.5879, 5, "Avon and Somerset Constabulary"),
    ("Newcastle upon Tyne", 54.9783, -1.6178, 3, "Northumbria Police"),
    ("Sunderland", 54.9069, -1.3838, 2.8, "Northumbria Police"),
    ("Nottingham", 52.9548, -1.1581, 3, "Nottinghamshire Police"),
    ("Leicester", 52.6369, -1.1398, 3.5, "Leicestershire Police"),
    ("Cardiff", 51.4816, -3.1791, 3.6, "South Wales Police"),
    ("Swansea", 51.6214, -3.9436, 2.4, "South Wales Police"),
    ("Newport", 51.5842, -2.9977, 1.5, "Gwent Police"),
    ("Wrexham", 53.0430, -2.9925, 1.3, "North Wales Police"),
    ("Carmarthenshire", 51.8576, -4.3121, 1.0, "Dyfed-Powys Police"),
    ("Kingston upon Hull", 53.7676, -0.3274, 2.6, "Humberside Police"),
    ("Stoke-on-Trent", 53.0027, -2.1794, 2.5, "Staffordshire Police"),
    ("Plymouth", 50.3755, -4.1427, 2.6, "Devon & Cornwall Police"),
    ("Exeter", 50.7184, -3.5339, 1.3, "Devon & Cornwall Police"),
    ("Southampton", 50.9097, -1.4044, 2.5, "Hampshire Constabulary"),
    ("Portsmouth", 50.8198, -1.0880, 2.1, "Hampshire Constabulary"),
    ("Brighton and Hove", 50.8225, -0.1372, 2.8, "Sussex Police"),
    ("Norwich", 52.6309, 1.2974, 1.4, "Norfolk Constabulary"),
    ("Cambridge", 52.2053, 0.1218, 1.4, "Cambridgeshire Constabulary"),
    ("Peterborough", 52.5695, -0.2405, 2.0, "Cambridgeshire Constabulary"),
    ("Oxford", 51.7520, -1.2577, 1.5, "Thames Valley Police"),
    ("Reading", 51.4543, -0.9781, 1.7, "Thames Valley Police"),
    ("Milton Keynes", 52.0406, -0.7594, 2.7, "Thames Valley Police"),
    ("Gloucester", 51.8642, -2.2382, 1.3, "Gloucestershire Constabulary"),
    ("Derby", 52.9225, -1.4746, 2.6, "Derbyshire Constabulary"),
    ("Lincoln", 53.2307, -0.5406, 1.0, "Lincolnshire Police"),
    ("York", 53.9600, -1.0873, 2.0, "North Yorkshire Police"),
    ("Middlesbrough", 54.5742, -1.2350, 1.4, "Cleveland Police"),
    ("Preston", 53.7632, -2.7031, 1.4, "Lancashire Constabulary"),
    ("Blackpool", 53.8175, -3.0357, 1.4, "Lancashire Constabulary"),
    ("Carlisle", 54.8925, -2.9329, 1.1, "Cumbria Constabulary"),
    ("Cheshire West and Chester", 53.1934, -2.8931, 1.2, "Cheshire Constabulary"),
    ("Ipswich", 52.0567, 1.1482, 1.4, "Suffolk Constabulary"),
    ("Chelmsford", 51.7356, 0.4685, 1.8, "Essex Police"),
    ("Southend-on-Sea", 51.5459, 0.7077, 1.8, "Essex Police"),
    ("Maidstone", 51.2720, 0.5290, 1.7, "Kent Police"),
    ("West Northamptonshire", 52.2405, -0.9027, 2.2, "Northamptonshire Police"),
    ("Bedford", 52.1360, -0.4667, 1.8, "Bedfordshire Police"),
    ("Luton", 51.8787, -0.4200, 2.2, "Bedfordshire Police"),
    ("Stevenage", 51.9038, -0.1966, 0.9, HERTS),
    ("St Albans", 51.7527, -0.3394, 1.5, HERTS),
    ("Watford", 51.6565, -0.3903, 1.0, HERTS),
    ("Guildford", 51.2362, -0.5704, 1.5, "Surrey Police"),
    ("Worcester", 52.1920, -2.2200, 1.0, "West Mercia Police"),
    ("Shropshire", 52.7073, -2.7553, 1.0, "West Mercia Police"),
    ("Warwick", 52.2819, -1.5849, 1.0, "Warwickshire Police"),
    ("Bournemouth", 50.7192, -1.8808, 2.0, "Dorset Police"),
    ("Swindon", 51.5558, -1.7797, 2.2, "Wiltshire Police"),
    ("County Durham", 54.7761, -1.5733, 1.5, "Durham Constabulary"),
]
WELSH = {"Cardiff", "Swansea", "Newport", "Wrexham", "Carmarthenshire"}

METRES_PER_DEG_LAT = 111_320.0
LSOA_CELL_DEG = (0.006, 0.009)  # lat, lon: roughly 650 m x 620 m cells in southern England
NO_LOCATION_SHARE = 0.01


def centres_for(extent):
    if extent == "town":
        return TOWN_CENTRES
    out = []
    for district, lat, lon, w, force in NATIONAL_TOWNS:
        sigma = 1200.0 * math.sqrt(w)
        out.append((district + " centre", lat, lon, sigma / 5, 0.35 * w, district, force))
        out.append((district + " suburbs", lat, lon, sigma, 0.65 * w, district, force))
    return out


def make_map_points(rng, n_points, extent):
    """Return a list of map points: (lon_str, lat_str, location, lsoa_code, lsoa_name,
    force, popularity). Duplicate snapped coordinates are merged."""
    centres = centres_for(extent)
    cum = []
    total = 0.0
    for c in centres:
        total += c[4]
        cum.append(total)
    poi_names = [p for p, _ in POI_TYPES]
    poi_cum = []
    t = 0
    for _, w in POI_TYPES:
        t += w
        poi_cum.append(t)

    raw = {}
    for _ in range(n_points):
        c = centres[bisect.bisect_right(cum, rng.random() * total)]
        _, lat0, lon0, sigma, _, district, force = c
        dy = rng.gauss(0.0, sigma)
        dx = rng.gauss(0.0, sigma)
        lat = lat0 + dy / METRES_PER_DEG_LAT
        lon = lon0 + dx / (METRES_PER_DEG_LAT * math.cos(math.radians(lat0)))
        key = (f"{lon:.6f}", f"{lat:.6f}")
        if key in raw:
            continue
        if rng.random() < POI_SHARE:
            location = "On or near " + poi_names[bisect.bisect_right(poi_cum, rng.random() * t)]
            popularity = POI_POPULARITY
        else:
            location = ("On or near " + STREET_STEMS[rng.randrange(len(STREET_STEMS))] + " "
                        + STREET_TYPES[rng.randrange(len(STREET_TYPES))])
            popularity = 1.0
        # Log-normal popularity gives the heavy-tailed counts per point seen in police.uk.
        popularity *= math.exp(rng.gauss(0.0, 1.0))
        cell = (math.floor(lat / LSOA_CELL_DEG[0]), math.floor(lon / LSOA_CELL_DEG[1]))
        raw[key] = (location, district, force, cell, popularity)

    # Name LSOA cells "<district> NNNX" (4 per number, like A-D suffixes), in cell order.
    cells = sorted({(v[1], v[3]) for v in raw.values()})
    lsoa = {}
    per_district = {}
    for k, (district, cell) in enumerate(cells):
        i = per_district.get(district, 0)
        per_district[district] = i + 1
        prefix = "W01" if district in WELSH else "E01"
        lsoa[(district, cell)] = (f"{prefix}{900000 + k:06d}",
                                  f"{district} {i // 4 + 1:03d}{'ABCD'[i % 4]}")
    points = []
    for (lon_s, lat_s), (location, district, force, cell, pop) in sorted(raw.items()):
        code, name = lsoa[(district, cell)]
        points.append((lon_s, lat_s, location, code, name, force, pop))
    return points


def month_labels(start, n):
    parts = start.split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
        raise ValueError(start)
    y, m = int(parts[0]), int(parts[1])
    if not 1 <= m <= 12:
        raise ValueError(start)
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def rows_per_month(total, labels):
    """Split total rows over months with a mild summer peak (largest remainder)."""
    weights = [1.0 + 0.08 * math.sin(2 * math.pi * (int(l[5:7]) - 4) / 12) for l in labels]
    s = sum(weights)
    exact = [total * w / s for w in weights]
    counts = [int(e) for e in exact]
    order = sorted(range(len(labels)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def cumulative(weights):
    out, t = [], 0.0
    for w in weights:
        t += w
        out.append(t)
    return out


def month_lines(rng, month, n, points, point_cum, no_loc_force):
    types = [t for t, _ in CRIME_TYPE_SHARES]
    type_idx = rng.choices(range(len(types)), cum_weights=cumulative(s for _, s in CRIME_TYPE_SHARES), k=n)
    point_idx = rng.choices(range(len(points)), cum_weights=point_cum, k=n)
    outcomes = [o for o, _ in OUTCOME_COUNTS]
    outcome_cum = cumulative(c for _, c in OUTCOME_COUNTS)
    outcome_total = outcome_cum[-1]
    rand = rng.random
    getbits = rng.getrandbits
    keyed = []
    for j in range(n):
        ctype = types[type_idx[j]]
        if rand() < NO_LOCATION_SHARE:
            lon = lat = code = name = ""
            location = "No Location"
            force = no_loc_force
        else:
            lon, lat, location, code, name, force, _ = points[point_idx[j]]
        if ctype == "Anti-social behaviour":
            crime_id = outcome = ""
        else:
            crime_id = "%064x" % getbits(256)
            outcome = outcomes[bisect.bisect_right(outcome_cum, rand() * outcome_total)]
        line = (f"{crime_id},{month},{force},{force},{lon},{lat},{location},"
                f"{code},{name},{ctype},{outcome},\n")
        keyed.append((name, ctype, j, line))
    keyed.sort()
    return [k[3] for k in keyed]


def open_out(path):
    if path.endswith(".gz"):
        # mtime=0 and no file name: reproducible bytes.
        raw = open(path, "wb")
        gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)

        class Closing:
            def write(self, s):
                gz.write(s.encode("utf-8"))

            def close(self):
                gz.close()
                raw.close()
        return Closing()
    return open(path, "w", encoding="utf-8", newline="")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10000, help="total rows (default 10000)")
    ap.add_argument("--months", type=int, default=12, help="number of months (default 12)")
    ap.add_argument("--start-month", default="2024-01", help="first month YYYY-MM (default 2024-01)")
    ap.add_argument("--seed", type=int, default=20180101, help="random seed (default 20180101)")
    ap.add_argument("--extent", choices=("town", "national"), default="town")
    ap.add_argument("--points", type=int, default=0,
                    help="number of map points (default rows/30, at least 1)")
    ap.add_argument("--out", required=True,
                    help="output file (.csv or .csv.gz), or a folder with --per-month")
    ap.add_argument("--per-month", action="store_true",
                    help="write one YYYY-MM-synthetic-street.csv file per month into --out")
    args = ap.parse_args(argv)
    if args.rows < 0 or args.months < 1:
        ap.error("--rows must be >= 0 and --months >= 1")
    try:
        labels = month_labels(args.start_month, args.months)
    except ValueError:
        ap.error(f"--start-month {args.start_month!r} is not YYYY-MM")

    rng = random.Random(args.seed)
    n_points = args.points or max(1, round(args.rows / 30))
    points = make_map_points(rng, n_points, args.extent)
    point_cum = cumulative(p[6] for p in points)
    no_loc_force = HERTS if args.extent == "town" else "Metropolitan Police Service"
    counts = rows_per_month(args.rows, labels)

    if args.per_month:
        os.makedirs(args.out, exist_ok=True)
        for month, n in zip(labels, counts):
            f = open_out(os.path.join(args.out, f"{month}-synthetic-street.csv"))
            f.write(HEADER)
            for line in month_lines(rng, month, n, points, point_cum, no_loc_force):
                f.write(line)
            f.close()
    else:
        f = open_out(args.out)
        f.write(HEADER)
        for month, n in zip(labels, counts):
            f.write("".join(month_lines(rng, month, n, points, point_cum, no_loc_force)))
        f.close()
    print(f"wrote {args.rows} rows, {len(labels)} months, {len(points)} map points "
          f"({args.extent}) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
