#!/usr/bin/python3
"""Makes the committed scikit-learn DBSCAN reference used by tests/clusters/dbscan_reference_test.cpp.

Run once with Debian's interpreter (python3-sklearn): /usr/bin/python3 make_dbscan_reference.py
Input: the first 2,000 St Albans rows of the 2018-01.. Hertfordshire street files (in month order), projected to
EPSG:27700 with gdaltransform and rounded to whole metres (so distances of exactly eps are exact
and common), with a seeded integer weight 1..3 per row. police.uk snaps many rows to one
point, so the input has many exact duplicates.
Output: dbscan_input.csv (x,y,weight) and dbscan_sklearn_labels.csv (one column per case).
"""
import csv
import os
import subprocess
import sys

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.join(HERE, "../../../../shared/data/police_uk_hertfordshire/street")

# (name, eps, min_samples, weighted)
CASES = [("eps100_min10_weighted", 100.0, 10, True),
         ("eps250_min40_weighted", 250.0, 40, True),
         ("eps150_min8_unweighted", 150.0, 8, False),
         ("eps50_min4_weighted", 50.0, 4, True)]


def main():
    lonlat = []
    source_dir = sys.argv[1] if len(sys.argv) > 1 else SOURCE_DIR
    for month in ("2018-01", "2018-02", "2018-03"):
        with open(os.path.join(source_dir, f"{month}-hertfordshire-street.csv"), newline="") as f:
            for row in csv.DictReader(f):
                if len(lonlat) < 2000 and row["LSOA name"].startswith("St Albans") and row["Longitude"]:
                    lonlat.append((row["Longitude"], row["Latitude"]))
    out = subprocess.run(["gdaltransform", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:27700", "-output_xy"],
                         input="".join(f"{lon} {lat}\n" for lon, lat in lonlat),
                         capture_output=True, text=True, check=True).stdout.split("\n")
    xy = np.array([[round(float(v)) for v in line.split()] for line in out if line.strip()], dtype=float)
    rng = np.random.default_rng(20261122)
    weight = rng.integers(1, 4, size=len(xy)).astype(float)
    with open(os.path.join(HERE, "dbscan_input.csv"), "w") as f:
        f.write("x,y,weight\n")
        for (x, y), w in zip(xy, weight):
            f.write(f"{int(x)},{int(y)},{int(w)}\n")
    labels = []
    for name, eps, min_samples, weighted in CASES:
        # kd_tree compares squared distances with eps^2, as hotspot does; 'brute' would use
        # the |x|^2 + |y|^2 - 2xy expansion, which rounds.
        model = DBSCAN(eps=eps, min_samples=min_samples, algorithm="kd_tree")
        model.fit(xy, sample_weight=weight if weighted else None)
        core = np.zeros(len(xy), dtype=int)
        core[model.core_sample_indices_] = 1
        labels.append((name, model.labels_, core))
        print(name, "clusters", model.labels_.max() + 1, "noise", int((model.labels_ == -1).sum()),
              "core", int(core.sum()))
    with open(os.path.join(HERE, "dbscan_sklearn_labels.csv"), "w") as f:
        f.write("# scikit-learn " + sklearn.__version__ + " DBSCAN(algorithm='kd_tree'); cases name=eps,min_samples,weighted: "
                + "; ".join(f"{n}={e},{m},{int(w)}" for n, e, m, w in CASES) + "\n")
        f.write(",".join(f"{n}_label,{n}_core" for n, *_ in CASES) + "\n")
        for i in range(len(xy)):
            f.write(",".join(f"{lab[i]},{core[i]}" for _, lab, core in labels) + "\n")


if __name__ == "__main__":
    main()
