#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "hotspot/core/incidents.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace hotspot {

/// What a streamed read leaves besides the batches themselves.
struct StreamSummary {
  /// Everything of the shared first step but the incidents (left empty): the row accounting
  /// of all batches, the working CRS, harm table, study area and notes.
  PreparedIncidents context;
  std::size_t batches = 0;
  std::size_t largest_batch_rows = 0;  ///< incidents held at once (after filtering)
};

/// The shared first step in batches of whole sources (`--stream`): `sources_per_batch`
/// expanded sources at a time (0: as many as read threads) are read, projected, filtered and
/// weighted, handed to `consume` (with the context so far: CRS, harm table, study area),
/// and dropped. Memory is one batch plus what `consume` keeps;
/// police.uk publishes one file per force and month, so a national decade is thousands of
/// small batches. Without --working-crs the first batch chooses the CRS (EPSG:27700 anywhere
/// in Great Britain) and every later batch is projected to it. Row accounting is exact:
/// read = used + rejected over all batches.
StreamSummary stream_incidents(const PrepareOptions& options, std::size_t sources_per_batch,
                               const std::function<void(const Incidents& batch, const PreparedIncidents& context)>& consume);

/// Weight and incident count per distinct location, summed over batches: all that density
/// and Gi* need of the rows, so their memory grows with the places (police.uk snap points)
/// and the grid, not with the rows.
class LocationTotals {
 public:
  void add(const Incidents& batch);
  [[nodiscard]] std::size_t locations() const noexcept { return totals_.size(); }
  [[nodiscard]] std::uint64_t incidents() const noexcept { return incidents_; }
  /// One incident per location (sorted by x, then y) weighing the sum of its rows' weights,
  /// with the number of rows in `rows_represented`; months, types and texts are not kept.
  [[nodiscard]] Incidents collapsed(const std::string& crs) const;

 private:
  struct KeyHash {
    std::size_t operator()(const std::pair<double, double>& k) const noexcept {
      return std::hash<double>{}(k.first) * 1000003u ^ std::hash<double>{}(k.second);
    }
  };
  std::unordered_map<std::pair<double, double>, std::pair<double, std::uint64_t>, KeyHash> totals_;
  std::uint64_t incidents_ = 0;
};

}  // namespace hotspot
