#include "hotspot/analysis/profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <utility>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "hotspot/core/safe_text.hpp"

namespace hotspot {
namespace {

void sort_by_count(std::vector<GroupCount>& groups) {
  std::sort(groups.begin(), groups.end(), [](const GroupCount& a, const GroupCount& b) {
    if (a.incidents != b.incidents) return a.incidents > b.incidents;
    return a.key < b.key;
  });
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Rounds for JSON so tiny floating-point noise never changes the bytes.
double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

}  // namespace

std::string district_of_lsoa_name(const std::string& lsoa_name) {
  const auto space = lsoa_name.find_last_of(' ');
  if (space == std::string::npos) return lsoa_name;
  const std::string code = lsoa_name.substr(space + 1);
  const bool lsoa_suffix = code.size() == 4 && std::isdigit(static_cast<unsigned char>(code[0])) &&
                           std::isdigit(static_cast<unsigned char>(code[1])) &&
                           std::isdigit(static_cast<unsigned char>(code[2])) &&
                           std::isalpha(static_cast<unsigned char>(code[3]));
  return lsoa_suffix ? lsoa_name.substr(0, space) : lsoa_name;
}

struct ProfileBuilder::State {
  ProfileOptions options;
  std::uint64_t incidents = 0;
  std::uint64_t without_harm_weight = 0;
  double harm_total = 0;
  double weight_total = 0;
  std::string crs;
  std::map<std::string, GroupCount> types;
  GroupCount uncategorised{"(no category)", {}, 0, 0};
  std::map<MonthIndex, GroupCount> months;
  // (code, name) pairs in first-seen order, as the readers' dictionary keeps them.
  std::vector<GroupCount> lsoas;
  std::map<std::pair<std::string, std::string>, std::size_t> lsoa_index;
  bool lsoa_column = false;
  GroupCount no_lsoa{"(no LSOA)", {}, 0, 0};
  Bounds bounds{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  // Distinct locations (exact coordinates) and the Location texts seen at each.
  struct Place {
    double x = 0, y = 0;
    std::uint64_t count = 0;
    double harm = 0;
  };
  struct KeyHash {
    std::size_t operator()(const std::pair<double, double>& k) const noexcept {
      return std::hash<double>{}(k.first) * 1000003u ^ std::hash<double>{}(k.second);
    }
  };
  std::vector<Place> places;
  std::unordered_map<std::pair<double, double>, std::uint32_t, KeyHash> place_of;
  StringDictionary texts;
  std::unordered_map<std::uint64_t, std::uint64_t> text_counts;  // place << 32 | text → rows
};

ProfileBuilder::ProfileBuilder(ProfileOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}
ProfileBuilder::~ProfileBuilder() = default;
ProfileBuilder::ProfileBuilder(ProfileBuilder&&) noexcept = default;
ProfileBuilder& ProfileBuilder::operator=(ProfileBuilder&&) noexcept = default;

void ProfileBuilder::add(const Incidents& inc, const HarmWeights& harm_table) {
  State& st = *state_;
  if (inc.empty()) return;
  st.crs = inc.crs;
  const std::vector<double> harm = harm_table.per_category(inc.categories);
  std::vector<GroupCount*> type_of(inc.categories.size());
  for (std::size_t c = 0; c < type_of.size(); ++c) {
    const std::string& name = inc.categories[static_cast<std::uint32_t>(c)];
    GroupCount& g = st.types[name];
    g.key = name;
    type_of[c] = &g;
  }
  if (inc.lsoas.size() > 0) st.lsoa_column = true;
  std::vector<std::size_t> lsoa_of(inc.lsoas.size());
  for (std::size_t l = 0; l < lsoa_of.size(); ++l) {
    const auto code = static_cast<std::uint32_t>(l);
    std::pair<std::string, std::string> key{std::string(inc.lsoa_code(code)), std::string(inc.lsoa_name(code))};
    const auto [it, inserted] = st.lsoa_index.try_emplace(key, st.lsoas.size());
    if (inserted) st.lsoas.push_back(GroupCount{key.first, key.second, 0, 0});
    lsoa_of[l] = it->second;
  }
  std::vector<std::uint32_t> text_of(inc.locations.size());
  for (std::size_t t = 0; t < text_of.size(); ++t) text_of[t] = st.texts.intern(inc.locations[static_cast<std::uint32_t>(t)]);

  for (std::size_t i = 0; i < inc.size(); ++i) {
    const std::uint32_t c = inc.category[i];
    const double listed = c == Incidents::kNoCode ? std::nan("") : harm[c];
    // A type the table does not list weighs 1 here as in every harm figure (HarmWeights).
    const double h_or_zero = std::isnan(listed) ? HarmWeights::kMissingWeight : listed;
    ++st.incidents;
    if (std::isnan(listed)) ++st.without_harm_weight;
    st.harm_total += h_or_zero;
    st.weight_total += inc.weight[i];
    GroupCount& t = c == Incidents::kNoCode ? st.uncategorised : *type_of[c];
    ++t.incidents;
    t.harm += h_or_zero;
    if (inc.month[i] != kNoMonth) {
      GroupCount& m = st.months[inc.month[i]];
      ++m.incidents;
      m.harm += h_or_zero;
    }
    GroupCount& l = inc.lsoa[i] == Incidents::kNoCode ? st.no_lsoa : st.lsoas[lsoa_of[inc.lsoa[i]]];
    ++l.incidents;
    l.harm += h_or_zero;
    st.bounds.min_x = std::min(st.bounds.min_x, inc.x[i]);
    st.bounds.min_y = std::min(st.bounds.min_y, inc.y[i]);
    st.bounds.max_x = std::max(st.bounds.max_x, inc.x[i]);
    st.bounds.max_y = std::max(st.bounds.max_y, inc.y[i]);
    const auto [it, inserted] =
        st.place_of.try_emplace({inc.x[i], inc.y[i]}, static_cast<std::uint32_t>(st.places.size()));
    if (inserted) st.places.push_back(State::Place{inc.x[i], inc.y[i], 0, 0});
    State::Place& place = st.places[it->second];
    ++place.count;
    place.harm += h_or_zero;
    if (inc.location[i] != Incidents::kNoCode) {
      ++st.text_counts[static_cast<std::uint64_t>(it->second) << 32 | text_of[inc.location[i]]];
    }
  }
}

Profile ProfileBuilder::finish(const PreparedIncidents& prepared) const {
  const State& st = *state_;
  const ProfileOptions& options = st.options;
  Profile p;
  p.incidents = st.incidents;
  p.crs = prepared.crs;
  p.harm_table = prepared.harm.source();
  p.study_area = prepared.area ? prepared.area->description() : "";
  p.harm_total = st.harm_total;
  p.weight_total = st.weight_total;
  p.without_harm_weight = st.without_harm_weight;

  std::vector<GroupCount> types;
  for (const auto& [name, group] : st.types) {
    if (group.incidents > 0) types.push_back(group);
  }
  if (st.uncategorised.incidents > 0) types.push_back(st.uncategorised);
  sort_by_count(types);
  p.by_type = std::move(types);

  for (auto [month, group] : st.months) {
    group.key = format_month(month);
    p.by_month.push_back(group);
  }
  if (!st.months.empty()) {
    const MonthIndex first = st.months.begin()->first, last = st.months.rbegin()->first;
    if (last - first >= kMaxMonthSpan) {
      // A damaged month column (0001-01 beside 9999-12) would list 120,000 gaps; the profile
      // is where such data is found, so it says so instead of refusing.
      p.notes.push_back("the months run from " + format_month(first) + " to " + format_month(last) +
                        ", more than " + std::to_string(kMaxMonthSpan / 12) +
                        " years: check the month column; gaps are not listed, and trends will refuse this span");
    } else {
      for (MonthIndex m = first; m <= last; ++m) {
        if (!st.months.contains(m)) p.missing_months.push_back(format_month(m));
      }
    }
  }

  std::map<std::string, GroupCount> districts;
  for (const auto& l : st.lsoas) {
    if (l.incidents == 0) continue;
    GroupCount& d = districts[district_of_lsoa_name(l.label)];
    d.incidents += l.incidents;
    d.harm += l.harm;
  }
  for (auto& [name, group] : districts) {
    group.key = name;
    p.by_district.push_back(group);
  }
  const GroupCount& no_lsoa = st.no_lsoa;
  if (no_lsoa.incidents > 0 && st.lsoa_column) p.by_district.push_back(GroupCount{"(no LSOA)", {}, no_lsoa.incidents, no_lsoa.harm});
  sort_by_count(p.by_district);
  std::map<std::string, GroupCount> by_code;
  for (const auto& l : st.lsoas) {
    if (l.incidents == 0) continue;
    GroupCount& g = by_code[l.key];
    if (g.key.empty()) {
      g.key = l.key;
      g.label = l.label;
    } else if (g.label != l.label) {
      g.label += " / " + l.label;  // renamed between LSOA vintages
    }
    g.incidents += l.incidents;
    g.harm += l.harm;
  }
  for (auto& [code, group] : by_code) p.by_lsoa.push_back(group);
  if (no_lsoa.incidents > 0 && !p.by_lsoa.empty()) p.by_lsoa.push_back(no_lsoa);
  sort_by_count(p.by_lsoa);

  // Locations and concentration: places ordered by (x, y), then by count (ties by position).
  const auto& places = st.places;
  p.distinct_locations = places.size();
  std::vector<std::uint32_t> by_position(places.size());
  std::iota(by_position.begin(), by_position.end(), 0u);
  std::sort(by_position.begin(), by_position.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (places[a].x != places[b].x) return places[a].x < places[b].x;
    return places[a].y < places[b].y;
  });
  std::vector<std::uint32_t> order = by_position;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return places[a].count > places[b].count; });
  for (double share : options.top_location_shares) {
    Concentration c;
    c.location_share = share;
    if (!places.empty()) {
      c.locations = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(share * static_cast<double>(places.size()) - 1e-9)));
      c.locations = std::min<std::uint64_t>(c.locations, places.size());
      for (std::uint64_t k = 0; k < c.locations; ++k) c.incidents += places[order[k]].count;
      c.incident_share = static_cast<double>(c.incidents) / static_cast<double>(p.incidents);
    }
    p.concentration.push_back(c);
  }

  const std::size_t top = std::min(options.top_locations, places.size());
  if (top > 0) {
    std::vector<std::int64_t> rank_of(places.size(), -1);
    for (std::size_t k = 0; k < top; ++k) rank_of[order[k]] = static_cast<std::int64_t>(k);
    std::vector<std::pair<std::uint32_t, std::uint64_t>> best(top, {Incidents::kNoCode, 0});
    for (const auto& [key, count] : st.text_counts) {
      const std::int64_t k = rank_of[key >> 32];
      if (k < 0) continue;
      const auto text = static_cast<std::uint32_t>(key & 0xffffffffu);
      auto& b = best[static_cast<std::size_t>(k)];
      if (count > b.second || (count == b.second && st.texts[text] < st.texts[b.first])) b = {text, count};
    }
    p.busiest_locations.resize(top);
    std::vector<double> xs(top), ys(top);
    for (std::size_t k = 0; k < top; ++k) {
      auto& busy = p.busiest_locations[k];
      const State::Place& place = places[order[k]];
      busy.incidents = place.count;
      busy.harm = place.harm;
      busy.x = xs[k] = place.x;
      busy.y = ys[k] = place.y;
      if (best[k].first != Incidents::kNoCode) busy.location = st.texts[best[k].first];
    }
    std::vector<bool> ok;
    CoordinateTransformer(st.crs, "EPSG:4326").transform(xs, ys, ok);
    for (std::size_t k = 0; k < top; ++k) {
      p.busiest_locations[k].lon = xs[k];
      p.busiest_locations[k].lat = ys[k];
    }
  }

  if (st.incidents > 0) {
    p.bounds = st.bounds;
    // WGS84 bounds of the points themselves (not of the projected rectangle).
    std::vector<double> lon(places.size()), lat(places.size());
    for (std::size_t k = 0; k < places.size(); ++k) {
      lon[k] = places[k].x;
      lat[k] = places[k].y;
    }
    std::vector<bool> ok;
    CoordinateTransformer(st.crs, "EPSG:4326").transform(lon, lat, ok);
    p.lonlat_bounds = Bounds{*std::min_element(lon.begin(), lon.end()), *std::min_element(lat.begin(), lat.end()),
                             *std::max_element(lon.begin(), lon.end()), *std::max_element(lat.begin(), lat.end())};
  }

  p.rows_read = prepared.account.read;
  p.rows_rejected = prepared.account.rejected();
  p.rows_used = prepared.account.used();
  for (std::size_t r = 0; r < kRejectReasonCount; ++r) {
    if (prepared.account.rejected_by_reason[r] > 0) {
      p.rejected_by_reason.emplace_back(std::string(reject_reason_id(static_cast<RejectReason>(r))),
                                        prepared.account.rejected_by_reason[r]);
    }
  }
  p.sources = prepared.account.sources;
  p.notes.insert(p.notes.begin(), prepared.notes.begin(), prepared.notes.end());
  return p;
}

Profile profile_incidents(const PreparedIncidents& prepared, const ProfileOptions& options) {
  ProfileBuilder builder(options);
  builder.add(prepared.incidents, prepared.harm);
  return builder.finish(prepared);
}

std::string profile_to_json(const Profile& p) {
  using nlohmann::ordered_json;
  auto groups = [](const std::vector<GroupCount>& list, const char* key_name) {
    ordered_json out = ordered_json::array();
    for (const auto& g : list) {
      ordered_json item;
      item[key_name] = g.key;
      if (!g.label.empty()) item["name"] = g.label;
      item["incidents"] = g.incidents;
      item["harm"] = rounded(g.harm, 6);
      out.push_back(item);
    }
    return out;
  };
  auto bounds = [](const Bounds& b, int decimals) {
    return ordered_json{{"min_x", rounded(b.min_x, decimals)}, {"min_y", rounded(b.min_y, decimals)},
                        {"max_x", rounded(b.max_x, decimals)}, {"max_y", rounded(b.max_y, decimals)}};
  };
  ordered_json j;
  j["rows"] = {{"read", p.rows_read}, {"used", p.rows_used}, {"rejected", p.rows_rejected}};
  ordered_json reasons = ordered_json::object();
  for (const auto& [reason, count] : p.rejected_by_reason) reasons[reason] = count;
  j["rows"]["rejected_by_reason"] = reasons;
  j["incidents"] = p.incidents;
  j["weight_total"] = rounded(p.weight_total, 6);
  j["harm_total"] = rounded(p.harm_total, 6);
  j["incidents_without_harm_weight"] = p.without_harm_weight;
  j["harm_table"] = p.harm_table;
  j["crs"] = {{"definition", p.crs.definition}, {"name", p.crs.name}, {"reason", p.crs.reason}};
  if (!p.study_area.empty()) j["study_area"] = p.study_area;
  j["bounds"] = bounds(p.bounds, 2);
  j["bounds_wgs84"] = bounds(p.lonlat_bounds, 7);
  j["distinct_locations"] = p.distinct_locations;
  ordered_json conc = ordered_json::array();
  for (const auto& c : p.concentration) {
    conc.push_back({{"location_share", c.location_share}, {"locations", c.locations}, {"incidents", c.incidents},
                    {"incident_share", rounded(c.incident_share, 6)}});
  }
  j["concentration"] = conc;
  j["by_type"] = groups(p.by_type, "type");
  j["by_month"] = groups(p.by_month, "month");
  j["missing_months"] = p.missing_months;
  j["by_district"] = groups(p.by_district, "district");
  j["by_lsoa"] = groups(p.by_lsoa, "lsoa_code");
  ordered_json busy = ordered_json::array();
  for (const auto& b : p.busiest_locations) {
    busy.push_back({{"x", rounded(b.x, 2)}, {"y", rounded(b.y, 2)}, {"lon", rounded(b.lon, 7)}, {"lat", rounded(b.lat, 7)},
                    {"incidents", b.incidents}, {"harm", rounded(b.harm, 6)}, {"location", b.location}});
  }
  j["busiest_locations"] = busy;
  j["sources"] = p.sources;
  j["notes"] = p.notes;
  // Strings were made UTF-8 by the readers; `replace` guards the output all the same.
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string profile_to_text(const Profile& p) {
  std::string out;
  auto line = [&](const std::string& text) { out += text + "\n"; };
  auto pct = [](double share) { return fixed(100.0 * share, 1) + "%"; };
  line("Incidents: " + std::to_string(p.incidents) + " (harm " + fixed(p.harm_total, 1) + " with " + p.harm_table + ")");
  line("Rows: " + std::to_string(p.rows_read) + " read, " + std::to_string(p.rows_used) + " used, " +
       std::to_string(p.rows_rejected) + " rejected, from " + std::to_string(p.sources.size()) +
       (p.sources.size() == 1 ? " source" : " sources"));
  for (const auto& [reason, count] : p.rejected_by_reason) line("  rejected " + reason + ": " + std::to_string(count));
  line("Working CRS: " + p.crs.definition + " (" + p.crs.name + "): " + p.crs.reason);
  if (!p.study_area.empty()) line("Study area: " + p.study_area);
  if (p.incidents > 0) {
    line("Bounds (" + p.crs.definition + "): " + fixed(p.bounds.min_x, 1) + ", " + fixed(p.bounds.min_y, 1) + " .. " +
         fixed(p.bounds.max_x, 1) + ", " + fixed(p.bounds.max_y, 1));
    line("Bounds (WGS84 lon/lat): " + fixed(p.lonlat_bounds.min_x, 6) + ", " + fixed(p.lonlat_bounds.min_y, 6) + " .. " +
         fixed(p.lonlat_bounds.max_x, 6) + ", " + fixed(p.lonlat_bounds.max_y, 6));
  }
  line("Distinct locations: " + std::to_string(p.distinct_locations));
  for (const auto& c : p.concentration) {
    line("  busiest " + fixed(100.0 * c.location_share, 0) + "% of locations (" + std::to_string(c.locations) +
         "): " + std::to_string(c.incidents) + " incidents, " + pct(c.incident_share));
  }
  line("By crime type:");
  for (const auto& g : p.by_type) {
    line("  " + g.key + ": " + std::to_string(g.incidents) + " (harm " + fixed(g.harm, 1) + ")");
  }
  line("By month:");
  for (const auto& g : p.by_month) line("  " + g.key + ": " + std::to_string(g.incidents));
  if (!p.missing_months.empty()) {
    std::string months;
    for (const auto& m : p.missing_months) months += (months.empty() ? "" : ", ") + m;
    line("  months with no incidents (gaps): " + months);
  }
  if (!p.by_district.empty()) {
    line("By district:");
    for (const auto& g : p.by_district) line("  " + g.key + ": " + std::to_string(g.incidents));
  }
  if (!p.by_lsoa.empty()) {
    line("Busiest LSOAs:");
    for (std::size_t k = 0; k < p.by_lsoa.size() && k < 10; ++k) {
      const auto& g = p.by_lsoa[k];
      line("  " + g.key + (g.label.empty() ? "" : " " + g.label) + ": " + std::to_string(g.incidents));
    }
  }
  if (!p.busiest_locations.empty()) {
    line("Busiest locations:");
    for (const auto& b : p.busiest_locations) {
      line("  " + fixed(b.lon, 6) + ", " + fixed(b.lat, 6) + ": " + std::to_string(b.incidents) + " incidents" +
           (b.location.empty() ? "" : ", " + b.location));
    }
  }
  for (const auto& note : p.notes) line("Note: " + note);
  // Place names and crime types come from the data and go to a terminal.
  return terminal_safe(out);
}

}  // namespace hotspot
