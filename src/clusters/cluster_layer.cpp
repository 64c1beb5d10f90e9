#include "hotspot/clusters/cluster_layer.hpp"

#include <cstdint>

#include "hotspot/core/string_dictionary.hpp"
#include "hotspot/io/vector_writer.hpp"

namespace hotspot::clusters {

VectorLayer cluster_layer(const std::string& name, const std::string& crs, const Incidents& incidents,
                          std::span<const ClusterSummary> summaries, ClusterOutline outline,
                          std::vector<std::pair<std::string, std::string>> metadata) {
  VectorLayer layer{.name = name, .geometry = GeometryKind::polygon, .crs = crs};
  layer.metadata = std::move(metadata);
  layer.fields = {{"cluster", FieldType::integer},      {"incidents", FieldType::integer},
                  {"weight", FieldType::real},          {"share", FieldType::real},
                  {"weight_share", FieldType::real},    {"locations", FieldType::integer},
                  {"area_m2", FieldType::real},         {"density_per_km2", FieldType::real},
                  {"months_active", FieldType::integer}, {"first_month", FieldType::string},
                  {"last_month", FieldType::string},    {"crime_types", FieldType::string},
                  {"top_locations", FieldType::string}, {"centre_x", FieldType::real},
                  {"centre_y", FieldType::real},        {"sd_major_m", FieldType::real},
                  {"sd_minor_m", FieldType::real},      {"sd_rotation_deg", FieldType::real}};
  for (const auto& s : summaries) {
    VectorFeature f;
    Rings rings;
    switch (outline) {
      case ClusterOutline::concave_hull: rings = s.concave_hull; break;
      case ClusterOutline::convex_hull: rings = s.convex_hull; break;
      case ClusterOutline::ellipse_1sd: rings = {s.ellipse.ring(1.0)}; break;
      case ClusterOutline::ellipse_2sd: rings = {s.ellipse.ring(2.0)}; break;
    }
    f.wkb = wkb_polygon(rings);
    f.values = {std::int64_t{s.label},
                static_cast<std::int64_t>(s.incidents),
                s.weight,
                s.share,
                s.weight_share,
                static_cast<std::int64_t>(s.locations),
                s.area,
                s.density,
                static_cast<std::int64_t>(s.months_active),
                s.first_month == kNoMonth ? FieldValue{} : FieldValue{format_month(s.first_month)},
                s.last_month == kNoMonth ? FieldValue{} : FieldValue{format_month(s.last_month)},
                ranked_text(s.crime_types, incidents.categories),
                ranked_text(s.top_locations, incidents.locations),
                s.ellipse.centre_x,
                s.ellipse.centre_y,
                s.ellipse.semi_major,
                s.ellipse.semi_minor,
                s.ellipse.rotation * 180.0 / 3.14159265358979323846};
    layer.features.push_back(std::move(f));
  }
  return layer;
}

}  // namespace hotspot::clusters
