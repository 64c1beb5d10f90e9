#pragma once

#include <string>
#include <string_view>

#include "hotspot/geo/study_area.hpp"

/// Numbers, periods and names as a committee reads them: percentages instead of fractions,
/// thousands separators, sensible rounding, month names, and the study area's name instead of
/// a file path or a filter expression.
namespace hotspot::report {

/// A whole number with thousands separators, rounded to the nearest whole: "12,711".
/// NaN: "–".
[[nodiscard]] std::string count_text(double n);

/// A share (0.016) as a percentage: "1.6%". With `decimals` < 0 the places follow the size:
/// whole percents from 10% ("34%", and 9.95% as "10%"), one decimal below ("4.5%", "0.4%"), "under 0.1%" for a
/// positive share that would round to 0.0%, and never "100%" for a share below 1 ("over 99.9%").
/// Negative shares (changes) mirror positive ones. NaN: "–".
[[nodiscard]] std::string percent_text(double share, int decimals = -1);

/// A measure (a ratio, an index, a distance) to three significant figures at most, and whole
/// numbers with separators from 100 on: 45.42 → "45.4", 0.994 → "0.994", 1234.5 → "1,235".
[[nodiscard]] std::string rounded_text(double value);

/// "January 2018" from "2018-01"; other text unchanged.
[[nodiscard]] std::string month_name(std::string_view yyyy_mm);

/// "Jan 2018" from "2018-01" (chart axes); other text unchanged.
[[nodiscard]] std::string short_month_name(std::string_view yyyy_mm);

/// The period between two months as a reader says it: "January to December 2018",
/// "March 2018 to February 2019", "June 2018".
[[nodiscard]] std::string period_text(std::string_view first, std::string_view last);

/// An Ordnance Survey grid reference from British National Grid (EPSG:27700) metres:
/// "TL 2170 0880" with `digits` = 4 per axis (10 m squares), "TL 217 088" with 3 (100 m).
/// Empty outside the national grid's 700 km × 1300 km.
[[nodiscard]] std::string os_grid_reference(double easting, double northing, int digits = 4);

/// The name a reader knows a study area by, never a path or a filter expression: the values a
/// `where` filter selects ("Welwyn Hatfield" from `lad17nm = 'Welwyn Hatfield'`, "St Albans
/// and Welwyn Hatfield" from an IN list), else the layer's name, else the file's name without
/// its folder and extension ("herts_districts"); "the study area" when none is left.
[[nodiscard]] std::string area_name(const AreaSource& source);

}  // namespace hotspot::report
