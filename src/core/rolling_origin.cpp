#include "hotspot/core/rolling_origin.hpp"

#include <algorithm>
#include <string>

#include "hotspot/core/error.hpp"

namespace hotspot::evaluation {

std::vector<RollingOrigin> rolling_origins(const Incidents& incidents, const RollingOriginOptions& options) {
  if (options.horizon < 1 || options.min_training_months < 1 || options.training_months < 0) {
    throw Error(ErrorCode::usage, "evaluation.rolling_origin",
                "need a horizon and a minimum training length of at least 1 month and a window of 0 (all) or more");
  }
  if (options.training_months > 0 && options.training_months < options.min_training_months) {
    throw Error(ErrorCode::usage, "evaluation.rolling_origin",
                "a training window of " + std::to_string(options.training_months) + " months can never hold " +
                    std::to_string(options.min_training_months) + " months of data");
  }
  std::vector<MonthIndex> months;
  for (MonthIndex m : incidents.month) {
    if (m != kNoMonth) months.push_back(m);
  }
  std::sort(months.begin(), months.end());
  months.erase(std::unique(months.begin(), months.end()), months.end());
  const auto has = [&](MonthIndex m) { return std::binary_search(months.begin(), months.end(), m); };

  std::vector<RollingOrigin> origins;
  for (std::size_t i = 0; i < months.size(); ++i) {
    const MonthIndex t = months[i];
    bool complete = true;
    for (int k = 1; k <= options.horizon && complete; ++k) complete = has(t + k);
    if (!complete) continue;
    RollingOrigin o;
    o.train_last = t;
    const MonthIndex window_first = options.training_months > 0 ? t - options.training_months + 1 : months.front();
    const auto first = std::lower_bound(months.begin(), months.end(), window_first);
    o.train_first = *first;  // the first month with data in the window (t itself at least)
    o.test_first = t + 1;
    o.test_last = t + options.horizon;
    o.training_months_with_data = static_cast<int>(months.begin() + static_cast<std::ptrdiff_t>(i) + 1 - first);
    if (o.training_months_with_data >= options.min_training_months) origins.push_back(o);
  }
  return origins;
}

OriginPart origin_part(const RollingOrigin& origin, MonthIndex month) noexcept {
  if (month == kNoMonth) return OriginPart::none;
  if (month >= origin.train_first && month <= origin.train_last) return OriginPart::training;
  if (month >= origin.test_first && month <= origin.test_last) return OriginPart::test;
  return OriginPart::none;
}

}  // namespace hotspot::evaluation
