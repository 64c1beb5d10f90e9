// The plan report's monthly chart in publish mode: no bar below k is shown, and no withheld
// bar can be worked out from the report's total.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/incidents.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/plan/plan.hpp"
#include "hotspot/plan/plan_report.hpp"

namespace hotspot::plan {
namespace {

/// `counts[m][t]` incidents of type t in month m (2020-01 onwards).
Incidents incidents_of(const std::vector<std::vector<int>>& counts) {
  Incidents in;
  std::vector<std::uint32_t> types;
  for (std::size_t t = 0; t < counts.front().size(); ++t) types.push_back(in.categories.intern("type " + std::to_string(t)));
  for (std::size_t m = 0; m < counts.size(); ++m) {
    for (std::size_t t = 0; t < counts[m].size(); ++t) {
      for (int i = 0; i < counts[m][t]; ++i) {
        IncidentRecord r;
        r.x = static_cast<double>(i);
        r.month = make_month(2020, static_cast<int>(m) + 1);
        r.category = types[t];
        in.push_back(r);
      }
    }
  }
  return in;
}

std::size_t withheld_in(const report::Chart& chart) {
  std::size_t n = 0;
  for (const auto& s : chart.series) {
    for (const double v : s.values) n += std::isnan(v) ? 1 : 0;
  }
  return n;
}

double shown_total(const report::Chart& chart) {
  double total = 0;
  for (const auto& s : chart.series) {
    for (const double v : s.values) total += std::isnan(v) ? 0 : v;
  }
  return total;
}

TEST(MonthlyChart, WithoutPublishingEveryCountIsShown) {
  const Incidents in = incidents_of({{20, 1}, {30, 2}});
  std::size_t withheld = 99;
  const report::Chart chart = monthly_chart(in, 0, &withheld);
  EXPECT_EQ(withheld, 0U);
  EXPECT_EQ(withheld_in(chart), 0U);
  EXPECT_EQ(shown_total(chart), 53.0);
}

TEST(MonthlyChart, PublishingWithholdsEveryValueBelowK) {
  // type 1 has 1 and 4 incidents (both below 5, together 5, so neither can be worked out:
  // each could be 1 to 4); type 2 has 7 and 0.
  const Incidents in = incidents_of({{20, 1, 7}, {30, 4, 0}});
  std::size_t withheld = 0;
  const report::Chart chart = monthly_chart(in, 5, &withheld);
  EXPECT_EQ(withheld, withheld_in(chart));
  for (const auto& s : chart.series) {
    for (const double v : s.values) EXPECT_TRUE(std::isnan(v) || v == 0 || v >= 5) << s.name << " " << v;
  }
  // The total of what is withheld (all the report's total tells) leaves each value open.
  const double hidden = static_cast<double>(in.size()) - shown_total(chart);
  ASSERT_GE(withheld, 2U);
  EXPECT_GE(hidden - static_cast<double>(withheld - 1), 5.0);
  EXPECT_NE(chart.caption.find("withheld"), std::string::npos) << chart.caption;
}

TEST(MonthlyChart, ALoneSmallValueTakesAnotherWithIt) {
  // Only one value is below k: shown beside the total it would be the difference, so the
  // smallest other value is withheld too, until the withheld total leaves each open.
  const Incidents in = incidents_of({{20, 2}, {30, 9}, {40, 12}});
  std::size_t withheld = 0;
  const report::Chart chart = monthly_chart(in, 5, &withheld);
  EXPECT_GE(withheld, 2U);
  const double hidden = static_cast<double>(in.size()) - shown_total(chart);
  EXPECT_GE(hidden - static_cast<double>(withheld - 1), 5.0) << hidden;
  // The 2 went first, then the smallest above k (9), not a larger one.
  EXPECT_EQ(hidden, 11.0);
}

// The map legend names the plan's own hotspot levels (it said "0.1%, 0.5% and 1%" whatever
// --levels asked for).
TEST(PlanReportMap, HotspotLegendNamesThePlansLevels) {
  PlanOptions options = default_plan_options();
  options.density.map.threshold_levels = {10.0, 2.0};
  VectorLayer hotspots;
  hotspots.name = "hotspots";
  hotspots.geometry = GeometryKind::polygon;
  hotspots.fields = {{"level", FieldType::string}, {"area_share", FieldType::real}};
  hotspots.features.push_back({"", {std::string("top 2%"), 0.02}});  // no geometry: the page is not drawn
  PlanLayers layers;
  layers.hotspots = &hotspots;
  const report::Report r = plan_report(options, PlanResult{}, layers, Incidents{});
  const auto layer = std::find_if(r.layers.begin(), r.layers.end(),
                                  [](const report::MapLayer& m) { return m.name == "Hotspots (density)"; });
  ASSERT_NE(layer, r.layers.end());
  EXPECT_EQ(layer->description, "cells with the highest density: top 2% and 10% of the area");
}

}  // namespace
}  // namespace hotspot::plan
