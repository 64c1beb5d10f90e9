#!/usr/bin/env bash
# Builds the QGIS plugin zip that Plugins > Manage and Install Plugins > Install from ZIP takes:
# hotspot_provider/ (the Python modules, metadata.txt with the project's version, icon.svg,
# LICENSE), nothing else (no __pycache__). The zip is the same bytes for the same sources
# (entries sorted, times pinned), so it can be checked in CI and compared.
#
#   tools/package_qgis_plugin.sh [OUT_DIR]   (default: build/) -> OUT_DIR/hotspot_provider-VERSION.zip
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build}
mkdir -p "$out"
version=$(sed -n 's/^project(hotspot VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n $version ]] || { echo "package_qgis_plugin: no project version in CMakeLists.txt" >&2; exit 1; }
zip_path=$out/hotspot_provider-$version.zip
/usr/bin/python3 - "$zip_path" "$version" << 'EOF'
import os
import sys
import zipfile

zip_path, version = sys.argv[1], sys.argv[2]
source = os.path.join("qgis", "hotspot_provider")
wanted = sorted(name for name in os.listdir(source)
                if name.endswith(".py") or name in ("metadata.txt", "icon.svg", "LICENSE"))
for needed in ("__init__.py", "metadata.txt", "icon.svg", "LICENSE"):
    if needed not in wanted:
        sys.exit(f"package_qgis_plugin: {source}/{needed} is missing")
with zipfile.ZipFile(zip_path + ".part", "w", zipfile.ZIP_DEFLATED) as archive:
    folder = zipfile.ZipInfo("hotspot_provider/", (2000, 1, 1, 0, 0, 0))
    folder.external_attr = 0o40755 << 16
    archive.writestr(folder, b"")
    for name in wanted:
        with open(os.path.join(source, name), "rb") as handle:
            data = handle.read()
        if name == "metadata.txt":
            lines = [f"version={version}" if line.startswith("version=") else line
                     for line in data.decode("utf-8").splitlines()]
            data = ("\n".join(lines) + "\n").encode("utf-8")
        entry = zipfile.ZipInfo(f"hotspot_provider/{name}", (2000, 1, 1, 0, 0, 0))
        entry.external_attr = 0o100644 << 16
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, data)
os.replace(zip_path + ".part", zip_path)
print(zip_path)
EOF
