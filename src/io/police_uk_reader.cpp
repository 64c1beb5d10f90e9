#include "io/police_uk_reader.hpp"

#include <gdal.h>

#include "io/csv_reader.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot::detail {

bool has_police_uk_header(const std::string& source) {
  auto ds = open_vector(csv_open_path(source), {"CSV"}, {"AUTODETECT_TYPE=NO"});
  if (!ds) return false;
  OGRLayerH layer = GDALDatasetGetLayer(static_cast<GDALDatasetH>(ds.get()), 0);
  if (layer == nullptr) return false;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (const char* column : {"Month", "Longitude", "Latitude", "Crime type"}) {
    if (OGR_FD_GetFieldIndex(defn, column) < 0) return false;
  }
  return true;
}

ColumnBinding bind_police_uk_columns(OGRFeatureDefnH defn, const std::string& source) {
  ColumnBinding b;
  // Looked up in this order so that a file missing several columns is told of the same one
  // first whatever else it lacks.
  b.category = column_index(defn, "Crime type", kPoliceUkStage, source, true);
  b.month = column_index(defn, "Month", kPoliceUkStage, source, true);
  b.x = column_index(defn, "Longitude", kPoliceUkStage, source, true);
  b.y = column_index(defn, "Latitude", kPoliceUkStage, source, true);
  b.location = column_index(defn, "Location", kPoliceUkStage, source, false);
  b.lsoa_code = column_index(defn, "LSOA code", kPoliceUkStage, source, false);
  b.lsoa_name = column_index(defn, "LSOA name", kPoliceUkStage, source, false);
  b.crime_id = column_index(defn, "Crime ID", kPoliceUkStage, source, false);
  b.x_name = "Longitude";
  b.y_name = "Latitude";
  b.month_name = "Month";
  b.month_required = true;
  b.category_required = true;
  return b;
}

}  // namespace hotspot::detail
