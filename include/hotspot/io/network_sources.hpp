#pragma once

#include <string>
#include <string_view>

namespace hotspot {

/// True for a source GDAL would fetch over a network: GDAL's network file systems anywhere
/// in the path (`/vsicurl/`, `/vsicurl_streaming/`, `/vsis3/`, `/vsigs/`, `/vsiaz/`,
/// `/vsiadls/`, `/vsioss/`, `/vsiswift/`, `/vsiwebhdfs/`, `/vsihdfs/`, also nested as in
/// `/vsizip//vsicurl/...`), a URL (`scheme://`), and the drivers that talk to web services
/// (`WFS:`, `WMS:`, `OAPIF:`, `ES:`, `CouchDB:`, `CARTO:`, `NGW:`, `EEDA:`, ...). Database
/// connections the user configured (`PG:`, `MySQL:`, `MSSQL:`) are not: they are sources the
/// tool documents, reached as the user's own connection settings say.
[[nodiscard]] bool is_network_source(std::string_view source);

/// Whether network sources may be read (default: no). Setting it also sets what GDAL and
/// PROJ may fetch by themselves: while refused, GDAL's /vsicurl/ family only accepts a
/// file extension no file has (CPL_VSIL_CURL_ALLOWED_EXTENSIONS), so a local VRT or
/// GeoJSON that points at a URL cannot make GDAL fetch either, and PROJ's network access
/// (grids from its CDN) is switched off. Process-wide: the command line sets it once.
void set_network_sources_allowed(bool allowed);
[[nodiscard]] bool network_sources_allowed();

/// Throws Error(usage) naming `source` (credentials redacted) and `what` ("incident input",
/// "study area") when it is a network source and network sources are not allowed.
void check_source_is_local(std::string_view source, std::string_view what);

/// Applies the network setting to GDAL and PROJ; called by the readers before GDAL opens
/// anything (set_network_sources_allowed calls it too).
void apply_network_policy();

}  // namespace hotspot
