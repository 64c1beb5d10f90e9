#pragma once

#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"

namespace hotspot::evaluation {

/// Which months a rolling-origin evaluation trains and tests on.
struct RollingOriginOptions {
  int horizon = 1;              ///< h: test months after each origin, all of which must have data
  int min_training_months = 3;  ///< months with data the training window must hold
  /// Calendar months in the training window, ending at the origin; 0 = every earlier month.
  int training_months = 12;
};

/// One origin t: fit on the months with data in [train_first, t], test on t+1 … t+h.
struct RollingOrigin {
  MonthIndex train_first = kNoMonth;  ///< first month with data in the training window
  MonthIndex train_last = kNoMonth;   ///< the origin t
  MonthIndex test_first = kNoMonth;   ///< t + 1
  MonthIndex test_last = kNoMonth;    ///< t + h
  int training_months_with_data = 0;  ///< distinct months with incidents in the window
};

/// The origins of the incidents' monthly history, in month order: every month t with data
/// such that all of t+1 … t+h have data (the test period is exactly the h calendar months
/// after t) and the training window [t − training_months + 1, t] (or everything up to t)
/// holds at least `min_training_months` months with data. Gaps in the history (police.uk
/// archives often miss months) therefore never put a gap inside a test period, and a
/// window after a long gap waits until enough new months have accumulated.
/// Incidents with an unknown month are ignored. Throws Error(usage) on a horizon or minimum
/// below 1 or a negative window; an empty result is not an error.
[[nodiscard]] std::vector<RollingOrigin> rolling_origins(const Incidents& incidents,
                                                         const RollingOriginOptions& options);

/// Which part of an evaluation a month belongs to, for one origin.
enum class OriginPart { none, training, test };
[[nodiscard]] OriginPart origin_part(const RollingOrigin& origin, MonthIndex month) noexcept;

}  // namespace hotspot::evaluation
