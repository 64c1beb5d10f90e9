#pragma once

#include <string>

#include <ogr_api.h>

#include "io/layer_rows.hpp"

// data.police.uk street-level files: CSV files (read as csv_reader.hpp reads any CSV) with
// fixed column names, found by name or by header.
namespace hotspot::detail {

inline constexpr const char* kPoliceUkStage = "readers.police_uk";

/// True when `source` opens as a CSV file whose header holds the police.uk columns (Month,
/// Longitude, Latitude, Crime type), whatever the file is called.
[[nodiscard]] bool has_police_uk_header(const std::string& source);

/// Binds the police.uk columns: Crime type, Month, Longitude and Latitude are required
/// (Error(data) naming the first missing, in that order); Location, LSOA code, LSOA name and
/// Crime ID are read when present. An empty month or crime type rejects the row.
[[nodiscard]] ColumnBinding bind_police_uk_columns(OGRFeatureDefnH defn, const std::string& source);

}  // namespace hotspot::detail
