"""The "hotspot" Processing provider: one algorithm per command `hotspot describe --json` lists."""

import os

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import description as desc
from .algorithm import HotspotAlgorithm

#: The provider's setting (Settings > Options > Processing > Providers > hotspot).
EXECUTABLE_SETTING = "HOTSPOT_EXECUTABLE"


def _config():
    """Processing's settings store (the processing plugin), or None outside QGIS's Python."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
    except ImportError:
        return None, None
    return ProcessingConfig, Setting


class HotspotProvider(QgsProcessingProvider):

    def __init__(self):
        super().__init__()
        self._icon = QIcon(os.path.join(os.path.dirname(__file__), "icon.svg"))
        self.description = None
        self.problem = ""

    def id(self):
        return "hotspot"

    def name(self):
        return "hotspot"

    def longName(self):
        version = (self.description or {}).get("version")
        return f"hotspot {version}" if version else "hotspot"

    def icon(self):
        return self._icon

    def svgIconPath(self):
        return os.path.join(os.path.dirname(__file__), "icon.svg")

    def load(self):
        config, setting = _config()
        if config is not None:
            config.settingIcons[self.name()] = self.icon()
            config.addSetting(setting(self.name(), EXECUTABLE_SETTING,
                                      "hotspot executable (empty: $HOTSPOT_EXECUTABLE, else hotspot on PATH)", "",
                                      valuetype=setting.FILE))
            config.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        config, _ = _config()
        if config is not None:
            config.removeSetting(EXECUTABLE_SETTING)

    def executable(self):
        """The hotspot executable to run (None when there is none)."""
        config, _ = _config()
        configured = config.getSetting(EXECUTABLE_SETTING) if config is not None else ""
        return desc.find_executable(configured or "")

    def loadAlgorithms(self):
        self.description, self.problem = None, ""
        executable = self.executable()
        if executable is None:
            self.problem = ("hotspot was not found: set its path in Settings > Options > Processing > Providers > "
                            f"hotspot, set ${desc.EXECUTABLE_ENV}, or put it on PATH")
        else:
            try:
                self.description = desc.read_description(executable)
            except desc.DescribeError as error:
                self.problem = str(error)
        if self.problem:
            QgsMessageLog.logMessage(self.problem, "hotspot", Qgis.Critical)
            return
        for command in self.description["commands"]:
            self.addAlgorithm(HotspotAlgorithm(command, self._icon))

    def warningMessage(self):
        return self.problem

    def supportsNonFileBasedOutput(self):
        return False  # the tool writes files

    def defaultVectorFileExtension(self, hasGeometry=True):
        return "gpkg"

    def defaultRasterFileExtension(self):
        return "tif"

    def supportedOutputVectorLayerExtensions(self):
        return ["gpkg", "geojson"]

    def supportedOutputRasterLayerExtensions(self):
        return ["tif"]
