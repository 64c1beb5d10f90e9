#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/incidents.hpp"

/// The "About the data" box of a report: what a reader must know before trusting a map of
/// police.uk incidents, in plain words.
namespace hotspot::report {

/// What the incidents are, as far as the caveats go.
struct DataFacts {
  /// Locations are police.uk's anonymised snap points ("On or near …"), not addresses.
  bool snap_points = true;
  /// Dates are months only: no day, no time of day.
  bool months_only = true;
  /// Anti-social behaviour is among the incidents (it is not a crime, and is recorded apart).
  bool has_asb = false;
  /// The plans or maps weigh incidents by harm.
  bool harm_weighted = false;
  /// The harm table is the bundled Cambridge Crime Harm Index table, not the user's own.
  bool bundled_harm_table = true;
  /// Some crime types and their harm weight, in the order to quote them (say violence, burglary,
  /// shoplifting, ASB); empty: no examples.
  std::vector<std::pair<std::string, double>> harm_examples;
};

/// The facts a set of incidents shows by itself: snap points when most located incidents'
/// location text starts "On or near" (police.uk's wording), months only when no incident has a
/// time, ASB when a category is "Anti-social behaviour" (any case). The harm fields are left to
/// the caller.
[[nodiscard]] DataFacts facts_of(const Incidents& incidents);

/// The caveats, one short paragraph each, in the order a reader needs them.
[[nodiscard]] std::vector<std::string> data_caveats(const DataFacts& facts);

}  // namespace hotspot::report
