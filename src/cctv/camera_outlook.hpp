#pragma once

// What plan_next_moves and appraise_sites share after the scene is built: the forecast of
// the coming months, what a set of columns sees of it beyond the fixed network, the crime
// types in a view, and the plain-English pieces of their outputs. Internal to src/.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/core/incidents.hpp"

namespace hotspot::detail {

/// The index of the one site labelled `name`; nothing when none is, or several are (a
/// generated label such as "lattice" names no one site).
[[nodiscard]] std::optional<std::size_t> candidate_named(const std::vector<CameraSite>& sites, const std::string& name);

/// The nearest site within `within` metres of (x, y).
[[nodiscard]] std::optional<std::size_t> candidate_near(const std::vector<CameraSite>& sites, double x, double y,
                                                        double within);

/// `a` with `b`'s columns appended (both over the same demand points), b's sites numbered after a's.
[[nodiscard]] CoverageMatrix merge_coverage(const CoverageMatrix& a, const CoverageMatrix& b);

/// Per demand point, the best quality the fixed network sees it with (0: unseen).
[[nodiscard]] std::vector<double> fixed_quality(const CoverageMatrix* fixed, std::size_t points);

/// Σ w·(best quality of `columns` − `base`)⁺ over the points: what the columns add to the
/// fixed network (`base` from fixed_quality).
[[nodiscard]] double seen_beyond(const std::vector<double>& base, const CoverageMatrix& matrix,
                                 std::span<const std::uint32_t> columns, std::span<const double> weight);

/// Each column's share of what the columns together add, demand seen by several of them at
/// the best quality split equally among those.
[[nodiscard]] std::vector<double> shared_seen(const std::vector<double>& base, const CoverageMatrix& matrix,
                                              std::span<const std::uint32_t> columns, std::span<const double> weight);

/// The most frequent crime types among the incidents of months [from, to] at the column's
/// points: "Anti-social behaviour 34; Shoplifting 9" (ties alphabetical); "none" when empty.
[[nodiscard]] std::string main_types(const Incidents& incidents, const WeightedPoints& points,
                                     const CoverageColumn& column, MonthIndex from, MonthIndex to, std::size_t n);

/// The last month with data; throws Error(data) when no incident has a month.
[[nodiscard]] MonthIndex last_month(const Incidents& incidents, const std::string& stage);

/// "January 2019"; "January to March 2019"; "November 2018 to January 2019".
[[nodiscard]] std::string month_name(MonthIndex month);
[[nodiscard]] std::string month_span(MonthIndex first, MonthIndex last);

/// "35 incidents (80% interval 22–51)", or "about 35 incidents" without an interval.
[[nodiscard]] std::string figure_text(const ForecastFigure& figure, const ForecastInterval& interval,
                                      const std::string& noun = "incidents");

/// The sentence saying how the interval was made and how often it held in the backtest.
[[nodiscard]] std::string interval_sentence(const ForecastInterval& interval, const std::string& what);

}  // namespace hotspot::detail
