#include "hotspot/density/density_scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "hotspot/core/error.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.scale_like";
constexpr std::string_view kThresholdPrefix = "hotspot_threshold_";

const std::string& item(const std::map<std::string, std::string>& m, const std::string& key) {
  const auto it = m.find(key);
  if (it == m.end()) {
    throw Error(ErrorCode::data, kStage, "the reference raster has no \"" + key + "\" metadata item: was it written by hotspot density?");
  }
  return it->second;
}

double number(const std::map<std::string, std::string>& m, const std::string& key) {
  const std::string& text = item(m, key);
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::data, kStage, "the reference raster's \"" + key + "\" is \"" + text + "\", not a number");
}

}  // namespace

std::map<std::string, std::string> threshold_metadata(const std::vector<std::pair<std::string, double>>& thresholds) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : thresholds) {
    char buffer[40];
    // 17 digits: the threshold read back is the same double, so cells tie the same way.
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    out[std::string(kThresholdPrefix) + name] = buffer;
  }
  return out;
}

std::vector<std::pair<std::string, double>> named_thresholds(const std::vector<HotspotLevel>& levels) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& level : levels) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "top %g%%", level.area_share * 100.0);
    out.emplace_back(buffer, level.threshold);
  }
  return out;
}

DensityScale scale_from_metadata(const GridSpec& grid, const std::map<std::string, std::string>& metadata) {
  DensityScale scale;
  const std::string& kernel = item(metadata, "kernel");
  const auto parsed = parse_kernel(kernel);
  if (!parsed) {
    throw Error(ErrorCode::data, kStage, "the reference raster's kernel \"" + kernel + "\" (a count map or unknown) cannot be reused");
  }
  scale.kernel = *parsed;
  if (item(metadata, "bandwidth_m") == "adaptive") {
    throw Error(ErrorCode::data, kStage, "the reference raster has adaptive bandwidths: there is no single kernel to reuse");
  }
  // bandwidth_m has 10 digits (for people); bandwidth_m_exact, when there, round-trips.
  scale.bandwidth = number(metadata, metadata.count("bandwidth_m_exact") ? "bandwidth_m_exact" : "bandwidth_m");
  if (!(scale.bandwidth > 0.0)) throw Error(ErrorCode::data, kStage, "the reference raster's bandwidth is not positive");
  const std::string& units = item(metadata, "units");
  const std::optional<DensityUnits> known = units_from_name(units);
  if (!known) throw Error(ErrorCode::data, kStage, "the reference raster's units \"" + units + "\" are unknown");
  scale.units = *known;
  const double cell = number(metadata, "cell_size_m");
  if (std::abs(cell - grid.cell_size) > 1e-6 * grid.cell_size) {
    throw Error(ErrorCode::data, kStage, "the reference raster's cell_size_m does not match its geotransform");
  }
  scale.per_month = metadata.count("period_months") != 0;
  // A map made --scale-like another keeps that one's mean as its base, so chains keep the first.
  for (const char* key : {"mean_multiple_base", "mean_cell_value"}) {
    if (metadata.count(key) != 0) {
      scale.mean_value = number(metadata, key);
      break;
    }
  }
  scale.lattice = grid;
  for (const auto& [key, value] : metadata) {
    if (key.compare(0, kThresholdPrefix.size(), kThresholdPrefix) != 0) continue;
    scale.thresholds.emplace_back(key.substr(kThresholdPrefix.size()), number(metadata, key));
  }
  if (scale.thresholds.empty()) {
    throw Error(ErrorCode::data, kStage, "the reference raster records no hotspot thresholds (hotspot_threshold_*)");
  }
  // The map orders "top 10%" before "top 1%"; order by value, highest first, as levels nest.
  std::stable_sort(scale.thresholds.begin(), scale.thresholds.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return scale;
}

}  // namespace hotspot::density
