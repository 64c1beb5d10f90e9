#!/usr/bin/env bash
# `cmake --install` into a scratch prefix: the program runs from there (--version, a profile of
# the installed sample), and the bundled data, the docs and the QGIS plugin are where they
# should be. usage: check_install.sh BUILD_DIR PREFIX
set -euo pipefail
build=$1
prefix=$2
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "FAIL: $*"; exit 1; }
"$prefix/bin/hotspot" --version | grep -q '^hotspot ' || fail "the installed hotspot does not run"
for f in share/hotspot/data/crime-harm-weights.csv share/hotspot/data/sample/police_uk/2018-01-hertfordshire-street.csv.gz \
         share/doc/hotspot/README.md share/doc/hotspot/describe.schema.json \
         share/qgis/python/plugins/hotspot_provider/metadata.txt share/qgis/python/plugins/hotspot_provider/__init__.py; do
  [[ -f $prefix/$f ]] || fail "$f is not installed"
done
[[ -z $(find "$prefix/share/qgis" -name __pycache__) ]] || fail "__pycache__ installed"
out=$("$prefix/bin/hotspot" profile "$prefix/share/hotspot/data/sample/police_uk" --quiet 2>&1)
grep -q "rows read 25371" <<<"$out" || fail "the installed program does not read the installed sample: $out"
echo "install: all checks passed"
