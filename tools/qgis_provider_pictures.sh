#!/usr/bin/env bash
# The pictures of docs/qgis.md ("Processing provider"), made headless: the QGIS desktop under
# Xvfb with the plugin from qgis/ in a profile of its own (the user's is not touched) runs
# tools/qgis_provider_pictures.py, which runs density and cctv on the sample and saves the
# window with the Processing Toolbox, the density dialog and the density -> cctv model.
#
#   tools/qgis_provider_pictures.sh [HOTSPOT] [OUT_DIR]   (defaults: build/release/hotspot, docs/images)
#
# Needs qgis and xvfb (xvfb-run); Debian 12: apt-get install qgis qgis-providers xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
hotspot=$(realpath "${1:-build/release/hotspot}")
out=$(realpath "${2:-docs/images}")
command -v xvfb-run > /dev/null || { echo "xvfb-run is not installed (apt-get install xvfb)" >&2; exit 1; }
command -v qgis > /dev/null || { echo "qgis is not installed (apt-get install qgis)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/profiles/default/QGIS" "$work/outputs" "$out"
cat > "$work/profiles/default/QGIS/QGIS3.ini" << EOF
[PythonPlugins]
hotspot_provider=true

[Processing/Configuration]
HOTSPOT_EXECUTABLE=$hotspot

[qgis]
showTips322=false
checkVersion=false

[app]
projections\\promptWhenMultipleTransformsExist=false

[projections]
promptWhenMultipleTransformsExist=false
EOF

export QGIS_PLUGINPATH=$PWD/qgis HOTSPOT_PICTURES=$out HOTSPOT_SAMPLE=$PWD/data/sample \
       HOTSPOT_PICTURES_WORK=$work/outputs HOTSPOT_MODEL=$PWD/qgis/hotspot_density_to_cctv.model3 \
       XDG_RUNTIME_DIR=$work
chmod 700 "$work"
timeout 240 xvfb-run -a -s "-screen 0 1600x1000x24" \
  qgis --nologo --noversioncheck --profiles-path "$work" --code "$PWD/tools/qgis_provider_pictures.py"
if [[ -e $work/outputs/failed ]]; then
  cat "$work/outputs/failed" >&2
  exit 1
fi
ls -l "$out"/qgis_toolbox.png "$out"/qgis_density_dialog.png "$out"/qgis_model.png
