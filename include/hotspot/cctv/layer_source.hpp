#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/geo/study_area.hpp"

namespace hotspot {

/// One feature of an OGR layer, its geometry reprojected into the working CRS.
struct LayerFeature {
  std::string wkb;                  ///< ISO WKB in the working CRS (curves linearised)
  std::vector<std::string> values;  ///< the requested fields as text, "" when null or absent
  std::int64_t fid = -1;
};

/// Reads every feature of `source` (path, layer, attribute filter) into the working CRS, with
/// the text of `fields` (missing fields are an Error(usage) naming the field). A layer
/// without a CRS is taken to be in the working CRS (noted). `stage` names the caller in errors.
[[nodiscard]] std::vector<LayerFeature> read_layer(const AreaSource& source, const std::string& working_crs,
                                                   const std::vector<std::string>& fields, const std::string& stage,
                                                   std::vector<std::string>& notes);

}  // namespace hotspot
