// `hotspot clusters`: DBSCAN or nearest-neighbour hierarchical clustering of incidents, with
// hulls, ellipses and properties per cluster.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/layer_output.hpp"
#include "hotspot/clusters/cluster_summary.hpp"
#include "hotspot/clusters/dbscan.hpp"
#include "hotspot/clusters/hdbscan.hpp"
#include "hotspot/clusters/nearest_neighbour_hierarchical.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/geo/crs.hpp"

namespace hotspot::cli {
namespace {

struct ClustersFlags {
  InputFlags input;
  std::string method = "dbscan";
  clusters::DbscanOptions dbscan;
  clusters::NnhOptions nnh;
  clusters::HdbscanOptions hdbscan;
  clusters::ClusterSummaryOptions summary;
  std::string output;
  int threads = 0;
  PublishFlags publish;
  bool no_style = false;
};

VectorLayer cluster_layer(const std::string& name, const std::string& crs, const Incidents& in,
                          const std::vector<clusters::ClusterSummary>& summaries, int geometry,
                          const std::vector<std::pair<std::string, std::string>>& metadata) {
  VectorLayer layer;
  layer.name = name;
  layer.geometry = GeometryKind::polygon;
  layer.crs = crs;
  layer.metadata = metadata;
  layer.fields = {{"cluster", FieldType::integer},      {"incidents", FieldType::integer},
                  {"weight", FieldType::real},          {"share", FieldType::real},
                  {"weight_share", FieldType::real},    {"locations", FieldType::integer},
                  {"area_m2", FieldType::real},         {"density_per_km2", FieldType::real},
                  {"months_active", FieldType::integer}, {"first_month", FieldType::string},
                  {"last_month", FieldType::string},    {"crime_types", FieldType::string},
                  {"top_locations", FieldType::string}, {"centre_x", FieldType::real},
                  {"centre_y", FieldType::real},        {"sd_major_m", FieldType::real},
                  {"sd_minor_m", FieldType::real},      {"sd_rotation_deg", FieldType::real}};
  for (const auto& s : summaries) {
    VectorFeature f;
    clusters::Rings rings;
    switch (geometry) {
      case 0: rings = s.concave_hull; break;
      case 1: rings = s.convex_hull; break;
      default: rings = {s.ellipse.ring(geometry == 2 ? 1.0 : 2.0)}; break;
    }
    f.wkb = wkb_polygon(rings);
    f.values = {std::int64_t{s.label},
                static_cast<std::int64_t>(s.incidents),
                s.weight,
                s.share,
                s.weight_share,
                static_cast<std::int64_t>(s.locations),
                s.area,
                s.density,
                static_cast<std::int64_t>(s.months_active),
                s.first_month == kNoMonth ? FieldValue{} : FieldValue{format_month(s.first_month)},
                s.last_month == kNoMonth ? FieldValue{} : FieldValue{format_month(s.last_month)},
                ranked_text(s.crime_types, in.categories),
                ranked_text(s.top_locations, in.locations),
                s.ellipse.centre_x,
                s.ellipse.centre_y,
                s.ellipse.semi_major,
                s.ellipse.semi_minor,
                s.ellipse.rotation * 180.0 / 3.14159265358979323846};
    layer.features.push_back(std::move(f));
  }
  return layer;
}

void run_clusters(const ClustersFlags& flags) {
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  const Incidents& in = prepared.incidents;
  if (in.empty()) throw Error(ErrorCode::data, "clusters", "no incidents left after filtering");
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
      {"hotspot_stage", "clusters." + flags.method},
      {"crs", prepared.crs.definition},
      {"incidents", std::to_string(in.size())},
      {"distinct_locations", std::to_string(points.size())},
      {"concave_ratio", metadata_number(flags.summary.concave_ratio)}};
  std::vector<std::int32_t> point_label;
  if (flags.method == "dbscan") {
    check_distance(flags.dbscan.eps, "--eps", diagonal);
    clusters::DbscanOptions options = flags.dbscan;
    options.threads = flags.threads;
    // Each snap point weighs its incidents (or their harm/field weight), like sample_weight.
    const clusters::DbscanResult r = clusters::dbscan(points, options);
    point_label = r.label;
    metadata.push_back({"eps", metadata_number(options.eps)});
    metadata.push_back({"min_points", metadata_number(options.min_points)});
    std::fprintf(stderr, "hotspot: dbscan eps %g, min points %g: %d clusters\n", options.eps, options.min_points,
                 r.cluster_count);
  } else if (flags.method == "hdbscan") {
    clusters::HdbscanOptions options = flags.hdbscan;
    options.threads = flags.threads;
    options.min_cluster_size = flags.dbscan.min_points;
    // Multiplicities are incident counts: HDBSCAN's sizes and core distances count incidents.
    std::vector<double> counts(points.count.begin(), points.count.end());
    const clusters::HdbscanResult r = clusters::hdbscan(points.x, points.y, counts, options);
    point_label = r.label;
    metadata.push_back({"min_cluster_size", metadata_number(options.min_cluster_size)});
    metadata.push_back({"min_samples", metadata_number(options.min_samples > 0 ? options.min_samples
                                                                               : options.min_cluster_size)});
    metadata.push_back({"resolution_m", metadata_number(options.resolution)});
    std::fprintf(stderr, "hotspot: hdbscan min cluster size %g: %d clusters\n", options.min_cluster_size,
                 r.cluster_count);
  } else {
    clusters::NnhOptions options = flags.nnh;
    options.threads = flags.threads;
    options.min_points = flags.dbscan.min_points;  // one --min-points flag serves both methods
    if (options.area <= 0.0 && prepared.area) options.area = prepared.area->area_m2();
    if (options.fixed_threshold > 0.0) check_distance(options.fixed_threshold, "--threshold", diagonal);
    const clusters::NnhResult r = clusters::nearest_neighbour_hierarchical(points.x, points.y, points.weight, options);
    point_label = r.first_order_label;
    metadata.push_back({"probability", metadata_number(options.probability)});
    metadata.push_back({"min_points", metadata_number(options.min_points)});
    metadata.push_back({"area_m2", options.area > 0 ? metadata_number(options.area) : "bounding rectangle"});
    for (const auto& level : r.levels) {
      metadata.push_back({"order_" + std::to_string(level.order) + "_threshold_m", metadata_number(level.threshold)});
      std::fprintf(stderr, "hotspot: nnh order %d: threshold %.1f m, %zu clusters\n", level.order, level.threshold,
                   level.clusters.size());
    }
  }
  std::vector<std::int32_t> label(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) label[i] = point_label[points.point_of[i]];
  const auto summaries = clusters::summarise_clusters(in, label, flags.summary);
  const std::string& crs = prepared.crs.definition;
  const VectorLayer concave = cluster_layer("clusters", crs, in, summaries, 0, metadata);
  const VectorLayer convex = cluster_layer("clusters_convex_hull", crs, in, summaries, 1, metadata);
  const VectorLayer sd1 = cluster_layer("clusters_ellipse_1sd", crs, in, summaries, 2, metadata);
  const VectorLayer sd2 = cluster_layer("clusters_ellipse_2sd", crs, in, summaries, 3, metadata);
  if (flags.publish.publish) {
    // Hull vertices are incident locations, so only the ellipses (summaries of a cluster's
    // incidents) are published.
    const privacy::PublishOptions rules = privacy::cluster_rules(location_text_is_public(flags.input.prepare));
    std::fprintf(stderr, "hotspot: publish: hull layers not written (their vertices are incident locations)\n");
    const VectorLayer published_sd1 = publish_for_output(sd1, rules, flags.publish);
    const VectorLayer published_sd2 = publish_for_output(sd2, rules, flags.publish);
    write_layers({&published_sd1, &published_sd2}, flags.output, !flags.no_style);
  } else {
    write_layers({&concave, &convex, &sd1, &sd2}, flags.output, !flags.no_style);
  }
  std::size_t clustered = 0;
  for (std::int32_t l : label) clustered += l >= 0 ? 1 : 0;
  std::fprintf(stderr, "hotspot: %zu clusters hold %zu of %zu incidents; wrote %s\n", summaries.size(), clustered,
               in.size(), flags.output.c_str());
}

}  // namespace

void register_clusters_command(CLI::App& app) {
  auto flags = std::make_shared<ClustersFlags>();
  auto* sub = app.add_subcommand("clusters",
                                 "Find clusters of incidents (DBSCAN or CrimeStat nearest-neighbour hierarchical) "
                                 "and write their hulls, ellipses and properties");
  add_input_options(*sub, flags->input);
  auto* g = "Clustering";
  sub->add_option("--method", flags->method, "dbscan, hdbscan or nnh")
      ->check(CLI::IsMember({"dbscan", "hdbscan", "nnh"}))
      ->default_val("dbscan")
      ->group(g);
  sub->add_option("--eps", flags->dbscan.eps, "DBSCAN neighbourhood radius in metres (d <= eps)")
      ->default_val(50.0)
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--min-points", flags->dbscan.min_points,
                  "Minimum incidents (summed weight) around a core point (DBSCAN), in a cluster (HDBSCAN) or in a "
                  "first-order cluster (NNH)")
      ->default_val(10.0)
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--min-samples", flags->hdbscan.min_samples,
                  "HDBSCAN: neighbours for the core distance (default: --min-points)")
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--resolution", flags->hdbscan.resolution,
                  "HDBSCAN: distances below this many metres are not told apart (snap points)")
      ->default_val(1.0)
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--probability", flags->nnh.probability,
                  "NNH: one-tailed probability for the random nearest-neighbour threshold")
      ->default_val(0.5)
      ->check(CLI::Range(1e-9, 1.0 - 1e-9))
      ->group(g);
  sub->add_option("--threshold", flags->nnh.fixed_threshold, "NNH: fixed threshold distance in metres instead")
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--min-clusters", flags->nnh.min_clusters, "NNH: minimum clusters in a higher-order cluster")
      ->default_val(2)
      ->check(CLI::Range(1, 1000000))
      ->group(g);
  sub->add_option("--area", flags->nnh.area,
                  "NNH: study area in m^2 for the random distance (default: --within area, else bounding rectangle)")
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--concave-ratio", flags->summary.concave_ratio,
                  "GEOS concave hull ratio: 0 tightest .. 1 convex")
      ->default_val(0.3)
      ->check(CLI::Range(0.0, 1.0))
      ->group(g);
  sub->add_option("--top-locations", flags->summary.top_locations, "Location strings listed per cluster")
      ->default_val(5)
      ->group(g);
  sub->add_option("--threads", flags->threads, "Threads (0 = all); results do not depend on it")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber)
      ->group(g);
  sub->add_option("--output,-o", flags->output,
                  "Output .gpkg (layers clusters, clusters_convex_hull, clusters_ellipse_1sd/2sd) or .geojson "
                  "(concave hulls)")
      ->required()
      ->group("Output");
  add_publish_options(*sub, flags->publish);
  add_style_option(*sub, flags->no_style);
  sub->callback([flags] { run_clusters(*flags); });
}

}  // namespace hotspot::cli
