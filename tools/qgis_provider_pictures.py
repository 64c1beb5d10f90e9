"""Run inside the QGIS desktop (qgis --code, see tools/qgis_provider_pictures.sh): runs
hotspot:density and hotspot:cctv on the sample (Welwyn Hatfield) as a user would, then saves
pictures of the window with the Processing Toolbox, of the density dialog and of the model
qgis/hotspot_density_to_cctv.model3 in the graphical modeler, and quits.

Environment: HOTSPOT_PICTURES (the folder for the PNGs), HOTSPOT_SAMPLE (data/sample),
HOTSPOT_PICTURES_WORK (a scratch folder for the outputs), HOTSPOT_MODEL (the .model3)."""
import os
import traceback

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                       QgsFillSymbol, QgsProcessingFeatureSourceDefinition, QgsProcessingModelAlgorithm, QgsProject,
                       QgsSettings, QgsVectorLayer)
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QLineEdit, QScrollArea, QTreeView
from qgis.utils import iface

OUT = os.environ["HOTSPOT_PICTURES"]
SAMPLE = os.environ["HOTSPOT_SAMPLE"]
WORK = os.environ["HOTSPOT_PICTURES_WORK"]
MODEL = os.environ["HOTSPOT_MODEL"]
steps = []


def settle(milliseconds=1500):
    """Lets Qt draw (the map renders in the background)."""
    loop_end = QTimer()
    loop_end.setSingleShot(True)
    from qgis.PyQt.QtCore import QEventLoop
    loop = QEventLoop()
    loop_end.timeout.connect(loop.quit)
    loop_end.start(milliseconds)
    loop.exec_()


def save(widget, name):
    path = os.path.join(OUT, name)
    widget.grab().save(path)
    print(f"pictures: wrote {path}")


def run_outputs():
    import processing
    # The datum transformation chooser would wait for a click (WGS84 inputs on a BNG map).
    for section in (QgsSettings.App, QgsSettings.NoSection):
        QgsSettings().setValue("/projections/promptWhenMultipleTransformsExist", False, section)
    districts = QgsVectorLayer(os.path.join(SAMPLE, "boundaries", "herts_districts.geojson"), "Districts", "ogr")
    districts.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#606060", "outline_width": "0.4"}))
    QgsProject.instance().addMapLayer(districts)
    districts.selectByExpression("\"lad17nm\" = 'Welwyn Hatfield'")
    area = QgsProcessingFeatureSourceDefinition(districts.id(), True)
    police = os.path.join(SAMPLE, "police_uk")
    processing.runAndLoadResults("hotspot:density", {
        "INPUTS_PATH": police, "WITHIN": area, "OUT": os.path.join(WORK, "wh_density.tif"),
        "POLYGONS": os.path.join(WORK, "wh_hotspots.geojson")})
    processing.runAndLoadResults("hotspot:cctv", {
        "INPUTS_PATH": police, "WITHIN": area, "DEMAND_RASTER": os.path.join(WORK, "wh_density.tif"),
        "CAMERAS": 4, "OUT": os.path.join(WORK, "wh_cctv")})
    districts.removeSelection()
    # Welwyn Hatfield, where the run was.
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:27700"))
    feature = next(districts.getFeatures("\"lad17nm\" = 'Welwyn Hatfield'"))
    extent = feature.geometry().boundingBox()
    extent = QgsCoordinateTransform(districts.crs(), canvas.mapSettings().destinationCrs(),
                                    QgsProject.instance()).transformBoundingBox(extent)
    settle(1000)
    canvas.setExtent(extent)
    canvas.refresh()


def show_toolbox():
    window = iface.mainWindow()
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    if "Browser" in docks:
        docks["Browser"].hide()  # the Layers panel gets the height for the run's groups
    iface.layerTreeView().expandAll()
    dock = docks["ProcessingToolbox"]
    dock.show()
    dock.raise_()
    search = dock.findChild(QLineEdit)
    if search is not None:
        search.setText("hotspot")
    tree = dock.findChild(QTreeView)
    if tree is not None:
        tree.expandAll()
        tree.clearSelection()
    window.setGeometry(0, 0, 1600, 1000)  # Xvfb has no window manager to maximise it
    settle(3000)
    iface.messageBar().clearWidgets()  # the note that this machine's PROJ lacks the OSTN15 grid
    settle(1000)
    save(window, "qgis_toolbox.png")


def show_dialog():
    import processing
    dialog = processing.createAlgorithmDialog("hotspot:density", {})
    dialog.resize(1000, 900)
    dialog.show()
    settle(1000)
    # Scrolled to the study area (a layer, "selected features only") and the density settings.
    panel = dialog.mainWidget()
    wrapper = getattr(panel, "wrappers", {}).get("WITHIN")
    scroll = panel.findChild(QScrollArea)
    if wrapper is not None and scroll is not None:
        label = wrapper.wrappedLabel() if hasattr(wrapper, "wrappedLabel") else wrapper.wrappedWidget()
        scroll.verticalScrollBar().setValue(label.mapTo(scroll.widget(), label.rect().topLeft()).y() - 10)
    settle(1000)
    save(dialog, "qgis_density_dialog.png")
    dialog.close()


def show_model():
    from processing.modeler.ModelerDialog import ModelerDialog
    model = QgsProcessingModelAlgorithm()
    model.fromFile(MODEL)
    dialog = ModelerDialog.create(model)
    dialog.resize(1300, 800)
    dialog.show()
    settle(1000)
    view = dialog.view() if hasattr(dialog, "view") else None
    if view is not None:
        view.fitInView(view.scene().itemsBoundingRect().adjusted(-40, -40, 40, 40))
    settle(1000)
    save(dialog, "qgis_model.png")
    dialog.setDirty(False) if hasattr(dialog, "setDirty") else None
    dialog.close()


def main():
    try:
        run_outputs()
        show_toolbox()
        show_dialog()
        show_model()
    except Exception:  # noqa: BLE001 (the picture run reports and quits)
        traceback.print_exc()
        open(os.path.join(WORK, "failed"), "w").write(traceback.format_exc())
    QgsProject.instance().setDirty(False)
    QgsProject.instance().clear()
    QTimer.singleShot(200, QApplication.instance().quit)


QTimer.singleShot(3000, main)
