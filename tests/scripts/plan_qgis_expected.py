#!/usr/bin/python3
"""Writes what real QGIS must find in a `hotspot plan` folder, for check_qgis_outputs.py.

usage: plan_qgis_expected.py PLAN_DIR OUT.json

Drawn from the plan's files, not from its project: feature counts from the GeoJSON copies
(or the GeoPackage table when a layer has none), geometry types from gpkg_geometry_columns,
the renderer, class count, labels and opacity from the style QGIS is to apply (the QML in
layer_styles), the raster size from density.tif, the extent from the study area's
gpkg_contents row. The layer order is the one the plan promises: cameras on top, the
density raster at the bottom; Gi* and emerging hot spots start hidden.
"""
import json
import os
import sqlite3
import sys
import xml.etree.ElementTree as ET

ORDER = [  # top to bottom: (layer, title in the project)
    ("cameras", "Recommended cameras"),
    ("coverage", "Camera coverage"),
    ("uncovered_hotspots", "Hotspots the cameras miss"),
    ("patrol_routes", "Patrol routes"),
    ("patrol_areas", "Patrol places"),
    ("emerging_hot_spots", "Emerging hot spots"),
    ("gistar", "Gi* hot and cold spots"),
    ("hotspots", "Hotspots (density)"),
    ("study_area", "Study area"),
    ("roads", "Roads"),
    ("context", "context"),
]
HIDDEN = {"gistar", "emerging_hot_spots"}
GEOMETRY = {"POINT": "Point", "LINESTRING": "Line", "POLYGON": "Polygon", "MULTIPOLYGON": "Polygon",
            "MULTILINESTRING": "Line", "MULTIPOINT": "Point"}


def qml_facts(qml):
    root = ET.fromstring(qml.split("\n", 1)[1] if qml.startswith("<!DOCTYPE") else qml)
    renderer = root.find("renderer-v2")
    kind = renderer.get("type")
    classes = 0
    if kind == "graduatedSymbol":
        classes = len(renderer.find("ranges"))
    elif kind == "categorizedSymbol":
        classes = len(renderer.find("categories"))
    opacity = root.find("layerOpacity")
    return {"renderer": kind, "classes": classes, "labels": root.get("labelsEnabled") == "1",
            "opacity": float(opacity.text) if opacity is not None else 1.0}


def main():
    plan_dir, out = sys.argv[1], sys.argv[2]
    from osgeo import gdal
    db = sqlite3.connect(os.path.join(plan_dir, "plan.gpkg"))
    styles = {name: qml for name, qml in db.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault")}
    geometry = {t: g for t, g in db.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns")}
    srs = db.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys s JOIN gpkg_contents c "
                     "ON c.srs_id = s.srs_id WHERE c.table_name = 'study_area'").fetchone()
    extent = db.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'study_area'").fetchone()
    crs = f"{srs[0].upper()}:{srs[1]}"
    layers = []
    for layer, title in ORDER:
        if layer not in styles:
            continue
        copy = os.path.join(plan_dir, layer + ".geojson")
        if os.path.exists(copy):
            with open(copy, encoding="utf-8") as f:
                features = len(json.load(f)["features"])
        else:
            features = db.execute(f'SELECT count(*) FROM "{layer}"').fetchone()[0]
        spec = {"name": title, "gpkg": "plan.gpkg", "layer": layer, "kind": "vector", "visible": layer not in HIDDEN,
                "features": features, "geometry": GEOMETRY[geometry[layer]], "crs": crs}
        spec.update(qml_facts(styles[layer]))
        if os.path.exists(copy):
            spec["geojson"] = layer + ".geojson"
        layers.append(spec)
    raster = gdal.Open(os.path.join(plan_dir, "density.tif"))
    qml = ET.parse(os.path.join(plan_dir, "density.qml")).getroot()
    stops = qml.findall(".//colorrampshader/item")
    layers.append({"name": "Density", "file": "density.tif", "kind": "raster", "visible": True, "crs": crs,
                   "renderer": "singlebandpseudocolor", "classes": len(stops),
                   "width": raster.RasterXSize, "height": raster.RasterYSize})
    expected = {"project": "plan.qgs", "crs": crs, "extent": list(extent), "layers": layers}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
