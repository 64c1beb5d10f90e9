#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hotspot/geo/crs.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace hotspot {

struct ProfileOptions {
  /// Shares of locations for the concentration figures (busiest 1%, 5%, 10%).
  std::vector<double> top_location_shares{0.01, 0.05, 0.10};
  /// How many of the busiest locations to list.
  std::size_t top_locations = 10;
};

/// Incidents and harm for one group (a crime type, month, district or LSOA).
struct GroupCount {
  std::string key;
  std::string label;  ///< e.g. the LSOA name for an LSOA code; empty when the key says it all
  std::uint64_t incidents = 0;
  double harm = 0;
};

/// Share of incidents on the busiest share of distinct locations. `locations` =
/// ceil(share × distinct locations), at least 1.
struct Concentration {
  double location_share = 0;
  std::uint64_t locations = 0;
  std::uint64_t incidents = 0;
  double incident_share = 0;
};

struct BusyLocation {
  double x = 0, y = 0, lon = 0, lat = 0;
  std::uint64_t incidents = 0;
  double harm = 0;
  std::string location;  ///< the most frequent `Location` text there ("On or near Parking Area")
};

/// A profile of incidents after filtering (`hotspot profile`).
struct Profile {
  std::uint64_t incidents = 0;
  double weight_total = 0;
  double harm_total = 0;
  std::uint64_t without_harm_weight = 0;  ///< incidents whose type is not in the harm table
  std::string harm_table;
  std::vector<GroupCount> by_type;      ///< most incidents first, ties by name
  std::vector<GroupCount> by_month;     ///< chronological
  std::vector<std::string> missing_months;  ///< months between the first and last with no incident
  std::vector<GroupCount> by_district;  ///< from the LSOA name ("Welwyn Hatfield 011A" → "Welwyn Hatfield")
  std::vector<GroupCount> by_lsoa;      ///< most incidents first
  std::uint64_t distinct_locations = 0;
  std::vector<Concentration> concentration;
  std::vector<BusyLocation> busiest_locations;
  Bounds bounds;         ///< working CRS
  Bounds lonlat_bounds;  ///< WGS84
  WorkingCrsChoice crs;
  std::string study_area;
  // Row accounting of the whole run.
  std::uint64_t rows_read = 0;
  std::uint64_t rows_used = 0;
  std::uint64_t rows_rejected = 0;
  std::vector<std::pair<std::string, std::uint64_t>> rejected_by_reason;  ///< reason id, rows (non-zero only)
  std::vector<std::string> sources;
  std::vector<std::string> notes;
};

[[nodiscard]] Profile profile_incidents(const PreparedIncidents& prepared, const ProfileOptions& options = {});

/// Builds a profile from incidents given batch by batch (`--stream`): memory grows with the
/// distinct crime types, months, LSOAs and locations, never with the rows. One batch gives
/// exactly profile_incidents' result; any split of the same rows gives the same counts and
/// locations (harm sums may differ in the last bits, below the JSON's rounding).
class ProfileBuilder {
 public:
  explicit ProfileBuilder(ProfileOptions options = {});
  ~ProfileBuilder();
  ProfileBuilder(ProfileBuilder&&) noexcept;
  ProfileBuilder& operator=(ProfileBuilder&&) noexcept;
  ProfileBuilder(const ProfileBuilder&) = delete;
  ProfileBuilder& operator=(const ProfileBuilder&) = delete;

  /// Counts one batch (projected to the same working CRS as every other batch).
  void add(const Incidents& batch, const HarmWeights& harm);
  /// The profile; the context (CRS, harm table, study area, row accounting, notes) comes
  /// from `prepared`, whose incidents are not read.
  [[nodiscard]] Profile finish(const PreparedIncidents& context) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The profile as pretty JSON (stable key order, so the same input gives the same bytes).
[[nodiscard]] std::string profile_to_json(const Profile& profile);
/// The profile as a plain-text report for the terminal.
[[nodiscard]] std::string profile_to_text(const Profile& profile);

/// "Welwyn Hatfield 011A" → "Welwyn Hatfield"; a name without the trailing LSOA number is
/// returned unchanged.
[[nodiscard]] std::string district_of_lsoa_name(const std::string& lsoa_name);

}  // namespace hotspot
