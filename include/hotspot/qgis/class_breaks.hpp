#pragma once

#include <cstddef>
#include <span>
#include <vector>

/// Class breaks for choropleths of rates, computed the same way every time (no sampling,
/// no random start), so the same values give the same legend.
namespace hotspot::qgis {

/// Natural breaks (Jenks): the split of the sorted values into at most `classes` groups of
/// neighbouring values with the least total within-group sum of squared deviations, found
/// exactly by Fisher's (1958) dynamic programme over the distinct values (equal values are
/// never split; among equally good splits the one with the lowest breaks wins). Returns each
/// class's upper bound, the largest value of its group, ascending; the last is the maximum.
/// NaN and infinite values are skipped; fewer classes when there are fewer distinct values;
/// empty when there is no value. The work grows with classes × distinct values².
[[nodiscard]] std::vector<double> natural_breaks(std::span<const double> values, std::size_t classes);

/// Quantile classes: upper bounds at the i/classes quantiles (R's type 7) for i = 1..classes,
/// repeated bounds merged. NaN and infinite values are skipped; empty when there is no value.
[[nodiscard]] std::vector<double> quantile_breaks(std::span<const double> values, std::size_t classes);

}  // namespace hotspot::qgis
