// `hotspot evaluate` and `hotspot areas` on the bundled sample, as the README's task guides run
// them: the files they write, and the numbers they print checked against the library called
// directly with the same settings.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gdal.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hotspot/analysis/areas.hpp"
#include "hotspot/evaluation/intervention.hpp"
#include "hotspot/evaluation/intervention_report.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "test_support.hpp"

namespace hotspot::commands::cli_test {
namespace {

using testing::cli;
using testing::read_text;
using testing::run;
using testing::ScratchDir;

const std::string kSample = std::string(HOTSPOT_SAMPLE_DIR);
const std::string kDistricts = kSample + "/boundaries/herts_districts.geojson";
const std::string kMsoa = kSample + "/boundaries/welwyn_hatfield_st_albans_msoa.geojson";
const std::string kTownCentre = kSample + "/interventions/hatfield_town_centre.geojson";
const std::string kCameras = kSample + "/interventions/cameras.csv";

std::vector<std::string> files_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name[0] != '.') names.push_back(name);  // not the folder's .hotspot marker
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> layers_of(const std::string& path) {
  GDALAllRegister();
  std::vector<std::string> out;
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (ds == nullptr) return out;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) out.emplace_back(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
  GDALClose(ds);
  std::sort(out.begin(), out.end());
  return out;
}

PrepareOptions welwyn_hatfield() {
  PrepareOptions p;
  p.read.inputs = {kSample + "/police_uk"};
  p.filter.within = AreaSource{kDistricts, "", "lad17nm = 'Welwyn Hatfield'"};
  return p;
}

const std::string kEvaluateLine = cli() + " evaluate '" + kSample + "/police_uk' --within '" + kDistricts +
                                  "' --within-where \"lad17nm = 'Welwyn Hatfield'\" --treated-areas '" + kTownCentre +
                                  "' --sites '" + kCameras + "' --area-name 'Welwyn Hatfield'";

TEST(EvaluateCli, TownCentreAndCarParkOnTheSample) {
  ScratchDir dir("evaluate-cli");
  const auto r = run(kEvaluateLine + " -o '" + dir.file("out") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(files_in(dir.file("out")),
            (std::vector<std::string>{"evaluation.csv", "evaluation.gpkg", "evaluation_areas.geojson", "evaluation_areas.qml",
                                      "evaluation_pooled.csv", "report.html"}));
  EXPECT_EQ(layers_of(dir.file("out/evaluation.gpkg")), (std::vector<std::string>{"evaluation_areas", "layer_styles"}));

  // The library, called with the same settings, gives the same tables and the numbers printed.
  evaluation::EvaluateOptions o;
  o.areas = AreaSource{kTownCentre, "", ""};
  o.sites = AreaSource{kCameras, "", ""};
  o.study_area_name = "Welwyn Hatfield";
  const evaluation::EvaluationResult result = evaluation::evaluate_interventions(prepare_incidents(welwyn_hatfield()), o);
  EXPECT_EQ(read_text(dir.file("out/evaluation.csv")), evaluation::evaluation_csv(result));
  EXPECT_EQ(read_text(dir.file("out/evaluation_pooled.csv")), evaluation::evaluation_pooled_csv(result));
  ASSERT_EQ(result.interventions.size(), 2u);
  const auto& centre = result.interventions[0];
  const auto& camera = result.interventions[1];
  EXPECT_EQ(centre.intervention.name, "Hatfield town centre");
  EXPECT_EQ(camera.intervention.name, "the Kennelwood Lane car park");
  for (const auto* ev : {&centre, &camera}) {
    const auto& all = ev->rows[0];
    char line[200];
    std::snprintf(line, sizeof line, "  All incidents: treated %.0f -> %.0f", all.treatment.counts.before,
                  all.treatment.counts.after);
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
    EXPECT_NE(r.out.find("- " + evaluation::row_finding(result, *ev, all) + "\n"), std::string::npos) << r.out;
  }
  // As printed for the docs: the town centre's 399 before and 388 after (both in the data's
  // six months each side of July), the camera's 47 and 53.
  EXPECT_NE(r.out.find("  All incidents: treated 399 -> 388 (-3%), buffer 267 -> 245 (-8%), control 5445 -> 5841 (+7%)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  All incidents: treated 47 -> 53 (+13%)"), std::string::npos) << r.out;
  ASSERT_FALSE(result.pooled.empty());
  const auto& pooled = result.pooled[0].pooled;
  char pooled_line[160];
  std::snprintf(pooled_line, sizeof pooled_line, "pooled over 2 interventions: relative change %+.0f%%", 100 * (1 / pooled.estimate - 1));
  EXPECT_NE(r.out.find(pooled_line), std::string::npos) << r.out;

  // The areas as GeoJSON: treated, buffer, control for each, the counts of "All incidents".
  const auto areas = nlohmann::json::parse(read_text(dir.file("out/evaluation_areas.geojson")));
  ASSERT_EQ(areas["features"].size(), 6u);
  EXPECT_EQ(areas["features"][0]["properties"]["intervention"], "Hatfield town centre");
  EXPECT_EQ(areas["features"][0]["properties"]["area"], "treated");
  EXPECT_EQ(areas["features"][0]["properties"]["before"], 399);
  // The page names places, not files.
  const std::string html = read_text(dir.file("out/report.html"));
  EXPECT_NE(html.find("Did it work? Hatfield town centre and the Kennelwood Lane car park"), std::string::npos);
  EXPECT_EQ(html.find(kSample), std::string::npos);
}

TEST(EvaluateCli, PublishWritesTheCheckedAreasAndThePooledRatios) {
  ScratchDir dir("evaluate-cli");
  const auto r = run(kEvaluateLine + " --publish --min-count 10 -o '" + dir.file("out") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(files_in(dir.file("out")), (std::vector<std::string>{"evaluation.gpkg", "evaluation_areas.geojson",
                                                                 "evaluation_areas.qml", "evaluation_pooled.csv"}));
  EXPECT_NE(r.out.find("publish: evaluation.csv, report.html and the printed findings are not written"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("findings:"), std::string::npos) << r.out;
  const auto areas = nlohmann::json::parse(read_text(dir.file("out/evaluation_areas.geojson")));
  ASSERT_FALSE(areas["features"].empty());
  for (const auto& f : areas["features"]) {
    EXPECT_GE(f["properties"]["before"].get<double>(), 10.0);
    if (!f["properties"]["after"].is_null()) {
      EXPECT_GE(f["properties"]["after"].get<double>(), 10.0);
    }
  }
}

TEST(EvaluateCli, ContradictoryOrMissingInterventionsAreUsageErrors) {
  ScratchDir dir("evaluate-cli");
  const std::string base = cli() + " evaluate '" + kSample + "/police_uk' -o '" + dir.file("out") + "'";
  const auto none = run(base);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.out.find("give what was done"), std::string::npos) << none.out;
  const auto both = run(base + " --treated-areas '" + kTownCentre + "' --control rest --control-area '" + kMsoa + "'");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.out.find("--control rest contradicts --control-area"), std::string::npos) << both.out;
  // `areas` names the reporting polygons: evaluate has no --areas to mistake for them.
  EXPECT_EQ(run(base + " --areas '" + kTownCentre + "'").exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/evaluation.csv")));
}

const std::string kAreasLine = cli() + " areas '" + kSample + "/police_uk' --within '" + kDistricts +
                               "' --within-where \"lad17nm IN ('Welwyn Hatfield', 'St Albans')\" --types "
                               "'Anti-social behaviour' --areas '" + kMsoa +
                               "' --name-field MSOA_name --period 2018-07..2018-12 --top 10 --since 2018-10";

TEST(AreasCli, AsbByMsoaOnTheSample) {
  ScratchDir dir("areas-cli");
  const auto r = run(kAreasLine + " -o '" + dir.file("out") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;

  PrepareOptions p = welwyn_hatfield();
  p.filter.within->where = "lad17nm IN ('Welwyn Hatfield', 'St Albans')";
  p.filter.types = {"Anti-social behaviour"};
  const PreparedIncidents prepared = prepare_incidents(p);
  AreasOptions o;
  o.areas.path = kMsoa;
  o.name_field = "MSOA_name";
  o.period = "2018-07..2018-12";
  o.top_places = 10;
  o.since = "2018-10";
  const AreasResult result = summarise_areas(prepared, o);
  ASSERT_EQ(result.outside_incidents, 0u);  // the MSOAs tile the two districts: no outside list
  EXPECT_EQ(files_in(dir.file("out")),
            (std::vector<std::string>{"area_change.geojson", "area_change.qml", "area_rates.geojson", "area_rates.qml",
                                      "areas.csv", "areas.gpkg", "named_hotspots.csv", "named_hotspots.geojson",
                                      "named_hotspots.qml", "report.html"}));
  EXPECT_EQ(layers_of(dir.file("out/areas.gpkg")),
            (std::vector<std::string>{"area_change", "area_rates", "layer_styles", "named_hotspots"}));
  EXPECT_EQ(read_text(dir.file("out/areas.csv")), areas_csv(result));
  EXPECT_EQ(read_text(dir.file("out/named_hotspots.csv")), named_places_csv(result));

  // Printed: the totals and the busiest area as the library counts them (docs/areas.md quotes
  // 2,982 against 2,927, Hatfield North & West first with 242).
  const AreaTable& all = result.tables.front();
  EXPECT_EQ(all.total.count, 2982u);
  EXPECT_EQ(all.total.count_before, 2927u);
  EXPECT_NE(r.out.find("(all areas)                                2982      2927     +1.9%"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   1  Hatfield North & West                       242       280    -13.6%"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("   5* On or near Parking Area, Hatfield Town: 22 incidents, Persistent Hot Spot"), std::string::npos)
      << r.out;
  for (const auto& s : areas_report(result).summary) EXPECT_NE(r.out.find("- " + s + "\n"), std::string::npos) << s;

  const std::string html = read_text(dir.file("out/report.html"));
  EXPECT_NE(html.find("<h1>Anti-social behaviour by area, Jul–Dec 2018</h1>"), std::string::npos);
  EXPECT_EQ(html.find("welwyn_hatfield_st_albans_msoa"), std::string::npos);
}

TEST(AreasCli, StreamingIsNotOfferedAndTheAreasAreRequired) {
  ScratchDir dir("areas-cli");
  EXPECT_EQ(run(kAreasLine + " --stream -o '" + dir.file("out") + "'").exit_code, 2);
  const auto missing = run(cli() + " areas '" + kSample + "/police_uk' --name-field x -o '" + dir.file("out") + "'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("--areas is required"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace hotspot::commands::cli_test
