#!/usr/bin/python3
"""The CLI commands' outputs open in real QGIS already styled.

usage: check_command_styles.py HOTSPOT SAMPLE_DIR WORK_DIR

Runs `hotspot density` on the sample's anti-social behaviour twice, with a 200 m kernel (every
hotspot level filled) and with a 10 m kernel (a sparse surface: fewer cells have any density
than the top 5% and 10% ask for), writing the GeoTIFF, the polygons as GeoJSON and GeoPackage.
Then, with QGIS's Python bindings (headless):
  * the GeoTIFF opened on its own picks up the .qml beside it: a discrete pseudocolour ramp
    whose class starts are the hotspot thresholds in the raster's metadata; a cell of 0 is
    drawn transparent, a cell at each threshold in that level's class, and on the sparse
    surface the smallest positive cell is drawn (not transparent);
  * the GeoJSON picks up its .qml and the GeoPackage layer its default style from
    layer_styles: categorized on `level`, one category per level in the file, the top 1% darkest;
  * `density --compare` (first against second half of 2018): the difference and ratio rasters
    pick up their diverging .qml: no change transparent, lower blue, higher red;
  * `gistar`, `trends`, `clusters` (GeoPackage and GeoJSON), `cctv` and `patrol` on the sample
    (Welwyn Hatfield): every GeoJSON picks up the .qml beside it and every GeoPackage layer its
    default style, with the renderer and field of that layer's standard style (Gi* graduated
    on gi_bin, emerging hot spots categorized on pattern, coverage on kind, cameras and patrol
    places labelled, clusters and routes single symbols); with --no-style nothing is written;
  * QGIS logs no warning while reading them.
Exit 0 when all holds, 1 otherwise, 77 (skipped) without QGIS's Python bindings.
"""
import os
import subprocess
import sys

from headless_qgis import SKIP, missing_qgis


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    hotspot, sample, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    missing = missing_qgis()
    if missing:
        print(f"SKIPPED: {missing}")
        return SKIP
    from osgeo import gdal
    from qgis.core import Qgis, QgsApplication
    global numpy
    import numpy

    runs = {}
    for name, bandwidth in (("wide", "200"), ("sparse", "10")):
        base = os.path.join(work, f"asb_{name}")
        for suffix in (".tif", ".qml", "_hotspots.geojson", "_hotspots.qml", ".gpkg"):
            if os.path.exists(base + suffix):
                os.remove(base + suffix)
        cmd = [hotspot, "density", os.path.join(sample, "police_uk"), "--types", "Anti-social behaviour",
               "--bandwidth", bandwidth, "--out", base + ".tif", "--polygons", base + "_hotspots.geojson",
               "--gpkg", base + ".gpkg"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(" ".join(cmd), "failed:", done.stdout, done.stderr)
            return 1
        runs[name] = base

    # --compare: the first half of 2018 against the second, difference and ratio rasters.
    police_files = sorted(os.path.join(sample, "police_uk", f) for f in os.listdir(os.path.join(sample, "police_uk"))
                          if f.startswith("2018-"))
    compare = os.path.join(work, "halves")
    for suffix in ("_difference.tif", "_difference.qml", "_ratio.tif", "_ratio.qml"):
        if os.path.exists(compare + suffix):
            os.remove(compare + suffix)
    cmd = [hotspot, "density", *police_files[:6], "--bandwidth", "200", "--out", os.path.join(work, "first_half.tif"),
           "--compare", *police_files[6:], "--compare-out", compare]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        print(" ".join(cmd), "failed:", done.stdout, done.stderr)
        return 1

    # The other commands, on Welwyn Hatfield.
    police = os.path.join(sample, "police_uk")
    within = ["--within", os.path.join(sample, "boundaries", "herts_districts.geojson"),
              "--within-where", "lad17nm = 'Welwyn Hatfield'"]
    out = lambda *names: os.path.join(work, *names)
    commands = [
        ["gistar", police, *within, "--cell", "200", "-o", out("gistar.geojson")],
        ["gistar", police, *within, "--cell", "200", "-o", out("gistar.gpkg")],
        ["trends", police, *within, "--cell", "250", "-o", out("trends.geojson")],
        ["clusters", police, *within, "--min-points", "3", "-o", out("clusters.gpkg")],
        ["clusters", police, *within, "--min-points", "3", "-o", out("clusters.geojson")],
        ["cctv", police, *within, "--types", "Anti-social behaviour", "--spacing", "100", "--cameras", "6",
         "--range", "40", "-o", out("cctv")],
        ["patrol", police, *within, "--out-dir", out("patrol"), "--gpkg", out("patrol.gpkg")],
        ["gistar", police, *within, "--cell", "200", "--no-style", "-o", out("plain", "gistar.geojson")],
    ]
    os.makedirs(out("plain"), exist_ok=True)
    for cmd in commands:
        done = subprocess.run([hotspot] + cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(" ".join(cmd), "failed:", done.stdout, done.stderr)
            return 1
    # (layer file or GeoPackage|layername, renderer type, class attribute or label field)
    vectors = [
        (out("gistar.geojson"), "graduatedSymbol", "gi_bin"),
        (out("gistar.gpkg") + "|layername=gistar", "graduatedSymbol", "gi_bin"),
        (out("trends.geojson"), "categorizedSymbol", "pattern"),
        (out("clusters.geojson"), "singleSymbol", None),
        (out("cctv/cameras.geojson"), "singleSymbol", "rank"),
        (out("cctv/coverage.geojson"), "categorizedSymbol", "kind"),
        (out("cctv/cctv.gpkg") + "|layername=cameras", "singleSymbol", "rank"),
        (out("cctv/cctv.gpkg") + "|layername=coverage", "categorizedSymbol", "kind"),
        (out("patrol/patrol_areas.geojson"), "singleSymbol", "rank"),
        (out("patrol/patrol_routes.geojson"), "singleSymbol", None),
        (out("patrol.gpkg") + "|layername=patrol_areas", "singleSymbol", "rank"),
    ]
    layers = subprocess.run(["ogrinfo", "-q", out("clusters.gpkg")], capture_output=True, text=True).stdout
    for line in layers.splitlines():
        name = line.split(":", 1)[1].split("(")[0].strip() if ":" in line else ""
        if name and name != "layer_styles":
            vectors.append((out("clusters.gpkg") + "|layername=" + name, "singleSymbol", None))
    unstyled = [f for f in os.listdir(out("plain")) if f.endswith(".qml")]

    failures = []
    messages = []
    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: messages.append(f"[{tag}] {message}") if level >= Qgis.Warning else None)
    try:
        # In a function, so every QGIS object is gone before exitQgis.
        check_runs(runs, failures, gdal)
        check_compare(compare, failures, gdal)
        check_vectors(vectors, failures)
        if unstyled:
            failures.append(f"--no-style wrote {unstyled}")
        if messages:
            failures.append("QGIS warned: " + "; ".join(messages))
    finally:
        app.exitQgis()

    for f in failures:
        print("FAIL:", f)
    print("command styles: " + ("all checks passed" if not failures else f"{len(failures)} failures"))
    return 0 if not failures else 1


def check_runs(runs, failures, gdal):
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    def check(condition, what):
        if not condition:
            failures.append(what)
        return condition

    for name, base in runs.items():
        tif = base + ".tif"
        ds = gdal.Open(tif)
        meta = ds.GetMetadata()
        values = ds.GetRasterBand(1).ReadAsArray()
        thresholds = sorted(float(v) for k, v in meta.items() if k.startswith("hotspot_threshold_"))
        check(len(thresholds) == 3, f"{name}: thresholds in the metadata: {sorted(meta)}")
        positive = values[values > 0]
        ds = None

        raster = QgsRasterLayer(tif, "density", "gdal")
        if not check(raster.isValid(), f"{name}: {tif} is not valid in QGIS"):
            continue
        renderer = raster.renderer()
        if not check(renderer.type() == "singlebandpseudocolor",
                     f"{name}: raster renderer {renderer.type()}, not the .qml's pseudocolour"):
            continue
        shader = renderer.shader().rasterShaderFunction()

        def alpha(value):
            ok, _r, _g, _b, a = shader.shade(float(value))
            return a if ok else None

        check(alpha(0.0) == 0, f"{name}: a cell of 0 is drawn with alpha {alpha(0.0)}, not transparent")
        check(alpha(float(positive.min())) not in (None, 0),
              f"{name}: the smallest cell with density ({positive.min()}) is not drawn")
        colours = []
        for t in (t for t in thresholds if t > 0):
            ok, r, g, b, a = shader.shade(t)
            check(ok and a > 0, f"{name}: a cell at the threshold {t} is not drawn")
            # The GeoTIFF holds float32: the level's k-th cell, rounded to float, is still in it.
            cell = float(numpy.float32(t))
            check(shader.shade(cell)[1:4] == (r, g, b),
                  f"{name}: the float32 cell {cell!r} at the threshold {t!r} is drawn in another class")
            colours.append((r, g, b))
            # The float32 value just below: a cell there is below the level.
            under = float(numpy.nextafter(numpy.float32(t), numpy.float32(0)))
            check(shader.shade(under)[1:4] != (r, g, b), f"{name}: a float32 cell {under!r} below {t!r} is drawn in that class's colour")
        check(len(set(colours)) == len(colours), f"{name}: threshold classes share colours {colours}")
        if name == "sparse":
            check(sum(1 for t in thresholds if t == 0) >= 1,
                  f"{name}: expected a level the surface cannot fill (threshold 0), got {thresholds}")

        for uri, where in ((base + "_hotspots.geojson", "GeoJSON"), (base + ".gpkg|layername=hotspots", "GeoPackage")):
            layer = QgsVectorLayer(uri, "hotspots", "ogr")
            if not check(layer.isValid(), f"{name}: {where} layer is not valid"):
                continue
            r = layer.renderer()
            check(r.type() == "categorizedSymbol", f"{name}: {where} renderer {r.type()}, not the style's")
            if r.type() != "categorizedSymbol":
                continue
            in_file = sorted({f["level"] for f in layer.getFeatures()})
            categories = [c.value() for c in r.categories()]
            check(sorted(categories) == in_file, f"{name}: {where} categories {categories}, levels {in_file}")
            check(r.classAttribute() == "level", f"{name}: {where} categorized on {r.classAttribute()}")
            if "top 1%" in categories and "top 10%" in categories:
                lightness = {c.value(): c.symbol().color().lightness() for c in r.categories()}
                check(lightness["top 1%"] < lightness["top 10%"],
                      f"{name}: {where} top 1% is not darker than top 10%: {lightness}")


def check_compare(prefix, failures, gdal):
    """--compare's rasters pick up their diverging styles: no change transparent, lower blue,
    higher red, every cell of the difference inside the classes' range."""
    from qgis.core import QgsRasterLayer

    for kind, none, lower, higher in (("difference", 0.0, None, None), ("ratio", 1.0, 0.1, 10.0)):
        tif = f"{prefix}_{kind}.tif"
        raster = QgsRasterLayer(tif, kind, "gdal")
        if not raster.isValid():
            failures.append(f"compare: {tif} is not valid in QGIS")
            continue
        renderer = raster.renderer()
        if renderer.type() != "singlebandpseudocolor":
            failures.append(f"compare: {kind} renderer {renderer.type()}, not the .qml's pseudocolour")
            continue
        shader = renderer.shader().rasterShaderFunction()
        if kind == "difference":
            ds = gdal.Open(tif)  # kept while its band is read: GDAL's Python would free it first
            values = ds.GetRasterBand(1).ReadAsArray()
            ds = None
            values = values[numpy.isfinite(values)]
            largest = float(numpy.abs(values).max())
            if not largest > 0:
                failures.append("compare: the two halves of 2018 give the same surface")
                continue
            lower, higher = -largest, largest
        ok, _r, _g, _b, a = shader.shade(none)
        if not ok or a != 0:
            failures.append(f"compare: {kind} {none} (no change) drawn with alpha {a}, not transparent")
        ok, r, _g, b, a = shader.shade(lower)
        if not (ok and a > 0 and b > r):
            failures.append(f"compare: {kind} {lower} (lower here) is not drawn blue: {(ok, r, b, a)}")
        ok, r, _g, b, a = shader.shade(higher)
        if not (ok and a > 0 and r > b):
            failures.append(f"compare: {kind} {higher} (higher here) is not drawn red: {(ok, r, b, a)}")


def check_vectors(vectors, failures):
    from qgis.core import QgsVectorLayer

    for uri, renderer_type, field in vectors:
        layer = QgsVectorLayer(uri, "layer", "ogr")
        where = os.path.basename(uri)
        if not layer.isValid():
            failures.append(f"{where}: not a valid layer in QGIS")
            continue
        if layer.featureCount() == 0:
            failures.append(f"{where}: no features to style")
        r = layer.renderer()
        if r.type() != renderer_type:
            failures.append(f"{where}: renderer {r.type()}, expected {renderer_type} (style not picked up?)")
            continue
        if renderer_type in ("categorizedSymbol", "graduatedSymbol"):
            if r.classAttribute() != field:
                failures.append(f"{where}: classified on {r.classAttribute()}, expected {field}")
        elif field is not None:
            labels = layer.labeling()
            if not layer.labelsEnabled() or labels is None:
                failures.append(f"{where}: not labelled")
            elif field not in labels.settings().fieldName:
                failures.append(f"{where}: labelled with {labels.settings().fieldName!r}, expected {field}")
        print(f"ok {where}: {r.type()}")


if __name__ == "__main__":
    sys.exit(main())
