#include "hotspot/privacy/publish.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string_view>

#include "hotspot/core/error.hpp"

namespace hotspot::privacy {
namespace {

constexpr const char* kStage = "privacy.publish";

std::string number_text(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

std::optional<std::size_t> field_index(const VectorLayer& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == name) return i;
  }
  return std::nullopt;
}

std::size_t require_field(const VectorLayer& layer, const std::string& name, const std::string& role) {
  const auto at = field_index(layer, name);
  if (!at) {
    throw Error(ErrorCode::usage, ErrorContext{kStage, layer.name, std::nullopt, name},
                role + " field \"" + name + "\" is not in the layer");
  }
  return *at;
}

/// Names that say "a number of incidents": they must be declared, never published unchecked.
bool looks_like_count(std::string_view name) {
  return name == "incidents" || name.rfind("incidents_", 0) == 0 || name == "count" || name == "incident_count";
}

/// The count a value holds; nullopt for null (unknown) or a non-numeric value.
std::optional<double> count_of(const FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    if (std::isfinite(*d)) return *d;
  }
  return std::nullopt;
}

/// The trailing whole number of a breakdown entry ("Burglary: 3", "Burglary 3"), if any.
std::optional<std::int64_t> trailing_count(std::string_view entry) {
  std::size_t end = entry.size();
  while (end > 0 && entry[end - 1] == ' ') --end;
  std::size_t start = end;
  while (start > 0 && entry[start - 1] >= '0' && entry[start - 1] <= '9') --start;
  if (start == end || (start > 0 && entry[start - 1] != ' ' && entry[start - 1] != ':')) return std::nullopt;
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(entry.data() + start, entry.data() + end, n);
  if (ec != std::errc() || ptr != entry.data() + end) return std::nullopt;
  return n;
}

/// Removes the entries of a "a: n; b: m" breakdown whose count is below k.
std::string filter_breakdown(const std::string& text, std::int64_t k, std::size_t& removed) {
  std::string out;
  std::size_t withheld = 0;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t to = text.find("; ", from);
    if (to == std::string::npos) to = text.size();
    const std::string_view entry(text.data() + from, to - from);
    const auto n = trailing_count(entry);
    if (n && *n < k) {
      ++withheld;
    } else if (!entry.empty()) {
      if (!out.empty()) out += "; ";
      out += entry;
    }
    from = to + 2;
  }
  if (withheld > 0) {
    if (!out.empty()) out += "; ";
    out += std::to_string(withheld) + " more" + " withheld (fewer than " +
           std::to_string(k) + " each)";
  }
  removed += withheld;
  return out;
}

template <typename T>
T swap_bytes(T value) {
  if constexpr (sizeof(T) == 4) {
    return __builtin_bswap32(value);
  } else {
    return __builtin_bswap64(value);
  }
}

/// Reads and writes the x/y of a WKB point (ISO or extended, either byte order); other
/// geometries are left alone. Returns false when `wkb` is not a 2D/3D point.
bool round_point_wkb(std::string& wkb, double grid) {
  if (wkb.size() < 21) return false;
  const bool little = wkb[0] == 1;
  std::uint32_t type = 0;
  std::memcpy(&type, wkb.data() + 1, 4);
  if (little != (std::endian::native == std::endian::little)) type = swap_bytes(type);
  if ((type & 0xFFFFu) % 1000u != 1u) return false;  // ISO 1, 1001, 2001, 3001; EWKB flags high
  for (std::size_t offset : {std::size_t{5}, std::size_t{13}}) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, wkb.data() + offset, 8);
    if (little != (std::endian::native == std::endian::little)) bits = swap_bytes(bits);
    double v = std::bit_cast<double>(bits);
    v = round_to_grid(v, grid);
    bits = std::bit_cast<std::uint64_t>(v);
    if (little != (std::endian::native == std::endian::little)) bits = swap_bytes(bits);
    std::memcpy(wkb.data() + offset, &bits, 8);
  }
  return true;
}

/// Walks a WKB geometry, calling `vertex(offset, little_endian)` with the offset of each
/// vertex's x (y follows it).
class WkbWalker {
 public:
  explicit WkbWalker(const std::string& wkb) : wkb_(wkb) {}

  template <typename Vertex>
  void geometry(Vertex&& vertex) {
    const bool little = byte() == 1;
    little_ = little;  // each part has its own byte order
    std::uint32_t type = word(little);
    std::size_t dims = 2;
    if (type & 0x80000000u) ++dims;  // EWKB Z
    if (type & 0x40000000u) ++dims;  // EWKB M
    if (type & 0x20000000u) at_ += 4;  // EWKB SRID
    type &= 0x0FFFFFFFu;
    if (type >= 3000) {
      dims = 4;
    } else if (type >= 1000) {
      dims = 3;
    }
    switch (type % 1000) {
      case 1:
        point(dims, vertex);
        break;
      case 2:
        for (std::uint32_t n = word(little); n > 0; --n) point(dims, vertex);
        break;
      case 3:
        for (std::uint32_t rings = word(little); rings > 0; --rings) {
          for (std::uint32_t n = word(little); n > 0; --n) point(dims, vertex);
        }
        break;
      case 4:
      case 5:
      case 6:
      case 7:
        for (std::uint32_t parts = word(little); parts > 0; --parts) {
          geometry(vertex);
          little_ = little;
        }
        break;
      default:
        throw Error(ErrorCode::internal, kStage, "WKB geometry type " + std::to_string(type) + " cannot be moved");
    }
  }

 private:
  std::uint8_t byte() {
    need(1);
    return static_cast<std::uint8_t>(wkb_[at_++]);
  }
  std::uint32_t word(bool little) {
    need(4);
    std::uint32_t v = 0;
    std::memcpy(&v, wkb_.data() + at_, 4);
    at_ += 4;
    return little == (std::endian::native == std::endian::little) ? v : swap_bytes(v);
  }
  template <typename Vertex>
  void point(std::size_t dims, Vertex& vertex) {
    need(8 * dims);
    vertex(at_, little_);
    at_ += 8 * dims;
  }
  void need(std::size_t bytes) const {
    if (at_ + bytes > wkb_.size()) throw Error(ErrorCode::internal, kStage, "WKB ends early");
  }

  const std::string& wkb_;
  std::size_t at_ = 0;
  bool little_ = true;
};

double read_double(const std::string& wkb, std::size_t at, bool little) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, wkb.data() + at, 8);
  if (little != (std::endian::native == std::endian::little)) bits = swap_bytes(bits);
  return std::bit_cast<double>(bits);
}

void write_double(std::string& wkb, std::size_t at, bool little, double value) {
  auto bits = std::bit_cast<std::uint64_t>(value);
  if (little != (std::endian::native == std::endian::little)) bits = swap_bytes(bits);
  std::memcpy(wkb.data() + at, &bits, 8);
}

}  // namespace

double round_to_grid(double value, double grid) {
  return std::round(value / grid) * grid;
}

void translate_wkb(std::string& wkb, double dx, double dy) {
  if (wkb.empty()) return;
  WkbWalker walker(wkb);
  walker.geometry([&](std::size_t at, bool little) {
    write_double(wkb, at, little, read_double(wkb, at, little) + dx);
    write_double(wkb, at + 8, little, read_double(wkb, at + 8, little) + dy);
  });
}

std::optional<std::pair<double, double>> wkb_point_xy(const std::string& wkb) {
  if (wkb.size() < 21) return std::nullopt;
  const bool little = wkb[0] == 1;
  std::uint32_t type = 0;
  std::memcpy(&type, wkb.data() + 1, 4);
  if (little != (std::endian::native == std::endian::little)) type = swap_bytes(type);
  if ((type & 0xFFFFu) % 1000u != 1u || (type & 0x20000000u)) return std::nullopt;
  return std::make_pair(read_double(wkb, 5, little), read_double(wkb, 13, little));
}

PublishResult publish_layer(const VectorLayer& layer, const PublishOptions& options) {
  if (options.min_count < 1) throw Error(ErrorCode::usage, kStage, "the minimum count k must be at least 1");
  if (!(options.grid_m > 0) || !std::isfinite(options.grid_m)) {
    throw Error(ErrorCode::usage, kStage, "the rounding grid must be a positive number of metres");
  }
  if (options.count_field.empty()) {
    throw Error(ErrorCode::usage, ErrorContext{kStage, layer.name, std::nullopt, {}},
                "has no incident count field, so it cannot be published (" + option_ref("publish") + " needs one per feature)");
  }
  const std::size_t count_at = require_field(layer, options.count_field, "incident count");
  const auto k = static_cast<double>(options.min_count);

  struct Secondary {
    std::size_t count;
    std::vector<std::size_t> derived;
  };
  std::vector<Secondary> secondaries;
  std::vector<bool> declared(layer.fields.size(), false);
  declared[count_at] = true;
  for (const auto& s : options.other_counts) {
    Secondary entry{require_field(layer, s.field, "count"), {}};
    declared[entry.count] = true;
    for (const auto& d : s.derived) entry.derived.push_back(require_field(layer, d, "derived"));
    secondaries.push_back(std::move(entry));
  }
  std::vector<std::size_t> lists;
  for (const auto& name : options.count_lists) lists.push_back(require_field(layer, name, "breakdown"));
  std::vector<bool> dropped(layer.fields.size(), false);
  for (const auto& name : options.drop_fields) {
    const std::size_t at = require_field(layer, name, "dropped");
    dropped[at] = true;
    declared[at] = true;
  }
  for (const auto& c : options.cumulative_counts) {
    declared[require_field(layer, c.field, "running total")] = true;
    declared[require_field(layer, c.step, "step")] = true;
  }
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (!declared[i] && looks_like_count(layer.fields[i].name)) {
      throw Error(ErrorCode::internal, ErrorContext{kStage, layer.name, std::nullopt, layer.fields[i].name},
                  "field \"" + layer.fields[i].name + "\" looks like an incident count but the publishing rules of "
                  "the layer do not say how to check it");
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> coordinates;
  for (const auto& [x, y] : options.coordinate_fields) {
    coordinates.emplace_back(require_field(layer, x, "x coordinate"), require_field(layer, y, "y coordinate"));
  }
  struct Cumulative {
    std::size_t total;
    std::size_t step;
    std::vector<std::size_t> derived;
  };
  std::vector<Cumulative> cumulatives;
  for (const auto& c : options.cumulative_counts) {
    Cumulative entry{require_field(layer, c.field, "running total"), require_field(layer, c.step, "step"), {}};
    for (const auto& d : c.derived) entry.derived.push_back(require_field(layer, d, "derived"));
    cumulatives.push_back(std::move(entry));
  }
  std::optional<std::pair<std::size_t, std::size_t>> anchor;
  if (options.anchor_fields) {
    anchor.emplace(require_field(layer, options.anchor_fields->first, "anchor x"),
                   require_field(layer, options.anchor_fields->second, "anchor y"));
  }

  PublishResult result;
  SuppressionReport& report = result.report;
  report.layer = layer.name;
  report.count_field = options.count_field;
  report.min_count = options.min_count;
  report.grid_m = options.grid_m;
  report.features_in = layer.features.size();

  VectorLayer& out = result.layer;
  out.name = layer.name;
  out.geometry = layer.geometry;
  out.crs = layer.crs;
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (dropped[i]) {
      report.fields_dropped.push_back(layer.fields[i].name);
    } else {
      out.fields.push_back(layer.fields[i]);
    }
  }

  // Set once a step of a running total has been withheld: that total is withheld from then on.
  std::vector<bool> total_broken(cumulatives.size(), false);
  for (const VectorFeature& feature : layer.features) {
    const auto count = count_of(feature.values.at(count_at));
    if (count) report.incidents_in += *count;
    if (!count || *count < k) {
      ++report.features_suppressed;
      if (count) report.incidents_suppressed += *count;
      // The feature's step is gone, so every later total would give it back by subtraction.
      std::fill(total_broken.begin(), total_broken.end(), true);
      continue;
    }
    std::vector<FieldValue> values = feature.values;
    for (std::size_t c = 0; c < cumulatives.size(); ++c) {
      const auto step = count_of(values[cumulatives[c].step]);
      const auto total = count_of(values[cumulatives[c].total]);
      if (!step || *step < k) total_broken[c] = true;
      if (!total_broken[c] && total && *total >= k) continue;
      if (total_broken[c] && total) ++report.cumulative_withheld;
      values[cumulatives[c].total] = std::monostate{};
      for (std::size_t d : cumulatives[c].derived) values[d] = std::monostate{};
    }
    for (const auto& s : secondaries) {
      const auto n = count_of(values[s.count]);
      if (!n || *n >= k) continue;
      values[s.count] = std::monostate{};
      for (std::size_t d : s.derived) values[d] = std::monostate{};
      ++report.values_nulled;
    }
    for (std::size_t at : lists) {
      if (auto* text = std::get_if<std::string>(&values[at])) {
        *text = filter_breakdown(*text, options.min_count, report.list_entries_removed);
      }
    }
    std::optional<std::pair<double, double>> anchor_offset;
    if (anchor) {
      const auto* ax = std::get_if<double>(&values[anchor->first]);
      const auto* ay = std::get_if<double>(&values[anchor->second]);
      if (ax != nullptr && ay != nullptr) {
        anchor_offset.emplace(round_to_grid(*ax, options.grid_m) - *ax, round_to_grid(*ay, options.grid_m) - *ay);
      }
    }
    for (const auto& [x, y] : coordinates) {
      for (std::size_t at : {x, y}) {
        if (const auto* v = std::get_if<double>(&values[at])) values[at] = round_to_grid(*v, options.grid_m);
      }
    }
    VectorFeature published;
    published.wkb = feature.wkb;
    if (anchor_offset && !published.wkb.empty()) {
      translate_wkb(published.wkb, anchor_offset->first, anchor_offset->second);
      ++report.shapes_moved;
    }
    if (layer.geometry == GeometryKind::point && round_point_wkb(published.wkb, options.grid_m)) ++report.points_rounded;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!dropped[i]) published.values.push_back(std::move(values[i]));
    }
    out.features.push_back(std::move(published));
  }
  report.features_published = out.features.size();
  out.metadata = layer.metadata;
  for (auto& entry : report.metadata()) out.metadata.push_back(std::move(entry));
  return result;
}

std::string SuppressionReport::summary() const {
  // No incident totals: "4 of 138 incidents in them" beside the published counts gave the
  // suppressed count back by subtraction.
  std::string text = "publish " + layer + ": " + std::to_string(features_suppressed) + " of " +
                     std::to_string(features_in) + " features suppressed (" + count_field + " below " +
                     std::to_string(min_count) + ")";
  if (values_nulled > 0) text += ", " + std::to_string(values_nulled) + " small counts nulled";
  if (cumulative_withheld > 0) {
    text += ", " + std::to_string(cumulative_withheld) + " running totals withheld (they would reveal a suppressed step)";
  }
  if (shapes_moved > 0) text += ", " + std::to_string(shapes_moved) + " shapes centred on the " + number_text(grid_m) + " m grid";
  if (list_entries_removed > 0) text += ", " + std::to_string(list_entries_removed) + " breakdown entries withheld";
  if (points_rounded > 0) text += ", " + std::to_string(points_rounded) + " points rounded to " + number_text(grid_m) + " m";
  if (!fields_dropped.empty()) {
    text += ", fields not published:";
    for (std::size_t i = 0; i < fields_dropped.size(); ++i) text += (i ? ", " : " ") + fields_dropped[i];
  }
  return text;
}

std::vector<std::pair<std::string, std::string>> SuppressionReport::metadata() const {
  std::string dropped_text;
  for (const auto& f : fields_dropped) dropped_text += (dropped_text.empty() ? "" : ",") + f;
  return {{"publish_min_count", std::to_string(min_count)},
          {"publish_count_field", count_field},
          {"publish_grid_m", number_text(grid_m)},
          {"publish_features_in", std::to_string(features_in)},
          {"publish_features_suppressed", std::to_string(features_suppressed)},
          {"publish_values_nulled", std::to_string(values_nulled)},
          {"publish_running_totals_withheld", std::to_string(cumulative_withheld)},
          {"publish_breakdown_entries_withheld", std::to_string(list_entries_removed)},
          {"publish_points_rounded", std::to_string(points_rounded)},
          {"publish_fields_dropped", dropped_text.empty() ? "none" : dropped_text}};
}

std::vector<std::string> publish_settings_warnings(const PublishOptions& options) {
  std::vector<std::string> warnings;
  if (options.min_count <= 1) {
    warnings.push_back("publishing with a minimum count of 1 suppresses nothing: every feature stands for at least one "
                       "incident, so single incidents are published (rounded only); use 5 or more to protect people");
  }
  return warnings;
}

}  // namespace hotspot::privacy
