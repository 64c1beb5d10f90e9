#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot {

/// Why an input row was not used. Every row read is either used or rejected for exactly one
/// of these reasons (the first that applies, in pipeline order).
enum class RejectReason : std::uint8_t {
  no_coordinates,           ///< empty coordinates (police.uk "No location" rows)
  bad_coordinate,           ///< coordinate text is not a number
  coordinate_out_of_range,  ///< not finite, or outside the valid range of its CRS (|lat| > 90 ...)
  not_a_point,              ///< an OGR feature whose geometry is empty or not a point
  bad_month,                ///< month is not YYYY-MM
  bad_time,                 ///< timestamp in no recognised form
  bad_weight,               ///< weight field not a finite number in [0, kMaxIncidentWeight]
  no_category,              ///< empty crime type / category
  outside_crs_area,         ///< outside the working CRS's area of use
  projection_failed,        ///< PROJ could not transform the point
  excluded_type,            ///< crime type not among --types
  outside_period,           ///< before --from or after --to
  no_date,                  ///< --from/--to given but the row has no month or time
  outside_area,             ///< outside the --within study area
  outside_bbox,             ///< outside --bbox
};
inline constexpr std::size_t kRejectReasonCount = 15;

/// Stable machine name, e.g. "no_coordinates" (used in JSON and the rejects CSV).
[[nodiscard]] std::string_view reject_reason_id(RejectReason reason);
/// Human text, e.g. "no coordinates (empty, or police.uk \"No location\")".
[[nodiscard]] std::string_view reject_reason_text(RejectReason reason);

/// One rejected row: where it came from and why.
struct Rejection {
  std::uint32_t source = 0;  ///< index into the list of sources
  std::uint64_t row = 0;     ///< data row, 1 = first row after the header (OGR: feature id)
  RejectReason reason = RejectReason::no_coordinates;
  std::string detail;        ///< e.g. `Latitude "51.7x"`; may be empty
};

/// Row accounting across a whole run: read = used + rejected, always.
struct RowAccount {
  std::uint64_t read = 0;
  std::array<std::uint64_t, kRejectReasonCount> rejected_by_reason{};
  std::vector<Rejection> rejections;
  std::vector<std::string> sources;  ///< source names, indexed by Rejection::source

  void reject(std::uint32_t source, std::uint64_t row, RejectReason reason, std::string detail = {});
  [[nodiscard]] std::uint64_t rejected() const;
  [[nodiscard]] std::uint64_t used() const { return read - rejected(); }
  /// Adds another account's counts and rejections (its source indexes are shifted).
  void merge(const RowAccount& other);
  /// Adds the account of a later piece of the same single source (a large file read in
  /// pieces): its counts, and its rejections with rows shifted by `row_offset`, the rows of
  /// the pieces before it. Both accounts' rejections name source 0.
  void append_piece(RowAccount&& piece, std::uint64_t row_offset);

 private:
  void add_counts(const RowAccount& other);
};

}  // namespace hotspot
