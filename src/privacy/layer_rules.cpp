#include "hotspot/privacy/layer_rules.hpp"

#include <array>
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
  return {.count_field = "incidents", .count_lists = {"crime_types"}};
}

PublishOptions gistar_rules() {
  return {.count_field = "incidents"};
}

PublishOptions emerging_rules() {
  // "incidents" is the summed weight (harm with --weight harm); incident_count counts.
  return {.count_field = "incident_count", .other_counts = {{"incidents", {}}}};
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
  return {.count_field = "incidents_in_view"};
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
  return {.count_field = "incidents", .other_counts = {{"incidents_seen", {"weight_seen", "share_seen"}}}};
}

PublishOptions patrol_area_rules(bool locations_public) {
  PublishOptions rules;
  rules.count_field = "incidents";
  rules.drop_fields = {"peak_times", "peak_hour", "peak_hour_r", "peak_hour_p", "peak_weekday", "peak_weekday_p"};
  if (!locations_public) rules.drop_fields.push_back("location");
  return rules;
}

PublishOptions evaluation_area_rules() {
  return {.count_field = "before", .other_counts = {{"after", {"change_pct", "finding"}}}};
}

std::size_t withhold_evaluation_complements(VectorLayer& areas, std::int64_t min_count) {
  const std::size_t name = field_of(areas, "intervention"), code = field_of(areas, "area_code");
  const std::size_t window[2] = {field_of(areas, "before"), field_of(areas, "after")};
  const std::size_t change = field_of(areas, "change_pct"), finding = field_of(areas, "finding");
  const auto small = [min_count](const FieldValue& v) {
    const auto* d = std::get_if<double>(&v);
    const auto i = integer_of(v);
    if (d != nullptr) return *d < static_cast<double>(min_count);
    return !i || *i < min_count;
  };
  // The features of one intervention are together, treated (1), buffer (2), control (3).
  std::map<std::string, std::array<bool, 2>> withheld;
  for (const auto& f : areas.features) {
    const auto c = integer_of(f.values[code]);
    const auto* n = std::get_if<std::string>(&f.values[name]);
    if (!c || *c == 3 || n == nullptr) continue;
    auto& w = withheld[*n];
    for (int p = 0; p < 2; ++p) w[static_cast<std::size_t>(p)] = w[static_cast<std::size_t>(p)] || small(f.values[window[p]]);
  }
  std::size_t nulled = 0;
  for (auto& f : areas.features) {
    const auto c = integer_of(f.values[code]);
    const auto* n = std::get_if<std::string>(&f.values[name]);
    if (!c || *c != 3 || n == nullptr) continue;
    const auto found = withheld.find(*n);
    if (found == withheld.end()) continue;
    for (int p = 0; p < 2; ++p) {
      if (!found->second[static_cast<std::size_t>(p)] || std::holds_alternative<std::monostate>(f.values[window[p]])) continue;
      f.values[window[p]] = FieldValue{};
      f.values[change] = FieldValue{};
      f.values[finding] = FieldValue{};
      ++nulled;
    }
  }
  return nulled;
}

PublishOptions area_summary_rules() {
  return {.count_field = "incidents",
          .other_counts = {{"incidents_before",
                         {"change", "change_pct", "change_text", "change_class", "p_value", "p_adjusted",
                          "larger_than_chance"}}},
          .count_lists = {"main_types"},
          .drop_fields = {"share_pct"}};
}

PublishOptions named_hotspot_rules(bool locations_public) {
  PublishOptions rules;
  rules.count_field = "incidents";
  rules.other_counts = {{"incidents_before", {}}};
  rules.count_lists = {"crime_types"};
  if (!locations_public) rules.drop_fields.push_back("location");
  return rules;
}

}  // namespace hotspot::privacy
