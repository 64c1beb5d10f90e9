#include "hotspot/density/dual_density.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "hotspot/core/error.hpp"

namespace hotspot::density {

DualDensityResult compare_densities(const DensityResult& first, const DensityResult& second,
                                    const DualDensityOptions& options) {
  if (!(first.grid == second.grid) || first.values.size() != second.values.size()) {
    throw Error(ErrorCode::usage, "density.compare", "the two surfaces are not on the same grid");
  }
  const auto units = [](const DensityResult& r) {
    const auto it = r.metadata.find("units_description");
    return it == r.metadata.end() ? std::string() : it->second;
  };
  if (units(first) != units(second)) {
    throw Error(ErrorCode::usage, "density.compare",
                "the two surfaces have different units (" + units(first) + " and " + units(second) + ")");
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  DualDensityResult out;
  out.grid = first.grid;
  out.difference.resize(first.values.size());
  out.ratio.resize(first.values.size());
  for (std::size_t i = 0; i < first.values.size(); ++i) {
    const double a = first.values[i];
    const double b = second.values[i];
    if (std::isnan(a) || std::isnan(b)) {
      out.difference[i] = nan;
      out.ratio[i] = nan;
      continue;
    }
    out.difference[i] = a - b;
    if (b > options.min_denominator) {
      out.ratio[i] = a / b;
    } else {
      out.ratio[i] = nan;
      ++out.undefined_ratio_cells;
    }
  }
  out.metadata["units_difference"] = units(first);
  out.metadata["units_ratio"] = "ratio (first / second)";
  char floor[32];
  std::snprintf(floor, sizeof floor, "%.17g", options.min_denominator);
  out.metadata["ratio_nodata_when_denominator_at_most"] = floor;
  return out;
}

}  // namespace hotspot::density
