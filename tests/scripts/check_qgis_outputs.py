#!/usr/bin/python3
"""Opens hotspot's styled outputs with real QGIS (python3-qgis, headless) and checks them.

usage: check_qgis_outputs.py OUTPUT_DIR [EXPECTED_JSON] [PNG]

EXPECTED_JSON (default OUTPUT_DIR/expected.json) lists the project file, its CRS and extent,
and per layer: name (in the layer tree, top to bottom), kind (vector/raster), its GeoPackage
and layer or its file, an optional GeoJSON copy, feature count, geometry (Point/Line/
Polygon), CRS, renderer type (singleSymbol, categorizedSymbol, graduatedSymbol,
singlebandpseudocolor), number of classes, labels on/off, opacity and visibility.

Checks:
  * the .qgs loads with QgsProject, in the expected CRS and default view extent, layers in
    the given order and visibility, each valid with the expected CRS, feature count,
    geometry, renderer, class count, labels and opacity; data sources are relative and the
    project still loads from a copy of the folder elsewhere;
  * each GeoPackage layer opened on its own with QgsVectorLayer gets its default style from
    the layer_styles table (same renderer and colours as the project's copy);
  * each GeoJSON copy opened with QgsVectorLayer picks up the .qml beside it; the raster
    picks up its .qml;
  * QGIS logs no warning while reading our styles and project;
  * the project renders (QgsMapRendererSequentialJob) to PNG (default OUTPUT_DIR/plan.png),
    which is not blank: the hotspot reds, the Gi*-free background and the camera symbols show.

Exit 0 when all holds, 1 otherwise, 77 (skipped) when QGIS's Python bindings are not installed.
"""
import json
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

from headless_qgis import SKIP, missing_qgis


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    out_dir = os.path.abspath(sys.argv[1])
    expected_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(out_dir, "expected.json")
    png_path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(out_dir, "plan.png")
    if not os.path.isfile(expected_path):
        print(f"no {expected_path}: run the test that writes the outputs first")
        return 1
    missing = missing_qgis()
    if missing:
        print(f"SKIPPED: {missing}")
        return SKIP
    from qgis.core import QgsApplication
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)

    app = QgsApplication([], False)
    app.initQgis()
    try:
        return Checker(out_dir, expected, png_path).run()
    finally:
        app.exitQgis()


class Checker:
    def __init__(self, out_dir, expected, png_path):
        self.out_dir = out_dir
        self.expected = expected
        self.png_path = png_path
        self.failures = []
        self.messages = []

    def fail(self, what):
        self.failures.append(what)
        print(f"FAIL: {what}")

    def check(self, condition, what):
        if not condition:
            self.fail(what)
        return condition

    def run(self):
        from qgis.core import Qgis, QgsApplication

        def on_message(message, tag, level):
            if level >= Qgis.Warning:
                self.messages.append(f"[{tag}] {message}")

        QgsApplication.messageLog().messageReceived.connect(on_message)
        print(f"QGIS {Qgis.QGIS_VERSION}")
        self.check_relative_sources()
        project = self.check_project(self.out_dir)
        self.check_gpkg_defaults(project)
        self.check_geojson_and_raster_styles(project)
        with tempfile.TemporaryDirectory() as moved:
            # The output folder is meant to be moved around: the project must still open.
            copy = os.path.join(moved, "moved plan")
            shutil.copytree(self.out_dir, copy)
            self.check_project(copy, quiet=True)
            project = self.check_project(self.out_dir, quiet=True)
        self.render(project)
        for message in self.messages:
            if "Using non-preferred coordinate operation" in message:
                # PROJ lacks an optional datum grid here (e.g. OSTN15): about this machine's
                # PROJ data, not about our files.
                print(f"note: {message[:160]}...")
                continue
            self.fail(f"QGIS logged a warning: {message}")
        if self.failures:
            print(f"{len(self.failures)} check(s) failed")
            return 1
        print("all QGIS checks passed")
        return 0

    # -- the project -------------------------------------------------------------------
    def check_relative_sources(self):
        tree = ET.parse(os.path.join(self.out_dir, self.expected["project"]))
        for source in tree.getroot().iter("datasource"):
            self.check(source.text and source.text.startswith("./"),
                       f"project data source {source.text!r} is not relative to the project")
        for node in tree.getroot().iter("Absolute"):
            self.check(node.text == "false", "project paths are not saved as relative")

    def check_project(self, folder, quiet=False):
        from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

        project = QgsProject.instance()
        project.clear()
        path = os.path.join(folder, self.expected["project"])
        if not self.check(project.read(path), f"QgsProject cannot read {path}: {project.error()}"):
            return project
        self.check(project.crs().authid() == self.expected["crs"],
                   f"project CRS {project.crs().authid()} != {self.expected['crs']}")
        extent = project.viewSettings().defaultViewExtent()
        want = self.expected["extent"]
        got = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
        self.check(all(abs(a - b) < 1e-6 for a, b in zip(got, want)), f"default view extent {got} != {want}")
        tree_layers = project.layerTreeRoot().findLayers()
        names = [node.name() for node in tree_layers]
        want_names = [layer["name"] for layer in self.expected["layers"]]
        self.check(names == want_names, f"layer order {names} != {want_names}")
        visible = {node.name(): node.isVisible() for node in tree_layers}
        for spec in self.expected["layers"]:
            found = project.mapLayersByName(spec["name"])
            if not self.check(len(found) == 1, f"{spec['name']}: {len(found)} layers of that name in the project"):
                continue
            layer = found[0]
            where = f"project layer {spec['name']}"
            self.check(visible.get(spec["name"]) == spec["visible"], f"{where}: visible {visible.get(spec['name'])}")
            if spec["kind"] == "vector":
                self.check(isinstance(layer, QgsVectorLayer), f"{where}: not a vector layer")
                self.check_vector(layer, spec, where)
            else:
                self.check(isinstance(layer, QgsRasterLayer), f"{where}: not a raster layer")
                self.check_raster(layer, spec, where)
        if not quiet:
            print(f"project {path}: {len(tree_layers)} layers checked")
        return project

    def check_vector(self, layer, spec, where, crs=None, renderer=True):
        from qgis.core import QgsWkbTypes

        if not self.check(layer.isValid(), f"{where}: layer is not valid"):
            return
        want_crs = crs or spec["crs"]
        self.check(layer.crs().authid() == want_crs, f"{where}: CRS {layer.crs().authid()} != {want_crs}")
        self.check(layer.featureCount() == spec["features"],
                   f"{where}: {layer.featureCount()} features, expected {spec['features']}")
        geometry = QgsWkbTypes.geometryDisplayString(layer.geometryType())
        self.check(geometry == spec["geometry"], f"{where}: geometry {geometry} != {spec['geometry']}")
        if renderer:
            self.check_renderer(layer, spec, where)

    def check_renderer(self, layer, spec, where):
        r = layer.renderer()
        self.check(r is not None and r.type() == spec["renderer"],
                   f"{where}: renderer {r.type() if r else None} != {spec['renderer']}")
        if r is None:
            return
        if spec["renderer"] == "categorizedSymbol":
            classes = len(r.categories())
        elif spec["renderer"] == "graduatedSymbol":
            classes = len(r.ranges())
        else:
            classes = 0
        self.check(classes == spec["classes"], f"{where}: {classes} classes, expected {spec['classes']}")
        self.check(layer.labelsEnabled() == spec["labels"], f"{where}: labels enabled {layer.labelsEnabled()}")
        self.check(abs(layer.opacity() - spec["opacity"]) < 1e-9, f"{where}: opacity {layer.opacity()}")

    def check_raster(self, layer, spec, where):
        if not self.check(layer.isValid(), f"{where}: raster is not valid"):
            return
        self.check(layer.crs().authid() == spec["crs"], f"{where}: CRS {layer.crs().authid()} != {spec['crs']}")
        self.check((layer.width(), layer.height()) == (spec["width"], spec["height"]),
                   f"{where}: {layer.width()}x{layer.height()} cells, expected {spec['width']}x{spec['height']}")
        r = layer.renderer()
        self.check(r.type() == spec["renderer"], f"{where}: renderer {r.type()} != {spec['renderer']}")
        if r.type() == "singlebandpseudocolor":
            items = r.shader().rasterShaderFunction().colorRampItemList()
            self.check(len(items) == spec["classes"], f"{where}: {len(items)} colour classes, expected {spec['classes']}")

    # -- styles stored with the data ----------------------------------------------------
    @staticmethod
    def colours(layer):
        """The colours the renderer draws with, in legend order."""
        r = layer.renderer()
        if r is None:
            return []
        return [symbol.color().name(0x1) for symbol in (s for s in r.symbols(_context()))]

    def check_gpkg_defaults(self, project):
        from qgis.core import QgsVectorLayer

        for spec in self.expected["layers"]:
            if spec["kind"] != "vector" or "gpkg" not in spec:
                continue
            uri = f"{os.path.join(self.out_dir, spec['gpkg'])}|layername={spec['layer']}"
            layer = QgsVectorLayer(uri, spec["layer"], "ogr")
            where = f"GeoPackage layer {spec['layer']}"
            self.check_vector(layer, spec, where)
            if not layer.isValid():
                continue
            count, _ids, style_names, _descriptions, error = layer.listStylesInDatabase()
            self.check(count >= 1 and spec["layer"] in style_names,
                       f"{where}: layer_styles holds {style_names} ({error})")
            in_project = project.mapLayersByName(spec["name"])
            if in_project:
                self.check(self.colours(layer) == self.colours(in_project[0]),
                           f"{where}: default style colours {self.colours(layer)} differ from the project's "
                           f"{self.colours(in_project[0])}")
        print("GeoPackage default styles checked")

    def check_geojson_and_raster_styles(self, project):
        from qgis.core import QgsRasterLayer, QgsVectorLayer

        for spec in self.expected["layers"]:
            if spec["kind"] == "vector" and "geojson" in spec:
                path = os.path.join(self.out_dir, spec["geojson"])
                where = f"GeoJSON {spec['geojson']}"
                # Opening the file applies the .qml beside it (QGIS's default-style lookup).
                layer = QgsVectorLayer(path, spec["layer"], "ogr")
                self.check_vector(layer, spec, where, crs="EPSG:4326")
                qml = os.path.splitext(path)[0] + ".qml"
                self.check(os.path.isfile(qml), f"{where}: no {qml}")
                message, ok = layer.loadNamedStyle(qml)
                self.check(ok, f"{where}: loading {qml} failed: {message}")
                in_project = project.mapLayersByName(spec["name"])
                if in_project and layer.isValid():
                    self.check(self.colours(layer) == self.colours(in_project[0]),
                               f"{where}: colours differ from the project's")
            elif spec["kind"] == "raster":
                path = os.path.join(self.out_dir, spec["file"])
                layer = QgsRasterLayer(path, spec["name"], "gdal")
                self.check_raster(layer, spec, f"raster {spec['file']} with its .qml")
        print("GeoJSON and raster .qml styles checked")

    # -- rendering ----------------------------------------------------------------------
    def render(self, project):
        from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle
        from qgis.PyQt.QtCore import QSize
        from qgis.PyQt.QtGui import QColor

        want = self.expected["extent"]
        extent = QgsRectangle(*want)
        settings = QgsMapSettings()
        settings.setLayers(project.layerTreeRoot().checkedLayers())
        settings.setDestinationCrs(project.crs())
        width = 1200
        height = max(1, round(width * extent.height() / extent.width()))
        settings.setOutputSize(QSize(width, height))
        settings.setExtent(extent)
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setTransformContext(project.transformContext())
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        for error in job.errors():
            self.fail(f"rendering layer {error.layerID}: {error.message}")
        image = job.renderedImage()
        self.check(image.save(self.png_path, "PNG"), f"cannot save {self.png_path}")
        # Sample the image: it must not be blank, and the map's own colours must be there.
        white = reds = stars = total = 0
        distinct = set()
        for y in range(0, image.height(), 3):
            for x in range(0, image.width(), 3):
                c = QColor(image.pixel(x, y))
                r, g, b = c.red(), c.green(), c.blue()
                total += 1
                distinct.add((r, g, b))
                if r > 245 and g > 245 and b > 245:
                    white += 1
                if r > 150 and g < 110 and b < 90:
                    reds += 1
                if (r, g, b) == (215, 25, 28):
                    stars += 1
        print(f"rendered {png_path_name(self.png_path)} {image.width()}x{image.height()}: "
              f"{1 - white / total:.1%} not white, {len(distinct)} colours, {reds} red samples, {stars} camera samples")
        # A district-wide plan of micro-places is mostly white paper; the colour, hotspot-red
        # and camera checks below say whether anything was drawn.
        self.check(white / total < 0.995, "the rendered map is (almost) blank")
        self.check(len(distinct) > 50, f"the rendered map has only {len(distinct)} colours")
        self.check(reds > 20, "no hotspot reds in the rendered map")
        self.check(stars > 0, "no camera symbols in the rendered map")


def _context():
    from qgis.core import QgsRenderContext

    return QgsRenderContext()


def png_path_name(path):
    return os.path.basename(path)


if __name__ == "__main__":
    sys.exit(main())
