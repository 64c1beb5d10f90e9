#include "hotspot/qgis/standard_styles.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/qgis/class_breaks.hpp"
#include "hotspot/trends/emerging_hotspots.hpp"

namespace hotspot::qgis {
namespace {

constexpr const char* kStage = "qgis.styles";

// ColorBrewer YlOrRd (9 classes), light to dark.
constexpr Colour kYlOrRd[] = {{255, 255, 204, 255}, {255, 237, 160, 255}, {254, 217, 118, 255},
                              {254, 178, 76, 255},  {253, 141, 60, 255},  {252, 78, 42, 255},
                              {227, 26, 28, 255},   {189, 0, 38, 255},    {128, 0, 38, 255}};

/// `n` colours spread over YlOrRd from light orange-yellow to the darkest red.
std::vector<Colour> ramp(std::size_t n) {
  std::vector<Colour> out;
  constexpr std::size_t first = 2;
  constexpr std::size_t last = std::size(kYlOrRd) - 1;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    out.push_back(kYlOrRd[first + static_cast<std::size_t>(std::lround(t * static_cast<double>(last - first)))]);
  }
  return out;
}

std::string short_number(double value) {
  return format("%.4g", value);
}

Colour with_alpha(Colour c, std::uint8_t a) {
  c.a = a;
  return c;
}

}  // namespace

RasterStyle density_style(const std::string& layer, std::span<const DensityClass> classes) {
  if (classes.empty()) throw Error(ErrorCode::usage, kStage, "a density style needs at least one class");
  std::vector<DensityClass> sorted(classes.begin(), classes.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const DensityClass& a, const DensityClass& b) { return a.threshold < b.threshold; });
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!std::isfinite(sorted[i].threshold)) throw Error(ErrorCode::usage, kStage, "a density class threshold is not finite");
    if (i > 0 && sorted[i].threshold == sorted[i - 1].threshold && sorted[i].threshold > 0.0) {
      throw Error(ErrorCode::usage, kStage, "two density classes share the threshold " + short_number(sorted[i].threshold));
    }
  }
  // The raster holds float32 cells (write_geotiff): a class starts at its threshold rounded to
  // float, so the cell at the threshold (rounded the same way, and rounding keeps order) is
  // in its class, not the one below. On a sparse surface a level can ask for more cells than
  // have any density: its threshold is 0, and a class from 0 would colour the empty cells;
  // such levels become one class of the cells with density, from the smallest positive
  // float, as their polygons are. Classes rounding to one start merge (the lower one's label).
  const double smallest = static_cast<double>(std::numeric_limits<float>::denorm_min());
  std::vector<DensityClass> starts;
  for (const DensityClass& c : sorted) {
    DensityClass start = c;
    start.threshold = std::max(static_cast<double>(static_cast<float>(c.threshold)), smallest);
    if (c.threshold <= 0.0) start.label = "any density";
    if (starts.empty() || starts.back().threshold != start.threshold) starts.push_back(start);
  }
  sorted.swap(starts);
  RasterStyle style;
  style.layer = layer;
  style.discrete = true;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // A DISCRETE QGIS ramp gives a value the first item whose value is >= it, so an item at
  // the largest double below a threshold ends the class before it: classes are [t_i, t_i+1).
  const auto below = [&](double t) { return std::nextafter(t, -kInf); };
  const double lowest = sorted.front().threshold;
  if (lowest > 0) {
    style.stops.push_back({0.0, {255, 255, 255, 0}, "0"});
    if (lowest > smallest) style.stops.push_back({below(lowest), {255, 255, 204, 160}, "below " + sorted.front().label});
  } else {
    style.stops.push_back({below(lowest), {255, 255, 255, 0}, "below " + sorted.front().label});
  }
  const auto colours = ramp(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double upper = i + 1 < sorted.size() ? below(sorted[i + 1].threshold) : kInf;
    const std::string bound = sorted[i].threshold == smallest ? "> 0" : "≥ " + short_number(sorted[i].threshold);
    style.stops.push_back({upper, colours[i], sorted[i].label + " (" + bound + ")"});
  }
  return style;
}

RasterStyle density_style(const std::string& layer, std::span<const std::pair<std::string, double>> thresholds) {
  std::vector<DensityClass> classes;
  for (const auto& [name, threshold] : thresholds) classes.push_back({threshold, name});
  // Tied thresholds (a flat surface) keep the first level's label once.
  std::stable_sort(classes.begin(), classes.end(),
                   [](const DensityClass& a, const DensityClass& b) { return a.threshold < b.threshold; });
  classes.erase(std::unique(classes.begin(), classes.end(),
                            [](const DensityClass& a, const DensityClass& b) { return a.threshold == b.threshold; }),
                classes.end());
  return density_style(layer, classes);
}

RasterStyle density_style(const std::string& layer, std::span<const density::HotspotLevel> levels) {
  std::vector<std::pair<std::string, double>> thresholds;
  for (const auto& level : levels) thresholds.emplace_back("top " + short_number(level.area_share * 100) + "%", level.threshold);
  return density_style(layer, thresholds);
}

RasterStyle difference_style(const std::string& layer, double largest, const std::string& units) {
  if (!(largest > 0.0) || !std::isfinite(largest)) largest = 1.0;  // identical surfaces: all little change
  // ColorBrewer RdBu (5 classes), blue (lower here) to red (higher here); the middle class clear.
  constexpr Colour kDarkBlue{5, 113, 176, 255}, kLightBlue{146, 197, 222, 255}, kClear{247, 247, 247, 0},
      kLightRed{244, 165, 130, 255}, kDarkRed{202, 0, 32, 255};
  const double half = 0.5 * largest, tenth = 0.1 * largest;
  const std::string unit = units.empty() ? "" : " " + units;
  RasterStyle style;
  style.layer = layer;
  style.discrete = true;  // a class is (previous stop, stop]
  const double inf = std::numeric_limits<double>::infinity();
  style.stops = {
      {-half, kDarkBlue, "lower by " + short_number(half) + unit + " or more"},
      {std::nextafter(-tenth, -inf), kLightBlue, "lower by " + short_number(tenth) + " to " + short_number(half) + unit},
      {tenth, kClear, "little change (within ±" + short_number(tenth) + unit + ")"},
      {half, kLightRed, "higher by " + short_number(tenth) + " to " + short_number(half) + unit},
      {inf, kDarkRed, "higher by more than " + short_number(half) + unit},
  };
  return style;
}

RasterStyle ratio_style(const std::string& layer) {
  // ColorBrewer RdBu (7 classes), blue (lower here) to red (higher here); the middle class clear.
  RasterStyle style;
  style.layer = layer;
  style.discrete = true;  // a class is (previous stop, stop]
  style.stops = {
      {0.25, {33, 102, 172, 255}, "a quarter or less (≤ 0.25)"},
      {0.5, {103, 169, 207, 255}, "a quarter to a half (0.25–0.5)"},
      {std::nextafter(0.8, 0.0), {209, 229, 240, 255}, "lower (0.5–0.8)"},
      {1.25, {247, 247, 247, 0}, "about the same (0.8–1.25)"},
      {2.0, {253, 219, 199, 255}, "higher (1.25–2)"},
      {4.0, {239, 138, 98, 255}, "two to four times (2–4)"},
      {std::numeric_limits<double>::infinity(), {178, 24, 43, 255}, "more than four times (> 4)"},
  };
  return style;
}

LayerStyle hotspot_polygons_style(const std::string& layer, std::span<const std::string> levels) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon, .renderer = Renderer::categorized,
                   .field = "level", .symbol = {.outline = {120, 0, 20, 255}, .width_mm = 0.4}};
  const auto colours = ramp(levels.size());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    // levels[0] is the most concentrated: the darkest colour.
    // Light fills: the density raster beneath shows the same classes in full colour.
    style.classes.push_back({0, 0, levels[i], with_alpha(colours[levels.size() - 1 - i], 70), levels[i]});
  }
  return style;
}

LayerStyle gistar_style(const std::string& layer, const std::string& field) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon, .renderer = Renderer::graduated, .field = field};
  style.symbol.width_mm = 0;  // cells without outlines
  style.opacity = 0.8;
  struct Bin {
    int value;
    Colour colour;
    const char* label;
  };
  static constexpr Bin kBins[] = {
      {-3, {69, 117, 181, 255}, "Cold Spot - 99% Confidence"}, {-2, {132, 158, 186, 255}, "Cold Spot - 95% Confidence"},
      {-1, {192, 204, 190, 255}, "Cold Spot - 90% Confidence"}, {0, {255, 255, 191, 255}, "Not Significant"},
      {1, {250, 185, 132, 255}, "Hot Spot - 90% Confidence"},   {2, {237, 117, 81, 255}, "Hot Spot - 95% Confidence"},
      {3, {214, 47, 39, 255}, "Hot Spot - 99% Confidence"}};
  for (const auto& bin : kBins) {
    // Integer bins in half-open ranges (b − 0.5, b + 0.5]: no bin sits on a boundary.
    style.classes.push_back({bin.value - 0.5, bin.value + 0.5, {}, bin.colour, bin.label});
  }
  return style;
}

LayerStyle emerging_hotspots_style(const std::string& layer, const std::string& field) {
  using trends::Pattern;
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon, .renderer = Renderer::categorized, .field = field,
                   .symbol = {.width_mm = 0}, .opacity = 0.85};
  struct Entry {
    Pattern pattern;
    Colour colour;
  };
  static constexpr Entry kEntries[] = {
      {Pattern::new_hot, {153, 0, 13, 255}},          {Pattern::consecutive_hot, {203, 24, 29, 255}},
      {Pattern::intensifying_hot, {239, 59, 44, 255}}, {Pattern::persistent_hot, {251, 106, 74, 255}},
      {Pattern::diminishing_hot, {252, 146, 114, 255}}, {Pattern::sporadic_hot, {252, 187, 161, 255}},
      {Pattern::oscillating_hot, {254, 224, 210, 255}}, {Pattern::historical_hot, {255, 240, 230, 255}},
      {Pattern::new_cold, {8, 48, 107, 255}},          {Pattern::consecutive_cold, {8, 81, 156, 255}},
      {Pattern::intensifying_cold, {33, 113, 181, 255}}, {Pattern::persistent_cold, {66, 146, 198, 255}},
      {Pattern::diminishing_cold, {107, 174, 214, 255}}, {Pattern::sporadic_cold, {158, 202, 225, 255}},
      {Pattern::oscillating_cold, {198, 219, 239, 255}}, {Pattern::historical_cold, {222, 235, 247, 255}},
      {Pattern::none, {255, 255, 255, 0}}};
  for (const auto& entry : kEntries) {
    const std::string name(trends::pattern_name(entry.pattern));
    style.classes.push_back({0, 0, name, entry.colour, name});
  }
  return style;
}

LayerStyle cameras_style(const std::string& layer, const std::string& label_field) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::point,
                   .symbol = {.fill = {215, 25, 28, 255}, .outline = {0, 0, 0, 255}, .width_mm = 0.3, .shape = MarkerShape::star, .size_mm = 5},
                   .label_field = label_field, .label_size_pt = 9};
  return style;
}

LayerStyle coverage_style(const std::string& layer) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon, .renderer = Renderer::categorized,
                   .field = "kind", .symbol = {.outline = {33, 102, 172, 255}, .width_mm = 0.3}};
  style.classes = {{0, 0, "new", {67, 147, 195, 90}, "New camera view"},
                   {0, 0, "existing", {150, 150, 150, 90}, "Existing camera view"}};
  return style;
}

LayerStyle moves_style(const std::string& layer) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::linestring,
                   .symbol = {.outline = {165, 15, 21, 255}, .width_mm = 0.8, .arrow = true}, .label_field = "unit"};
  return style;
}

LayerStyle units_style(const std::string& layer) {
  LayerStyle style = cameras_style(layer, "unit");
  style.renderer = Renderer::categorized;
  style.field = "recommendation";
  style.classes = {{0, 0, "move", {215, 25, 28, 255}, "Moves next period"},
                   {0, 0, "stay", {150, 150, 150, 255}, "Stays"}};
  return style;
}

LayerStyle unit_coverage_style(const std::string& layer) {
  LayerStyle style = coverage_style(layer);
  style.classes = {{0, 0, "moved", {215, 25, 28, 90}, "View after the move"},
                   {0, 0, "stays", {67, 147, 195, 90}, "View of a unit that stays"},
                   {0, 0, "existing", {150, 150, 150, 90}, "Fixed camera view"}};
  return style;
}

LayerStyle patrol_areas_style(const std::string& layer, const std::string& rank_field) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon,
                   .symbol = {.fill = {253, 174, 97, 140}, .outline = {217, 95, 2, 255}, .width_mm = 0.5}};
  // A QGIS expression: 'P' || "rank", the field name quoted as an identifier.
  std::string quoted;
  for (const char c : rank_field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  style.label_field = "'P' || \"" + quoted + "\"";
  style.label_is_expression = true;
  return style;
}

LayerStyle patrol_routes_style(const std::string& layer) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::linestring,
                   .symbol = {.outline = {117, 112, 179, 255}, .width_mm = 0.8}};
  return style;
}

namespace {

// A legend number: 3 significant figures, thousands unseparated (QGIS shows it as text).
std::string legend_number(double value) {
  char buffer[32];
  const double magnitude = std::abs(value);
  if (magnitude >= 100 || value == std::floor(value)) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else if (magnitude >= 10) {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
  }
  return buffer;
}

}  // namespace

LayerStyle rate_style(const std::string& layer, const std::string& field, std::span<const double> values,
                      std::size_t classes, const std::string& units) {
  std::vector<double> finite;
  for (const double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) throw Error(ErrorCode::usage, kStage, "a rate style needs at least one rate");
  std::sort(finite.begin(), finite.end());
  const auto distinct = static_cast<std::size_t>(std::unique(finite.begin(), finite.end()) - finite.begin());
  constexpr std::size_t kExactLimit = 5000;
  const std::vector<double> breaks =
      distinct <= kExactLimit ? natural_breaks(values, classes == 0 ? 5 : classes) : quantile_breaks(values, classes == 0 ? 5 : classes);
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon, .renderer = Renderer::graduated, .field = field,
                   .symbol = {.outline = {110, 110, 110, 255}, .width_mm = 0.2}};
  // Spread evenly over the 9-class YlOrRd ramp, light to dark.
  std::vector<Colour> colours;
  const std::size_t n = breaks.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    colours.push_back(kYlOrRd[static_cast<std::size_t>(std::lround(t * 8.0))]);
  }
  const std::string unit = units.empty() ? "" : " " + units;
  double lower = finite.front();
  for (std::size_t i = 0; i < n; ++i) {
    // QGIS classes are (lower, upper], the first including its lower bound.
    style.classes.push_back({lower, breaks[i], {}, colours[i], legend_number(lower) + " – " + legend_number(breaks[i]) + unit});
    lower = breaks[i];
  }
  return style;
}

const std::vector<std::string>& change_class_labels() {
  static const std::vector<std::string> kLabels{
      "down 50% or more", "down 20% to 50%", "down 5% to 20%", "about the same (within 5%)", "up 5% to 20%",
      "up 20% to 50%",    "up 50% or more",  "new (none before)", "none in either period"};
  return kLabels;
}

std::string change_class(double before, double now, double change_pct) {
  const auto& labels = change_class_labels();
  if (before <= 0) return now > 0 ? labels[7] : labels[8];
  const double magnitude = std::abs(change_pct);
  const std::size_t step = magnitude >= 50 ? 3 : magnitude >= 20 ? 2 : magnitude >= 5 ? 1 : 0;
  return change_pct < 0 ? labels[3 - step] : labels[3 + step];
}

LayerStyle change_style(const std::string& layer, const std::string& field) {
  // ColorBrewer RdBu (7 classes), blue for falls, red for rises, the middle pale grey.
  static constexpr Colour kColours[] = {{33, 102, 172, 255},  {103, 169, 207, 255}, {209, 229, 240, 255},
                                        {247, 247, 247, 255}, {253, 219, 199, 255}, {239, 138, 98, 255},
                                        {178, 24, 43, 255},   {103, 0, 31, 255},    {255, 255, 255, 0}};
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon, .renderer = Renderer::categorized, .field = field,
                   .symbol = {.outline = {110, 110, 110, 255}, .width_mm = 0.2}};
  const auto& labels = change_class_labels();
  for (std::size_t i = 0; i < labels.size(); ++i) style.classes.push_back({0, 0, labels[i], kColours[i], labels[i]});
  return style;
}

LayerStyle named_places_style(const std::string& layer) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::point, .renderer = Renderer::categorized,
                   .field = "status",
                   .symbol = {.outline = {0, 0, 0, 255}, .width_mm = 0.3, .shape = MarkerShape::circle, .size_mm = 4}};
  style.classes = {{0, 0, "new to the list", {215, 25, 28, 255}, "New to the list"},
                   {0, 0, "on the list before", {253, 174, 97, 255}, "On the list before"}};
  style.label_field = "rank";
  style.label_size_pt = 9;
  return style;
}

LayerStyle study_area_style(const std::string& layer) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::polygon,
                   .symbol = {.outline = {60, 60, 60, 255}, .width_mm = 0.6, .filled = false}};
  return style;
}

LayerStyle evaluation_areas_style(const std::string& layer) {
  LayerStyle style{.layer = layer, .geometry = GeometryKind::multipolygon, .renderer = Renderer::categorized,
                   .field = "area"};
  style.classes = {{0, 0, "treated", {215, 48, 39, 170}, "treated area"},
                   {0, 0, "buffer", {253, 174, 97, 130}, "displacement buffer"},
                   {0, 0, "control", {116, 173, 209, 45}, "control area"}};
  style.symbol.outline = {60, 60, 60, 255};
  style.symbol.width_mm = 0.3;
  style.label_field = "CASE WHEN \"area\" = 'treated' THEN \"intervention\" END";
  style.label_is_expression = true;
  return style;
}

namespace {

/// The distinct values of `field` in first-seen order, each with the first feature's numeric
/// `area_share` and `threshold` when the layer has them.
struct LevelSeen {
  std::string name;
  double area_share = 0.0;
  double threshold = 0.0;
};

std::vector<LevelSeen> levels_of(const VectorLayer& layer) {
  const auto index = [&](const char* name) -> std::ptrdiff_t {
    const auto f = std::find_if(layer.fields.begin(), layer.fields.end(), [&](const FieldSpec& s) { return s.name == name; });
    return f == layer.fields.end() ? -1 : f - layer.fields.begin();
  };
  const std::ptrdiff_t level = index("level"), share = index("area_share"), threshold = index("threshold");
  const auto number = [](const VectorFeature& f, std::ptrdiff_t i) {
    if (i < 0) return 0.0;
    const auto* v = std::get_if<double>(&f.values[static_cast<std::size_t>(i)]);
    return v != nullptr ? *v : 0.0;
  };
  std::vector<LevelSeen> seen;
  if (level < 0) return seen;
  for (const auto& feature : layer.features) {
    const auto* name = std::get_if<std::string>(&feature.values[static_cast<std::size_t>(level)]);
    if (name == nullptr) continue;
    if (std::none_of(seen.begin(), seen.end(), [&](const LevelSeen& l) { return l.name == *name; })) {
      seen.push_back({*name, number(feature, share), number(feature, threshold)});
    }
  }
  return seen;
}

// The rate style of an "area_rates" layer: the field named by its `rate_field` metadata,
// classed on the layer's own values, labelled with its `rate_units`. Nothing without a rate.
std::optional<LayerStyle> rate_style_of(const VectorLayer& layer) {
  std::string field, units;
  for (const auto& [key, value] : layer.metadata) {
    if (key == "rate_field") field = value;
    if (key == "rate_units") units = value;
  }
  const auto f = std::find_if(layer.fields.begin(), layer.fields.end(), [&](const FieldSpec& s) { return s.name == field; });
  if (field.empty() || f == layer.fields.end()) return std::nullopt;
  const auto index = static_cast<std::size_t>(f - layer.fields.begin());
  std::vector<double> values;
  for (const auto& feature : layer.features) {
    if (const auto* v = std::get_if<double>(&feature.values[index]); v != nullptr && std::isfinite(*v)) values.push_back(*v);
  }
  if (values.empty()) return std::nullopt;
  return rate_style(layer.name, field, values, 5, units);
}

// The layers whose style depends on their name alone.
const std::map<std::string, LayerStyle (*)(const std::string&), std::less<>>& named_styles() {
  static const std::map<std::string, LayerStyle (*)(const std::string&), std::less<>> styles{
      {"gistar", [](const std::string& l) { return gistar_style(l); }},
      {"emerging_hot_spots", [](const std::string& l) { return emerging_hotspots_style(l); }},
      {"cameras", [](const std::string& l) { return cameras_style(l); }},
      {"rotation", [](const std::string& l) { return cameras_style(l, "unit"); }},
      {"coverage", coverage_style},
      {"moves", moves_style},
      {"units", units_style},
      {"unit_coverage", unit_coverage_style},
      {"patrol_areas", [](const std::string& l) { return patrol_areas_style(l); }},
      {"patrol_routes", patrol_routes_style},
      {"evaluation_areas", evaluation_areas_style},
      {"area_change", [](const std::string& l) { return change_style(l); }},
      {"named_hotspots", named_places_style},
  };
  return styles;
}

}  // namespace

LayerStyle standard_style(const VectorLayer& layer) {
  LayerStyle style;
  if (layer.name == "hotspots") {
    std::vector<LevelSeen> seen = levels_of(layer);
    // Most concentrated first (the darkest): area shares from the smallest, then value levels
    // (area_share 0) from the highest.
    std::stable_sort(seen.begin(), seen.end(), [](const LevelSeen& a, const LevelSeen& b) {
      const bool a_share = a.area_share > 0.0, b_share = b.area_share > 0.0;
      if (a_share != b_share) return a_share;
      return a_share ? a.area_share < b.area_share : a.threshold > b.threshold;
    });
    std::vector<std::string> levels;
    for (const auto& l : seen) levels.push_back(l.name);
    if (levels.empty()) levels.push_back("top 1%");
    style = hotspot_polygons_style(layer.name, levels);
  } else if (const auto named = named_styles().find(layer.name); named != named_styles().end()) {
    style = named->second(layer.name);
  } else if (layer.name == "area_rates" && rate_style_of(layer)) {
    style = *rate_style_of(layer);
  } else {
    // The study area, the uncovered hotspots, clusters and context layers: outlines.
    style = study_area_style(layer.name);
    if (layer.name != "study_area") {
      style.symbol.outline = layer.name == "uncovered_hotspots" ? Colour{200, 30, 30, 255} : Colour{150, 150, 150, 255};
      style.symbol.width_mm = 0.3;
    }
  }
  style.geometry = layer.geometry == GeometryKind::unknown ? style.geometry : layer.geometry;
  return style;
}

}  // namespace hotspot::qgis
