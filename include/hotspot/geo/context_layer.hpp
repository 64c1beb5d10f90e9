#pragma once

#include <string>

#include "hotspot/geo/study_area.hpp"
#include "hotspot/io/vector_writer.hpp"

namespace hotspot {

/// A reference layer drawn under the analysis (districts, wards, roads) so a map makes sense
/// without a basemap: its features' geometries in the working CRS and one `name` field taken
/// from `label_field` (no other attribute of the user's file is copied into the outputs).
/// Features without a geometry are skipped. Throws Error(input) when the source cannot be
/// opened, (usage) when `label_field` is not a field of the layer.
[[nodiscard]] VectorLayer read_context_layer(const AreaSource& source, const std::string& working_crs,
                                             const std::string& layer_name, const std::string& label_field = {});

}  // namespace hotspot
