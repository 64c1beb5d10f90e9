#include "hotspot/privacy/layer_rules.hpp"

namespace hotspot::privacy {

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
  rules.other_counts = {{"incidents_new", {"weight_new", "harm_new", "share_new"}},
                        {"incidents_cumulative", {"weight_cumulative", "harm_cumulative", "share_cumulative"}}};
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
