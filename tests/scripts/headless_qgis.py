"""QGIS's Python bindings without a display, for the scripts that open hotspot's outputs in QGIS."""
import os
import tempfile

SKIP = 77  # ctest SKIP_RETURN_CODE


def missing_qgis():
    """Sets up a headless Qt (offscreen platform, private runtime folder) and imports qgis.core.
    Returns None when QGIS is usable, else why not (the caller prints it and exits SKIP)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="qgis-runtime-"))
    try:
        import qgis.core  # noqa: F401
    except ImportError as error:
        return f"QGIS's Python bindings are not installed ({error}); apt-get install python3-qgis"
    return None
