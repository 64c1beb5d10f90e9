// The clusters step: its four layers, what publishing keeps of them, and the -o layout.
#include <algorithm>
#include <string>
#include <utility>
#include <variant>

#include <gtest/gtest.h>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/clusters.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::commands {
namespace {

/// Two groups 1 km apart: 12 incidents at 4 places within 20 m, and 15 at 5 places within
/// 20 m; three lone incidents 300 m and more from anything.
PreparedIncidents two_groups_and_noise() {
  Incidents in;
  const std::uint32_t burglary = in.categories.intern("Burglary");
  auto add = [&](double x, double y, int times) {
    for (int i = 0; i < times; ++i) in.push_back(IncidentRecord{.x = x, .y = y, .category = burglary});
  };
  for (int k = 0; k < 4; ++k) add(523000.0 + 10 * (k % 2), 210000.0 + 10 * (k / 2), 3);
  for (int k = 0; k < 5; ++k) add(524000.0 + 5 * k, 210000.0 + 4 * (k % 2), 3);
  add(523500, 210500, 1);
  add(523500, 209500, 1);
  add(522500, 210000, 1);
  return testing::prepared_in_bng(std::move(in));
}

const std::vector<std::string> kAllLayers{kClustersLayer, kClustersConvexLayer, kClustersEllipse1Layer,
                                          kClustersEllipse2Layer};

TEST(ClustersStep, WritesFourLayersOfTheSameClusters) {
  testing::MemorySink sink;
  const ClustersResult result = run_clusters(two_groups_and_noise(), ClustersOptions{}, sink);
  ASSERT_EQ(sink.layer_names(), kAllLayers);
  EXPECT_TRUE(sink.files.empty());
  ASSERT_EQ(result.summaries.size(), 2u);
  for (const auto& layer : sink.layers) {
    const auto incidents = testing::MemorySink::column(layer, "incidents");
    ASSERT_EQ(incidents.size(), 2u) << layer.name;
    EXPECT_EQ(std::get<std::int64_t>(incidents[0]), 12) << layer.name;
    EXPECT_EQ(std::get<std::int64_t>(incidents[1]), 15) << layer.name;
  }
  EXPECT_TRUE(sink.said.said("dbscan eps 50, min points 10: 2 clusters"));
  EXPECT_TRUE(sink.said.said("2 clusters hold 27 of 30 incidents"));
}

TEST(ClustersStep, MinPointsServesEveryMethod) {
  // One value for the three methods, in the library structs: DBSCAN's default is theirs.
  const ClustersOptions defaults;
  EXPECT_EQ(defaults.dbscan.min_points, 10.0);
  EXPECT_EQ(defaults.dbscan.min_points, defaults.nnh.min_points);
  EXPECT_EQ(defaults.dbscan.min_points, defaults.hdbscan.min_cluster_size);
  // --min-points 13 reaches each method's own field: its layers say so.
  const std::vector<std::pair<ClusterMethod, std::string>> methods{
      {ClusterMethod::dbscan, "min_points"}, {ClusterMethod::hdbscan, "min_cluster_size"}, {ClusterMethod::nnh, "min_points"}};
  for (const auto& [method, key] : methods) {
    ClustersOptions options;
    options.method = method;
    options.dbscan.min_points = 13;
    testing::MemorySink sink;
    const ClustersResult result = run_clusters(two_groups_and_noise(), options, sink);
    ASSERT_EQ(sink.layers.size(), 4u);
    const auto& metadata = sink.layers[0].metadata;
    EXPECT_NE(std::find(metadata.begin(), metadata.end(), std::pair<std::string, std::string>{key, "13"}),
              metadata.end())
        << key;
    if (method != ClusterMethod::hdbscan) {
      // 12 incidents are no longer enough: only the group of 15 is left.
      ASSERT_EQ(result.summaries.size(), 1u) << key;
      EXPECT_EQ(result.summaries[0].incidents, 15u);
    }
  }
}

TEST(ClustersStep, PublishingWritesOnlyTheEllipsesOfClustersOfKOrMore) {
  step::PublishSettings publish;
  publish.enabled = true;
  publish.min_count = 13;
  testing::MemorySink sink(publish);
  (void)run_clusters(two_groups_and_noise(), ClustersOptions{}, sink);
  ASSERT_EQ(sink.layer_names(), (std::vector<std::string>{kClustersEllipse1Layer, kClustersEllipse2Layer}));
  ASSERT_EQ(sink.withheld.size(), 2u);
  EXPECT_EQ(sink.withheld[0].rfind(kClustersLayer + std::string(":"), 0), 0u) << sink.withheld[0];
  EXPECT_EQ(sink.withheld[1].rfind(kClustersConvexLayer + std::string(":"), 0), 0u) << sink.withheld[1];
  for (const auto& layer : sink.layers) {
    const auto incidents = testing::MemorySink::column(layer, "incidents");
    ASSERT_EQ(incidents.size(), 1u) << layer.name;
    EXPECT_EQ(std::get<std::int64_t>(incidents[0]), 15) << layer.name;
  }
}

TEST(ClustersStep, OneFileOutputHoldsEveryLayerOrTheOneThatIsPublished) {
  const step::SinkLayout gpkg = step::vector_file_layout("out/c.gpkg", clusters_geojson_layer(false), "clusters");
  EXPECT_EQ(gpkg.geopackage, "out/c.gpkg");
  EXPECT_TRUE(gpkg.geopackage_layers.empty());
  EXPECT_TRUE(gpkg.paths.empty());
  const step::SinkLayout geojson = step::vector_file_layout("c.GeoJSON", clusters_geojson_layer(false), "clusters");
  EXPECT_TRUE(geojson.geopackage.empty());
  ASSERT_EQ(geojson.paths.size(), 1u);
  EXPECT_EQ(geojson.paths.begin()->first, kClustersLayer);
  const step::SinkLayout published = step::vector_file_layout("c.json", clusters_geojson_layer(true), "clusters");
  EXPECT_EQ(published.paths.begin()->first, kClustersEllipse1Layer);
  try {
    (void)step::vector_file_layout("c.shp", kClustersLayer, "clusters");
    FAIL() << "a shapefile name was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
  }
}

TEST(ClustersStep, OptionsAreDeclaredOnTheLibraryFields) {
  ClustersOptions options;
  step::Declarer d("clusters");
  declare_clusters(d, options);
  EXPECT_EQ(d.find("min-points")->default_value(), "10");
  EXPECT_EQ(d.find("eps")->default_value(), "50");
  EXPECT_EQ(d.find("algorithm")->default_value(), "dbscan");
  d.find("algorithm")->assign({"nnh"});
  EXPECT_EQ(options.method, ClusterMethod::nnh);
  d.find("threshold")->assign({"120"});
  EXPECT_EQ(options.nnh.fixed_threshold, 120.0);
  d.find("min-samples")->assign({"4"});
  EXPECT_EQ(options.hdbscan.min_samples, 4.0);
  d.find("top-locations")->assign({"2"});
  EXPECT_EQ(options.summary.top_locations, 2u);
  EXPECT_THROW(d.find("concave-ratio")->assign({"1.5"}), Error);
}

}  // namespace
}  // namespace hotspot::commands
