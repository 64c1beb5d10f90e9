#!/usr/bin/python3
"""Writes qgis/hotspot_density_to_cctv.model3: a Processing model for the graphical modeler that
chains hotspot:density -> hotspot:cctv, the density GeoTIFF as cctv's demand raster.

usage: QT_QPA_PLATFORM=offscreen HOTSPOT_EXECUTABLE=build/release/hotspot \\
           /usr/bin/python3 tools/make_qgis_model.py [OUT.model3]

The model's inputs: the incidents (a path as the command line takes it: a folder of police.uk
files, a file, a glob, a .zip download), the study area (a polygon layer, "selected features only" allowed) with an optional
attribute filter, and the number of cameras. Its outputs: the density surface and the CCTV
folder. The children keep every other option at the tool's default (the modeler shows them).
"""
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "qgis", "hotspot_density_to_cctv.model3")
    sys.path[:0] = ["/usr/share/qgis/python/plugins", os.path.join(ROOT, "qgis")]
    from qgis.core import (QgsApplication, QgsProcessing, QgsProcessingModelAlgorithm,
                           QgsProcessingModelChildAlgorithm, QgsProcessingModelChildParameterSource as Source,
                           QgsProcessingModelOutput, QgsProcessingModelParameter, QgsProcessingParameterDefinition,
                           QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                           QgsProcessingParameterNumber, QgsProcessingParameterString)
    from qgis.PyQt.QtCore import QPointF, QSizeF
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing
    import hotspot_provider
    Processing.initialize()
    plugin = hotspot_provider.classFactory(None)
    plugin.initProcessing()
    if QgsApplication.processingRegistry().algorithmById("hotspot:cctv") is None:
        print("hotspot:density and hotspot:cctv are not available: set HOTSPOT_EXECUTABLE")
        return 1

    model = QgsProcessingModelAlgorithm("Density to CCTV sites", "hotspot")
    model.setHelpContent({"ALG_DESC": "A density surface of the incidents, then CCTV sites that see the most of it "
                          "(hotspot density, then hotspot cctv with the surface as --demand-raster)."})

    def add_input(definition, x, y):
        component = QgsProcessingModelParameter(definition.name())
        component.setPosition(QPointF(x, y))
        component.setDescription(definition.description())
        model.addModelParameter(definition, component)

    add_input(QgsProcessingParameterFile("incidents", "Incidents (a folder or file)",
                                         QgsProcessingParameterFile.Folder), 120, 60)
    add_input(QgsProcessingParameterFeatureSource("study_area", "Study area", [QgsProcessing.TypeVectorPolygon]),
              360, 60)
    add_input(QgsProcessingParameterString("study_area_where", "Study area filter, e.g. lad17nm = 'St Albans'",
                                           optional=True), 600, 60)
    add_input(QgsProcessingParameterNumber("cameras", "Cameras", QgsProcessingParameterNumber.Integer, 4,
                                           minValue=1, maxValue=10000), 840, 60)

    def child(algorithm, child_id, description, x, y, sources, outputs):
        made = QgsProcessingModelChildAlgorithm(algorithm)
        made.setChildId(child_id)
        made.setDescription(description)
        made.setPosition(QPointF(x, y))
        made.setSize(QSizeF(200, 40))
        for name, source in sources.items():
            made.addParameterSources(name, [source])
        # As the modeler's own dialog does: every other mandatory parameter at its default.
        for definition in QgsApplication.processingRegistry().algorithmById(algorithm).parameterDefinitions():
            if definition.name() not in sources and not definition.isDestination() \
                    and not definition.flags() & QgsProcessingParameterDefinition.FlagOptional:
                made.addParameterSources(definition.name(), [Source.fromStaticValue(definition.defaultValue())])
        wanted = {}
        for child_output, (name, x_out, y_out) in outputs.items():
            output = QgsProcessingModelOutput(name, name)
            output.setChildId(child_id)
            output.setChildOutputName(child_output)
            output.setPosition(QPointF(x_out, y_out))
            wanted[name] = output
        made.setModelOutputs(wanted)
        model.addChildAlgorithm(made)

    area = {"INPUTS_PATH": Source.fromModelParameter("incidents"), "WITHIN": Source.fromModelParameter("study_area"),
            "WITHIN_WHERE": Source.fromModelParameter("study_area_where")}
    child("hotspot:density", "density", "Density (hotspot density)", 260, 200,
          {**area, "OPEN_OUTPUTS": Source.fromStaticValue(False)},
          {"OUT": ("Density surface", 520, 260)})
    child("hotspot:cctv", "cctv", "CCTV sites (hotspot cctv)", 480, 360,
          {**area, "DEMAND_RASTER": Source.fromChildOutput("density", "OUT"),
           "CAMERAS": Source.fromModelParameter("cameras"), "OPEN_OUTPUTS": Source.fromStaticValue(True)},
          {"OUT": ("CCTV sites", 720, 440)})
    for child_id in ("density", "cctv"):
        valid, issues = model.validateChildAlgorithm(child_id)
        if not valid:
            print(f"the model's {child_id} step is not valid: {issues}")
            return 1
    if not model.toFile(out):
        print(f"could not write {out}")
        return 1
    print(f"wrote {out}")
    plugin.unload()
    return 0


if __name__ == "__main__":
    sys.exit(main())
