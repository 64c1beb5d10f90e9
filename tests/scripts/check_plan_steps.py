#!/usr/bin/python3
"""`hotspot plan` composes the single commands' steps, on the bundled sample (Welwyn Hatfield).

usage: check_plan_steps.py HOTSPOT SAMPLE_DIR WORK_DIR

  * same cameras: `hotspot cctv` given what the plan gives its cctv step (the study area, the
    100 m lattice, every hotspot polygon's centre from the plan's own hotspots in plan.gpkg, the
    same demand model) writes the same cameras.geojson, byte for byte, as the plan;
  * ASB first: `hotspot plan --focus asb` puts every camera on an anti-social behaviour hot spot,
    checked against an independent map: `hotspot density --types "Anti-social behaviour"` with
    the plan's density settings, whose top-1% hotspot polygons each camera must see (its point
    within the camera range of one), and the cameras differ from the all-crime plan's;
  * the plan's own --help lists the adopted options with the steps' help (density --cell's).
Exit 0 when all hold, 1 otherwise.
"""
import filecmp
import json
import os
import shutil
import subprocess
import sys


def run(args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    hotspot, sample, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    from osgeo import ogr
    failures = []

    def check(ok, message):
        if not ok:
            failures.append(message)
            print("FAIL:", message)

    police = os.path.join(sample, "police_uk")
    districts = os.path.join(sample, "boundaries", "herts_districts.geojson")
    area = ["--within", districts, "--within-where", "lad17nm = 'Welwyn Hatfield'"]

    plan = os.path.join(work, "plan")
    run([hotspot, "plan", police, *area, "--units", "2", "-o", plan, "--quiet"])
    cctv = os.path.join(work, "cctv")
    # The plan's own hotspot polygons, exactly: plan.gpkg's layer (its fids are the ones the
    # plan's candidates are named by; the GeoJSON copy's lon/lat are rounded to 1e-7 degrees).
    run([hotspot, "cctv", police, *area, "--hotspots", os.path.join(plan, "plan.gpkg"), "--hotspots-layer", "hotspots",
         "-o", cctv, "--quiet"])
    check(filecmp.cmp(os.path.join(plan, "cameras.geojson"), os.path.join(cctv, "cameras.geojson"), shallow=False),
          "hotspot cctv with the plan's candidates does not give the plan's cameras.geojson")

    asb_plan = os.path.join(work, "plan_asb")
    run([hotspot, "plan", police, *area, "--focus", "asb", "--units", "2", "-o", asb_plan, "--quiet"])
    asb_map = os.path.join(work, "asb.tif")
    asb_polygons = os.path.join(work, "asb_hotspots.geojson")
    run([hotspot, "density", police, *area, "--types", "Anti-social behaviour", "--cell", "25", "--bandwidth", "cv",
         "--cv-max", "1500", "--levels", "1", "-o", asb_map, "--polygons", asb_polygons])
    hot = ogr.Open(asb_polygons)
    layer = hot.GetLayer(0)
    # The polygons in the working CRS: GeoJSON is WGS84, so measure in EPSG:27700.
    from osgeo import osr
    bng = osr.SpatialReference()
    bng.ImportFromEPSG(27700)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    bng.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_bng = osr.CoordinateTransformation(wgs, bng)
    union = ogr.Geometry(ogr.wkbMultiPolygon)
    for feature in layer:
        g = feature.GetGeometryRef().Clone()
        g.Transform(to_bng)
        union = union.Union(g)
    with open(os.path.join(asb_plan, "cameras.geojson"), encoding="utf-8") as f:
        cameras = json.load(f)["features"]
    check(len(cameras) == 4, f"the ASB plan sites {len(cameras)} cameras, not 4")
    for c in cameras:
        lon, lat = c["geometry"]["coordinates"][:2]
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(lon, lat)
        p.Transform(to_bng)
        distance = p.Distance(union)
        check(distance <= 60.0, f"ASB plan camera #{c['properties'].get('rank')} is {distance:.0f} m from the nearest "
                                "ASB hot spot (the camera range is 60 m)")
    with open(os.path.join(plan, "cameras.geojson"), encoding="utf-8") as f:
        all_crime = [tuple(c["geometry"]["coordinates"][:2]) for c in json.load(f)["features"]]
    check(sorted(all_crime) != sorted(tuple(c["geometry"]["coordinates"][:2]) for c in cameras),
          "the ASB plan's cameras are the all-crime plan's: --focus did not reach the cameras")

    plan_help = run([hotspot, "plan", "--help"]).stdout
    density_help = run([hotspot, "density", "--help"]).stdout
    check("Cell size in metres" in plan_help and "Cell size in metres" in density_help,
          "plan --help does not show density's own help for --cell")
    if failures:
        print(f"{len(failures)} failures")
        return 1
    print("plan steps: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
