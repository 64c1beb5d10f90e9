#!/usr/bin/python3
"""Counts for the committed spdep Gi* reference (tests/significance/getis_ord_reference_test.cpp).

All 2018 Hertfordshire street-level rows (data.police.uk), projected from WGS84 to EPSG:27700
with gdaltransform, counted in
  - a 30 x 30 grid of 200 m squares centred at x = 512100 + 200 c, y = 204100 + 200 r
    (St Albans), cell = the square containing the point;
  - 30 x 30 pointy-top hexagons, centres 200 m apart: x = 512100 + 200 (c + 0.5 (r odd)),
    y = 204100 + r 200 sqrt(3)/2, cell = nearest centre.
The masked case keeps the square cells whose centre is within 2,800 m of the grid's centre.
Usage: /usr/bin/python3 make_gistar_counts.py [street dir]; then Rscript make_gistar_reference.R
"""
import csv
import glob
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STREET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../shared/data/police_uk_hertfordshire/street")
X0, Y0, SIZE, N = 512100.0, 204100.0, 200.0, 30
H = SIZE * math.sqrt(3.0) / 2.0


def main():
    lonlat = []
    for path in sorted(glob.glob(os.path.join(STREET, "2018-*-hertfordshire-street.csv"))):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row["Longitude"] and row["Latitude"]:
                    lonlat.append(f"{row['Longitude']} {row['Latitude']}\n")
    out = subprocess.run(["gdaltransform", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:27700", "-output_xy"],
                         input="".join(lonlat), capture_output=True, text=True, check=True).stdout
    pts = [tuple(map(float, line.split())) for line in out.splitlines() if line.strip()]
    square = [[0] * N for _ in range(N)]
    hexagon = [[0] * N for _ in range(N)]
    for x, y in pts:
        c = math.floor((x - X0) / SIZE + 0.5)
        r = math.floor((y - Y0) / SIZE + 0.5)
        if 0 <= c < N and 0 <= r < N:
            square[r][c] += 1
        best = None
        r0 = math.floor((y - Y0) / H + 0.5)
        for rr in (r0 - 1, r0, r0 + 1):
            shift = 0.5 if rr % 2 else 0.0
            c0 = math.floor((x - X0) / SIZE - shift + 0.5)
            for cc in (c0 - 1, c0, c0 + 1):
                d2 = (x - (X0 + (cc + shift) * SIZE)) ** 2 + (y - (Y0 + rr * H)) ** 2
                if best is None or d2 < best[0]:
                    best = (d2, rr, cc)
        _, rr, cc = best
        if 0 <= cc < N and 0 <= rr < N:
            hexagon[rr][cc] += 1
    centre = X0 + SIZE * (N - 1) / 2, Y0 + SIZE * (N - 1) / 2
    with open(os.path.join(HERE, "gistar_counts.csv"), "w") as f:
        f.write("layout,column,row,x,y,count,in_mask\n")
        for layout, grid in (("square", square), ("hexagon", hexagon)):
            for r in range(N):
                for c in range(N):
                    if layout == "square":
                        x, y = X0 + c * SIZE, Y0 + r * SIZE
                    else:
                        x, y = X0 + (c + (0.5 if r % 2 else 0.0)) * SIZE, Y0 + r * H
                    inside = int(math.hypot(x - centre[0], y - centre[1]) <= 2800.0) if layout == "square" else 1
                    f.write(f"{layout},{c},{r},{x!r},{y!r},{grid[r][c]},{inside}\n")
    print("points", len(pts), "square total", sum(map(sum, square)), "hexagon total", sum(map(sum, hexagon)))


if __name__ == "__main__":
    main()
