#include "hotspot/qgis/style.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "qgis/style_xml.hpp"

namespace hotspot::qgis {
namespace detail {
namespace {

constexpr const char* kStage = "qgis.style";
constexpr const char* kNoScale = "3x:0,0,0,0,0,0";

using Props = std::vector<std::pair<std::string, std::string>>;

std::string rgba(const Colour& c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a);
}

std::string hex(const Colour& c) {
  return format("#%02x%02x%02x", c.r, c.g, c.b);
}

const char* shape_name(MarkerShape shape) {
  switch (shape) {
    case MarkerShape::circle: return "circle";
    case MarkerShape::square: return "square";
    case MarkerShape::triangle: return "triangle";
    case MarkerShape::star: return "star";
    case MarkerShape::diamond: return "diamond";
  }
  return "circle";
}

/// A symbol layer as QGIS 3.22 writes it: the properties both as an Option map (read by
/// 3.22) and as legacy <prop> elements (read by older releases).
void write_symbol_layer(XmlWriter& xml, const char* symbol_class, const Props& props) {
  xml.open("layer", {{"class", symbol_class}, {"enabled", "1"}, {"locked", "0"}, {"pass", "0"}});
  xml.open("Option", {{"type", "Map"}});
  for (const auto& [key, value] : props) xml.empty("Option", {{"name", key}, {"type", "QString"}, {"value", value}});
  xml.close();
  for (const auto& [key, value] : props) xml.empty("prop", {{"k", key}, {"v", value}});
  xml.close();
}

void write_symbol(XmlWriter& xml, const std::string& name, GeometryKind geometry, const Symbol& s) {
  if (geometry == GeometryKind::point) {
    xml.open("symbol", {{"name", name}, {"type", "marker"}, {"alpha", "1"}, {"clip_to_extent", "1"}, {"force_rhr", "0"}});
    write_symbol_layer(xml, "SimpleMarker",
                       {{"angle", "0"},
                        {"color", rgba(s.fill)},
                        {"horizontal_anchor_point", "1"},
                        {"joinstyle", "bevel"},
                        {"name", shape_name(s.shape)},
                        {"offset", "0,0"},
                        {"offset_map_unit_scale", kNoScale},
                        {"offset_unit", "MM"},
                        {"outline_color", rgba(s.outline)},
                        {"outline_style", "solid"},
                        {"outline_width", number(s.width_mm)},
                        {"outline_width_map_unit_scale", kNoScale},
                        {"outline_width_unit", "MM"},
                        {"scale_method", "diameter"},
                        {"size", number(s.size_mm)},
                        {"size_map_unit_scale", kNoScale},
                        {"size_unit", "MM"},
                        {"vertical_anchor_point", "1"}});
  } else if (geometry == GeometryKind::linestring && s.arrow) {
    xml.open("symbol", {{"name", name}, {"type", "line"}, {"alpha", "1"}, {"clip_to_extent", "1"}, {"force_rhr", "0"}});
    // An ArrowLine layer holds its own fill symbol (QGIS names sub-symbols "@<symbol>@<layer>").
    const std::string head = number(std::max(2.0, std::round(30 * s.width_mm) / 10));  // 3 × the width, to 0.1 mm
    const Props props{{"arrow_start_width", number(s.width_mm)},
                      {"arrow_start_width_unit", "MM"},
                      {"arrow_start_width_unit_scale", kNoScale},
                      {"arrow_type", "0"},
                      {"arrow_width", number(s.width_mm)},
                      {"arrow_width_unit", "MM"},
                      {"arrow_width_unit_scale", kNoScale},
                      {"head_length", head},
                      {"head_length_unit", "MM"},
                      {"head_length_unit_scale", kNoScale},
                      {"head_thickness", head},
                      {"head_thickness_unit", "MM"},
                      {"head_thickness_unit_scale", kNoScale},
                      {"head_type", "0"},
                      {"is_curved", "0"},
                      {"is_repeated", "0"},
                      {"offset", "0"},
                      {"offset_unit", "MM"},
                      {"offset_unit_scale", kNoScale},
                      {"ring_filter", "0"}};
    xml.open("layer", {{"class", "ArrowLine"}, {"enabled", "1"}, {"locked", "0"}, {"pass", "0"}});
    xml.open("Option", {{"type", "Map"}});
    for (const auto& [key, value] : props) xml.empty("Option", {{"name", key}, {"type", "QString"}, {"value", value}});
    xml.close();
    for (const auto& [key, value] : props) xml.empty("prop", {{"k", key}, {"v", value}});
    Symbol fill = s;
    fill.arrow = false;
    fill.fill = s.outline;
    fill.outline = s.outline;
    fill.width_mm = 0;
    write_symbol(xml, "@" + name + "@0", GeometryKind::polygon, fill);
    xml.close();
  } else if (geometry == GeometryKind::linestring) {
    xml.open("symbol", {{"name", name}, {"type", "line"}, {"alpha", "1"}, {"clip_to_extent", "1"}, {"force_rhr", "0"}});
    write_symbol_layer(xml, "SimpleLine",
                       {{"capstyle", "round"},
                        {"customdash", "5;2"},
                        {"customdash_map_unit_scale", kNoScale},
                        {"customdash_unit", "MM"},
                        {"draw_inside_polygon", "0"},
                        {"joinstyle", "round"},
                        {"line_color", rgba(s.outline)},
                        {"line_style", "solid"},
                        {"line_width", number(s.width_mm)},
                        {"line_width_unit", "MM"},
                        {"offset", "0"},
                        {"offset_map_unit_scale", kNoScale},
                        {"offset_unit", "MM"},
                        {"use_custom_dash", "0"},
                        {"width_map_unit_scale", kNoScale}});
  } else {
    xml.open("symbol", {{"name", name}, {"type", "fill"}, {"alpha", "1"}, {"clip_to_extent", "1"}, {"force_rhr", "0"}});
    write_symbol_layer(xml, "SimpleFill",
                       {{"border_width_map_unit_scale", kNoScale},
                        {"color", rgba(s.fill)},
                        {"joinstyle", "bevel"},
                        {"offset", "0,0"},
                        {"offset_map_unit_scale", kNoScale},
                        {"offset_unit", "MM"},
                        {"outline_color", rgba(s.outline)},
                        {"outline_style", s.width_mm > 0 ? "solid" : "no"},
                        {"outline_width", number(s.width_mm)},
                        {"outline_width_unit", "MM"},
                        {"style", s.filled ? "solid" : "no"}});
  }
  xml.close();
}

Symbol class_symbol(const LayerStyle& style, const StyleClass& c) {
  Symbol s = style.symbol;
  if (style.geometry == GeometryKind::linestring) {
    s.outline = c.colour;
  } else {
    s.fill = c.colour;
  }
  return s;
}

void write_renderer(XmlWriter& xml, const LayerStyle& style) {
  Attributes common{{"symbollevels", "0"}, {"enableorderby", "0"}, {"forceraster", "0"}, {"referencescale", "-1"}};
  switch (style.renderer) {
    case Renderer::single_symbol: {
      common.insert(common.begin(), {"type", "singleSymbol"});
      xml.open("renderer-v2", common);
      xml.open("symbols");
      write_symbol(xml, "0", style.geometry, style.symbol);
      xml.close();
      break;
    }
    case Renderer::categorized: {
      common.insert(common.begin(), {{"type", "categorizedSymbol"}, {"attr", style.field}});
      xml.open("renderer-v2", common);
      xml.open("categories");
      for (std::size_t i = 0; i < style.classes.size(); ++i) {
        const auto& c = style.classes[i];
        xml.empty("category", {{"value", c.value}, {"label", c.label}, {"symbol", std::to_string(i)}, {"render", "true"}});
      }
      xml.close();
      xml.open("symbols");
      for (std::size_t i = 0; i < style.classes.size(); ++i) {
        write_symbol(xml, std::to_string(i), style.geometry, class_symbol(style, style.classes[i]));
      }
      xml.close();
      break;
    }
    case Renderer::graduated: {
      common.insert(common.begin(),
                    {{"type", "graduatedSymbol"}, {"attr", style.field}, {"graduatedMethod", "GraduatedColor"}});
      xml.open("renderer-v2", common);
      xml.open("ranges");
      for (std::size_t i = 0; i < style.classes.size(); ++i) {
        const auto& c = style.classes[i];
        xml.empty("range", {{"lower", number(c.lower)},
                            {"upper", number(c.upper)},
                            {"label", c.label},
                            {"symbol", std::to_string(i)},
                            {"render", "true"}});
      }
      xml.close();
      xml.open("symbols");
      for (std::size_t i = 0; i < style.classes.size(); ++i) {
        write_symbol(xml, std::to_string(i), style.geometry, class_symbol(style, style.classes[i]));
      }
      xml.close();
      xml.open("classificationMethod", {{"id", "Custom"}});
      xml.empty("symmetricMode", {{"enabled", "0"}, {"symmetrypoint", "0"}, {"astride", "0"}});
      xml.empty("labelFormat", {{"format", "%1 - %2"}, {"labelprecision", "4"}, {"trimtrailingzeroes", "1"}});
      xml.open("parameters");
      xml.empty("Option");
      xml.close();
      xml.empty("extraInformation");
      xml.close();
      break;
    }
  }
  xml.empty("rotation");
  xml.empty("sizescale");
  xml.close();
}

void write_labeling(XmlWriter& xml, const LayerStyle& style) {
  // Placement: points around the point (QGIS's "cartographic"), lines along the line,
  // polygons around the centroid (not over it, where a camera or other symbol often is).
  const char* placement = style.geometry == GeometryKind::point        ? "6"
                          : style.geometry == GeometryKind::linestring ? "2"
                                                                       : "0";
  xml.open("labeling", {{"type", "simple"}});
  xml.open("settings", {{"calloutType", "simple"}});
  xml.open("text-style", {{"fieldName", style.label_field},
                          {"isExpression", style.label_is_expression ? "1" : "0"},
                          {"fontFamily", "Sans Serif"},
                          {"namedStyle", "Regular"},
                          {"fontWeight", "50"},
                          {"fontItalic", "0"},
                          {"fontSize", number(style.label_size_pt)},
                          {"fontSizeUnit", "Point"},
                          {"fontSizeMapUnitScale", kNoScale},
                          {"textColor", "50,50,50,255"},
                          {"textOpacity", "1"},
                          {"blendMode", "0"},
                          {"multilineHeight", "1"},
                          {"allowHtml", "0"},
                          {"textOrientation", "horizontal"},
                          {"capitalization", "0"},
                          {"useSubstitutions", "0"}});
  xml.empty("families");
  xml.empty("text-buffer", {{"bufferDraw", "1"},
                            {"bufferSize", "0.8"},
                            {"bufferSizeUnits", "MM"},
                            {"bufferSizeMapUnitScale", kNoScale},
                            {"bufferColor", "255,255,255,255"},
                            {"bufferOpacity", "1"},
                            {"bufferNoFill", "1"},
                            {"bufferJoinStyle", "128"},
                            {"bufferBlendMode", "0"}});
  xml.close();
  xml.empty("text-format", {{"wrapChar", ""}, {"multilineAlign", "3"}, {"formatNumbers", "0"}, {"decimals", "3"},
                            {"plussign", "0"}, {"autoWrapLength", "0"}, {"useMaxLineLengthForAutoWrap", "1"}});
  xml.empty("placement", {{"placement", placement},
                          {"placementFlags", "10"},
                          {"dist", "1"},
                          {"distUnits", "MM"},
                          {"distMapUnitScale", kNoScale},
                          {"offsetType", "0"},
                          {"offsetUnits", "MM"},
                          {"labelOffsetMapUnitScale", kNoScale},
                          {"centroidWhole", "0"},
                          {"centroidInside", "1"},
                          {"priority", "5"},
                          {"repeatDistance", "0"},
                          {"repeatDistanceUnits", "MM"},
                          {"overrunDistance", "0"},
                          {"overrunDistanceUnit", "MM"},
                          {"layerType", style.geometry == GeometryKind::point        ? "PointGeometry"
                                        : style.geometry == GeometryKind::linestring ? "LineGeometry"
                                                                                     : "PolygonGeometry"}});
  xml.empty("rendering", {{"drawLabels", "1"},
                          {"obstacle", "1"},
                          {"obstacleFactor", "1"},
                          {"obstacleType", "1"},
                          {"displayAll", "0"},
                          {"upsidedownLabels", "0"},
                          {"labelPerPart", "0"},
                          {"mergeLines", "0"},
                          {"scaleVisibility", "0"},
                          {"scaleMin", "0"},
                          {"scaleMax", "0"},
                          {"limitNumLabels", "0"},
                          {"maxNumLabels", "2000"},
                          {"minFeatureSize", "0"},
                          {"fontLimitPixelSize", "0"},
                          {"fontMinPixelSize", "3"},
                          {"fontMaxPixelSize", "10000"},
                          {"zIndex", "0"},
                          {"unplacedVisibility", "0"}});
  xml.close();
  xml.close();
}

}  // namespace

void check_style(const LayerStyle& style) {
  const auto fail = [&](const std::string& what) {
    throw Error(ErrorCode::usage, kStage, "style of layer " + style.layer + ": " + what);
  };
  if (style.geometry == GeometryKind::unknown) fail("the geometry type is unknown");
  if (!(style.opacity >= 0 && style.opacity <= 1)) fail("opacity " + number(style.opacity) + " is outside 0..1");
  if (style.renderer == Renderer::single_symbol) return;
  if (style.field.empty()) fail("a classified style needs a field");
  if (style.classes.empty()) fail("a classified style needs at least one class");
  if (style.renderer == Renderer::graduated) {
    for (const auto& c : style.classes) {
      if (!(c.lower <= c.upper)) fail("class " + c.label + " has lower " + number(c.lower) + " above upper " + number(c.upper));
    }
  }
}

void check_style(const RasterStyle& style) {
  const auto fail = [&](const std::string& what) {
    throw Error(ErrorCode::usage, kStage, "style of raster " + style.layer + ": " + what);
  };
  if (style.stops.empty()) fail("a colour ramp needs at least one stop");
  for (std::size_t i = 0; i < style.stops.size(); ++i) {
    if (std::isnan(style.stops[i].value)) fail("a stop value is not a number");
    if (i > 0 && !(style.stops[i - 1].value < style.stops[i].value)) fail("stop values must increase");
  }
  if (!(style.opacity >= 0 && style.opacity <= 1)) fail("opacity " + number(style.opacity) + " is outside 0..1");
  if (style.band < 1) fail("band numbers start at 1");
}

const char* geometry_name(GeometryKind kind) {
  if (kind == GeometryKind::point) return "Point";
  if (kind == GeometryKind::linestring) return "Line";
  return "Polygon";
}

int geometry_type_number(GeometryKind kind) {
  if (kind == GeometryKind::point) return 0;
  if (kind == GeometryKind::linestring) return 1;
  return 2;
}

void write_vector_style(XmlWriter& xml, const LayerStyle& style) {
  write_renderer(xml, style);
  if (!style.label_field.empty()) write_labeling(xml, style);
  xml.text("blendMode", "0");
  xml.text("featureBlendMode", "0");
  xml.text("layerOpacity", number(style.opacity));
}

void write_raster_style(XmlWriter& xml, const RasterStyle& style) {
  double lowest = NAN;
  double highest = NAN;
  for (const auto& stop : style.stops) {
    if (!std::isfinite(stop.value)) continue;
    if (std::isnan(lowest)) lowest = stop.value;
    highest = stop.value;
  }
  if (std::isnan(lowest)) lowest = highest = 0;
  xml.open("pipe");
  xml.open("provider");
  xml.empty("resampling", {{"enabled", "false"},
                           {"maxOversampling", "2"},
                           {"zoomedInResamplingMethod", "nearestNeighbour"},
                           {"zoomedOutResamplingMethod", "nearestNeighbour"}});
  xml.close();
  // nodataColor empty: nodata cells (outside the study area) stay transparent.
  xml.open("rasterrenderer", {{"type", "singlebandpseudocolor"},
                              {"band", std::to_string(style.band)},
                              {"opacity", number(style.opacity)},
                              {"alphaBand", "-1"},
                              {"classificationMin", number(lowest)},
                              {"classificationMax", number(highest)},
                              {"nodataColor", ""}});
  xml.empty("rasterTransparency");
  xml.open("minMaxOrigin");
  xml.text("limits", "None");
  xml.text("extent", "WholeRaster");
  xml.text("statAccuracy", "Estimated");
  xml.text("cumulativeCutLower", "0.02");
  xml.text("cumulativeCutUpper", "0.98");
  xml.text("stdDevFactor", "2");
  xml.close();
  xml.open("rastershader");
  xml.open("colorrampshader", {{"colorRampType", style.discrete ? "DISCRETE" : "INTERPOLATED"},
                               {"classificationMode", style.discrete ? "2" : "1"},
                               {"clip", "0"},
                               {"minimumValue", number(lowest)},
                               {"maximumValue", number(highest)},
                               {"labelPrecision", "4"}});
  for (const auto& stop : style.stops) {
    xml.empty("item", {{"value", number(stop.value)},
                       {"color", hex(stop.colour)},
                       {"alpha", std::to_string(stop.colour.a)},
                       {"label", stop.label}});
  }
  xml.close();
  xml.close();
  xml.close();
  xml.empty("brightnesscontrast", {{"brightness", "0"}, {"contrast", "0"}, {"gamma", "1"}});
  xml.empty("huesaturation", {{"saturation", "0"}, {"grayscaleMode", "0"}, {"invertColors", "0"}, {"colorizeOn", "0"},
                              {"colorizeRed", "255"}, {"colorizeGreen", "128"}, {"colorizeBlue", "128"},
                              {"colorizeStrength", "100"}});
  xml.empty("rasterresampler", {{"maxOversampling", "2"}});
  xml.text("resamplingStage", "resamplingFilter");
  xml.close();
  xml.text("blendMode", "0");
}

}  // namespace detail

namespace {

// A QML document: the <qgis> element with `attributes` (the version first), its content
// written by `body`.
std::string qml_document(const detail::Attributes& attributes,
                         const std::function<void(detail::XmlWriter&)>& body) {
  detail::XmlWriter xml;
  xml.raw_line(detail::kQgisDoctype);
  detail::Attributes all{{"version", detail::kQgisVersion}};
  all.insert(all.end(), attributes.begin(), attributes.end());
  xml.open("qgis", all);
  body(xml);
  xml.close();
  return xml.str();
}

}  // namespace

std::string layer_qml(const LayerStyle& style) {
  detail::check_style(style);
  return qml_document({{"styleCategories", "Symbology|Labeling|Rendering"},
                       {"labelsEnabled", style.label_field.empty() ? "0" : "1"},
                       {"hasScaleBasedVisibilityFlag", "0"},
                       {"minScale", "100000000"},
                       {"maxScale", "0"}},
                      [&](detail::XmlWriter& xml) {
                        detail::write_vector_style(xml, style);
                        xml.text("layerGeometryType", std::to_string(detail::geometry_type_number(style.geometry)));
                      });
}

std::string raster_qml(const RasterStyle& style) {
  detail::check_style(style);
  return qml_document(
      {{"styleCategories", "Symbology|Rendering"}, {"hasScaleBasedVisibilityFlag", "0"}, {"minScale", "1e+08"}, {"maxScale", "0"}},
      [&](detail::XmlWriter& xml) { detail::write_raster_style(xml, style); });
}

}  // namespace hotspot::qgis
