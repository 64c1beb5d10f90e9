"""Which map layers a run wrote, and opening them in the project as one layer group named after
the run, styled by the tool's own styles, top layer first.

The layers are handed to Processing's own "load on completion" list, with a post-processor per
layer that applies the default style (the .qml beside a GeoJSON or GeoTIFF, the layer_styles
table of a GeoPackage) and moves the layer into the run's group at its place. Processing calls
post-processors on the main thread once the algorithm has finished, in the GUI, in models and
in PyQGIS's processing.runAndLoadResults alike."""

import os
import time
import xml.etree.ElementTree as ElementTree

from qgis.core import (QgsLayerTreeLayer, QgsMapLayerType, QgsProcessingContext, QgsProcessingLayerPostProcessorInterface,
                       QgsProcessingUtils, QgsWkbTypes)

MAP_EXTENSIONS = (".tif", ".tiff", ".geojson", ".json", ".gpkg")


class MapOutput:
    """One layer to open: its URI (a path, or "path|layername=x"), name, provider, whether it
    starts visible, and its place in the run's own order."""

    def __init__(self, uri, name, raster=False, visible=True, order=0):
        self.uri, self.name, self.raster, self.visible, self.order = uri, name, raster, visible, order


def geopackage_layers(path):
    """The spatial layers of a GeoPackage, in file order (layer_styles and other tables left out)."""
    from osgeo import ogr
    dataset = ogr.Open(path)
    if dataset is None:
        return []
    names = []
    for index in range(dataset.GetLayerCount()):
        layer = dataset.GetLayerByIndex(index)
        if layer.GetGeomType() != ogr.wkbNone:
            names.append(layer.GetName())
    return names


def project_layers(path):
    """The layers of a .qgs project the tool wrote (plan.qgs), top first, as MapOutputs: the
    project's own names, sources (made absolute) and visibility."""
    folder = os.path.dirname(os.path.abspath(path))
    tree = ElementTree.parse(path)
    layers = []
    for node in tree.getroot().iter("layer-tree-layer"):
        source = node.get("source", "")
        file_part, _, rest = source.partition("|")
        if not os.path.isabs(file_part):
            file_part = os.path.normpath(os.path.join(folder, file_part))
        uri = file_part + ("|" + rest if rest else "")
        layers.append(MapOutput(uri, node.get("name", os.path.basename(file_part)),
                                raster=node.get("providerKey") == "gdal",
                                visible=node.get("checked", "Qt::Checked") != "Qt::Unchecked", order=len(layers)))
    return layers


def _file_layers(path, name):
    """MapOutputs of one written file: a GeoTIFF, a GeoJSON, or every layer of a GeoPackage."""
    if path.endswith(".gpkg"):
        return [MapOutput(f"{path}|layername={layer}", layer) for layer in geopackage_layers(path)]
    return [MapOutput(path, name, raster=path.endswith((".tif", ".tiff")))]


def folder_outputs(command, folder):
    """The map layers in an output folder: the project's layers when the command writes one
    (plan), else each raster and vector output that exists; a layer both in a GeoPackage and as
    GeoJSON is opened once, from the GeoPackage (which holds it in the working CRS)."""
    present = [out for out in command.get("outputs", []) if os.path.exists(os.path.join(folder, out["file"]))]
    for out in present:
        if out["kind"] == "project" and out["file"].endswith(".qgs"):
            return project_layers(os.path.join(folder, out["file"]))
    layers, in_geopackage = [], set()
    for out in present:
        path = os.path.join(folder, out["file"])
        if out["kind"] == "vector" and path.endswith(".gpkg"):
            found = _file_layers(path, out["id"])
            in_geopackage.update(layer.name for layer in found)
            layers.extend(found)
    for out in present:
        path = os.path.join(folder, out["file"])
        if out["kind"] == "raster" or (out["kind"] == "vector" and not path.endswith(".gpkg")):
            stem = os.path.splitext(out["file"])[0]
            if stem not in in_geopackage:
                layers.extend(_file_layers(path, stem))
    return layers


def file_outputs(paths, started):
    """The map layers a run wrote to named files: each path that exists, and the files it wrote
    beside one under that name as a prefix (density's --compare-out rasters), since `started`."""
    layers, seen = [], set()
    for path, name in paths:
        candidates = [path]
        folder = os.path.dirname(path) or "."
        base = os.path.basename(path)
        stem = os.path.splitext(base)[0]
        if os.path.isdir(folder):
            for entry in sorted(os.listdir(folder)):
                full = os.path.join(folder, entry)
                if entry != base and entry.endswith(MAP_EXTENSIONS) and (entry.startswith(base + "_") or entry.startswith(stem + "_")) \
                        and os.path.getmtime(full) >= started - 1:
                    candidates.append(full)
        for candidate in candidates:
            if candidate in seen or not os.path.isfile(candidate):
                continue
            seen.add(candidate)
            label = name if candidate == path else os.path.splitext(os.path.basename(candidate))[0]
            layers.extend(_file_layers(candidate, label))
    return layers


def _drawing_rank(layer):
    """Points over lines over polygons over rasters, as a map is read."""
    if layer.type() != QgsMapLayerType.VectorLayer:
        return 3
    return {QgsWkbTypes.PointGeometry: 0, QgsWkbTypes.LineGeometry: 1, QgsWkbTypes.PolygonGeometry: 2}.get(
        layer.geometryType(), 3)


class RunGroup:
    """The layer group of one run, created at the top of the layer tree when its first layer
    arrives; layers are kept in order as they come in (Processing loads them in path order)."""

    def __init__(self, name, keep_order):
        self.name = name
        self.keep_order = keep_order  # True: the outputs' own order (a project's); else by geometry
        self.group = None
        self.ranks = {}  # layer id -> its place

    def place(self, layer, project, order, visible):
        root = project.layerTreeRoot()
        node = root.findLayer(layer.id())
        if node is None:
            return
        if self.group is None:
            self.group = root.insertGroup(0, self.name)
        rank = (order,) if self.keep_order else (_drawing_rank(layer), order)
        self.ranks[layer.id()] = rank
        # Before the first of the group's layers that comes after this one. The desktop may
        # have put the new layer into this very group already (its insertion point is the
        # group last touched), so the layer's own node is skipped while counting.
        children = self.group.children()
        position = len(children)
        for index, child in enumerate(children):
            other = self.ranks.get(child.layerId()) if isinstance(child, QgsLayerTreeLayer) and child != node else None
            if other is not None and other > rank:
                position = index
                break
        # The clone goes in before the original goes: a layer whose last node leaves the tree
        # is removed from the project.
        clone = node.clone()
        clone.setItemVisibilityChecked(visible)
        self.group.insertChildNode(position, clone)
        node.parent().removeChildNode(node)


# Post-processors must outlive the algorithm run that made them (Processing keeps only a
# pointer); they are dropped once used.
_LIVE = set()


class PlaceInGroup(QgsProcessingLayerPostProcessorInterface):
    """Styles one loaded output and moves it into its run's group."""

    def __init__(self, run_group, output):
        super().__init__()
        self.run_group, self.output = run_group, output
        _LIVE.add(self)

    def postProcessLayer(self, layer, context, feedback):
        try:
            message, ok = layer.loadDefaultStyle()
            if not ok and feedback is not None:
                feedback.pushInfo(f"{self.output.name}: no style of its own ({message})")
            layer.triggerRepaint()
            project = context.project()
            if project is not None:
                self.run_group.place(layer, project, self.output.order, self.output.visible)
        finally:
            _LIVE.discard(self)


def run_group_name(command_name, main_output):
    """The group's name: the command and the run's main output, or the time of a run into
    temporary outputs ("cctv: oxford_cameras", "density 14:03:22")."""
    temporary = os.path.abspath(QgsProcessingUtils.tempFolder())
    if main_output and not os.path.abspath(main_output).startswith(temporary + os.sep):
        stem = os.path.splitext(os.path.basename(os.path.normpath(main_output)))[0]
        return f"{command_name}: {stem}"
    return f"{command_name} {time.strftime('%H:%M:%S')}"


def open_when_done(context, group_name, layers, keep_order):
    """Hands `layers` to Processing to open when the algorithm has finished, into one group."""
    project = context.project()
    if project is None or not layers:
        return
    run_group = RunGroup(group_name, keep_order)
    for index, output in enumerate(layers):
        output.order = index if not keep_order else output.order
        details = QgsProcessingContext.LayerDetails(output.name, project, output.name,
                                                    QgsProcessingUtils.LayerHint.Raster if output.raster
                                                    else QgsProcessingUtils.LayerHint.Vector)
        details.forceName = True
        details.setPostProcessor(PlaceInGroup(run_group, output))
        context.addLayerToLoadOnCompletion(output.uri, details)
