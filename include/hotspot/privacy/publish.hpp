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
};

/// What publishing withheld, for the user and for the layer's metadata.
struct SuppressionReport {
  std::string layer;
  std::string count_field;
  std::int64_t min_count = 0;
  double grid_m = 0;
  std::size_t features_in = 0;
  std::size_t features_published = 0;
  std::size_t features_suppressed = 0;
  double incidents_in = 0;         ///< sum of count_field over all features
  double incidents_suppressed = 0; ///< sum of count_field over the suppressed features
  std::size_t values_nulled = 0;   ///< secondary counts (and their derived fields) below k
  std::size_t list_entries_removed = 0;
  std::size_t points_rounded = 0;
  std::vector<std::string> fields_dropped;

  /// One line: "layer cameras: 2 of 5 features suppressed (fewer than 5 incidents; 7 incidents) ...".
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
