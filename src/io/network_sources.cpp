#include "hotspot/io/network_sources.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"

namespace hotspot {
namespace {

std::atomic<bool> g_allowed{false};

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

}  // namespace

bool is_network_source(std::string_view source) {
  const std::string s = lowered(source);
  for (std::string_view fs : {"/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls", "/vsioss", "/vsiswift",
                              "/vsiwebhdfs", "/vsihdfs"}) {
    if (s.find(fs) != std::string::npos) return true;
  }
  // A database URL is a connection like `PG:`, not a fetch.
  if (s.starts_with("postgresql://") || s.starts_with("postgres://")) return false;
  if (s.find("://") != std::string::npos) return true;
  for (std::string_view driver : {"wfs:", "wms:", "oapif:", "wcs:", "es:", "couchdb:", "carto:", "ngw:", "eeda:",
                                  "eedai:", "plscenes:", "amigocloud:", "mongodbv3:", "mongodb:", "daas:", "stacit:",
                                  "stacta:", "gdal_wms", "csw:"}) {
    if (s.starts_with(driver)) return true;
  }
  return false;
}

void apply_network_policy() {
  const bool allowed = g_allowed.load();
  // No file has this extension, so /vsicurl/ and the file systems built on it refuse every
  // name before sending a request (a VRT or GeoJSON on disk may name a URL inside).
  CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", allowed ? nullptr : ".hotspot-network-sources-refused");
  OSRSetPROJEnableNetwork(allowed ? TRUE : FALSE);
}

void set_network_sources_allowed(bool allowed) {
  g_allowed.store(allowed);
  apply_network_policy();
}

bool network_sources_allowed() { return g_allowed.load(); }

void check_source_is_local(std::string_view source, std::string_view what) {
  if (g_allowed.load() || !is_network_source(source)) return;
  throw Error(ErrorCode::usage, ErrorContext{"readers", redact_credentials(source), std::nullopt, {}},
              "the " + std::string(what) +
                  " is a network address; hotspot reads local files and databases only, unless network "
                  "sources are allowed (the allow-network setting)");
}

}  // namespace hotspot
