#pragma once

// Shared by the evaluation tests.

#include "hotspot/core/calendar.hpp"

namespace hotspot::testing {

/// The three months of the synthetic back-tests.
inline constexpr MonthIndex kJan = make_month(2020, 1), kFeb = make_month(2020, 2), kMar = make_month(2020, 3);

}  // namespace hotspot::testing
