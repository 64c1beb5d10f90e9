#!/usr/bin/python3
"""The hotspot algorithms run from the QGIS desktop's own Processing dialog (QGIS 3.22 under Xvfb).

usage: check_qgis_provider_dialog.py HOTSPOT SAMPLE_DIR WORK_DIR

The desktop starts with the plugin in a profile of its own and this script as its --code; in
it, as a user would:
  * the hotspot:cctv dialog gets the sample's police.uk folder as the incidents' path, the
    districts layer of the project with Welwyn Hatfield selected ("Selected features only") as
    the study area, and 2 cameras; Run runs it in Processing's background task. It must finish,
    its log must hold the command line and the tool's row account, and a group "cctv: ..." must
    hold the 2 cameras above their coverage, styled (labels; categorized on kind);
  * the hotspot:density dialog runs a slow density (bandwidth by cross-validation) and its
    Cancel button is pressed a second in: the run fails as stopped, within seconds, and leaves
    no output and no staging folder.
The window after the first run is saved as WORK_DIR/dialog_run.png.
Exit 0 when all holds, 1 otherwise, 77 (skipped) without QGIS or xvfb-run.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

INNER = "HOTSPOT_DIALOG_RESULTS"


def outer():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from headless_qgis import SKIP
    from qgis_provider_env import PLUGIN_ROOT, skip_reason
    hotspot, sample, work = (os.path.abspath(a) for a in sys.argv[1:])
    reason = skip_reason()
    if not reason and (shutil.which("xvfb-run") is None or shutil.which("qgis") is None):
        reason = "the QGIS desktop or xvfb-run is not installed; apt-get install qgis xvfb"
    if reason:
        print(f"SKIPPED: {reason}")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "profiles", "default", "QGIS"))
    os.chmod(work, 0o700)
    with open(os.path.join(work, "profiles", "default", "QGIS", "QGIS3.ini"), "w") as ini:
        ini.write(f"[PythonPlugins]\nhotspot_provider=true\n\n[Processing/Configuration]\nHOTSPOT_EXECUTABLE={hotspot}\n"
                  "\n[app]\nprojections\\promptWhenMultipleTransformsExist=false\n")
    results = os.path.join(work, "results.json")
    env = dict(os.environ, QGIS_PLUGINPATH=PLUGIN_ROOT, XDG_RUNTIME_DIR=work, HOTSPOT_SAMPLE=sample,
               HOTSPOT_WORK=work, **{INNER: results})
    env.pop("QT_QPA_PLATFORM", None)  # the desktop draws on Xvfb
    started = time.monotonic()
    desktop = subprocess.Popen(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--nologo",
                                "--noversioncheck", "--profiles-path", work, "--code", os.path.abspath(__file__)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        output, _ = desktop.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(desktop.pid, signal.SIGKILL)  # xvfb-run, QGIS and Xvfb: a session of their own
        output, _ = desktop.communicate()
        print("FAIL: the QGIS desktop did not finish within 240 s:", output[-2000:])
        return 1
    print(f"QGIS desktop ran {time.monotonic() - started:.1f} s (exit {desktop.returncode})")
    if not os.path.exists(results):
        print("FAIL: the desktop wrote no results:", output[-2000:])
        return 1
    found = json.load(open(results))
    problems = []

    def check(condition, message):
        print(("ok:   " if condition else "FAIL: ") + message)
        if not condition:
            problems.append(message)

    if found.get("error"):
        check(False, "the script in QGIS failed:\n" + found["error"])
        return 1
    run = found["cctv"]
    check(run["ok"] is True, f"the cctv dialog's run succeeded (results {sorted(run['results'])[:4]}...)")
    check("hotspot cctv" in run["log"] and "--within=" in run["log"], "its log holds the command line")
    check("rows read 25371, used 12711" in run["log"], "the tool read the folder and kept the selected district's 12711")
    groups = {name: layers for name, layers in run["groups"]}
    cctv = next((layers for name, layers in groups.items() if name.startswith("cctv: cctv_dialog")), None)
    check(cctv is not None, f"a group named after the run ({sorted(groups)})")
    if cctv:
        names = [layer["name"] for layer in cctv]
        check(names[:2] == ["cameras", "coverage"], f"cameras above coverage ({names})")
        if names[:2] == ["cameras", "coverage"]:
            check(cctv[0]["features"] == 2 and cctv[0]["labels"], "2 labelled cameras")
            check(cctv[1]["renderer"] == "QgsCategorizedSymbolRenderer" and cctv[1]["field"] == "kind",
                  "the coverage is categorized on kind")
    cancel = found["cancel"]
    check(cancel["ok"] is False, "the cancelled density run did not succeed")
    check("stopped" in cancel["log"], "its log says the tool was stopped")
    check(cancel["seconds_after_cancel"] < 10, f"it ended {cancel['seconds_after_cancel']:.1f} s after Cancel")
    check(cancel["left"] == [], f"nothing is left in its output folder ({cancel['left']})")
    print(f"{len(problems)} problems" if problems else "all checks hold")
    return 1 if problems else 0


def inner():
    """Runs inside the QGIS desktop (qgis --code)."""
    import traceback
    from qgis.core import (QgsApplication, QgsLayerTreeGroup, QgsProcessingFeatureSourceDefinition, QgsProject,
                           QgsVectorLayer)
    from qgis.PyQt.QtCore import QEventLoop, QTimer
    from qgis.PyQt.QtWidgets import QApplication
    from qgis.utils import iface

    sample, work = os.environ["HOTSPOT_SAMPLE"], os.environ["HOTSPOT_WORK"]
    found = {}

    def settle(milliseconds):
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec_()

    def run_dialog(algorithm, parameters, cancel_after=None):
        from processing.gui.AlgorithmDialog import AlgorithmDialog
        dialog = AlgorithmDialog(QgsApplication.processingRegistry().createAlgorithmById(algorithm), False,
                                 iface.mainWindow())
        dialog.show()
        settle(300)
        dialog.mainWidget().setParameters(parameters)
        finished = {}
        dialog.algorithmFinished.connect(lambda ok, results: finished.update(ok=ok, results=dict(results)))
        dialog.runAlgorithm()
        started, cancelled_at = time.monotonic(), None
        while time.monotonic() - started < 150:
            settle(200)
            if cancel_after is not None and cancelled_at is None and time.monotonic() - started > cancel_after:
                cancelled_at = time.monotonic()
                dialog.cancelButton().click()
            if finished or (cancelled_at and not dialog.cancelButton().isEnabled()):
                break
        settle(500)
        from qgis.PyQt.QtWidgets import QTextEdit
        log_widget = dialog.findChild(QTextEdit, "txtLog")
        log = log_widget.toPlainText() if log_widget is not None else ""
        record = {"ok": finished.get("ok", False), "results": sorted(finished.get("results", {})), "log": log,
                  "seconds_after_cancel": time.monotonic() - cancelled_at if cancelled_at else 0.0}
        return dialog, record

    def main():
        try:
            districts = QgsVectorLayer(os.path.join(sample, "boundaries", "herts_districts.geojson"), "Districts", "ogr")
            QgsProject.instance().addMapLayer(districts)
            districts.selectByExpression("\"lad17nm\" = 'Welwyn Hatfield'")
            dialog, record = run_dialog("hotspot:cctv", {
                "INPUTS_PATH": os.path.join(sample, "police_uk"),
                "WITHIN": QgsProcessingFeatureSourceDefinition(districts.id(), True),
                "CAMERAS": 2, "OUT": os.path.join(work, "out", "cctv_dialog")})
            groups = []
            for node in QgsProject.instance().layerTreeRoot().children():
                if isinstance(node, QgsLayerTreeGroup):
                    layers = []
                    for child in node.findLayers():
                        layer = child.layer()
                        renderer = layer.renderer() if hasattr(layer, "renderer") else None
                        layers.append({"name": layer.name(), "renderer": type(renderer).__name__,
                                       "field": getattr(renderer, "classAttribute", lambda: "")(),
                                       "features": layer.featureCount() if hasattr(layer, "featureCount") else 0,
                                       "labels": bool(getattr(layer, "labelsEnabled", lambda: False)())})
                    groups.append((node.name(), layers))
            record["groups"] = groups
            found["cctv"] = record
            iface.mainWindow().grab().save(os.path.join(work, "dialog_run.png"))
            dialog.close()
            out = os.path.join(work, "out", "cancelled")
            os.makedirs(out)
            dialog, record = run_dialog("hotspot:density", {
                "INPUTS_PATH": os.path.join(sample, "police_uk"), "BANDWIDTH": "cv",
                "OUT": os.path.join(out, "density.tif")}, cancel_after=1.0)
            record["left"] = sorted(os.listdir(out))
            found["cancel"] = record
            dialog.close()
        except Exception:  # noqa: BLE001 (reported to the outer script)
            found["error"] = traceback.format_exc()
        with open(os.environ[INNER], "w") as results:
            json.dump(found, results)
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(200, QApplication.instance().quit)

    QTimer.singleShot(2000, main)


# QGIS runs a --code file as __main__ too: the variable only the desktop's environment has
# tells the two apart.
if os.environ.get(INNER):
    inner()
elif __name__ == "__main__":
    sys.exit(outer())
