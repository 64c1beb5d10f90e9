#include "hotspot/report/readable_text.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "hotspot/core/numbers.hpp"

namespace hotspot::report {
namespace {

constexpr const char* kMissing = "\u2013";

std::string fixed(double value, int places) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", places, value);
  std::string text = buffer;
  if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);  // no "-0.0"
  return text;
}

/// "12711.5" → "12,711.5": separators in the whole part of a formatted number.
std::string grouped(const std::string& text) {
  const std::size_t sign = text.empty() || text[0] != '-' ? 0 : 1;
  std::size_t end = text.find('.');
  if (end == std::string::npos) end = text.size();
  std::string out = text.substr(0, sign);
  const std::size_t digits = end - sign;
  for (std::size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) out += ',';
    out += text[sign + i];
  }
  return out + text.substr(end);
}

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

/// (year, month) from "YYYY-MM", or (0, 0).
std::pair<int, int> year_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return {0, 0};
  int year = 0, month = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return {0, 0};
    (i < 4 ? year : month) = (i < 4 ? year : month) * 10 + (text[i] - '0');
  }
  if (month < 1 || month > 12) return {0, 0};
  return {year, month};
}

}  // namespace

std::string count_text(double n) {
  if (std::isnan(n)) return kMissing;
  if (std::isinf(n)) return n > 0 ? "\u221e" : "-\u221e";
  return grouped(fixed(std::nearbyint(n), 0));
}

std::string percent_text(double share, int decimals) {
  if (std::isnan(share)) return kMissing;
  if (std::isinf(share)) return share > 0 ? "\u221e" : "-\u221e";
  const double percent = 100.0 * share;
  const double magnitude = std::fabs(percent);
  if (decimals >= 0) return grouped(fixed(percent, decimals)) + "%";
  const std::string sign = percent < 0 ? "-" : "";
  if (magnitude == 0) return "0%";
  if (magnitude < 0.05) return sign + "under 0.1%";
  // A share just below the whole would print "100%" and read as "all of them".
  if (magnitude < 100 && magnitude >= 99.95) return sign + "over 99.9%";
  // From 10% (9.95% and up, which one decimal would show as "10.0%"), whole percents.
  if (magnitude >= 9.95 && !(magnitude < 100 && magnitude >= 99.5)) return grouped(fixed(percent, 0)) + "%";
  return fixed(percent, 1) + "%";
}

std::string rounded_text(double value) {
  if (std::isnan(value)) return kMissing;
  if (std::isinf(value)) return value > 0 ? "\u221e" : "-\u221e";
  const double magnitude = std::fabs(value);
  if (magnitude >= 99.95) return grouped(fixed(value, 0));
  if (magnitude == 0) return "0";
  // Three significant figures, then trailing zeros dropped ("2.50" → "2.5").
  const int places = std::max(0, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
  std::string text = fixed(value, places);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string month_name(std::string_view yyyy_mm) {
  const auto [year, month] = year_month(yyyy_mm);
  if (year == 0) return std::string(yyyy_mm);
  return std::string(kMonths[month - 1]) + " " + std::to_string(year);
}

std::string short_month_name(std::string_view yyyy_mm) {
  const auto [year, month] = year_month(yyyy_mm);
  if (year == 0) return std::string(yyyy_mm);
  return std::string(kMonths[month - 1]).substr(0, 3) + " " + std::to_string(year);
}

std::string period_text(std::string_view first, std::string_view last) {
  const auto [y1, m1] = year_month(first);
  const auto [y2, m2] = year_month(last);
  if (y1 == 0 || y2 == 0) return std::string(first) + " to " + std::string(last);
  if (y1 == y2 && m1 == m2) return month_name(first);
  if (y1 == y2) return std::string(kMonths[m1 - 1]) + " to " + month_name(last);
  return month_name(first) + " to " + month_name(last);
}

std::string os_grid_reference(double easting, double northing, int digits) {
  if (!(easting >= 0 && easting < 700000 && northing >= 0 && northing < 1300000) || digits < 1 || digits > 5) return "";
  const int e100k = static_cast<int>(easting / 100000), n100k = static_cast<int>(northing / 100000);
  // The two letters of the 100 km square: 500 km squares from S (SV at the false origin), then
  // 100 km squares in each, A–Z without I, row by row from the north.
  int first = (19 - n100k) - (19 - n100k) % 5 + (e100k + 10) / 5;
  int second = (19 - n100k) * 5 % 25 + e100k % 5;
  if (first > 7) ++first;
  if (second > 7) ++second;
  int unit = 1;
  for (int i = digits; i < 5; ++i) unit *= 10;
  const long e = static_cast<long>(std::fmod(easting, 100000.0)) / unit;
  const long n = static_cast<long>(std::fmod(northing, 100000.0)) / unit;
  return format("%c%c %0*ld %0*ld", 'A' + first, 'A' + second, digits, e, digits, n);
}

std::string area_name(const AreaSource& source) {
  // The quoted literals of the filter: the names it selects.
  std::vector<std::string> names;
  const std::string& where = source.where;
  for (std::size_t i = 0; i < where.size(); ++i) {
    if (where[i] != '\'') continue;
    std::string literal;
    std::size_t j = i + 1;
    for (; j < where.size(); ++j) {
      if (where[j] == '\'' && j + 1 < where.size() && where[j + 1] == '\'') {  // SQL's '' is one quote
        literal += '\'';
        ++j;
      } else if (where[j] == '\'') {
        break;
      } else {
        literal += where[j];
      }
    }
    if (j >= where.size()) break;  // unterminated: not a literal
    if (!literal.empty()) names.push_back(literal);
    i = j;
  }
  if (!names.empty()) {
    std::string text;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (k > 0) text += k + 1 == names.size() ? " and " : ", ";
      text += names[k];
    }
    return text;
  }
  if (!source.layer.empty()) return source.layer;
  if (source.path.rfind("PG:", 0) == 0) return "the study area";  // a connection string is no name
  const std::string stem = std::filesystem::path(source.path).stem().string();
  return stem.empty() ? "the study area" : stem;
}

}  // namespace hotspot::report
