#include "hotspot/commands/clusters.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "hotspot/core/numbers.hpp"
#include "hotspot/clusters/cluster_layer.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "clusters";

constexpr std::array<step::Choice<ClusterMethod>, 3> kMethods{
    {{"dbscan", ClusterMethod::dbscan}, {"hdbscan", ClusterMethod::hdbscan}, {"nnh", ClusterMethod::nnh}}};

}  // namespace

void declare_clusters(step::Declarer& d, ClustersOptions& options) {
  d.group("Clustering");
  d.choice<ClusterMethod>("algorithm", options.method, kMethods, "Clustering algorithm: dbscan, hdbscan or nnh")
      .deprecated("method");
  d.number("eps", options.dbscan.eps, "DBSCAN neighbourhood radius in metres (d <= eps)").above(0).unit("m");
  d.number("min-points", options.dbscan.min_points,
           "Minimum incidents (summed weight) around a core point (DBSCAN), in a cluster (HDBSCAN) or in a "
           "first-order cluster (NNH)")
      .above(0);
  d.number("min-samples", options.hdbscan.min_samples, "HDBSCAN: neighbours for the core distance (default: --min-points)")
      .above(0)
      .default_text("");
  d.number("grid-resolution", options.hdbscan.resolution,
           "HDBSCAN: distances below this many metres are not told apart (snap points)")
      .above(0)
      .unit("m")
      .deprecated("resolution");
  d.number("probability", options.nnh.probability, "NNH: one-tailed probability for the random nearest-neighbour threshold")
      .range(1e-9, 1.0 - 1e-9);
  d.number("threshold", options.nnh.fixed_threshold, "NNH: fixed threshold distance in metres instead")
      .above(0)
      .unit("m")
      .default_text("");
  d.integer("min-clusters", options.nnh.min_clusters, "NNH: minimum clusters in a higher-order cluster").range(1, 1000000);
  d.number("area", options.nnh.area,
           "NNH: study area in m^2 for the random distance (default: --within area, else bounding rectangle)")
      .above(0)
      .unit("m²")
      .default_text("");
  d.number("concave-ratio", options.summary.concave_ratio, "GEOS concave hull ratio: 0 tightest .. 1 convex").range(0, 1);
  d.integer("top-locations", options.summary.top_locations, "Location strings listed per cluster")
      .override_of_default("5: a cluster's own field lists its five busiest places");
  d.integer("threads", options.dbscan.threads, "Threads (0 = all); results do not depend on it").at_least(0);
}

const char* clusters_geojson_layer(bool publishing) noexcept {
  return publishing ? kClustersEllipse1Layer : kClustersLayer;
}

ClustersResult run_clusters(const PreparedIncidents& prepared, const ClustersOptions& options, step::OutputSink& sink) {
  step::Messages& out = sink.messages();
  const Incidents& in = prepared.incidents;
  if (in.empty()) throw Error(ErrorCode::data, kStage, "no incidents left after filtering");
  const WeightedPoints points = collapse_locations(in);
  double x0 = points.x[0], x1 = x0, y0 = points.y[0], y1 = y0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    x0 = std::min(x0, points.x[i]);
    x1 = std::max(x1, points.x[i]);
    y0 = std::min(y0, points.y[i]);
    y1 = std::max(y1, points.y[i]);
  }
  const double diagonal = std::hypot(x1 - x0, y1 - y0);
  std::vector<std::pair<std::string, std::string>> metadata{
      {"hotspot_stage", "clusters." + std::string(step::choice_name<ClusterMethod>(kMethods, options.method))},
      {"crs", prepared.crs.definition},
      {"incidents", std::to_string(in.size())},
      {"distinct_locations", std::to_string(points.size())},
      {"concave_ratio", metadata_number(options.summary.concave_ratio)}};
  std::vector<std::int32_t> point_label;
  switch (options.method) {
    case ClusterMethod::dbscan: {
      check_distance(options.dbscan.eps, "--eps", diagonal);
      // Each snap point weighs its incidents (or their harm/field weight), like sample_weight.
      const clusters::DbscanResult r = clusters::dbscan(points, options.dbscan);
      point_label = r.label;
      metadata.emplace_back("eps", metadata_number(options.dbscan.eps));
      metadata.emplace_back("min_points", metadata_number(options.dbscan.min_points));
      out.status(format("dbscan eps %g, min points %g: %d clusters", options.dbscan.eps, options.dbscan.min_points,
                        r.cluster_count));
      break;
    }
    case ClusterMethod::hdbscan: {
      clusters::HdbscanOptions o = options.hdbscan;
      o.threads = options.dbscan.threads;
      o.min_cluster_size = options.dbscan.min_points;
      // Multiplicities are incident counts: HDBSCAN's sizes and core distances count incidents.
      const std::vector<double> counts(points.count.begin(), points.count.end());
      const clusters::HdbscanResult r = clusters::hdbscan(points.x, points.y, counts, o);
      point_label = r.label;
      metadata.emplace_back("min_cluster_size", metadata_number(o.min_cluster_size));
      metadata.emplace_back("min_samples", metadata_number(o.min_samples > 0 ? o.min_samples : o.min_cluster_size));
      metadata.emplace_back("resolution_m", metadata_number(o.resolution));
      out.status(format("hdbscan min cluster size %g: %d clusters", o.min_cluster_size, r.cluster_count));
      break;
    }
    case ClusterMethod::nnh: {
      clusters::NnhOptions o = options.nnh;
      o.threads = options.dbscan.threads;
      o.min_points = options.dbscan.min_points;
      if (o.area <= 0.0 && prepared.area) o.area = prepared.area->area_m2();
      if (o.fixed_threshold > 0.0) check_distance(o.fixed_threshold, "--threshold", diagonal);
      const clusters::NnhResult r = clusters::nearest_neighbour_hierarchical(points.x, points.y, points.weight, o);
      point_label = r.first_order_label;
      metadata.emplace_back("probability", metadata_number(o.probability));
      metadata.emplace_back("min_points", metadata_number(o.min_points));
      metadata.emplace_back("area_m2", o.area > 0 ? metadata_number(o.area) : "bounding rectangle");
      for (const auto& level : r.levels) {
        metadata.emplace_back("order_" + std::to_string(level.order) + "_threshold_m", metadata_number(level.threshold));
        out.status(format("nnh order %d: threshold %.1f m, %zu clusters", level.order, level.threshold,
                          level.clusters.size()));
      }
      break;
    }
  }
  ClustersResult result;
  result.label.resize(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) result.label[i] = point_label[points.point_of[i]];
  result.summaries = clusters::summarise_clusters(in, result.label, options.summary);

  const std::string& crs = prepared.crs.definition;
  using clusters::ClusterOutline;
  constexpr const char* kHullsWithheld = "its vertices are incident locations";
  sink.layer(clusters::cluster_layer(kClustersLayer, crs, in, result.summaries, ClusterOutline::concave_hull, metadata),
             std::nullopt, kHullsWithheld);
  sink.layer(
      clusters::cluster_layer(kClustersConvexLayer, crs, in, result.summaries, ClusterOutline::convex_hull, metadata),
      std::nullopt, kHullsWithheld);
  // The ellipses summarise a cluster's incidents without passing through any of them.
  const privacy::PublishOptions rules = privacy::cluster_rules(privacy::location_text_is_public(prepared.options));
  sink.layer(
      clusters::cluster_layer(kClustersEllipse1Layer, crs, in, result.summaries, ClusterOutline::ellipse_1sd, metadata),
      rules);
  sink.layer(
      clusters::cluster_layer(kClustersEllipse2Layer, crs, in, result.summaries, ClusterOutline::ellipse_2sd, metadata),
      rules);

  std::size_t clustered = 0;
  for (std::int32_t l : result.label) clustered += l >= 0 ? 1 : 0;
  out.status(format("%zu clusters hold %zu of %zu incidents", result.summaries.size(), clustered, in.size()));
  return result;
}

step::CommandSpec clusters_command() {
  return step::vector_file_command<ClustersOptions>(
      "clusters",
      "Find clusters of incidents (DBSCAN or CrimeStat nearest-neighbour hierarchical) and write their hulls, "
      "ellipses and properties",
      {{kClustersLayer, step::OutputKind::vector, "clusters.geojson", "the concave hull of each cluster", false},
       {kClustersConvexLayer, step::OutputKind::vector, "clusters_convex_hull.geojson", "the convex hull of each cluster",
        false},
       {kClustersEllipse1Layer, step::OutputKind::vector, "clusters_ellipse_1sd.geojson",
        "the 1-SD deviational ellipse of each cluster", true},
       {kClustersEllipse2Layer, step::OutputKind::vector, "clusters_ellipse_2sd.geojson",
        "the 2-SD deviational ellipse of each cluster", true}},
      step::VectorFileStep<ClustersOptions, ClustersResult>{
          declare_clusters, run_clusters, /*streamable=*/false,
          "Output .gpkg (layers clusters, clusters_convex_hull, clusters_ellipse_1sd/2sd) or .geojson (concave hulls; "
          "with --publish the 1-SD ellipses)",
          [](const step::VectorFileOutput& o) { return std::string(clusters_geojson_layer(o.publish.enabled)); }});
}

}  // namespace hotspot::commands
