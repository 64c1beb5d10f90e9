// The areas step: its tables, layers and page, what publishing keeps, and its options bound
// straight onto AreasOptions.
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/areas.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot::commands::areas_test {
namespace {

constexpr double kX0 = 520000, kY0 = 200000;

// Two 1 km squares in British National Grid: Alpha [0, 1000] with 2000 residents and Beta
// [1000, 2000] with 500, both from y 0 to 1000.
struct SquaresFile {
  SquaresFile() : dir("areas-step"), path(dir.file("wards.geojson")) {
    const auto square = [](double x0, double x1) {
      const auto p = [](double x, double y) {
        return "[" + std::to_string(kX0 + x) + "," + std::to_string(kY0 + y) + "]";
      };
      return "[[" + p(x0, 0) + "," + p(x1, 0) + "," + p(x1, 1000) + "," + p(x0, 1000) + "," + p(x0, 0) + "]]";
    };
    testing::write_text(
        path, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)"
              R"("features":[{"type":"Feature","properties":{"ward":"Alpha","pop":2000},"geometry":{"type":"Polygon","coordinates":)" +
                  square(0, 1000) +
                  R"(}},{"type":"Feature","properties":{"ward":"Beta","pop":500},"geometry":{"type":"Polygon","coordinates":)" +
                  square(1000, 2000) + "}}]}");
  }
  testing::ScratchDir dir;
  std::string path;
};

// 2020: in Alpha, at the car park, ASB 10 a month to June and 20 a month from July; in Beta,
// at the bus station, burglary 3 a month; outside both, at the farm, one ASB in February and
// one in August.
PreparedIncidents town() {
  Incidents in;
  const std::uint32_t asb = in.categories.intern("Anti-social behaviour");
  const std::uint32_t burglary = in.categories.intern("Burglary");
  const std::uint32_t car_park = in.locations.intern("On or near Parking Area");
  const std::uint32_t bus = in.locations.intern("On or near Bus Station");
  const std::uint32_t farm = in.locations.intern("On or near Farm Lane");
  const auto add = [&](double x, std::uint32_t type, std::uint32_t location, int month, int times) {
    for (int i = 0; i < times; ++i) {
      in.push_back(IncidentRecord{.x = kX0 + x, .y = kY0 + 500, .month = make_month(2020, month), .category = type,
                                  .location = location});
    }
  };
  for (int m = 1; m <= 12; ++m) {
    add(500, asb, car_park, m, m < 7 ? 10 : 20);
    add(1500, burglary, bus, m, 3);
  }
  add(3000, asb, farm, 2, 1);
  add(3000, asb, farm, 8, 1);
  return testing::prepared_in_bng(std::move(in));
}

AreasOptions town_options(const SquaresFile& file) {
  AreasOptions o;
  o.areas.path = file.path;
  o.name_field = "ward";
  o.population_field = "pop";
  o.period = "2020-07..2020-12";  // against 2020-01..2020-06
  o.place_trends = false;
  return o;
}

FieldValue value(const VectorLayer& layer, std::size_t feature, const std::string& field) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == field) return layer.features.at(feature).values[i];
  }
  throw std::runtime_error("no field " + field);
}

bool has_field(const VectorLayer& layer, const std::string& field) {
  return std::any_of(layer.fields.begin(), layer.fields.end(), [&](const FieldSpec& f) { return f.name == field; });
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(AreasStep, WritesTablesLayersAndThePage) {
  const SquaresFile file;
  const PreparedIncidents prepared = town();
  testing::MemorySink sink;
  const AreasResult result = run_areas(prepared, town_options(file), sink, "Town");

  // Counts by hand: Alpha 6 × 20 = 120 now, 6 × 10 = 60 before; Beta 18 and 18; outside 1 and 1.
  const AreaTable& all = result.tables.front();
  ASSERT_EQ(all.areas.size(), 2u);
  EXPECT_EQ(all.areas[0].count, 120u);
  EXPECT_EQ(all.areas[0].count_before, 60u);
  EXPECT_EQ(all.areas[1].count, 18u);
  EXPECT_EQ(all.outside.count, 1u);
  EXPECT_EQ(all.total.count, 139u);
  // A year per 1,000 residents: 120 × 12/6 × 1000/2000 = 120; Beta 18 × 2 × 1000/500 = 72.
  EXPECT_DOUBLE_EQ(all.areas[0].per_1000_residents, 120.0);
  EXPECT_DOUBLE_EQ(all.areas[1].per_1000_residents, 72.0);

  // The files are the library's own text; the outside incidents are listed one by one.
  ASSERT_EQ(sink.files.size(), 4u);
  EXPECT_EQ(sink.files.at(kAreasCsv), areas_csv(result));
  EXPECT_EQ(sink.files.at(kNamedHotspotsCsv), named_places_csv(result));
  EXPECT_EQ(sink.files.at(kOutsideIncidentsCsv), outside_incidents_csv(result, prepared));
  EXPECT_EQ(lines(sink.files.at(kOutsideIncidentsCsv)), 1u + 2u);  // header and the two farm incidents
  EXPECT_EQ(sink.layer_names(), (std::vector<std::string>{kAreaRatesLayer, kAreaChangeLayer, kNamedHotspotsLayer}));
  EXPECT_EQ(std::get<std::int64_t>(value(sink.layers[0], 0, "incidents")), 120);
  EXPECT_EQ(std::get<std::int64_t>(value(sink.layers[2], 0, "incidents")), 120);
  EXPECT_EQ(std::get<std::string>(value(sink.layers[2], 0, "location")), "On or near Parking Area");

  // The page: named by its crime types and study area, no file name.
  const std::string& html = sink.files.at(kAreasReport);
  EXPECT_NE(html.find("<h1>Incidents by area in Town, Jul–Dec 2020</h1>"), std::string::npos);
  EXPECT_NE(html.find("Incidents counted in each of the 2 areas of Town, busiest first."), std::string::npos);
  EXPECT_EQ(html.find("wards.geojson"), std::string::npos);
  for (const auto& s : areas_report(result).summary) EXPECT_NE(html.find(report::html_escape(s)), std::string::npos) << s;

  // Printed: the table with the hand counts, the named list, the findings.
  const std::string& printed = sink.said.printed;
  EXPECT_NE(printed.find("areas: 2 polygons; period 2020-07..2020-12 against 2020-01..2020-06\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("   1  Alpha                      120        60   +100.0%"), std::string::npos) << printed;
  EXPECT_NE(printed.find("(outside every area)         1         1"), std::string::npos) << printed;
  EXPECT_NE(printed.find("(all areas)                139        79"), std::string::npos) << printed;
  EXPECT_NE(printed.find("   1  On or near Parking Area, Alpha: 120 incidents\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("- " + areas_report(result).summary.front() + "\n"), std::string::npos) << printed;
  EXPECT_NE(std::find_if(sink.said.notes.begin(), sink.said.notes.end(),
                         [](const std::string& n) { return n.find("2 incidents lie outside every area") != std::string::npos; }),
            sink.said.notes.end());
}

TEST(AreasStep, NoOutsideListWhenEveryIncidentIsInAnArea) {
  const SquaresFile file;
  PreparedIncidents prepared = town();
  // Keep only the incidents inside the squares (the farm is the last two).
  Incidents& in = prepared.incidents;
  Incidents inside;
  inside.categories = in.categories;
  inside.locations = in.locations;
  for (std::size_t i = 0; i + 2 < in.size(); ++i) {
    inside.push_back(IncidentRecord{.x = in.x[i], .y = in.y[i], .month = in.month[i], .category = in.category[i],
                                    .location = in.location[i]});
  }
  prepared = testing::prepared_in_bng(std::move(inside));
  testing::MemorySink sink;
  const AreasResult result = run_areas(prepared, town_options(file), sink);
  EXPECT_EQ(result.outside_incidents, 0u);
  EXPECT_FALSE(sink.files.count(kOutsideIncidentsCsv));
  EXPECT_EQ(sink.files.size(), 3u);
  // Without a study area's name the page says neither one nor the file's.
  EXPECT_NE(sink.files.at(kAreasReport).find("Incidents counted in each of the 2 areas, busiest first."), std::string::npos);
}

TEST(AreasStep, PublishingSuppressesSmallCountsAndWithholdsTheTables) {
  const SquaresFile file;
  const PreparedIncidents prepared = town();
  step::PublishSettings publish;
  publish.enabled = true;
  publish.min_count = 20;
  testing::MemorySink sink(publish);
  (void)run_areas(prepared, town_options(file), sink);

  // Beta's 18 is below k: it goes from both area layers, and the bus station from the list;
  // Alpha stays with its counts but without its share of the total (with the published counts
  // the total would give Beta back).
  ASSERT_EQ(sink.layer_names(), (std::vector<std::string>{kAreaRatesLayer, kAreaChangeLayer, kNamedHotspotsLayer}));
  for (std::size_t l = 0; l < 2; ++l) {
    ASSERT_EQ(sink.layers[l].features.size(), 1u) << l;
    EXPECT_EQ(std::get<std::string>(value(sink.layers[l], 0, "name")), "Alpha");
    EXPECT_EQ(std::get<std::int64_t>(value(sink.layers[l], 0, "incidents")), 120);
    EXPECT_EQ(std::get<std::int64_t>(value(sink.layers[l], 0, "incidents_before")), 60);
    EXPECT_FALSE(has_field(sink.layers[l], "share_pct"));
  }
  ASSERT_EQ(sink.layers[2].features.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(value(sink.layers[2], 0, "incidents")), 120);

  // k = 70: Alpha's 60 before is nulled with the change and its test.
  publish.min_count = 70;
  testing::MemorySink strict(publish);
  (void)run_areas(prepared, town_options(file), strict);
  ASSERT_EQ(strict.layers[0].features.size(), 1u);
  for (const char* field : {"incidents_before", "change", "change_pct", "change_text", "change_class", "p_value",
                            "p_adjusted", "larger_than_chance"}) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(value(strict.layers[0], 0, field))) << field;
  }

  // No table, list or page leaves: they hold every count; nothing is printed.
  for (const auto* s : {&sink, &strict}) {
    EXPECT_TRUE(s->files.empty());
    ASSERT_EQ(s->withheld.size(), 4u);
    EXPECT_EQ(s->withheld[0].rfind(std::string(kAreasCsv) + ":", 0), 0u);
    EXPECT_EQ(s->withheld[1].rfind(std::string(kNamedHotspotsCsv) + ":", 0), 0u);
    EXPECT_EQ(s->withheld[2].rfind(std::string(kOutsideIncidentsCsv) + ":", 0), 0u);
    EXPECT_EQ(s->withheld[3].rfind(std::string(kAreasReport) + ":", 0), 0u);
    EXPECT_TRUE(s->said.printed.empty());
  }
}

TEST(AreasStep, OptionsAreDeclaredOnTheLibraryFields) {
  AreasOptions options;
  step::Declarer d("areas");
  declare_areas(d, options);
  EXPECT_TRUE(d.find("areas")->is_required());
  EXPECT_TRUE(d.find("name-field")->is_required());
  EXPECT_EQ(d.find("top")->default_value(), "20");
  EXPECT_EQ(d.find("alpha")->default_value(), "0.05");
  EXPECT_EQ(d.find("rolling")->default_value(), "false");
  EXPECT_EQ(d.find("no-dispersion")->default_value(), "false");
  d.find("areas")->assign({"msoa.gpkg"});
  d.find("areas-layer")->assign({"msoa"});
  d.find("areas-where")->assign({"district = 'St Albans'"});
  EXPECT_EQ(options.areas.path, "msoa.gpkg");
  EXPECT_EQ(options.areas.layer, "msoa");
  EXPECT_EQ(options.areas.where, "district = 'St Albans'");
  d.find("name-field")->assign({"MSOA_name"});
  d.find("population-field")->assign({"pop"});
  d.find("households-field")->assign({"hh"});
  EXPECT_EQ(options.name_field, "MSOA_name");
  EXPECT_EQ(options.population_field, "pop");
  EXPECT_EQ(options.households_field, "hh");
  d.find("period")->assign({"2019/20"});
  d.find("compare-period")->assign({"2018/19"});
  EXPECT_EQ(options.period, "2019/20");
  EXPECT_EQ(options.compare_period, "2018/19");
  d.find("rolling")->assign({"true"});
  EXPECT_TRUE(options.rolling_12_months);
  d.find("top")->assign({"10"});
  EXPECT_EQ(options.top_places, 10u);
  d.find("since")->assign({"2019-10"});
  EXPECT_EQ(options.since, "2019-10");
  d.find("alpha")->assign({"0.1"});
  EXPECT_EQ(options.alpha, 0.1);
  d.find("no-dispersion")->assign({"true"});
  d.find("no-by-type")->assign({"true"});
  d.find("no-trends")->assign({"true"});
  EXPECT_FALSE(options.over_dispersion);
  EXPECT_FALSE(options.by_type);
  EXPECT_FALSE(options.place_trends);
  EXPECT_THROW(d.find("since")->assign({"October"}), Error);
  EXPECT_THROW(d.find("alpha")->assign({"0.9"}), Error);
  EXPECT_THROW(d.find("top")->assign({"-1"}), Error);
}

TEST(AreasStep, TheCommandHasNoStreamingAndOneNamePerOption) {
  const step::CommandSpec spec = areas_command();
  const auto run = spec.make();
  // Every incident is placed in its area row by row: --stream is not offered.
  EXPECT_EQ(run->declarer().find("stream"), nullptr);
  std::vector<std::string> names;
  for (const auto& o : run->declarer().options()) names.push_back(o.name());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_EQ(run->declarer().find("area-name")->help().find("report") != std::string::npos, true);
}

}  // namespace
}  // namespace hotspot::commands::areas_test
