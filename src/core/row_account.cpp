#include "hotspot/core/row_account.hpp"

#include <numeric>

namespace hotspot {
namespace {

struct ReasonNames {
  std::string_view id;
  std::string_view text;
};

constexpr std::array<ReasonNames, kRejectReasonCount> kNames{{
    {"no_coordinates", "no coordinates (empty, or police.uk \"No location\")"},
    {"bad_coordinate", "coordinate is not a number"},
    {"coordinate_out_of_range", "coordinate not finite or out of range for its CRS"},
    {"not_a_point", "geometry empty or not a point"},
    {"bad_month", "month is not YYYY-MM"},
    {"bad_time", "timestamp not in a recognised form"},
    {"bad_weight", "weight is not a finite number from 0 to 1000000"},
    {"no_category", "no crime type / category"},
    {"outside_crs_area", "outside the working CRS's area of use"},
    {"projection_failed", "could not be projected to the working CRS"},
    {"excluded_type", "crime type not selected (--types)"},
    {"outside_period", "outside the period (--from/--to)"},
    {"no_date", "no month or time to compare with --from/--to"},
    {"outside_area", "outside the study area (--within)"},
    {"outside_bbox", "outside the bounding box (--bbox)"},
}};

}  // namespace

std::string_view reject_reason_id(RejectReason reason) { return kNames[static_cast<std::size_t>(reason)].id; }

std::string_view reject_reason_text(RejectReason reason) {
  return kNames[static_cast<std::size_t>(reason)].text;
}

void RowAccount::reject(std::uint32_t source, std::uint64_t row, RejectReason reason, std::string detail) {
  ++rejected_by_reason[static_cast<std::size_t>(reason)];
  rejections.push_back(Rejection{source, row, reason, std::move(detail)});
}

std::uint64_t RowAccount::rejected() const {
  return std::accumulate(rejected_by_reason.begin(), rejected_by_reason.end(), std::uint64_t{0});
}

void RowAccount::merge(const RowAccount& other) {
  const auto offset = static_cast<std::uint32_t>(sources.size());
  sources.insert(sources.end(), other.sources.begin(), other.sources.end());
  add_counts(other);
  for (const auto& r : other.rejections) rejections.push_back(Rejection{r.source + offset, r.row, r.reason, r.detail});
}

void RowAccount::append_piece(RowAccount&& piece, std::uint64_t row_offset) {
  add_counts(piece);
  for (auto& r : piece.rejections) {
    r.row += row_offset;
    rejections.push_back(std::move(r));
  }
}

void RowAccount::add_counts(const RowAccount& other) {
  read += other.read;
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) rejected_by_reason[i] += other.rejected_by_reason[i];
}

}  // namespace hotspot
