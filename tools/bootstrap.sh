#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine (run as root, or with sudo available).
#
#   tools/bootstrap.sh demo   install what is missing, build Release, run the main job on the
#                             bundled sample: `hotspot plan` for Welwyn Hatfield (profile,
#                             density, hotspots, Gi*, trends, CCTV, patrols, backtest) and CCTV
#                             sites among Oxford's buildings (writes out/sample/)
#   tools/bootstrap.sh test   install what is missing (also the test services), build Release,
#                             run the whole test suite through ctest, build it again with clang
#                             under AddressSanitizer + UBSan (preset sanitize, which also builds
#                             the libFuzzer targets) and run it there, then fuzz every reader for
#                             HOTSPOT_FUZZ_SECONDS (default 20) each, two at a time.
#                             HOTSPOT_SANITIZE=0 skips the sanitizer run and the fuzzing.
#
# Running either again is fast: packages already present are not reinstalled and the build
# is incremental. Nothing is downloaded except Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-demo}
case $mode in demo|test) ;; *) echo "usage: $0 demo|test" >&2; exit 2 ;; esac

build_packages=(
  build-essential cmake ninja-build pkg-config git clang libclang-rt-14-dev libomp-dev lld
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin libeigen3-dev
  libcli11-dev nlohmann-json3-dev libfftw3-dev coinor-libcbc-dev libjs-leaflet libjs-chart.js
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Services and reference programs the tests use: a real PostgreSQL + PostGIS server,
# Debian's Python for independent recounts (and python3-jsonschema for `describe --json`'s
# schema), the peer tools whose results the density tests reproduce (GRASS v.kernel, QGIS's
# heatmap through qgis_process), QGIS for the Processing provider's tests (qgis_process, PyQGIS,
# and the desktop dialog under xvfb-run, which needs xauth), headless Chromium, which opens the
# HTML report, prints it to PDF (poppler-utils reads the pages back) and runs the axe-core
# accessibility audit (npm, test-only: tests/report/package.json).
test_packages=(postgresql-15 postgresql-15-postgis-3 python3 python3-jsonschema grass-core qgis qgis-providers
               python3-qgis python3-gdal chromium poppler-utils xvfb xauth)

wanted=("${build_packages[@]}")
[[ $mode == test ]] && wanted+=("${test_packages[@]}")
# The machine's own Node.js and npm are used when present; otherwise Debian's.
[[ $mode == test ]] && ! command -v npm >/dev/null && wanted+=(npm)

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  [[ $status == "ii "* ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset release >/dev/null
cmake --build --preset release

if [[ $mode == demo ]]; then
  # `hotspot` on the PATH (/usr/local/bin), so the README's commands work as printed; with the
  # bundled data, the docs and the QGIS plugin (cmake --install).
  "${sudo[@]}" cmake --install build/release --prefix /usr/local >/dev/null
  # The main job on the bundled sample: Welwyn Hatfield and St Albans police.uk data (2018),
  # and central Oxford with real OpenStreetMap buildings for camera sight-lines.
  out=out/sample
  mkdir -p "$out"
  hotspot=build/release/hotspot
  police=data/sample/police_uk
  districts=data/sample/boundaries/herts_districts.geojson
  wh=(--within "$districts" --within-where "lad17nm = 'Welwyn Hatfield'")
  run() { echo "+ hotspot $*"; "$hotspot" "$@"; }
  # The whole plan for Welwyn Hatfield: every layer, the GeoPackage, the summary.
  run plan "$police" "${wh[@]}" --units 3 -o "$out/plan"
  # Cameras among real buildings: central Oxford, OpenStreetMap footprints block the view.
  run cctv data/sample/oxford --weight harm \
    --buildings data/sample/oxford/oxford_centre_osm.gpkg --buildings-layer buildings \
    --candidates data/sample/oxford/oxford_centre_osm.gpkg --candidates-layer parking_points \
    --roads data/sample/oxford/oxford_centre_osm.gpkg --roads-layer roads --road-step 25 \
    --fov 90 --headings 8 --range 40 --cameras 5 -o "$out/cctv_oxford"
  # The QGIS Processing provider as a zip for Plugins > Manage and Install Plugins > Install from ZIP.
  tools/package_qgis_plugin.sh "$out" >/dev/null
  echo "bootstrap: outputs in $out/ (GeoPackage, GeoJSON, GeoTIFF, CSV; load them in QGIS; the QGIS plugin: $out/hotspot_provider-*.zip)"
else
  # axe-core for the report's accessibility audit, pinned by tests/report/package-lock.json
  # (from the npm registry or the local npm cache; the audit skips itself without it).
  if command -v npm >/dev/null && [[ ! -f tests/report/node_modules/axe-core/axe.min.js ]]; then
    npm ci --prefix tests/report --no-audit --no-fund --loglevel=error >/dev/null ||
      echo "bootstrap: npm ci for tests/report failed; the accessibility audit will be skipped" >&2
  fi
  ctest --preset release
  if [[ ${HOTSPOT_SANITIZE:-1} != 0 ]]; then
    # The whole suite again under ASan + UBSan (clang); one tree also holds the fuzz targets,
    # so the sanitizers cost one extra build. Tests labelled no_sanitize are left out there.
    # (Running the Release suite while this tree builds was tried: on 2 cores both slowed so
    # much that the pair took 80 s longer than one after the other.)
    cmake --preset sanitize >/dev/null
    cmake --build --preset sanitize
    ctest --preset sanitize
    # A CI-sized fuzz run of every reader (libFuzzer); HOTSPOT_FUZZ_SECONDS=0 skips.
    fuzz_seconds=${HOTSPOT_FUZZ_SECONDS:-20}
    if ((fuzz_seconds > 0)); then
      tools/fuzz_smoke.sh "$fuzz_seconds"
    fi
  fi
fi
