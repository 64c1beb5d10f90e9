// The evaluate step: what it writes and prints, what publishing keeps, and its options bound
// straight onto EvaluateOptions.
#include <algorithm>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/evaluate.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/evaluation/intervention_report.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "test_support.hpp"

namespace hotspot::commands::evaluate_test {
namespace {

using evaluation::ControlKind;
using evaluation::EvaluateOptions;

// A synthetic town in British National Grid metres (as tests/evaluation/intervention_test.cpp):
// the market square [0, 100]² is treated from July 2020; its 100 m buffer holds (150, 50);
// the study area is [−1000, 1100]². 2020-01..12: the square has ASB 20 a month before July
// and 10 after, burglary 5 a month; the buffer ASB 8 a month before and 10 after; the control
// (800, 800) ASB 100 and burglary 50 a month.
void add(Incidents& in, double x, double y, MonthIndex month, const std::string& type, int n) {
  const std::uint32_t code = in.categories.intern(type);
  for (int i = 0; i < n; ++i) in.push_back(IncidentRecord{.x = x, .y = y, .month = month, .category = code});
}

std::string square(double x0, double y0, double x1, double y1) {
  return "[[[" + std::to_string(x0) + "," + std::to_string(y0) + "],[" + std::to_string(x1) + "," + std::to_string(y0) +
         "],[" + std::to_string(x1) + "," + std::to_string(y1) + "],[" + std::to_string(x0) + "," + std::to_string(y1) +
         "],[" + std::to_string(x0) + "," + std::to_string(y0) + "]]]";
}

PreparedIncidents town() {
  Incidents in;
  for (int m = 1; m <= 12; ++m) {
    const MonthIndex month = make_month(2020, m);
    add(in, 50, 50, month, "Anti-social behaviour", m < 7 ? 20 : 10);
    add(in, 50, 50, month, "Burglary", 5);
    add(in, 150, 50, month, "Anti-social behaviour", m < 7 ? 8 : 10);
    add(in, 800, 800, month, "Anti-social behaviour", 100);
    add(in, 800, 800, month, "Burglary", 50);
  }
  PreparedIncidents prepared = testing::prepared_in_bng(std::move(in));
  std::vector<std::string> notes;
  const std::vector<std::vector<std::pair<double, double>>> rings{
      {{-1000, -1000}, {1100, -1000}, {1100, 1100}, {-1000, 1100}, {-1000, -1000}}};
  prepared.area = std::make_unique<StudyArea>(StudyArea::from_wkb(wkb_polygon(rings), "EPSG:27700", notes));
  return prepared;
}

/// The market square as a polygon layer, as a partnership would give its PSPO.
struct SquareFile {
  SquareFile()
      : dir("evaluate-step"), path(dir.file("square.geojson")) {
    testing::write_text(path, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},)"
                              R"("features":[{"type":"Feature","properties":{"name":"the market square","kind":"PSPO",)"
                              R"("installed":"2020-07"},"geometry":{"type":"Polygon","coordinates":)" +
                                  square(0, 0, 100, 100) + "}}]}");
  }
  testing::ScratchDir dir;
  std::string path;
};

EvaluateOptions town_options(const SquareFile& file) {
  EvaluateOptions o;
  o.areas = AreaSource{file.path, "", ""};
  o.buffer_m = 100;
  o.study_area_name = "Town";
  return o;
}

const VectorFeature& feature_of(const VectorLayer& layer, const std::string& area) {
  const auto at = [&](const std::string& name) {
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
      if (layer.fields[i].name == name) return i;
    }
    throw std::runtime_error("no field " + name);
  };
  for (const auto& f : layer.features) {
    if (std::get<std::string>(f.values[at("area")]) == area) return f;
  }
  throw std::runtime_error("no feature " + area);
}

double value_of(const VectorLayer& layer, const VectorFeature& f, const std::string& field) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name != field) continue;
    if (const auto* d = std::get_if<double>(&f.values[i])) return *d;
    if (const auto* n = std::get_if<std::int64_t>(&f.values[i])) return static_cast<double>(*n);
    return -1;  // null
  }
  throw std::runtime_error("no field " + field);
}

bool is_null(const VectorLayer& layer, const VectorFeature& f, const std::string& field) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == field) return std::holds_alternative<std::monostate>(f.values[i]);
  }
  throw std::runtime_error("no field " + field);
}

TEST(EvaluateStep, WritesTheTablesTheAreasAndTheReport) {
  const SquareFile file;
  const PreparedIncidents prepared = town();
  testing::MemorySink sink;
  const auto result = run_evaluate(prepared, town_options(file), sink);
  ASSERT_EQ(result.interventions.size(), 1u);

  // Every output, each the library's own text.
  ASSERT_EQ(sink.files.size(), 3u);
  EXPECT_EQ(sink.files.at(kEvaluationCsv), evaluation::evaluation_csv(result));
  EXPECT_EQ(sink.files.at(kEvaluationPooledCsv), evaluation::evaluation_pooled_csv(result));
  ASSERT_EQ(sink.layer_names(), std::vector<std::string>{kEvaluationAreasLayer});
  const VectorLayer& areas = sink.layers[0];
  ASSERT_EQ(areas.features.size(), 3u);
  // All incidents by hand: the square 6 × 25 before, 6 × 15 after; the buffer 6 × 8 and 6 × 10;
  // the control 6 × 150 both times (windows shortened to the 6 months before July).
  EXPECT_EQ(value_of(areas, feature_of(areas, "treated"), "before"), 150);
  EXPECT_EQ(value_of(areas, feature_of(areas, "treated"), "after"), 90);
  EXPECT_EQ(value_of(areas, feature_of(areas, "buffer"), "before"), 48);
  EXPECT_EQ(value_of(areas, feature_of(areas, "control"), "after"), 900);

  // The page: the findings and a section per intervention, no file path.
  const std::string& html = sink.files.at(kEvaluationReport);
  EXPECT_NE(html.find("<h1>Did it work? The market square</h1>"), std::string::npos);
  EXPECT_NE(html.find("<h2>The market square</h2>"), std::string::npos);  // capitalised as a heading
  const auto& ev = result.interventions[0];
  EXPECT_NE(html.find(report::html_escape(evaluation::row_finding(result, ev, ev.rows[1]))), std::string::npos);
  EXPECT_EQ(html.find(file.path), std::string::npos);

  // Printed: the key rows with their counts, then the findings.
  const std::string& printed = sink.said.printed;
  EXPECT_NE(printed.find("the market square (PSPO from 2020-07): before 2020-01 to 2020-06, after 2020-07 to 2020-12"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("  Anti-social behaviour: treated 120 -> 60 (-50%), buffer 48 -> 60 (+25%), control 600 -> 600 (0%)"),
            std::string::npos)
      << printed;
  // OR = (120 · 600)/(60 · 600) = 2: 50% fewer; interval from the library's own odds ratio.
  const auto& o = ev.rows[1].odds_ratio;
  EXPECT_DOUBLE_EQ(o.odds_ratio, 2.0);
  char expected[160];
  std::snprintf(expected, sizeof expected, "relative to the control's trend -50%% (95%% interval %+.0f%% to %+.0f%%): fell",
                100 * o.relative_change_low, 100 * o.relative_change_high);
  EXPECT_NE(printed.find(expected), std::string::npos) << printed;
  EXPECT_NE(printed.find("- " + evaluation::row_finding(result, ev, ev.rows[1]) + "\n"), std::string::npos) << printed;
  // The shortened windows are a note, not a result.
  ASSERT_FALSE(sink.said.notes.empty());
  EXPECT_NE(sink.said.notes.front().find("shortened to 6 months"), std::string::npos);
}

TEST(EvaluateStep, PublishingKeepsCheckedAreasAndPooledRatiosOnly) {
  const SquareFile file;
  const PreparedIncidents prepared = town();
  step::PublishSettings publish;
  publish.enabled = true;

  // k = 40: every count of the three areas is 48 or more: all three are published, whole.
  publish.min_count = 40;
  testing::MemorySink open(publish);
  (void)run_evaluate(prepared, town_options(file), open);
  ASSERT_EQ(open.layer_names(), std::vector<std::string>{kEvaluationAreasLayer});
  EXPECT_EQ(open.layers[0].features.size(), 3u);
  EXPECT_FALSE(is_null(open.layers[0], feature_of(open.layers[0], "treated"), "finding"));

  // k = 50: the buffer's 48 before is too few, so the buffer goes; the control's count before
  // goes with it (the study area's total less the control and the square would give the
  // buffer back), which removes the control; the square's 150 and 90 stay, with its finding.
  publish.min_count = 50;
  testing::MemorySink sink(publish);
  (void)run_evaluate(prepared, town_options(file), sink);
  ASSERT_EQ(sink.layer_names(), std::vector<std::string>{kEvaluationAreasLayer});
  const VectorLayer& areas = sink.layers[0];
  ASSERT_EQ(areas.features.size(), 1u);
  EXPECT_EQ(value_of(areas, feature_of(areas, "treated"), "before"), 150);
  EXPECT_EQ(value_of(areas, feature_of(areas, "treated"), "after"), 90);
  EXPECT_TRUE(sink.said.said("1 control count withheld"));

  // k = 100: the square's 90 after is nulled, with the change and the finding that quote it.
  publish.min_count = 100;
  testing::MemorySink strict(publish);
  (void)run_evaluate(prepared, town_options(file), strict);
  ASSERT_EQ(strict.layers[0].features.size(), 1u);
  const VectorFeature& treated = feature_of(strict.layers[0], "treated");
  EXPECT_TRUE(is_null(strict.layers[0], treated, "after"));
  EXPECT_TRUE(is_null(strict.layers[0], treated, "change_pct"));
  EXPECT_TRUE(is_null(strict.layers[0], treated, "finding"));

  // Files: the pooled ratios only; the counts of every type and the page are withheld, and
  // nothing is printed.
  for (const auto* s : {&sink, &strict}) {
    ASSERT_EQ(s->files.size(), 1u);
    EXPECT_TRUE(s->files.count(kEvaluationPooledCsv));
    ASSERT_EQ(s->withheld.size(), 2u);
    EXPECT_EQ(s->withheld[0].rfind(std::string(kEvaluationCsv) + ":", 0), 0u);
    EXPECT_EQ(s->withheld[1].rfind(std::string(kEvaluationReport) + ":", 0), 0u);
    EXPECT_TRUE(s->said.printed.empty());
  }
}

TEST(EvaluateStep, MatchedCandidatesAreNamedByTheirOwnField) {
  const SquareFile file;
  PreparedIncidents prepared = town();
  // Three wards to match from: North and West have the square's 25 a month, Far ten times as
  // many; the wards' names are in "ward", the square's in "name".
  for (int m = 1; m <= 12; ++m) {
    add(prepared.incidents, 550, 550, make_month(2020, m), "Anti-social behaviour", 25);
    add(prepared.incidents, -450, 450, make_month(2020, m), "Anti-social behaviour", 24);
    add(prepared.incidents, -650, -650, make_month(2020, m), "Anti-social behaviour", 250);
  }
  const std::string wards = file.dir.file("wards.geojson");
  testing::write_text(wards, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"features":[)"
                             R"({"type":"Feature","properties":{"ward":"Far"},"geometry":{"type":"Polygon","coordinates":)" +
                                 square(-700, -700, -600, -600) +
                                 R"(}},{"type":"Feature","properties":{"ward":"West"},"geometry":{"type":"Polygon","coordinates":)" +
                                 square(-500, 400, -400, 500) +
                                 R"(}},{"type":"Feature","properties":{"ward":"North"},"geometry":{"type":"Polygon","coordinates":)" +
                                 square(500, 500, 600, 600) + "}}]}");
  EvaluateOptions o = town_options(file);
  o.matched_candidates = AreaSource{wards, "", ""};  // implies the matched control
  o.matched_name_field = "ward";
  o.matched_units = 2;
  testing::MemorySink sink;
  const auto result = run_evaluate(prepared, o, sink);
  ASSERT_EQ(result.interventions.size(), 1u);
  EXPECT_EQ(result.interventions[0].intervention.name, "the market square");
  EXPECT_EQ(result.control_name, "the matched comparison areas");
  // North matches exactly (150 before, flat), West next (144); Far is ten times as busy.
  EXPECT_NE(std::find(sink.said.notes.begin(), sink.said.notes.end(),
                      "the market square: matched comparison areas: North; West"),
            sink.said.notes.end());
  EXPECT_EQ(result.interventions[0].rows[0].control.counts.before, 6 * 25 + 6 * 24);
}

TEST(EvaluateStep, OptionsAreDeclaredOnTheLibraryFields) {
  EvaluateOptions options;
  step::Declarer d("evaluate");
  declare_evaluate(d, options);
  // Defaults come from the struct.
  EXPECT_EQ(d.find("buffer")->default_value(), "200");
  EXPECT_EQ(d.find("site-radius")->default_value(), "50");
  EXPECT_EQ(d.find("before-months")->default_value(), "12");
  EXPECT_EQ(d.find("after-months")->default_value(), "12");
  EXPECT_EQ(d.find("gap-months")->default_value(), "0");
  EXPECT_EQ(d.find("control")->default_value(), "rest");
  EXPECT_EQ(d.find("matched-units")->default_value(), "5");
  EXPECT_EQ(d.find("confidence")->default_value(), "0.95");
  EXPECT_EQ(d.find("power")->default_value(), "0.8");
  EXPECT_EQ(d.find("detectable-reduction")->default_value(), "0.5");
  EXPECT_EQ(d.find("name-field")->default_value(), "name");
  EXPECT_EQ(d.find("start-field")->default_value(), "installed");
  EXPECT_EQ(d.find("end-field")->default_value(), "removed");
  EXPECT_EQ(d.find("radius-field")->default_value(), "radius_m");
  EXPECT_EQ(d.find("site-crs")->default_value(), "EPSG:4326");
  EXPECT_EQ(d.find("asb-type")->default_value(), "Anti-social behaviour");
  // The shared input owns --x-field, --y-field and --crs; `areas` owns --areas.
  for (const char* shared : {"x-field", "y-field", "crs", "areas"}) EXPECT_EQ(d.find(shared), nullptr) << shared;

  // Each flag reaches its field.
  d.find("treated-areas")->assign({"pspo.gpkg"});
  d.find("treated-areas-layer")->assign({"orders"});
  ASSERT_TRUE(options.areas);
  EXPECT_EQ(options.areas->path, "pspo.gpkg");
  EXPECT_EQ(options.areas->layer, "orders");
  d.find("sites")->assign({"cameras.csv"});
  d.find("deployments")->assign({"moves.csv"});
  d.find("deployments-where")->assign({"kind = 'camera'"});
  ASSERT_TRUE(options.sites && options.deployments);
  EXPECT_EQ(options.deployments->where, "kind = 'camera'");
  d.find("site-x-field")->assign({"easting"});
  d.find("site-y-field")->assign({"northing"});
  d.find("site-crs")->assign({"EPSG:27700"});
  EXPECT_EQ(options.x_field, "easting");
  EXPECT_EQ(options.y_field, "northing");
  EXPECT_EQ(options.coordinates_crs, "EPSG:27700");
  d.find("buffer")->assign({"150"});
  EXPECT_EQ(options.buffer_m, 150);
  d.find("control")->assign({"matched"});
  EXPECT_EQ(options.control, ControlKind::matched);
  d.find("matched-units")->assign({"3"});
  d.find("matched-name-field")->assign({"MSOA_name"});
  EXPECT_EQ(options.matched_name_field, "MSOA_name");
  EXPECT_EQ(options.matched_units, 3);
  d.find("area-name")->assign({"Welwyn Hatfield"});
  EXPECT_EQ(options.study_area_name, "Welwyn Hatfield");
  d.find("start")->assign({"2018-07-15"});
  EXPECT_EQ(options.start, "2018-07-15");
  d.find("same-months-last-year")->assign({"true"});
  EXPECT_EQ(options.period, evaluation::PeriodDesign::same_months_last_year);
  d.find("skip-outside-months")->assign({"true"});
  EXPECT_TRUE(options.skip_outside_months);
  d.find("no-per-type")->assign({"true"});
  EXPECT_FALSE(options.per_type);
  d.find("row-types")->assign({"Burglary", "Drugs"});
  EXPECT_EQ(options.crime_types, (std::vector<std::string>{"Burglary", "Drugs"}));
  d.find("no-local-variation")->assign({"true"});
  EXPECT_FALSE(options.local_variation);
  d.find("confidence")->assign({"0.9"});
  EXPECT_EQ(options.confidence, 0.9);

  // Bad values fail while parsing, naming the flag.
  EXPECT_THROW(d.find("confidence")->assign({"1.5"}), Error);
  EXPECT_THROW(d.find("buffer")->assign({"-1"}), Error);
  EXPECT_THROW(d.find("before-months")->assign({"0"}), Error);
  EXPECT_THROW(d.find("control")->assign({"district"}), Error);
  try {
    d.find("start")->assign({"July"});
    FAIL() << "a start that is no date was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("--start \"July\""), std::string::npos) << e.what();
  }
}

TEST(EvaluateStep, AControlLayerImpliesItsControl) {
  EvaluateOptions o;
  o.control_area = AreaSource{"control.geojson", "", ""};
  EXPECT_EQ(resolve_evaluate(o).control, ControlKind::polygon);
  o.control = ControlKind::matched;
  EXPECT_THROW((void)resolve_evaluate(o), Error);
  EvaluateOptions m;
  m.matched_candidates = AreaSource{"msoa.geojson", "", ""};
  EXPECT_EQ(resolve_evaluate(m).control, ControlKind::matched);
  m.control = ControlKind::polygon;
  EXPECT_THROW((void)resolve_evaluate(m), Error);
  m.control_area = AreaSource{"control.geojson", "", ""};
  EXPECT_THROW((void)resolve_evaluate(m), Error);
  // Nothing given: the rest of the study area, as the struct says.
  EXPECT_EQ(resolve_evaluate(EvaluateOptions{}).control, ControlKind::rest_of_area);
}

TEST(EvaluateStep, TheCommandDeclaresEachNameOnce) {
  const step::CommandSpec spec = evaluate_command();
  EXPECT_EQ(spec.name, "evaluate");
  const auto run = spec.make();
  std::vector<std::string> names;
  for (const auto& o : run->declarer().options()) names.push_back(o.name());
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]);
  }
  EXPECT_NE(run->declarer().find("x-field"), nullptr);  // the incidents' column
  EXPECT_NE(run->declarer().find("site-x-field"), nullptr);
  EXPECT_TRUE(run->declarer().find("out")->is_required());
  std::vector<std::string> outputs;
  for (const auto& o : spec.outputs) outputs.push_back(o.file);
  EXPECT_EQ(outputs, (std::vector<std::string>{"evaluation.csv", "evaluation_pooled.csv", "evaluation_areas.geojson",
                                               "evaluation.gpkg", "report.html"}));
}

}  // namespace
}  // namespace hotspot::commands::evaluate_test
