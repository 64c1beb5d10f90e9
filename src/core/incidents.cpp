#include "hotspot/core/incidents.hpp"

#include <algorithm>
#include <numeric>

#include "hotspot/core/huge_pages.hpp"

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
  x.insert(x.end(), other.x.begin(), other.x.end());
  y.insert(y.end(), other.y.begin(), other.y.end());
  month.insert(month.end(), other.month.begin(), other.month.end());
  time.insert(time.end(), other.time.begin(), other.time.end());
  weight.insert(weight.end(), other.weight.begin(), other.weight.end());
  row.insert(row.end(), other.row.begin(), other.row.end());
  // Each of the other's codes is interned here once, at its first use in row order, so the
  // codes come out exactly as interning row by row would give them.
  auto append_codes = [](std::vector<std::uint32_t>& column, const std::vector<std::uint32_t>& codes,
                         const StringDictionary& from, StringDictionary& to) {
    std::vector<std::uint32_t> mapped(from.size(), kNoCode);
    for (const std::uint32_t code : codes) {
      if (code == kNoCode) {
        column.push_back(kNoCode);
        continue;
      }
      if (mapped[code] == kNoCode) mapped[code] = to.intern(from[code]);
      column.push_back(mapped[code]);
    }
  };
  append_codes(category, other.category, other.categories, categories);
  append_codes(location, other.location, other.locations, locations);
  append_codes(lsoa, other.lsoa, other.lsoas, lsoas);
  append_codes(source, other.source, other.sources, sources);
  for (std::size_t i = 0; i < other.size(); ++i) crime_id.push_back(other.crime_id[i]);
  if (!rows_represented.empty() || !other.rows_represented.empty()) {
    rows_represented.resize(before, 1);
    for (std::size_t i = 0; i < other.size(); ++i) {
      rows_represented.push_back(other.rows_represented.empty() ? 1 : other.rows_represented[i]);
    }
  }
}

WeightedPoints collapse_locations(const Incidents& incidents) {
  const std::size_t n = incidents.size();
  // Sorted as (x, y, row index) records side by side: comparing through an index into the
  // columns would miss the cache on every comparison.
  struct Key {
    double x, y;
    std::uint32_t i;
  };
  std::vector<Key> order;
  order.reserve(n);
  advise_huge_pages(order.data(), n * sizeof(Key));
  for (std::size_t i = 0; i < n; ++i) order.push_back(Key{incidents.x[i], incidents.y[i], static_cast<std::uint32_t>(i)});
  std::sort(order.begin(), order.end(), [](const Key& a, const Key& b) {
    if (a.x != b.x) return a.x < b.x;
    if (a.y != b.y) return a.y < b.y;
    return a.i < b.i;
  });
  WeightedPoints points;
  points.point_of.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = order[k].i;
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
