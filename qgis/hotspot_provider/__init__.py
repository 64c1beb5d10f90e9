"""hotspot for QGIS: a Processing provider running the hotspot command line."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import HotspotPlugin
    return HotspotPlugin(iface)
