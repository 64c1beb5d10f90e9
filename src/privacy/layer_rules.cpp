#include "hotspot/privacy/layer_rules.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "hotspot/core/error.hpp"

namespace hotspot::privacy {
namespace {

std::size_t field_of(const VectorLayer& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == name) return i;
  }
  throw Error(ErrorCode::internal, "privacy.publish", "layer " + layer.name + " has no field " + name);
}

std::optional<std::int64_t> integer_of(const FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<std::int64_t>(*d);
  return std::nullopt;
}

}  // namespace

bool location_text_is_public(const PrepareOptions& input) { return input.read.location_field.empty(); }

PublishOptions hotspot_polygon_rules() {
  PublishOptions rules;
  rules.count_field = "incidents";
  rules.count_lists = {"crime_types"};
  return rules;
}

PublishOptions gistar_rules() {
  PublishOptions rules;
  rules.count_field = "incidents";
  return rules;
}

PublishOptions emerging_rules() {
  // "incidents" is the summed weight (harm with --weight harm); incident_count counts.
  PublishOptions rules;
  rules.count_field = "incident_count";
  rules.other_counts = {{"incidents", {}}};
  return rules;
}

PublishOptions cluster_rules(bool locations_public) {
  PublishOptions rules;
  rules.count_field = "incidents";
  rules.count_lists = {"crime_types"};
  // The mean centre of a cluster at one place is that incident position: rounded, and the
  // ellipse drawn around it moved with it.
  rules.coordinate_fields = {{"centre_x", "centre_y"}};
  rules.anchor_fields = std::make_pair(std::string("centre_x"), std::string("centre_y"));
  if (locations_public) {
    rules.count_lists.push_back("top_locations");
  } else {
    rules.drop_fields.push_back("top_locations");
  }
  return rules;
}

PublishOptions camera_rules(bool locations_public) {
  PublishOptions rules;
  rules.count_field = "incidents_in_view";
  rules.other_counts = {{"incidents_new", {"weight_new", "harm_new", "share_new"}}};
  // Cameras come in rank order: a running total over a suppressed camera would give its
  // counts (and harm mix) back by subtraction.
  rules.cumulative_counts = {
      {"incidents_cumulative", "incidents_new", {"weight_cumulative", "harm_cumulative", "share_cumulative"}}};
  rules.count_lists = {"top_types"};
  // "reason" is free text with small counts and the distance to the nearest incident.
  rules.drop_fields = {"reason"};
  if (!locations_public) rules.drop_fields.push_back("nearest_location");
  rules.coordinate_fields = {{"easting", "northing"}};
  return rules;
}

PublishOptions coverage_rules() {
  PublishOptions rules;
  rules.count_field = "incidents_in_view";
  return rules;
}

std::size_t move_views_with_cameras(VectorLayer& coverage, const VectorLayer& cameras, double grid_m) {
  if (coverage.features.empty() || cameras.features.empty()) return 0;
  std::map<std::int64_t, std::pair<double, double>> offset_of_rank;
  const std::size_t camera_rank = field_of(cameras, "rank");
  for (const auto& camera : cameras.features) {
    const auto rank = integer_of(camera.values[camera_rank]);
    const auto xy = wkb_point_xy(camera.wkb);
    if (!rank || !xy) continue;
    offset_of_rank[*rank] = {round_to_grid(xy->first, grid_m) - xy->first, round_to_grid(xy->second, grid_m) - xy->second};
  }
  const std::size_t kind = field_of(coverage, "kind"), rank = field_of(coverage, "rank");
  std::size_t moved = 0;
  for (auto& view : coverage.features) {
    const auto* k = std::get_if<std::string>(&view.values[kind]);
    const auto r = integer_of(view.values[rank]);
    if (k == nullptr || *k != "new" || !r) continue;
    const auto found = offset_of_rank.find(*r);
    if (found == offset_of_rank.end()) continue;
    translate_wkb(view.wkb, found->second.first, found->second.second);
    ++moved;
  }
  return moved;
}

PublishOptions uncovered_hotspot_rules() {
  PublishOptions rules;
  rules.count_field = "incidents";
  rules.other_counts = {{"incidents_seen", {"weight_seen", "share_seen"}}};
  return rules;
}

PublishOptions patrol_area_rules(bool locations_public) {
  PublishOptions rules;
  rules.count_field = "incidents";
  rules.drop_fields = {"peak_times", "peak_hour", "peak_hour_r", "peak_hour_p", "peak_weekday", "peak_weekday_p"};
  if (!locations_public) rules.drop_fields.push_back("location");
  return rules;
}

}  // namespace hotspot::privacy
