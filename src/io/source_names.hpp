#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hotspot::detail {

/// True when `text` ends with `suffix`, ignoring ASCII case: extensions are matched as users
/// and archives spell them (`.CSV`, `-Street.csv.GZ`).
[[nodiscard]] bool ends_with_nocase(std::string_view text, std::string_view suffix);

/// True for a path only GDAL understands, not a file or folder on disk: a `PG:` connection
/// string or a GDAL virtual file system path (`/vsizip/...`, `/vsigzip/...`).
[[nodiscard]] bool is_gdal_only_path(std::string_view path);

/// A police.uk street-level file by its name: `*-street.csv` or `*-street.csv.gz`.
[[nodiscard]] bool is_police_uk_name(std::string_view name);

/// Delimited text by its name: `.csv`, `.tsv` or `.txt`, gzipped or not.
[[nodiscard]] bool is_csv_name(std::string_view name);

/// The force and month a police.uk street file holds, from its name
/// `YYYY-MM-force-street.csv[.gz]`: "force YYYY-MM", the force in lower case; nullopt for
/// any other name.
[[nodiscard]] std::optional<std::string> police_uk_force_and_month(const std::string& source);

/// The user-facing name of a source path: no /vsigzip/, /vsizip/ or CSV: prefix, no
/// credentials.
[[nodiscard]] std::string display_name(const std::string& path);

/// The path GDAL reads a file on disk by: a gzipped file through /vsigzip/; any other path as
/// it is.
[[nodiscard]] std::string gdal_path(const std::string& path);

}  // namespace hotspot::detail
