#include "hotspot/core/incidents.hpp"

#include <algorithm>
#include <numeric>

namespace hotspot {
namespace {

template <typename T>
void compact_column(std::vector<T>& column, const std::vector<bool>& keep) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < column.size(); ++i) {
    if (keep[i]) column[out++] = column[i];
  }
  column.resize(out);
  column.shrink_to_fit();
}

std::uint32_t recode(std::uint32_t code, const StringDictionary& from, StringDictionary& to) {
  return code == Incidents::kNoCode ? code : to.intern(from[code]);
}

}  // namespace

std::string_view Incidents::lsoa_code(std::uint32_t code) const {
  const std::string_view pair = lsoas[code];
  return pair.substr(0, pair.find(' '));
}

std::string_view Incidents::lsoa_name(std::uint32_t code) const {
  const std::string_view pair = lsoas[code];
  const auto space = pair.find(' ');
  return space == std::string_view::npos ? std::string_view{} : pair.substr(space + 1);
}

std::uint32_t Incidents::intern_lsoa(std::string_view code, std::string_view name) {
  std::string pair(code);
  pair += ' ';
  pair += name;
  return lsoas.intern(pair);
}

void Incidents::reserve(std::size_t rows) {
  x.reserve(rows);
  y.reserve(rows);
  month.reserve(rows);
  time.reserve(rows);
  category.reserve(rows);
  weight.reserve(rows);
  location.reserve(rows);
  lsoa.reserve(rows);
  source.reserve(rows);
  row.reserve(rows);
}

void Incidents::push_back(const IncidentRecord& r) {
  x.push_back(r.x);
  y.push_back(r.y);
  month.push_back(r.month);
  time.push_back(r.time);
  category.push_back(r.category);
  weight.push_back(r.weight);
  location.push_back(r.location);
  lsoa.push_back(r.lsoa);
  source.push_back(r.source);
  row.push_back(r.row);
  crime_id.push_back(r.crime_id);
}

void Incidents::compact(const std::vector<bool>& keep) {
  compact_column(x, keep);
  compact_column(y, keep);
  compact_column(month, keep);
  compact_column(time, keep);
  compact_column(category, keep);
  compact_column(weight, keep);
  compact_column(location, keep);
  compact_column(lsoa, keep);
  compact_column(source, keep);
  compact_column(row, keep);
  if (!rows_represented.empty()) compact_column(rows_represented, keep);
  crime_id.compact(keep);
}

void Incidents::append(const Incidents& other) {
  const std::size_t before = size();
  // std::vector::reserve to an exact size would reallocate on every call; only grow when
  // the caller did not reserve enough.
  if (x.capacity() < size() + other.size()) reserve(std::max(size() + other.size(), 2 * size()));
  for (std::size_t i = 0; i < other.size(); ++i) {
    push_back({.x = other.x[i],
               .y = other.y[i],
               .month = other.month[i],
               .time = other.time[i],
               .category = recode(other.category[i], other.categories, categories),
               .weight = other.weight[i],
               .location = recode(other.location[i], other.locations, locations),
               .lsoa = recode(other.lsoa[i], other.lsoas, lsoas),
               .source = recode(other.source[i], other.sources, sources),
               .row = other.row[i],
               .crime_id = other.crime_id[i]});
  }
  if (!rows_represented.empty() || !other.rows_represented.empty()) {
    rows_represented.resize(before, 1);
    for (std::size_t i = 0; i < other.size(); ++i) {
      rows_represented.push_back(other.rows_represented.empty() ? 1 : other.rows_represented[i]);
    }
  }
}

WeightedPoints collapse_locations(const Incidents& incidents) {
  const std::size_t n = incidents.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (incidents.x[a] != incidents.x[b]) return incidents.x[a] < incidents.x[b];
    if (incidents.y[a] != incidents.y[b]) return incidents.y[a] < incidents.y[b];
    return a < b;
  });
  WeightedPoints points;
  points.point_of.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = order[k];
    if (points.x.empty() || points.x.back() != incidents.x[i] || points.y.back() != incidents.y[i]) {
      points.x.push_back(incidents.x[i]);
      points.y.push_back(incidents.y[i]);
      points.weight.push_back(0.0);
      points.count.push_back(0);
    }
    points.weight.back() += incidents.weight[i];
    points.count.back() += incidents.rows_represented.empty() ? 1 : incidents.rows_represented[i];
    points.point_of[i] = static_cast<std::uint32_t>(points.x.size() - 1);
  }
  return points;
}

}  // namespace hotspot
