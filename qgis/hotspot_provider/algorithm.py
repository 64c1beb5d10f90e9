"""One Processing algorithm per hotspot command, its parameters generated from the command's
description (`hotspot describe --json`), run as the command line.

How an option becomes a parameter (docs/qgis.md, "Processing provider"):

  role / type                      parameter
  incidents                        NAME: layers (MultipleLayers, vector or table) and
                                   NAME_PATH: one path as the command line takes it
                                   (File, folder chooser: a folder, file, glob, .zip, PG:)
  layer (text)                     FeatureSource (a project layer, "selected features only")
  layer (texts)                    MultipleLayers (vector)
  raster                           RasterLayer
  file                             File
  output_folder / output_file      FolderDestination / FileDestination
  output_raster / output_vector    RasterDestination / VectorDestination
  setting: flag                    Boolean
  setting: integer / number        Number (integer / double) with the option's range
  setting: choice                  Enum of the choice words (static strings)
  setting: text, texts, integers,  String (a list comma-separated, as on the command line)
           numbers
Options the description marks advanced are advanced parameters. Defaults, ranges and help come
from the description; a parameter left at its default is not passed to the tool."""

import os
import shlex
import shutil
import tempfile
import time

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputFile,
                       QgsProcessingOutputHtml, QgsProcessingOutputRasterLayer, QgsProcessingOutputVectorLayer,
                       QgsProcessingParameterBoolean, QgsProcessingParameterDefinition, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer,
                       QgsProcessingParameterString, QgsProcessingParameterVectorDestination, QgsProcessingUtils,
                       QgsProviderRegistry, QgsVectorFileWriter, QgsVectorLayer)

from . import description as desc
from . import outputs
from .runner import ToolCancelled, ToolFailed, run_tool

DESTINATION_ROLES = ("output_folder", "output_file", "output_raster", "output_vector")


def output_name(output):
    """A folder output's Processing output name: OUTPUT_ and its id ("cctv.gpkg" -> OUTPUT_CCTV_GPKG)."""
    return "OUTPUT_" + "".join(c if c.isalnum() else "_" for c in output["id"]).upper()


def make_parameters(option):
    """The Processing parameters for one option of the description."""
    names = desc.parameter_names(option)
    role, kind = option["role"], option["type"]
    text = desc.label(option)
    default = desc.default_value(option)
    required = bool(option.get("required"))
    many = kind in ("texts", "integers", "numbers")
    if role == "incidents":
        made = [QgsProcessingParameterMultipleLayers(names[0], text + ": layers", QgsProcessing.TypeVector,
                                                     optional=True),
                QgsProcessingParameterFile(names[1], text + ": a folder, file, glob, .zip or PG: connection",
                                           QgsProcessingParameterFile.Folder, optional=True)]
    elif role == "layer":
        made = [QgsProcessingParameterMultipleLayers(names[0], text, QgsProcessing.TypeVectorAnyGeometry,
                                                     optional=not required) if many else
                QgsProcessingParameterFeatureSource(names[0], text, [QgsProcessing.TypeVectorAnyGeometry],
                                                    optional=not required)]
    elif role == "raster":
        made = [QgsProcessingParameterMultipleLayers(names[0], text, QgsProcessing.TypeRaster, optional=not required)
                if many else QgsProcessingParameterRasterLayer(names[0], text, optional=not required)]
    elif role == "file":
        made = [QgsProcessingParameterMultipleLayers(names[0], text, QgsProcessing.TypeFile, optional=not required)
                if many else QgsProcessingParameterFile(names[0], text, QgsProcessingParameterFile.File,
                                                        optional=not required)]
    elif role == "output_folder":
        made = [QgsProcessingParameterFolderDestination(names[0], text, optional=not required, createByDefault=required)]
    elif role == "output_file":
        made = [QgsProcessingParameterFileDestination(names[0], text, "All files (*)", optional=not required,
                                                      createByDefault=required)]
    elif role == "output_raster":
        made = [QgsProcessingParameterRasterDestination(names[0], text, optional=not required, createByDefault=required)]
    elif role == "output_vector":
        made = [QgsProcessingParameterVectorDestination(names[0], text, QgsProcessing.TypeVectorAnyGeometry,
                                                        optional=not required, createByDefault=required)]
    elif kind == "flag":
        made = [QgsProcessingParameterBoolean(names[0], text, default)]
    elif kind in ("integer", "number"):
        integer = kind == "integer"
        number = QgsProcessingParameterNumber(
            names[0], text, QgsProcessingParameterNumber.Integer if integer else QgsProcessingParameterNumber.Double,
            default, optional=default is None and not required)
        if "minimum" in option:
            low = option["minimum"]
            # Processing's minimum is inclusive: an exclusive one is checked in checkParameterValues.
            number.setMinimum(low + 1 if integer and option.get("minimum_exclusive") else low)
        if "maximum" in option:
            number.setMaximum(option["maximum"])
        if not integer and option.get("unit"):
            # A measure (metres, %, degrees, s): as many decimals as its default and limits
            # need, at least 2, rather than the widget's 6 ("10.000000 m").
            shown = [desc.number_text(v) for v in (default, option.get("minimum"), option.get("maximum")) if v is not None]
            needed = max([len(t.split(".")[1]) if "." in t and "e" not in t else 0 for t in shown] + [2])
            number.setMetadata({"widget_wrapper": {"decimals": needed}})
        made = [number]
    elif kind == "choice":
        made = [QgsProcessingParameterEnum(names[0], text, option["choices"], False, default,
                                           optional=default is None and not required, usesStaticStrings=True)]
    else:
        made = [QgsProcessingParameterString(names[0], text, default, False, optional=not required)]
    for parameter in made:
        parameter.setHelp(desc.tooltip(option))
        if option.get("advanced"):
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    return made


class HotspotAlgorithm(QgsProcessingAlgorithm):
    """A hotspot command as a Processing algorithm."""

    def __init__(self, command, provider_icon=None):
        super().__init__()
        self._command = command
        self._icon = provider_icon
        self._options = [o for o in command["options"]]

    # --- identity -------------------------------------------------------------------------
    def createInstance(self):
        return HotspotAlgorithm(self._command, self._icon)

    def name(self):
        return desc.algorithm_name(self._command)

    def displayName(self):
        return self._command["name"]

    def shortDescription(self):
        return self._command.get("summary", "")

    def icon(self):
        return self._icon if self._icon is not None else super().icon()

    def tags(self):
        return ["hotspot", "crime", "police", *self._command["name"].split()]

    def shortHelpString(self):
        lines = [f"<p>{self._command.get('summary', '')}.</p>",
                 f"<p>Runs <code>hotspot {self._command['name']}</code>; every parameter is one of its options "
                 "(its tooltip gives the flag, default and range). A parameter left at its default is not passed.</p>"]
        written = self._command.get("outputs", [])
        if written:
            lines.append("<p>Writes:</p><ul>")
            for out in written:
                withheld = "" if out.get("published", True) else " (withheld with --publish)"
                lines.append(f"<li><b>{out['file']}</b>: {out['description']}{withheld}</li>")
            lines.append("</ul>")
        lines.append("<p>With <i>Open the outputs</i> on, the maps open in a layer group named after the run, "
                     "styled as the tool styles them.</p>")
        return "\n".join(lines)

    def helpUrl(self):
        return ""

    # --- parameters -----------------------------------------------------------------------
    def initAlgorithm(self, config=None):
        taken = set()
        for option in self._options:
            for parameter in make_parameters(option):
                if parameter.name() in taken:
                    raise QgsProcessingException(f"hotspot {self._command['name']}: two options give the parameter "
                                                 f"{parameter.name()}")
                taken.add(parameter.name())
                self.addParameter(parameter)
        if self._folder_option() is not None:
            for out in self._command.get("outputs", []):
                made = self._folder_output(out)
                if made is not None:
                    self.addOutput(made)
        self.addParameter(QgsProcessingParameterBoolean(
            desc.OPEN_OUTPUTS, "Open the outputs in QGIS when done (styled, in a group named after the run)", True))

    def _folder_option(self):
        return next((o for o in self._options if o["role"] == "output_folder"), None)

    @staticmethod
    def _folder_output(out):
        name, text = output_name(out), f"{out['file']}: {out['description']}"
        if out["kind"] == "raster":
            return QgsProcessingOutputRasterLayer(name, text)
        if out["kind"] == "vector" and not out["file"].endswith(".gpkg"):
            return QgsProcessingOutputVectorLayer(name, text)
        if out["kind"] == "report" and out["file"].endswith((".html", ".htm")):
            return QgsProcessingOutputHtml(name, text)
        return QgsProcessingOutputFile(name, text)

    # --- values as command-line text ------------------------------------------------------
    def _setting_text(self, option, parameters, context):
        """The text the command line would get for a setting, or None when it is not set."""
        name = desc.parameter_name(option["name"])
        if parameters.get(name) is None:
            return None
        kind = option["type"]
        if kind == "flag":
            return "true" if self.parameterAsBoolean(parameters, name, context) else "false"
        if kind == "integer":
            return str(self.parameterAsInt(parameters, name, context))
        if kind == "number":
            return desc.number_text(self.parameterAsDouble(parameters, name, context))
        if kind == "choice":
            return self.parameterAsEnumString(parameters, name, context) or None
        text = self.parameterAsString(parameters, name, context).strip()
        return text or None

    def _given(self, option, parameters, context):
        """True when the user set the option to something other than its default."""
        if option["role"] == "incidents":
            return any(parameters.get(n) for n in desc.parameter_names(option))
        if option["role"] != "setting":
            value = parameters.get(desc.parameter_name(option["name"]))
            return value not in (None, "", [])
        text = self._setting_text(option, parameters, context)
        return text is not None and not desc.same_as_default(option, text)

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        by_name = {o["name"]: o for o in self._options}
        for option in self._options:
            name = desc.parameter_name(option["name"])
            if option["role"] == "incidents" and option.get("positional") and not self._given(option, parameters, context):
                return False, f"Give the incidents: layers in {name} or a path in {name}{desc.PATH_SUFFIX}"
            if option["role"] != "setting":
                pass
            elif option["type"] in ("integer", "number") and parameters.get(name) is not None:
                value = self.parameterAsDouble(parameters, name, context)
                if option.get("minimum_exclusive") and "minimum" in option and value <= option["minimum"]:
                    return False, f"{desc.label(option)}: {desc.number_text(value)} is not above " \
                                  f"{desc.number_text(option['minimum'])}"
            elif option["type"] in ("integers", "numbers"):
                text = self._setting_text(option, parameters, context) or ""
                problem = self._list_problem(option, text)
                if problem:
                    return False, f"{desc.label(option)}: {problem}"
            if not self._given(option, parameters, context):
                continue
            for needed in option.get("needs", []):
                if needed in by_name and not self._given(by_name[needed], parameters, context):
                    return False, f"{name} needs {desc.parameter_name(needed)}"
            for excluded in option.get("excludes", []):
                if excluded in by_name and self._given(by_name[excluded], parameters, context):
                    return False, f"{name} cannot be used with {desc.parameter_name(excluded)}"
        return True, ""

    @staticmethod
    def _list_problem(option, text):
        for item in desc.split_list(text):
            try:
                value = int(item) if option["type"] == "integers" else float(item)
            except ValueError:
                return f'"{item}" is not a number'
            low, high = option.get("minimum"), option.get("maximum")
            if low is not None and (value < low or (option.get("minimum_exclusive") and value == low)):
                return f"{item} is below the minimum {desc.number_text(low)}"
            if high is not None and value > high:
                return f"{item} is above the maximum {desc.number_text(high)}"
        return ""

    # --- running --------------------------------------------------------------------------
    def _executable(self):
        provider = self.provider()
        executable = provider.executable() if provider is not None and hasattr(provider, "executable") \
            else desc.find_executable()
        if not executable:
            raise QgsProcessingException(
                "hotspot was not found: set its path in Settings > Options > Processing > Providers > hotspot, "
                f"set ${desc.EXECUTABLE_ENV}, or put it on PATH")
        return executable

    def _vector_path(self, layer, folder, feedback, layer_name_allowed=True):
        """A path the tool can read for a vector layer, with the layer's name in it ("" when the
        file has one layer): the layer's own file when OGR reads it as it is, else a GeoPackage
        written in the layer's CRS (memory and other providers, filtered layers, and one layer
        of a multi-layer file where the option has no layer name of its own)."""
        if layer.providerType() == "ogr" and not layer.subsetString():
            parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
            path = parts.get("path", "")
            if path.startswith("/vsigzip/") and os.path.isfile(path[len("/vsigzip/"):]):
                path = path[len("/vsigzip/"):]  # a .csv.gz QGIS opened through GDAL; the tool reads it itself
            layer_name = parts.get("layerName") or ""
            if layer_name and _layer_count(path) == 1:
                layer_name = ""
            if path and (os.path.exists(path) or path.startswith("PG:")) and (layer_name_allowed or not layer_name):
                return path, layer_name
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in layer.name()) or "layer"
        path = os.path.join(folder, f"{safe}.gpkg")
        count = 1
        while os.path.exists(path):
            count += 1
            path = os.path.join(folder, f"{safe}_{count}.gpkg")
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = safe
        error, message, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, layer.transformContext(), options)
        if error != QgsVectorFileWriter.NoError:
            raise QgsProcessingException(f"{layer.name()}: could not be written for hotspot: {message}")
        feedback.pushInfo(f"{layer.name()}: {layer.featureCount()} features written to {path} for hotspot")
        return path, None

    def _layer_argument(self, option, parameters, context, feedback, folder, layer_name_allowed):
        """[(path, layer name)] for a layer option; written to a GeoPackage when a selection, a
        filter or a provider OGR cannot read asks for it (Processing's own export for a feature
        source, which honours "selected features only")."""
        name = desc.parameter_name(option["name"])
        if option["type"] in ("texts", "integers", "numbers"):
            return [self._vector_path(layer, folder, feedback, layer_name_allowed) for layer in
                    self.parameterAsLayerList(parameters, name, context)]
        if parameters.get(name) in (None, ""):
            return []
        path, layer_name = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, QgsVectorFileWriter.supportedFormatExtensions(), "gpkg", feedback)
        if not path:
            raise QgsProcessingException(f"{name}: no layer")
        layer = self.parameterAsVectorLayer(parameters, name, context)
        own = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path", "") if layer else ""
        if not own or os.path.abspath(own) != os.path.abspath(path):
            return [(path, None)]  # written out by Processing (a selection, a filter, a memory layer)
        if layer_name and _layer_count(path) == 1:
            layer_name = ""
        if layer_name and not layer_name_allowed:
            return [self._vector_path(layer, folder, feedback, False)]
        return [(path, layer_name or "")]

    def _arguments(self, parameters, context, feedback, folder):
        """(options, positional arguments, destinations) for the command line."""
        arguments, positional, destinations = [], [], []
        by_name = {o["name"]: o for o in self._options}
        layer_names = {}  # "within-layer" -> the layer name the tool must read, from the QGIS layer
        for option in self._options:
            role, name, flag = option["role"], desc.parameter_name(option["name"]), option["flag"]
            values = []
            if role == "incidents":
                layers_name, path_name = desc.parameter_names(option)
                # The tool's --layer names one layer for all incident sources: a layer of a
                # multi-layer file is written on its own instead.
                for layer in self.parameterAsLayerList(parameters, layers_name, context):
                    if not isinstance(layer, QgsVectorLayer):
                        raise QgsProcessingException(f"{layers_name}: {layer.name()} is not a vector layer")
                    values.append(self._vector_path(layer, folder, feedback, layer_name_allowed=False)[0])
                values.append(self.parameterAsFile(parameters, path_name, context).strip())
            elif role == "layer":
                # The layer of a multi-layer file goes to the option's own NAME-layer option.
                sibling = f"{option['name']}-layer"
                chosen = self._layer_argument(option, parameters, context, feedback, folder,
                                              layer_name_allowed=sibling in by_name)
                for path, layer_name in chosen:
                    values.append(path)
                if chosen and sibling in by_name:
                    names = {layer_name for _, layer_name in chosen}
                    if len(names) > 1 and None not in names:
                        raise QgsProcessingException(f"{name}: the layers come from files with different layer names; "
                                                     "hotspot takes one")
                    layer_names[sibling] = None if None in names else names.pop()
            elif role == "raster":
                name_layers = self.parameterAsLayerList(parameters, name, context) \
                    if option["type"] == "texts" else [self.parameterAsRasterLayer(parameters, name, context)]
                for layer in name_layers:
                    if layer is None:
                        continue
                    if layer.providerType() != "gdal":
                        raise QgsProcessingException(f"{name}: {layer.name()} is not a raster file GDAL reads")
                    values.append(layer.source())
            elif role == "file":
                if option["type"] == "texts":
                    values.extend(self.parameterAsFileList(parameters, name, context))
                else:
                    path = self.parameterAsFile(parameters, name, context)
                    if path:
                        values.append(path)
            elif role in DESTINATION_ROLES:
                if parameters.get(name) is None:
                    continue
                if role in ("output_raster", "output_vector"):
                    path = self.parameterAsOutputLayer(parameters, name, context)
                else:
                    path = self.parameterAsFileOutput(parameters, name, context)
                if path:
                    values.append(path)
                    destinations.append((option, path))
            else:
                continue
            values = [value for value in values if value]
            if option.get("positional"):
                positional.extend(values)
            else:
                arguments.extend(f"{flag}={value}" for value in values)
        for option in self._options:
            if option["role"] != "setting":
                continue
            flag = option["flag"]
            if option["name"] in layer_names:
                # NAME-layer of a layer option: the user's own value when given (a path with a
                # layer name of the user's choosing), else the layer QGIS chose, else none.
                from_qgis = layer_names[option["name"]]
                given = self._setting_text(option, parameters, context)
                if from_qgis is None:
                    if given:
                        feedback.pushWarning(f"{desc.parameter_name(option['name'])}: {given} ignored; the layer "
                                             "was written on its own for hotspot")
                    continue
                if given or from_qgis:
                    arguments.append(f"{flag}={given or from_qgis}")
                continue
            text = self._setting_text(option, parameters, context)
            if text is None or desc.same_as_default(option, text):
                continue
            if option["type"] == "flag":
                if text != "true":
                    raise QgsProcessingException(f"{flag} is on by default and cannot be turned off")
                arguments.append(flag)
            else:
                arguments.append(f"{flag}={text}")
        return arguments, positional, destinations

    def processAlgorithm(self, parameters, context, feedback):
        executable = self._executable()
        folder = tempfile.mkdtemp(prefix="hotspot-inputs-", dir=QgsProcessingUtils.tempFolder())
        try:
            arguments, positional, destinations = self._arguments(parameters, context, feedback, folder)
            command = [executable, *self._command["name"].split(), *arguments]
            if positional:
                command += ["--", *positional]
            feedback.pushCommandInfo(shlex.join(command))
            started = time.time()
            try:
                run_tool(command, feedback)
            except ToolCancelled as stopped:
                raise QgsProcessingException(str(stopped)) from None
            except ToolFailed as failed:
                raise QgsProcessingException(f"hotspot {self._command['name']}: {failed.message}") from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)

        results = {desc.parameter_name(option["name"]): path for option, path in destinations}
        folder_option = self._folder_option()
        out_folder = next((path for option, path in destinations if option is folder_option), None)
        if out_folder is not None:
            for out in self._command.get("outputs", []):
                path = os.path.join(out_folder, out["file"])
                results[output_name(out)] = path if os.path.exists(path) else None
        if self.parameterAsBoolean(parameters, desc.OPEN_OUTPUTS, context):
            self._open_outputs(context, destinations, out_folder, started)
        return results

    def _open_outputs(self, context, destinations, out_folder, started):
        if out_folder is not None:
            layers = outputs.folder_outputs(self._command, out_folder)
            keep_order = any(out["kind"] == "project" for out in self._command.get("outputs", [])
                             if os.path.exists(os.path.join(out_folder, out["file"])))
            main = out_folder
        else:
            named = []
            for option, path in destinations:
                if option["role"] not in ("output_raster", "output_vector"):
                    continue
                stem = os.path.splitext(os.path.basename(path))[0]
                temporary = os.path.abspath(path).startswith(os.path.abspath(QgsProcessingUtils.tempFolder()))
                named.append((path, self._command["name"] if temporary and option.get("required") else
                              f"{self._command['name']} {option['name']}" if temporary else stem))
            layers = outputs.file_outputs(named, started)
            keep_order = False
            main = next((path for option, path in destinations if option.get("required")), None)
        outputs.open_when_done(context, outputs.run_group_name(self._command["name"], main), layers, keep_order)


def _layer_count(path):
    """How many layers an OGR source has (0 when it cannot be opened)."""
    from osgeo import ogr
    dataset = ogr.Open(path) if path and not path.startswith("PG:") else None
    return dataset.GetLayerCount() if dataset is not None else 0
