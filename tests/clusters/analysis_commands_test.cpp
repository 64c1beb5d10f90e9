// CLI tests of `hotspot clusters`, `gistar` and `trends` on the committed police.uk sample:
// each output is checked against the library called directly on the same prepared incidents.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hotspot/clusters/cluster_summary.hpp"
#include "hotspot/clusters/dbscan.hpp"
#include "hotspot/clusters/hdbscan.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/significance/getis_ord.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

const std::string kSample = std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk/";

std::string month_file(int m) {
  char name[64];
  std::snprintf(name, sizeof name, "2018-%02d-hertfordshire-street.csv.gz", m);
  return kSample + name;
}

PreparedIncidents prepare(const std::vector<std::string>& inputs) {
  PrepareOptions options;
  options.read.inputs = inputs;
  return prepare_incidents(options);
}

TEST(ClustersCommand, DbscanClustersMatchTheLibrary) {
  testing::ScratchDir dir("clusters-cli");
  const std::string out = dir.file("clusters.geojson");
  const auto run = testing::run(testing::cli() + " clusters '" + month_file(1) + "' '" + month_file(2) +
                                "' --eps 120 --min-points 25 -o '" + out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto json = nlohmann::json::parse(testing::read_text(out));

  const PreparedIncidents prepared = prepare({month_file(1), month_file(2)});
  const WeightedPoints points = collapse_locations(prepared.incidents);
  clusters::DbscanOptions o;
  o.eps = 120;
  o.min_points = 25;
  const auto r = clusters::dbscan(points, o);
  std::vector<std::int32_t> label(prepared.incidents.size());
  for (std::size_t i = 0; i < label.size(); ++i) label[i] = r.label[points.point_of[i]];
  const auto summaries = clusters::summarise_clusters(prepared.incidents, label, clusters::ClusterSummaryOptions{});
  ASSERT_GT(r.cluster_count, 5);
  ASSERT_EQ(json["features"].size(), summaries.size());
  for (std::size_t k = 0; k < summaries.size(); ++k) {
    const auto& p = json["features"][k]["properties"];
    EXPECT_EQ(p["cluster"].get<int>(), summaries[k].label);
    EXPECT_EQ(p["incidents"].get<std::size_t>(), summaries[k].incidents);
    EXPECT_NEAR(p["area_m2"].get<double>(), summaries[k].area, 1e-6 * summaries[k].area + 1e-6);
    EXPECT_EQ(json["features"][k]["geometry"]["type"], "Polygon");
  }
  EXPECT_NE(json["description"].get<std::string>().find("eps=120"), std::string::npos);
}

TEST(ClustersCommand, NnhWritesFirstOrderClustersToGeoPackage) {
  testing::ScratchDir dir("nnh-cli");
  const std::string out = dir.file("nnh.gpkg");
  const auto run = testing::run(testing::cli() + " clusters '" + month_file(3) + "' --algorithm nnh --min-points 15 -o '" +
                                out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("nnh order 1"), std::string::npos) << run.out;
}

TEST(ClustersCommand, HdbscanUsesIncidentCountsAsMultiplicities) {
  testing::ScratchDir dir("hdbscan-cli");
  const std::string out = dir.file("hdbscan.geojson");
  const auto run = testing::run(testing::cli() + " clusters '" + month_file(4) +
                                "' --algorithm hdbscan --min-points 30 -o '" + out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto json = nlohmann::json::parse(testing::read_text(out));
  const PreparedIncidents prepared = prepare({month_file(4)});
  const WeightedPoints points = collapse_locations(prepared.incidents);
  const std::vector<double> counts(points.count.begin(), points.count.end());
  clusters::HdbscanOptions o;
  o.min_cluster_size = 30;
  const auto r = clusters::hdbscan(points.x, points.y, counts, o);
  ASSERT_GT(r.cluster_count, 2);
  ASSERT_EQ(json["features"].size(), static_cast<std::size_t>(r.cluster_count));
  std::map<std::int32_t, std::size_t> incidents;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (r.label[i] >= 0) incidents[r.label[i]] += points.count[i];
  }
  for (const auto& f : json["features"]) {
    EXPECT_EQ(f["properties"]["incidents"].get<std::size_t>(), incidents[f["properties"]["cluster"].get<std::int32_t>()]);
  }
}

TEST(GistarCommand, CellsMatchTheLibrary) {
  testing::ScratchDir dir("gistar-cli");
  const std::string out = dir.file("gistar.geojson");
  const auto run = testing::run(testing::cli() + " gistar '" + month_file(1) +
                                "' --cell 300 --band 450 -o '" + out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto json = nlohmann::json::parse(testing::read_text(out));
  const PreparedIncidents prepared = prepare({month_file(1)});
  significance::CellGridOptions g;
  g.cell_size = 300;
  const auto cells = significance::aggregate_to_cells(prepared.incidents.x, prepared.incidents.y,
                                                      prepared.incidents.weight, g);
  significance::GiStarOptions o;
  o.band = 450;
  const auto r = significance::getis_ord_gi_star(cells, o);
  ASSERT_EQ(json["features"].size(), cells.grid.size());
  std::size_t hot = 0;
  for (const auto& f : json["features"]) {
    const auto& p = f["properties"];
    const std::size_t i = p["row"].get<std::size_t>() * static_cast<std::size_t>(cells.grid.columns) +
                          p["column"].get<std::size_t>();
    ASSERT_NEAR(p["gi_z"].get<double>(), r.z[i], 1e-12);
    ASSERT_EQ(p["gi_bin"].get<int>(), r.bin[i]);
    ASSERT_EQ(p["value"].get<double>(), cells.value[i]);
    hot += r.bin[i] > 0 ? 1 : 0;
  }
  EXPECT_GT(hot, 10u);
}

TEST(GistarCommand, BandSumsPathDoesNotChangeTheFile) {
  // Counts: the FFT's sums are rounded to the direct path's, so the outputs are the same bytes.
  testing::ScratchDir dir("gistar-band-sums");
  std::map<std::string, std::string> written;
  for (const std::string method : {"direct", "fft", "auto"}) {
    const std::string out = dir.file(method + ".geojson");
    const auto run = testing::run(testing::cli() + " gistar '" + month_file(1) + "' --cell-size 200 --band 2500 " +
                                  "--shape hexagon --band-sums " + method + " -o '" + out + "'");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    written[method] = testing::read_text(out);
  }
  EXPECT_EQ(written["fft"], written["direct"]);
  EXPECT_EQ(written["auto"], written["direct"]);
  const auto refused = testing::run(testing::cli() + " gistar '" + month_file(1) + "' --band-sums fast -o '" +
                                    dir.file("x.geojson") + "'");
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
}

TEST(TrendsCommand, MissingMonthIsAnErrorUnlessHandledExplicitly) {
  testing::ScratchDir dir("trends-cli");
  const std::string out = dir.file("trends.gpkg");
  const std::string inputs = "'" + month_file(1) + "' '" + month_file(2) + "' '" + month_file(4) + "' '" + month_file(5) + "'";
  const auto refused = testing::run(testing::cli() + " trends " + inputs + " --cell-size 400 -o '" + out + "'");
  EXPECT_EQ(refused.exit_code, 4) << refused.out;
  EXPECT_NE(refused.out.find("2018-03"), std::string::npos) << refused.out;

  const auto skipped = testing::run(testing::cli() + " trends " + inputs + " --cell-size 400 --gaps skip -o '" + out + "'");
  ASSERT_EQ(skipped.exit_code, 0) << skipped.out;
  EXPECT_NE(skipped.out.find("missing from the data, skipped"), std::string::npos) << skipped.out;
  // The old spelling of --cell still works, with a note.
  EXPECT_NE(skipped.out.find("--cell-size is an old spelling; use --cell"), std::string::npos) << skipped.out;
  const auto info = testing::run("ogrinfo -so '" + out + "' emerging_hot_spots");
  EXPECT_NE(info.out.find("missing_months=2018-03"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("steps=2018-01,2018-02,2018-04,2018-05"), std::string::npos) << info.out;
}

}  // namespace
}  // namespace hotspot
