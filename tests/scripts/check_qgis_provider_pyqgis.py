#!/usr/bin/python3
"""The hotspot Processing provider inside a PyQGIS project (QGIS 3.22, headless).

usage: check_qgis_provider_pyqgis.py HOTSPOT SAMPLE_DIR WORK_DIR

A project holds two memory layers made from the sample: the police.uk incidents of 2018 as
points (Month, Crime type) and the Hertfordshire districts, with Welwyn Hatfield selected.
  * hotspot:density runs on them (incidents: the memory layer; study area: the selection only)
    through processing.runAndLoadResults, as the Processing dialog runs it. The tool's own
    account, "rows read N, used M", must show N = the memory layer's features and M = the
    incidents QGIS itself finds in the selected polygon (projected to EPSG:27700, boundary
    inside); M must differ from the count in all districts (the selection was honoured).
  * The outputs open in one layer group named after the run, polygons above the raster, each
    with the tool's style: the raster a pseudocolour ramp with the hotspot classes, the
    polygons categorized on `level`.
  * hotspot:cctv, its demand the density layer now in the project: a group "cctv: ..." with
    the cameras (as many as asked, labelled) above their coverage (categorized on `kind`).
  * With `plan` in the description: hotspot:plan opens the project plan.qgs's layers as a
    group, with the project's names, order and visibility; the progress bar follows the
    stages the tool reports.
  * The loaded groups render (QgsMapRendererParallelJob) to WORK_DIR/provider_map.png: not
    blank, with the density reds and the camera symbols.
  * Cancel: a slow density run (bandwidth by cross-validation) is cancelled as soon as the tool
    reports its first line; the algorithm stops within seconds with "stopped", the tool's
    process is gone, and neither the output nor a staging folder is left.
Exit 0 when all holds, 1 otherwise, 77 (skipped) without QGIS.
"""
import csv
import glob
import gzip
import os
import re
import shutil
import sys
import time

from headless_qgis import SKIP
from qgis_provider_env import PLUGIN_ROOT, describe, skip_reason

problems = []


def check(condition, message):
    print(("ok:   " if condition else "FAIL: ") + message)
    if not condition:
        problems.append(message)


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    hotspot, sample, work = (os.path.abspath(a) for a in sys.argv[1:])
    reason = skip_reason()
    if reason:
        print(f"SKIPPED: {reason}")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.environ["HOTSPOT_EXECUTABLE"] = hotspot
    sys.path[:0] = ["/usr/share/qgis/python/plugins", PLUGIN_ROOT]
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    try:
        run(hotspot, sample, work)
    finally:
        app.exitQgis()
    print(f"{len(problems)} problems" if problems else "all checks hold")
    return 1 if problems else 0


def incidents_layer(sample):
    """The sample's police.uk rows with coordinates, as a memory point layer (EPSG:4326)."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "incidents 2018 (memory)", "memory")
    provider = layer.dataProvider()
    provider.addAttributes([QgsField("Month", QVariant.String), QgsField("Crime type", QVariant.String)])
    layer.updateFields()
    features = []
    for path in sorted(glob.glob(os.path.join(sample, "police_uk", "*-street.csv.gz"))):
        with gzip.open(path, "rt", newline="") as rows:
            for row in csv.DictReader(rows):
                if not row["Longitude"] or not row["Latitude"]:
                    continue
                feature = QgsFeature(layer.fields())
                feature.setAttributes([row["Month"], row["Crime type"]])
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(row["Longitude"]), float(row["Latitude"]))))
                features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer


def districts_layer(sample):
    """The districts as a memory polygon layer, Welwyn Hatfield selected."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer
    source = QgsVectorLayer(os.path.join(sample, "boundaries", "herts_districts.geojson"), "districts", "ogr")
    layer = source.materialize(QgsFeatureRequest())
    layer.setName("districts (memory)")
    layer.selectByExpression("\"lad17nm\" = 'Welwyn Hatfield'")
    return layer


def count_inside(incidents, polygons):
    """Incidents QGIS finds inside the polygons (boundary inside), both in EPSG:27700 as the tool works."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject
    bng = QgsCoordinateReferenceSystem("EPSG:27700")
    to_bng = QgsCoordinateTransform(incidents.crs(), bng, QgsProject.instance())
    area = QgsGeometry.unaryUnion([f.geometry() for f in polygons])
    area.transform(QgsCoordinateTransform(incidents.crs(), bng, QgsProject.instance()))
    engine = QgsGeometry.createGeometryEngine(area.constGet())
    engine.prepareGeometry()
    inside = 0
    for feature in incidents.getFeatures():
        point = QgsGeometry(feature.geometry())
        point.transform(to_bng)
        inside += 1 if engine.intersects(point.constGet()) else 0
    return inside


class Recorder:
    """A QgsProcessingFeedback that keeps what the algorithm said, and can cancel on a line."""

    def __new__(cls, cancel_on=None):
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.lines, self.progress, self.stages, self.cancelled_at = [], [], [], None

            def pushInfo(self, text):
                self.lines.append(text)
                if cancel_on and cancel_on in text and not self.isCanceled():
                    self.cancelled_at = time.monotonic()
                    self.cancel()

            def pushWarning(self, text):
                self.lines.append(text)

            def pushConsoleInfo(self, text):
                self.lines.append(text)

            def pushCommandInfo(self, text):
                self.lines.append(text)

            def setProgressText(self, text):
                self.stages.append(text)

            def reportError(self, text, fatal=False):
                self.lines.append("ERROR " + text)

        feedback = Feedback()
        feedback.progressChanged.connect(lambda value: feedback.progress.append(value))
        return feedback


def _near(a, b):
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def group_named(prefix):
    from qgis.core import QgsLayerTreeGroup, QgsProject
    for node in QgsProject.instance().layerTreeRoot().children():
        if isinstance(node, QgsLayerTreeGroup) and node.name().startswith(prefix):
            return node
    return None


def run(hotspot, sample, work):
    import processing
    from processing.core.Processing import Processing
    from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem,
                           QgsCoordinateTransform, QgsRenderContext,
                           QgsMapRendererParallelJob, QgsMapSettings, QgsProcessingException,
                           QgsProcessingFeatureSourceDefinition, QgsProject, QgsRasterLayer,
                           QgsSingleBandPseudoColorRenderer, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
    import hotspot_provider

    Processing.initialize()
    plugin = hotspot_provider.classFactory(None)
    plugin.initProcessing()
    provider = QgsApplication.processingRegistry().providerById("hotspot")
    commands = {c["name"] for c in describe(hotspot)["commands"]}
    check(provider is not None and len(provider.algorithms()) == len(commands),
          f"the provider is registered with {len(provider.algorithms()) if provider else 0} algorithms "
          f"for {len(commands)} commands")

    project = QgsProject.instance()
    incidents = incidents_layer(sample)
    districts = districts_layer(sample)
    project.addMapLayers([incidents, districts])
    selected = list(districts.getSelectedFeatures())
    expected_used = count_inside(incidents, selected)
    all_districts = count_inside(incidents, list(districts.getFeatures()))
    print(f"memory layers: {incidents.featureCount()} incidents; {len(selected)} district selected of "
          f"{districts.featureCount()}; QGIS counts {expected_used} inside it, {all_districts} inside all")

    # --- density from memory layers and a selection -------------------------------------
    feedback = Recorder()
    results = processing.runAndLoadResults("hotspot:density", {
        "INPUTS": [incidents], "MONTH_FIELD": "Month", "CATEGORY_FIELD": "Crime type",
        "WITHIN": QgsProcessingFeatureSourceDefinition(districts.id(), True),
        "OUT": os.path.join(work, "wh_density.tif"), "POLYGONS": os.path.join(work, "wh_hotspots.geojson")},
        feedback=feedback)
    account = next((re.search(r"rows read (\d+), used (\d+)", line) for line in feedback.lines
                    if re.search(r"rows read (\d+), used (\d+)", line)), None)
    check(account is not None, "the tool's row account is in the log")
    if account:
        read, used = int(account.group(1)), int(account.group(2))
        check(read == incidents.featureCount(), f"rows read {read} = the memory layer's {incidents.featureCount()} features")
        check(used == expected_used, f"used {used} = {expected_used} incidents QGIS finds in the selected district")
        check(used != all_districts, f"the selection counts ({used}), not all districts ({all_districts})")
    check(results and os.path.exists(results["OUT"]), "the density GeoTIFF is written")
    group = group_named("density: wh_density")
    check(group is not None, "the outputs are in a group named after the run (\"density: wh_density\")")
    if group is not None:
        layers = [node.layer() for node in group.findLayers()]
        print("  group:", [(layer.name(), type(layer.renderer()).__name__) for layer in layers])
        check(len(layers) == 2 and isinstance(layers[0], QgsVectorLayer) and isinstance(layers[1], QgsRasterLayer),
              "hotspot polygons above the raster")
        if len(layers) == 2:
            renderer = layers[0].renderer()
            check(isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "level",
                  "the polygons are styled: categorized on level (their .qml)")
            raster_renderer = layers[1].renderer()
            classes = raster_renderer.shader().rasterShaderFunction().colorRampItemList() \
                if isinstance(raster_renderer, QgsSingleBandPseudoColorRenderer) else []
            check(len(classes) >= 3, f"the raster is styled: a pseudocolour ramp of {len(classes)} classes (its .qml)")
        check(QgsProject.instance().layerTreeRoot().children()[0] == group, "the group is at the top of the layer tree")

    # --- cctv with the density layer as demand -------------------------------------------
    density_layer = group.findLayers()[-1].layer() if group is not None else None
    feedback = Recorder()
    results = processing.runAndLoadResults("hotspot:cctv", {
        "INPUTS": [incidents], "MONTH_FIELD": "Month", "CATEGORY_FIELD": "Crime type",
        "WITHIN": QgsProcessingFeatureSourceDefinition(districts.id(), True), "DEMAND_RASTER": density_layer,
        "CAMERAS": 3, "OUT": os.path.join(work, "wh_cctv")}, feedback=feedback)
    cctv = group_named("cctv: wh_cctv")
    check(cctv is not None, "the cctv outputs are in a group \"cctv: wh_cctv\"")
    if cctv is not None:
        layers = [node.layer() for node in cctv.findLayers()]
        print("  group:", [(layer.name(), layer.featureCount(), type(layer.renderer()).__name__) for layer in layers])
        names = [layer.name() for layer in layers]
        check(names[:2] == ["cameras", "coverage"], f"cameras above coverage ({names})")
        if names[:2] == ["cameras", "coverage"]:
            check(layers[0].featureCount() == 3, f"{layers[0].featureCount()} cameras, as asked (3)")
            check(layers[0].labelsEnabled(), "the cameras are labelled (their style)")
            check(isinstance(layers[1].renderer(), QgsCategorizedSymbolRenderer)
                  and layers[1].renderer().classAttribute() == "kind", "the coverage is categorized on kind")

    rendered = [cctv, group]
    # --- plan: the project's layers as a group --------------------------------------------
    if "plan" in commands:
        feedback = Recorder()
        processing.runAndLoadResults("hotspot:plan", {
            "INPUTS_PATH": os.path.join(sample, "police_uk"),
            "WITHIN": os.path.join(sample, "boundaries", "herts_districts.geojson"),
            "WITHIN_WHERE": "lad17nm = 'Welwyn Hatfield'", "UNITS": 3, "OUT": os.path.join(work, "plan")},
            feedback=feedback)
        plan = group_named("plan: plan")
        check(plan is not None, "the plan is loaded as a group \"plan: plan\"")
        if plan is not None:
            from xml.etree import ElementTree
            tree = ElementTree.parse(os.path.join(work, "plan", "plan.qgs"))
            wanted = [(n.get("name"), n.get("checked") != "Qt::Unchecked") for n in tree.getroot().iter("layer-tree-layer")]
            got = [(node.layer().name(), node.itemVisibilityChecked()) for node in plan.findLayers()]
            check(got == wanted, f"the group has plan.qgs's layers, names, order and visibility ({len(got)} layers)")
        # The tool's part ends at 100; QGIS's own post-processing (processing.gui.Postprocessing)
        # then counts the loaded outputs from 0 to 100 again, which is not the tool's to check.
        tool = feedback.progress[:feedback.progress.index(100.0) + 1] if 100.0 in feedback.progress else feedback.progress
        check(len(feedback.stages) >= 3 and tool == sorted(tool) and max(tool or [0]) >= 99
              and len(set(tool)) >= 3,
              f"the progress bar follows the tool's stages ({len(feedback.stages)} stages: {feedback.stages[:4]}...; "
              f"progress {feedback.progress})")
        rendered = [plan]

    # --- render what was loaded ------------------------------------------------------------
    layers = [node.layer() for group_node in rendered if group_node is not None for node in group_node.findLayers()
              if node.itemVisibilityChecked()]
    if layers:
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:27700"))
        extent = layers[-1].extent() if isinstance(layers[-1], QgsRasterLayer) else layers[0].extent()
        settings.setExtent(extent)
        settings.setOutputSize(QSize(900, 900))
        settings.setBackgroundColor(QColor(255, 255, 255))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        path = os.path.join(work, "provider_map.png")
        image.save(path)
        colours, reds = set(), 0
        for y in range(0, image.height(), 3):
            for x in range(0, image.width(), 3):
                colour = QColor(image.pixel(x, y))
                colours.add(colour.rgb())
                reds += 1 if colour.red() > 180 and colour.green() < 110 and colour.blue() < 110 else 0
        check(len(colours) > 20 and reds > 50, f"{path}: {len(colours)} colours, {reds} sampled red pixels (not blank)")
        # Each camera is drawn where it stands: its symbol's colour near its point.
        cameras = next((layer for layer in layers if layer.name() in ("cameras", "Recommended cameras")), None)
        if cameras is not None:
            transform = QgsCoordinateTransform(cameras.crs(), settings.destinationCrs(), QgsProject.instance())
            colour = cameras.renderer().symbols(QgsRenderContext())[0].color()
            drawn = 0
            for feature in cameras.getFeatures():
                pixel = settings.mapToPixel().transform(transform.transform(feature.geometry().asPoint()))
                drawn += any(_near(QColor(image.pixel(int(pixel.x()) + dx, int(pixel.y()) + dy)), colour)
                             for dx in range(-6, 7) for dy in range(-6, 7))
            check(drawn == cameras.featureCount(),
                  f"{drawn} of {cameras.featureCount()} cameras drawn at their place in {colour.name()}")

    # --- cancel ----------------------------------------------------------------------------
    out = os.path.join(work, "cancelled")
    os.makedirs(out)
    feedback = Recorder(cancel_on="rows read")
    started = time.monotonic()
    try:
        processing.run("hotspot:density", {"INPUTS_PATH": os.path.join(sample, "police_uk"), "BANDWIDTH": "cv",
                                           "OUT": os.path.join(out, "density.tif")}, feedback=feedback)
        stopped = None
    except QgsProcessingException as error:
        stopped = str(error)
    ended = time.monotonic()
    check(feedback.cancelled_at is not None, "cancelled when the tool reported its first line")
    check(stopped is not None and "stopped" in stopped, f"the run ends with {stopped!r}")
    if feedback.cancelled_at is not None:
        check(ended - feedback.cancelled_at < 5.0,
              f"it stopped {ended - feedback.cancelled_at:.2f} s after Cancel (run started {feedback.cancelled_at - started:.1f} s before)")
    left = os.listdir(out)
    check(left == [], f"nothing is left in the output folder ({left})")
    alive = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if out.encode() in cmdline.read():
                    alive.append(pid)
        except OSError:
            pass
    check(alive == [], f"no hotspot process is left running ({alive})")
    # Drop project layers before QGIS exits.
    QgsProject.instance().clear()


if __name__ == "__main__":
    sys.exit(main())
