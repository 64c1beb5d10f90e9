#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/vector_layer.hpp"

namespace hotspot::privacy {

/// A count of incidents other than the layer's main one (e.g. a camera's newly seen
/// incidents), with the fields computed from the same incidents (its weight, harm, share),
/// which would give the count away and are nulled with it.
struct SecondaryCount {
  std::string field;
  std::vector<std::string> derived;
};

/// A running total over the layer's features in order (a camera's incidents seen by it and
/// every higher-ranked camera): `field` is the sum of `step` over this feature and all before
/// it. The difference of two published totals gives a step back, so once any feature's step
/// is withheld (the feature suppressed, or the step nulled), `field` and `derived` are
/// withheld for that feature and every later one: secondary suppression, as ONS applies to
/// totals in tables with suppressed cells. A total below k is nulled too.
struct CumulativeCount {
  std::string field;
  std::string step;
  std::vector<std::string> derived;
};

/// How to make a layer safe to publish outside the partnership. `count_field` is required:
/// a layer that does not say how many incidents each feature stands for is refused.
struct PublishOptions {
  std::int64_t min_count = 5;  ///< k: no published feature or count stands for fewer incidents
  double grid_m = 100.0;       ///< point geometries and coordinate fields round to multiples of it
  /// Incidents each feature stands for (integer or real field); features below k are removed.
  std::string count_field = "incidents";
  /// Other counts: set to null (with their derived fields) when below k.
  std::vector<SecondaryCount> other_counts;
  /// Breakdowns written as "name: n; name: n" or "name n; name n": entries below k are removed
  /// (the text then says how many entries were withheld, never their counts).
  std::vector<std::string> count_lists;
  /// Fields never published: free text with counts or incident positions in it, user-log text.
  std::vector<std::string> drop_fields;
  /// Pairs of fields holding x and y of the point geometry (e.g. easting, northing).
  std::vector<std::pair<std::string, std::string>> coordinate_fields;
  /// Running totals (see CumulativeCount); the layer's features must be in their order.
  std::vector<CumulativeCount> cumulative_counts;
  /// A pair of coordinate fields (also listed in coordinate_fields) whose point the feature's
  /// geometry is centred on, for shapes drawn around an incident position (a cluster's
  /// ellipse around its mean centre): the geometry is moved by the offset that rounding gives
  /// that point, so the published shape is centred on the grid and its centre gives no exact
  /// position away. Its shape is kept.
  std::optional<std::pair<std::string, std::string>> anchor_fields;
};

/// Warnings about publishing settings that protect less than a user may think: a minimum
/// count of 1 suppresses nothing (every feature stands for at least one incident). Empty when
/// there is nothing to say. For the command line to print once.
[[nodiscard]] std::vector<std::string> publish_settings_warnings(const PublishOptions& options);

/// What publishing withheld, for the user and for the layer's metadata.
struct SuppressionReport {
  std::string layer;
  std::string count_field;
  std::int64_t min_count = 0;
  double grid_m = 0;
  std::size_t features_in = 0;
  std::size_t features_published = 0;
  std::size_t features_suppressed = 0;
  /// Sum of count_field over all features, and over the suppressed ones. For the tool's own
  /// checks only: never in summary() or metadata(), since with the published features'
  /// counts the difference gives the suppressed counts back.
  double incidents_in = 0;
  double incidents_suppressed = 0;
  std::size_t values_nulled = 0;   ///< secondary counts (and their derived fields) below k
  std::size_t list_entries_removed = 0;
  std::size_t points_rounded = 0;
  std::size_t cumulative_withheld = 0;  ///< running totals withheld (secondary suppression)
  std::size_t shapes_moved = 0;         ///< geometries centred on the grid (anchor_fields)
  std::vector<std::string> fields_dropped;
  /// One line: "publish cameras: 2 of 5 features suppressed (incidents_in_view below 5) ...";
  /// never the number of incidents in the suppressed features.
  [[nodiscard]] std::string summary() const;
  /// The same as key/value pairs (publish_* keys), added to the published layer's metadata.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> metadata() const;
};

struct PublishResult {
  VectorLayer layer;
  SuppressionReport report;
};

/// The layer as it may leave the partnership: features whose `count_field` is below k (or
/// null) removed, secondary counts below k nulled with their derived fields, breakdown
/// entries below k removed, `drop_fields` removed, point geometries and coordinate fields
/// rounded to `grid_m`, and the report added to the metadata. Throws Error (usage) when the
/// count field is missing, and Error (internal) when the layer has a field that looks like a
/// count of incidents ("incidents", "incidents_*", "count") that the options do not declare,
/// so a new count field cannot slip out unchecked.
[[nodiscard]] PublishResult publish_layer(const VectorLayer& layer, const PublishOptions& options);

/// Rounds to the nearest multiple of `grid` (ties away from zero); `grid` must be > 0.
[[nodiscard]] double round_to_grid(double value, double grid);

/// Moves every vertex of a WKB geometry (any type, either byte order, ISO or extended 2D/Z/M)
/// by (dx, dy). Throws Error (internal) for WKB it cannot read.
void translate_wkb(std::string& wkb, double dx, double dy);

/// The x/y of a WKB point; nullopt for another geometry.
[[nodiscard]] std::optional<std::pair<double, double>> wkb_point_xy(const std::string& wkb);

}  // namespace hotspot::privacy
