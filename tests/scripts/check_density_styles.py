#!/usr/bin/python3
"""`hotspot density` outputs open in real QGIS already styled.

usage: check_density_styles.py HOTSPOT SAMPLE_DIR WORK_DIR

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
  * QGIS logs no warning while reading them.
Exit 0 when all holds, 1 otherwise, 77 (skipped) without QGIS's Python bindings.
"""
import os
import subprocess

import numpy
import sys
import tempfile

SKIP = 77


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    hotspot, sample, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="qgis-runtime-"))
    try:
        from qgis.core import Qgis, QgsApplication
        from osgeo import gdal
    except ImportError as error:
        print(f"SKIPPED: QGIS's or GDAL's Python bindings are not installed ({error})")
        return SKIP

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

    failures = []
    messages = []
    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: messages.append(f"[{tag}] {message}") if level >= Qgis.Warning else None)
    try:
        # In a function, so every QGIS object is gone before exitQgis.
        check_runs(runs, failures, gdal)
        if messages:
            failures.append("QGIS warned: " + "; ".join(messages))
    finally:
        app.exitQgis()

    for f in failures:
        print("FAIL:", f)
    print("density styles: " + ("all checks passed" if not failures else f"{len(failures)} failures"))
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


if __name__ == "__main__":
    sys.exit(main())
