#!/usr/bin/env bash
# Makes the README's density map (docs/images/density_welwyn_hatfield_asb.png) from the sample
# data with hotspot and GDAL tools only: anti-social behaviour in Welwyn Hatfield in 2018,
# quartic kernel 200 m on 20 m cells, edge corrected to the district, incidents per km² per
# month; coloured with gdaldem color-relief (ramp: docs/density_colours.txt), then PNG.
# Usage: tools/make_readme_map.sh [path/to/hotspot]
set -euo pipefail
cd "$(dirname "$0")/.."
HOTSPOT=${1:-build/release/hotspot}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$HOTSPOT" density data/sample/police_uk --types "Anti-social behaviour" \
  --within data/sample/boundaries/herts_districts.geojson --within-where "lad17nm = 'Welwyn Hatfield'" \
  --bandwidth 200 --cell 20 --per-month --threads 1 \
  --out "$WORK/density.tif" --polygons "$WORK/hotspots.geojson"
gdaldem color-relief -q -alpha -nearest_color_entry "$WORK/density.tif" docs/density_colours.txt "$WORK/colour.tif"
# PNG with the alpha band (outside the district is transparent); ZLEVEL=9 keeps it small.
gdal_translate -q -of PNG -co ZLEVEL=9 "$WORK/colour.tif" docs/images/density_welwyn_hatfield_asb.png
rm -f docs/images/density_welwyn_hatfield_asb.png.aux.xml
ls -l docs/images/density_welwyn_hatfield_asb.png
