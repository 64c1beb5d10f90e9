#include "cctv/camera_outlook.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "cctv/cctv_scene.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::detail {

std::optional<std::size_t> candidate_named(const std::vector<CameraSite>& sites, const std::string& name) {
  std::optional<std::size_t> found;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    if (sites[s].label != name) continue;
    if (found) return std::nullopt;
    found = s;
  }
  return found;
}

std::optional<std::size_t> candidate_near(const std::vector<CameraSite>& sites, double x, double y, double within) {
  std::optional<std::size_t> best;
  double best_d = within;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const double d = std::hypot(sites[s].x - x, sites[s].y - y);
    if (d <= best_d && (!best || d < best_d)) {
      best = s;
      best_d = d;
    }
  }
  return best;
}

CoverageMatrix merge_coverage(const CoverageMatrix& a, const CoverageMatrix& b) {
  CoverageMatrix out = a;
  for (auto col : b.columns) {
    col.site += static_cast<std::uint32_t>(a.sites);
    out.columns.push_back(std::move(col));
  }
  out.sites = a.sites + b.sites;
  out.site_inside_obstacle.insert(out.site_inside_obstacle.end(), b.site_inside_obstacle.begin(), b.site_inside_obstacle.end());
  return out;
}

std::vector<double> fixed_quality(const CoverageMatrix* fixed, std::size_t points) {
  std::vector<double> best(points, 0.0);
  if (fixed == nullptr) return best;
  for (const auto& col : fixed->columns) {
    for (std::size_t k = 0; k < col.points.size(); ++k) best[col.points[k]] = std::max(best[col.points[k]], col.quality[k]);
  }
  return best;
}

double seen_beyond(const std::vector<double>& base, const CoverageMatrix& matrix, std::span<const std::uint32_t> columns,
                   std::span<const double> weight) {
  std::vector<double> best = base;
  double total = 0;
  for (const auto c : columns) {
    const auto& col = matrix.columns[c];
    for (std::size_t k = 0; k < col.points.size(); ++k) {
      const std::uint32_t i = col.points[k];
      if (col.quality[k] > best[i]) {
        total += weight[i] * (col.quality[k] - best[i]);
        best[i] = col.quality[k];
      }
    }
  }
  return total;
}

std::vector<double> shared_seen(const std::vector<double>& base, const CoverageMatrix& matrix,
                                std::span<const std::uint32_t> columns, std::span<const double> weight) {
  // Per point: the best quality among the columns and how many reach it.
  std::map<std::uint32_t, std::pair<double, int>> top;
  for (const auto c : columns) {
    const auto& col = matrix.columns[c];
    for (std::size_t k = 0; k < col.points.size(); ++k) {
      auto& [q, n] = top[col.points[k]];
      if (col.quality[k] > q + 1e-12) {
        q = col.quality[k];
        n = 1;
      } else if (std::abs(col.quality[k] - q) <= 1e-12) {
        ++n;
      }
    }
  }
  std::vector<double> out;
  for (const auto c : columns) {
    const auto& col = matrix.columns[c];
    double share = 0;
    for (std::size_t k = 0; k < col.points.size(); ++k) {
      const std::uint32_t i = col.points[k];
      const auto& [q, n] = top[i];
      if (std::abs(col.quality[k] - q) <= 1e-12 && q > base[i]) share += weight[i] * (q - base[i]) / n;
    }
    out.push_back(share);
  }
  return out;
}

std::string main_types(const Incidents& incidents, const WeightedPoints& points, const CoverageColumn& column,
                       MonthIndex from, MonthIndex to, std::size_t n) {
  std::vector<std::uint8_t> in_view(points.size(), 0);
  for (const auto i : column.points) in_view[i] = 1;
  std::map<std::string, std::size_t> counts;
  for (std::size_t r = 0; r < incidents.size(); ++r) {
    const MonthIndex m = incidents.month[r];
    if (m == kNoMonth || m < from || m > to || in_view[points.point_of[r]] == 0) continue;
    const auto c = incidents.category[r];
    ++counts[c != Incidents::kNoCode ? std::string(incidents.categories[c]) : std::string("Unknown type")];
  }
  std::vector<std::pair<std::string, std::size_t>> items(counts.begin(), counts.end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < n; ++k) {
    out += (out.empty() ? "" : "; ") + items[k].first + " " + std::to_string(items[k].second);
  }
  return out.empty() ? "none" : out;
}

MonthIndex last_month(const Incidents& incidents, const std::string& stage) {
  MonthIndex last = kNoMonth;
  for (const MonthIndex m : incidents.month) {
    if (m != kNoMonth) last = std::max(last, m);
  }
  if (last == kNoMonth) throw Error(ErrorCode::data, stage, "no incident has a month, so there is no period to plan after");
  return last;
}

std::string month_name(MonthIndex month) {
  static const char* const names[] = {"January", "February", "March",     "April",   "May",      "June",
                                      "July",    "August",   "September", "October", "November", "December"};
  return std::string(names[month_of(month) - 1]) + " " + std::to_string(year_of(month));
}

std::string month_span(MonthIndex first, MonthIndex last) {
  if (first == last) return month_name(first);
  const std::string a = month_name(first);
  const std::string b = month_name(last);
  if (year_of(first) == year_of(last)) return a.substr(0, a.find(' ')) + " to " + b;
  return a + " to " + b;
}

std::string figure_text(const ForecastFigure& figure, const ForecastInterval& interval, const std::string& noun) {
  const auto round = [](double v) { return fixed_text(v, v < 10 ? 1 : 0); };
  if (!interval.available()) return "about " + round(figure.expected) + " " + noun;
  return round(figure.expected) + " " + noun + " (" + fixed_text(100 * interval.level, 0) + "% interval " + round(figure.low) +
         "–" + round(figure.high) + ")";
}

std::string interval_sentence(const ForecastInterval& interval, const std::string& what) {
  if (!interval.available()) return "No interval for " + what + ": the data are too short to measure the forecast's error.";
  const auto ordinal = [](std::size_t k) {
    if (k == 1) return std::string();
    const std::size_t last = k % 10, tens = k % 100;
    const char* suffix = tens >= 11 && tens <= 13 ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return std::to_string(k) + suffix + " ";
  };
  // The conformal ranks again, to say which ratios bound the interval.
  const double np1 = static_cast<double>(interval.samples + 1);
  const auto lo = static_cast<std::size_t>(std::max(1.0, std::floor(np1 * (1 - interval.level) / 2)));
  std::string s = "The " + fixed_text(100 * interval.level, 0) + "% interval for " + what + " is the forecast times the " +
                  ordinal(lo) + "smallest and " + ordinal(lo) + "largest of " + std::to_string(interval.samples) +
                  " backtest ratios of what was seen to what was forecast (split conformal); the expected figure is the forecast "
                  "times their median (" + fixed_text(interval.median_ratio, 2) + ").";
  if (interval.coverage_trials > 0) {
    s += " Held out in turn, " + fixed_text(100 * interval.coverage, 0) + "% of " + std::to_string(interval.coverage_trials) +
         " realised figures fell inside their interval.";
  }
  return s;
}

}  // namespace hotspot::detail
