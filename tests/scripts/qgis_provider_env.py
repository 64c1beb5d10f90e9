"""Real QGIS with the hotspot Processing provider (qgis/hotspot_provider), headless, for the
check_qgis_provider*.py scripts: qgis_process in a fresh profile with the plugin enabled, and
the standalone PyQGIS set-up."""
import json
import os
import shutil
import subprocess
import tempfile

from headless_qgis import SKIP, missing_qgis

PLUGIN_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "qgis"))
PLUGIN = "hotspot_provider"


def qgis_process_binary():
    """Debian's /usr/bin/qgis_process is a wrapper that passes qgis's --noversioncheck, which
    qgis_process 3.22 rejects ("Command --noversioncheck not known!"): the real program is
    qgis_process.bin beside it."""
    for candidate in ("/usr/bin/qgis_process.bin", shutil.which("qgis_process.bin"), shutil.which("qgis_process")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def skip_reason():
    """Why the QGIS tests cannot run here (None when they can)."""
    missing = missing_qgis()
    if missing:
        return missing
    if qgis_process_binary() is None:
        return "qgis_process is not installed; apt-get install qgis qgis-providers"
    return None


class QgisProcess:
    """qgis_process with a profile of its own (QGIS_CUSTOM_CONFIG_PATH: the user's profile is
    never touched), the repository's plugin folder on QGIS_PLUGINPATH, and `hotspot` from the
    build ($HOTSPOT_EXECUTABLE, read by the provider)."""

    def __init__(self, work, hotspot, enable=True):
        self.binary = qgis_process_binary()
        self.profile = os.path.join(work, "qgis-profile")
        shutil.rmtree(self.profile, ignore_errors=True)
        os.makedirs(self.profile)
        runtime = tempfile.mkdtemp(prefix="qgis-runtime-")
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=runtime,
                        QGIS_CUSTOM_CONFIG_PATH=self.profile, QGIS_PLUGINPATH=PLUGIN_ROOT,
                        HOTSPOT_EXECUTABLE=os.path.abspath(hotspot))
        self.enable_output = self.run("plugins", "enable", PLUGIN) if enable else None

    def run(self, *arguments, json_output=False, env=None, timeout=600):
        command = [self.binary, *(["--json"] if json_output else []), *arguments]
        done = subprocess.run(command, capture_output=True, text=True, env=env or self.env, timeout=timeout)
        if json_output and done.returncode == 0:
            done.json = json.loads(done.stdout)
        return done


def describe(hotspot):
    """`hotspot describe --json`, parsed."""
    done = subprocess.run([hotspot, "describe", "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def parameter_name(option_name):
    """The documented rule (docs/qgis.md): upper case, "-" as "_"."""
    return option_name.upper().replace("-", "_")


def algorithm_id(command_name):
    return "hotspot:" + "_".join(command_name.split())


DUMP = """
import json, os, sys
sys.path[:0] = ["/usr/share/qgis/python/plugins", %(root)r]
from qgis.core import QgsApplication, QgsProcessingParameterDefinition as Definition
app = QgsApplication([], False)
app.initQgis()
from processing.core.Processing import Processing
import hotspot_provider
Processing.initialize()
plugin = hotspot_provider.classFactory(None)
plugin.initProcessing()
found = {}
for algorithm in QgsApplication.processingRegistry().providerById("hotspot").algorithms():
    found[algorithm.id()] = {p.name(): {"raw_definition": p.toVariantMap(), "default_value": p.defaultValue(),
                                        "optional": bool(p.flags() & Definition.FlagOptional),
                                        "is_advanced": bool(p.flags() & Definition.FlagAdvanced), "help": p.help() or None}
                             for p in algorithm.parameterDefinitions()}
# A null QVariant (an unset text) is JSON null, as qgis_process writes it.
print(json.dumps(found, default=lambda v: None if hasattr(v, "isNull") and v.isNull() else str(v)))
"""


def parameters_in_pyqgis(hotspot):
    """Every hotspot algorithm's parameters as qgis_process --json help shows them (the same
    toVariantMap), read in one PyQGIS process: one qgis_process per algorithm costs ~5 s."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTSPOT_EXECUTABLE=os.path.abspath(hotspot),
               XDG_RUNTIME_DIR=tempfile.mkdtemp(prefix="qgis-runtime-"))
    done = subprocess.run(["/usr/bin/python3", "-c", DUMP % {"root": PLUGIN_ROOT}], capture_output=True, text=True,
                          env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
