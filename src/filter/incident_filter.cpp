#include "hotspot/filter/incident_filter.hpp"

#include <algorithm>

#include "hotspot/core/error.hpp"
#include "hotspot/harm/harm_weights.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "filters";

struct Bound {
  MonthIndex month;
  LocalTime start;  // first second covered
  LocalTime end;    // last second covered
};

Bound parse_bound(const std::string& text, const std::string& option) {
  if (auto month = parse_month(text)) {
    const LocalTime start = days_from_civil(year_of(*month), month_of(*month), 1) * 86400;
    const MonthIndex next = *month + 1;
    const LocalTime end = days_from_civil(year_of(next), month_of(next), 1) * 86400 - 1;
    return {*month, start, end};
  }
  if (auto parsed = parse_timestamp(text)) {
    const LocalTime end = parsed->has_time_of_day ? parsed->time : parsed->time + 86399;
    return {month_of_time(parsed->time), parsed->time, end};
  }
  throw Error(ErrorCode::usage, kStage,
              option + " \"" + text + "\" is not a month (YYYY-MM), a date (YYYY-MM-DD, dd/mm/yyyy) or a timestamp");
}

}  // namespace

const std::vector<std::string>& police_uk_crime_types() {
  static const std::vector<std::string> kTypes{
      "Anti-social behaviour", "Bicycle theft",    "Burglary",      "Criminal damage and arson",
      "Drugs",                 "Other crime",      "Other theft",   "Possession of weapons",
      "Public order",          "Robbery",          "Shoplifting",   "Theft from the person",
      "Vehicle crime",         "Violence and sexual offences"};
  return kTypes;
}

Period parse_period(const std::string& from, const std::string& to) {
  Period period;
  if (!from.empty()) {
    const Bound b = parse_bound(from, "--from");
    period.from_month = b.month;
    period.from_time = b.start;
  }
  if (!to.empty()) {
    const Bound b = parse_bound(to, "--to");
    period.to_month = b.month;
    period.to_time = b.end;
  }
  if (period.from_time > period.to_time) {
    throw Error(ErrorCode::usage, kStage, option_ref("from") + " " + from + " is after " + option_ref("to") + " " + to);
  }
  return period;
}

void filter_incidents(Incidents& incidents, const FilterOptions& options, const FilterAreas& areas,
                      RowAccount& account, std::vector<std::string>& notes) {
  // Crime types: which category codes are kept.
  std::vector<bool> keep_category(incidents.categories.size(), options.types.empty());
  bool keep_uncategorised = options.types.empty();
  for (const auto& wanted : options.types) {
    const std::string key = normalise_type_name(wanted);
    bool matched = false;
    for (std::size_t c = 0; c < incidents.categories.size(); ++c) {
      if (normalise_type_name(incidents.categories[static_cast<std::uint32_t>(c)]) == key) {
        keep_category[c] = true;
        matched = true;
      }
    }
    if (matched) continue;
    const auto& known = police_uk_crime_types();
    const bool is_police_uk = std::any_of(known.begin(), known.end(),
                                          [&](const std::string& t) { return normalise_type_name(t) == key; });
    if (is_police_uk) {
      notes.push_back("--types: no incident of type \"" + wanted + "\" in the data");
      continue;
    }
    std::string present;
    for (std::size_t c = 0; c < incidents.categories.size() && c < 30; ++c) {
      present += (c ? ", " : "") + incidents.categories[static_cast<std::uint32_t>(c)];
    }
    throw Error(ErrorCode::usage, kStage,
                "--types: unknown crime type \"" + wanted + "\" (types in the data: " + present + ")");
  }

  const Period period = parse_period(options.from, options.to);
  std::vector<bool> keep(incidents.size(), true);
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const std::uint32_t source = incidents.source[i];
    const std::uint64_t row = incidents.row[i];
    std::optional<RejectReason> reason;
    const std::uint32_t c = incidents.category[i];
    if (!(c == Incidents::kNoCode ? keep_uncategorised : keep_category[c])) {
      reason = RejectReason::excluded_type;
    } else if (period.bounded()) {
      if (incidents.time[i] != kNoTime) {
        if (incidents.time[i] < period.from_time || incidents.time[i] > period.to_time) reason = RejectReason::outside_period;
      } else if (incidents.month[i] != kNoMonth) {
        if (incidents.month[i] < period.from_month || incidents.month[i] > period.to_month) reason = RejectReason::outside_period;
      } else {
        reason = RejectReason::no_date;
      }
    }
    if (!reason && areas.within != nullptr && !areas.within->contains(incidents.x[i], incidents.y[i])) {
      reason = RejectReason::outside_area;
    }
    if (!reason && areas.bbox != nullptr && !areas.bbox->contains(incidents.x[i], incidents.y[i])) {
      reason = RejectReason::outside_bbox;
    }
    if (reason) {
      keep[i] = false;
      ++dropped;
      account.reject(source, row, *reason);
    }
  }
  if (dropped > 0) incidents.compact(keep);
}

}  // namespace hotspot
