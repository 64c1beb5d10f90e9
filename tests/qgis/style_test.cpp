#include "hotspot/qgis/style.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include <cpl_minixml.h>
#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "qgis/xml_test_support.hpp"
#include "qgis/xml_writer.hpp"

namespace hotspot::qgis {
namespace {

using testing::children;
using testing::Xml;

std::string attribute(CPLXMLNode* node, const char* name) { return CPLGetXMLValue(node, name, "<missing>"); }

TEST(XmlEscape, EscapesMarkupAndQuotesInAttributes) {
  EXPECT_EQ(detail::xml_escape(R"(a<b>&"c" 'd')", true), "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;");
  EXPECT_EQ(detail::xml_escape(R"(a<b>&"c")", false), "a&lt;b&gt;&amp;\"c\"");
  EXPECT_EQ(detail::xml_escape("line\nbreak\ttab", true), "line&#10;break&#9;tab");
}

TEST(XmlEscape, DropsControlCharactersAndRepairsUtf8) {
  EXPECT_EQ(detail::xml_escape(std::string("a\x01\x1F" "b", 4), false), "ab");
  EXPECT_EQ(detail::xml_escape("St Alban\xE2\x80\x99s \xC2\xB0", false), "St Alban\xE2\x80\x99s \xC2\xB0");  // ’ and °
  EXPECT_EQ(detail::xml_escape("bad \xC3 byte", false), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(detail::xml_escape("overlong \xC0\xAF", false), "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(detail::xml_escape("surrogate \xED\xA0\x80", false), "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(XmlNumber, ShortestRoundTripAndQgisSpecials) {
  EXPECT_EQ(detail::number(0.1), "0.1");
  EXPECT_EQ(detail::number(-2.5), "-2.5");
  EXPECT_EQ(detail::number(-0.0), "0");
  EXPECT_EQ(detail::number(1e-300), "1e-300");
  EXPECT_EQ(detail::number(std::numeric_limits<double>::infinity()), "inf");
  const double below = std::nextafter(12.5, 0.0);
  EXPECT_EQ(std::stod(detail::number(below)), below);
}

TEST(LayerQml, CategorizedClassesKeepDataTextExactly) {
  LayerStyle style;
  style.layer = "hotspots";
  style.geometry = GeometryKind::polygon;
  style.renderer = Renderer::categorized;
  style.field = "level";
  const std::string awkward = R"(top 1% <St Albans & "Hatfield"> 'x')";
  style.classes = {{0, 0, awkward, {1, 2, 3, 4}, awkward + " label"}, {0, 0, "top 5%", {10, 20, 30, 255}, "top 5%"}};
  const std::string qml = layer_qml(style);
  EXPECT_EQ(qml.rfind("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis ", 0), 0U);
  Xml xml(qml);
  ASSERT_NE(xml.root, nullptr) << qml;
  CPLXMLNode* renderer = xml.at("renderer-v2");
  ASSERT_NE(renderer, nullptr);
  EXPECT_EQ(attribute(renderer, "type"), "categorizedSymbol");
  EXPECT_EQ(attribute(renderer, "attr"), "level");
  const auto categories = children(xml.at("renderer-v2.categories"), "category");
  ASSERT_EQ(categories.size(), 2U);
  EXPECT_EQ(attribute(categories[0], "value"), awkward);
  EXPECT_EQ(attribute(categories[0], "label"), awkward + " label");
  EXPECT_EQ(attribute(categories[1], "symbol"), "1");
  const auto symbols = children(xml.at("renderer-v2.symbols"), "symbol");
  ASSERT_EQ(symbols.size(), 2U);
  EXPECT_EQ(attribute(symbols[0], "type"), "fill");
  // The class colour is the fill of its symbol, as "r,g,b,a".
  bool found = false;
  for (CPLXMLNode* prop : children(CPLGetXMLNode(symbols[0], "layer"), "prop")) {
    if (attribute(prop, "k") == "color") {
      EXPECT_EQ(attribute(prop, "v"), "1,2,3,4");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(std::string(CPLGetXMLValue(xml.root, "=qgis.layerGeometryType", "")), "2");
  EXPECT_EQ(attribute(xml.at(""), "labelsEnabled"), "0");
}

TEST(LayerQml, GiStarBinsAreSevenHalfOpenRanges) {
  const LayerStyle style = gistar_style("gistar");
  Xml xml(layer_qml(style));
  ASSERT_NE(xml.root, nullptr);
  EXPECT_EQ(attribute(xml.at("renderer-v2"), "type"), "graduatedSymbol");
  EXPECT_EQ(attribute(xml.at("renderer-v2"), "attr"), "gi_bin");
  const auto ranges = children(xml.at("renderer-v2.ranges"), "range");
  ASSERT_EQ(ranges.size(), 7U);
  for (int i = 0; i < 7; ++i) {
    // Bin b = i − 3 falls in (b − 0.5, b + 0.5].
    EXPECT_DOUBLE_EQ(std::stod(attribute(ranges[i], "lower")), i - 3 - 0.5);
    EXPECT_DOUBLE_EQ(std::stod(attribute(ranges[i], "upper")), i - 3 + 0.5);
  }
  EXPECT_EQ(attribute(ranges[0], "label"), "Cold Spot - 99% Confidence");
  EXPECT_EQ(attribute(ranges[3], "label"), "Not Significant");
  EXPECT_EQ(attribute(ranges[6], "label"), "Hot Spot - 99% Confidence");
  EXPECT_EQ(std::string(CPLGetXMLValue(xml.root, "=qgis.layerOpacity", "")), "0.8");
}

TEST(LayerQml, PointsGetMarkersAndLabels) {
  const LayerStyle style = cameras_style("cameras", "rank");
  Xml xml(layer_qml(style));
  ASSERT_NE(xml.root, nullptr);
  EXPECT_EQ(attribute(xml.at("renderer-v2"), "type"), "singleSymbol");
  CPLXMLNode* symbol = xml.at("renderer-v2.symbols.symbol");
  ASSERT_NE(symbol, nullptr);
  EXPECT_EQ(attribute(symbol, "type"), "marker");
  EXPECT_EQ(attribute(CPLGetXMLNode(symbol, "layer"), "class"), "SimpleMarker");
  EXPECT_EQ(attribute(xml.at(""), "labelsEnabled"), "1");
  EXPECT_EQ(attribute(xml.at("labeling.settings.text-style"), "fieldName"), "rank");
  EXPECT_EQ(std::string(CPLGetXMLValue(xml.root, "=qgis.layerGeometryType", "")), "0");
}

TEST(LayerQml, ExpressionLabels) {
  const LayerStyle style = patrol_areas_style("patrol_areas", "ra\"nk");
  Xml xml(layer_qml(style));
  ASSERT_NE(xml.root, nullptr);
  EXPECT_EQ(attribute(xml.at("labeling.settings.text-style"), "fieldName"), "'P' || \"ra\"\"nk\"");
  EXPECT_EQ(attribute(xml.at("labeling.settings.text-style"), "isExpression"), "1");
}

TEST(LayerQml, LinesUseTheClassColourAsStroke) {
  LayerStyle style = patrol_routes_style();
  style.renderer = Renderer::categorized;
  style.field = "unit";
  style.classes = {{0, 0, "1", {9, 8, 7, 255}, "Unit 1"}};
  Xml xml(layer_qml(style));
  ASSERT_NE(xml.root, nullptr);
  CPLXMLNode* layer = xml.at("renderer-v2.symbols.symbol.layer");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(attribute(layer, "class"), "SimpleLine");
  std::string stroke;
  for (CPLXMLNode* prop : children(layer, "prop")) {
    if (attribute(prop, "k") == "line_color") stroke = attribute(prop, "v");
  }
  EXPECT_EQ(stroke, "9,8,7,255");
}

TEST(LayerQml, MovesAreArrowsWithAFillSubSymbol) {
  const LayerStyle style = moves_style();
  Xml xml(layer_qml(style));
  ASSERT_NE(xml.root, nullptr);
  CPLXMLNode* symbol = xml.at("renderer-v2.symbols.symbol");
  ASSERT_NE(symbol, nullptr);
  EXPECT_EQ(attribute(symbol, "type"), "line");
  CPLXMLNode* layer = CPLGetXMLNode(symbol, "layer");
  EXPECT_EQ(attribute(layer, "class"), "ArrowLine");
  std::string width, head;
  for (CPLXMLNode* prop : children(layer, "prop")) {
    if (attribute(prop, "k") == "arrow_width") width = attribute(prop, "v");
    if (attribute(prop, "k") == "head_length") head = attribute(prop, "v");
  }
  EXPECT_EQ(width, "0.8");
  EXPECT_EQ(head, "2.4");
  CPLXMLNode* fill = CPLGetXMLNode(layer, "symbol");
  ASSERT_NE(fill, nullptr);
  EXPECT_EQ(attribute(fill, "type"), "fill");
  EXPECT_EQ(attribute(fill, "name"), "@0@0");
  EXPECT_EQ(attribute(CPLGetXMLNode(fill, "layer"), "class"), "SimpleFill");
  EXPECT_EQ(attribute(xml.at("labeling.settings.text-style"), "fieldName"), "unit");
  // The units and their views are categorized on the fields plan_next_moves writes.
  EXPECT_EQ(units_style().field, "recommendation");
  EXPECT_EQ(unit_coverage_style().classes.size(), 3U);
  VectorLayer moves{"moves", GeometryKind::linestring, "EPSG:27700", {}, {}, {}};
  EXPECT_TRUE(standard_style(moves).symbol.arrow);
}

TEST(LayerQml, RejectsUnusableStyles) {
  LayerStyle style;
  style.layer = "x";
  style.geometry = GeometryKind::unknown;
  EXPECT_THROW((void)layer_qml(style), Error);
  style.geometry = GeometryKind::point;
  style.renderer = Renderer::graduated;
  EXPECT_THROW((void)layer_qml(style), Error);  // no field
  style.field = "v";
  EXPECT_THROW((void)layer_qml(style), Error);  // no classes
  style.classes = {{2, 1, {}, {}, "backwards"}};
  EXPECT_THROW((void)layer_qml(style), Error);
  style.classes = {{1, 2, {}, {}, "ok"}};
  EXPECT_NO_THROW((void)layer_qml(style));
  style.opacity = 1.5;
  EXPECT_THROW((void)layer_qml(style), Error);
}

TEST(RasterQml, DensityClassesStartAtEachThreshold) {
  // Levels as hotspot_levels gives them: top 1% ≥ 40, top 5% ≥ 12.5, top 10% ≥ 3.
  const std::vector<density::HotspotLevel> levels{{0.01, 40.0, 1, 1}, {0.05, 12.5, 5, 5}, {0.10, 3.0, 10, 10}};
  const RasterStyle style = density_style("density", levels);
  Xml xml(raster_qml(style));
  ASSERT_NE(xml.root, nullptr);
  CPLXMLNode* renderer = xml.at("pipe.rasterrenderer");
  ASSERT_NE(renderer, nullptr);
  EXPECT_EQ(attribute(renderer, "type"), "singlebandpseudocolor");
  EXPECT_EQ(attribute(renderer, "nodataColor"), "");
  CPLXMLNode* shader = CPLGetXMLNode(renderer, "rastershader.colorrampshader");
  EXPECT_EQ(attribute(shader, "colorRampType"), "DISCRETE");
  const auto items = children(shader, "item");
  // 0 (transparent), below top 10% (pale), top 10%, top 5%, top 1% (to +inf).
  ASSERT_EQ(items.size(), 5U);
  EXPECT_EQ(std::stod(attribute(items[0], "value")), 0.0);
  EXPECT_EQ(attribute(items[0], "alpha"), "0");
  // QGIS gives a value the first item at or above it: 3 must land in "top 10%", and the
  // largest double below 3 in the pale class.
  EXPECT_EQ(std::stod(attribute(items[1], "value")), std::nextafter(3.0, 0.0));
  EXPECT_EQ(std::stod(attribute(items[2], "value")), std::nextafter(12.5, 0.0));
  EXPECT_EQ(attribute(items[2], "label"), "top 10% (≥ 3)");
  EXPECT_EQ(std::stod(attribute(items[3], "value")), std::nextafter(40.0, 0.0));
  EXPECT_EQ(attribute(items[4], "value"), "inf");
  EXPECT_EQ(attribute(items[4], "label"), "top 1% (≥ 40)");
  EXPECT_EQ(attribute(items[4], "color"), "#800026");  // darkest YlOrRd for the top class
}

// A sparse surface (counts per cell): the top 5% and 10% ask for more cells than have any
// density, so hotspot_levels puts their thresholds at 0. Empty cells stay transparent; the
// cells with density form one class below the top 1%.
TEST(RasterQml, SparseLevelsColourOnlyCellsWithDensity) {
  const std::vector<density::HotspotLevel> levels{{0.01, 2.0, 1, 1}, {0.05, 0.0, 5, 9}, {0.10, 0.0, 10, 9}};
  const RasterStyle style = density_style("density", levels);
  Xml xml(raster_qml(style));
  ASSERT_NE(xml.root, nullptr);
  const auto items = children(xml.at("pipe.rasterrenderer.rastershader.colorrampshader"), "item");
  // 0 (transparent), any density [denorm_min, 2), top 1% [2, inf).
  ASSERT_EQ(items.size(), 3U);
  EXPECT_EQ(std::stod(attribute(items[0], "value")), 0.0);
  EXPECT_EQ(attribute(items[0], "alpha"), "0");
  EXPECT_EQ(attribute(items[1], "label").rfind("any density", 0), 0U) << attribute(items[1], "label");
  EXPECT_EQ(std::stod(attribute(items[1], "value")), std::nextafter(2.0, 0.0));
  EXPECT_NE(attribute(items[1], "alpha"), "0");
  EXPECT_EQ(attribute(items[2], "label"), "top 1% (≥ 2)");

  // Every level empty-handed: one class, any density.
  const std::vector<density::HotspotLevel> none{{0.01, 0.0, 1, 3}, {0.10, 0.0, 10, 3}};
  Xml sparse(raster_qml(density_style("density", none)));
  const auto only = children(sparse.at("pipe.rasterrenderer.rastershader.colorrampshader"), "item");
  ASSERT_EQ(only.size(), 2U);
  EXPECT_EQ(attribute(only[0], "alpha"), "0");
  EXPECT_EQ(attribute(only[1], "value"), "inf");
}

// The GeoTIFF holds float32 cells: the cell at a threshold that float cannot hold (22.44341173256809
// is written as 22.443410873...) must still fall in its class, so classes start at the
// threshold rounded to float. Thresholds that round to one float are one class.
TEST(RasterQml, ClassesStartAtTheFloat32CellsOfTheirThresholds) {
  const double t = 22.44341173256809;
  const double cell = static_cast<double>(static_cast<float>(t));
  ASSERT_LT(cell, t);
  const std::vector<DensityClass> classes{{t, "top 10%"}, {73.10041869467273, "top 5%"}, {std::nextafter(t, 100.0), "twin"}};
  Xml xml(raster_qml(density_style("density", classes)));
  const auto items = children(xml.at("pipe.rasterrenderer.rastershader.colorrampshader"), "item");
  // 0, below top 10%, top 10% (the twin merged into it), top 5%.
  ASSERT_EQ(items.size(), 4U);
  EXPECT_EQ(std::stod(attribute(items[1], "value")), std::nextafter(cell, 0.0));
  EXPECT_LT(std::stod(attribute(items[1], "value")), cell);  // the cell is not in the class below
  EXPECT_EQ(attribute(items[2], "label").rfind("top 10%", 0), 0U);
  EXPECT_EQ(std::stod(attribute(items[2], "value")),
            std::nextafter(static_cast<double>(static_cast<float>(73.10041869467273)), 0.0));
}

// The class QGIS gives `value` under a DISCRETE ramp: the first stop at or above it.
std::size_t discrete_class(const RasterStyle& style, double value) {
  for (std::size_t i = 0; i < style.stops.size(); ++i) {
    if (value <= style.stops[i].value) return i;
  }
  return style.stops.size();
}

// --compare's difference (this − other): five classes symmetric about 0 at 10% and 50% of
// the largest |difference|, the middle one (|d| ≤ 10%) transparent.
TEST(RasterQml, DifferenceClassesAreSymmetricAboutZero) {
  const RasterStyle style = difference_style("d", 10.0, "incidents per km2");
  ASSERT_EQ(style.stops.size(), 5U);
  EXPECT_TRUE(style.discrete);
  EXPECT_NO_THROW((void)raster_qml(style));  // stops increase
  const std::vector<std::pair<double, std::size_t>> cases{
      {-10.0, 0}, {-5.0, 0}, {-4.99, 1}, {-1.01, 1}, {-1.0, 2}, {0.0, 2}, {1.0, 2}, {1.01, 3}, {5.0, 3}, {5.01, 4}, {10.0, 4}};
  for (const auto& [value, expected] : cases) EXPECT_EQ(discrete_class(style, value), expected) << value;
  EXPECT_EQ(style.stops[2].colour.a, 0);  // little change: the map beneath shows
  EXPECT_EQ(style.stops[2].label, "little change (within ±1 incidents per km2)");
  EXPECT_EQ(style.stops[0].label, "lower by 5 incidents per km2 or more");
  EXPECT_GT(style.stops[0].colour.b, style.stops[0].colour.r);  // lower here: blue
  EXPECT_GT(style.stops[4].colour.r, style.stops[4].colour.b);  // higher here: red
  // Identical surfaces: every cell is little change.
  const RasterStyle flat = difference_style("d", 0.0, "incidents per km2");
  EXPECT_NO_THROW((void)raster_qml(flat));
  EXPECT_EQ(discrete_class(flat, 0.0), 2U);
}

// --compare's ratio (this / other): fixed classes, a ratio and its reciprocal in mirrored
// classes, 0.8–1.25 ("about the same") transparent.
TEST(RasterQml, RatioClassesAreMultiplicativelySymmetric) {
  const RasterStyle style = ratio_style("r");
  ASSERT_EQ(style.stops.size(), 7U);
  EXPECT_NO_THROW((void)raster_qml(style));
  EXPECT_EQ(discrete_class(style, 0.0), 0U);
  EXPECT_EQ(discrete_class(style, 0.25), 0U);
  EXPECT_EQ(discrete_class(style, 0.8), 3U);
  EXPECT_EQ(discrete_class(style, 1.0), 3U);
  EXPECT_EQ(discrete_class(style, 1.25), 3U);
  EXPECT_EQ(discrete_class(style, 1e9), 6U);
  for (double r : {0.1, 0.3, 0.6, 0.9}) {
    EXPECT_EQ(discrete_class(style, r) + discrete_class(style, 1.0 / r), 6U) << r;
  }
  EXPECT_EQ(style.stops[3].colour.a, 0);
}

// standard_style picks a layer's look by name. Hotspot levels come from the features, most
// concentrated first whatever order they were written in: area shares from the smallest, then
// value levels from the highest; the first category gets the darkest colour.
TEST(StandardStyles, HotspotLevelsMostConcentratedFirstAndLayersByName) {
  VectorLayer hotspots;
  hotspots.name = "hotspots";
  hotspots.geometry = GeometryKind::polygon;
  hotspots.fields = {{"level", FieldType::string}, {"area_share", FieldType::real}, {"threshold", FieldType::real}};
  const std::vector<std::tuple<std::string, double, double>> rows{
      {"top 10%", 0.10, 3.0}, {">= 50", 0.0, 50.0}, {"top 1%", 0.01, 40.0}, {"top 10%", 0.10, 3.0}, {">= 100", 0.0, 100.0}};
  for (const auto& [level, share, threshold] : rows) hotspots.features.push_back({"", {level, share, threshold}});
  const LayerStyle style = standard_style(hotspots);
  EXPECT_EQ(style.renderer, Renderer::categorized);
  EXPECT_EQ(style.field, "level");
  ASSERT_EQ(style.classes.size(), 4U);
  EXPECT_EQ(style.classes[0].value, "top 1%");
  EXPECT_EQ(style.classes[1].value, "top 10%");
  EXPECT_EQ(style.classes[2].value, ">= 100");
  EXPECT_EQ(style.classes[3].value, ">= 50");
  const auto darkness = [](const Colour& c) { return c.r + c.g + c.b; };
  EXPECT_LT(darkness(style.classes[0].colour), darkness(style.classes[3].colour));

  VectorLayer other;
  other.geometry = GeometryKind::point;
  other.name = "rotation";
  EXPECT_EQ(standard_style(other).label_field, "unit");
  other.name = "cameras";
  EXPECT_EQ(standard_style(other).label_field, "rank");
  other.name = "gistar";
  other.geometry = GeometryKind::polygon;
  EXPECT_EQ(standard_style(other).renderer, Renderer::graduated);
  other.name = "uncovered_hotspots";
  EXPECT_EQ(standard_style(other).symbol.outline.r, 200);
  other.name = "clusters_convex_hull";
  EXPECT_EQ(standard_style(other).renderer, Renderer::single_symbol);
  EXPECT_EQ(standard_style(other).geometry, GeometryKind::polygon);
}

TEST(RasterQml, RejectsStopsThatDoNotIncrease) {
  RasterStyle style;
  style.layer = "r";
  EXPECT_THROW((void)raster_qml(style), Error);
  style.stops = {{2, {}, "a"}, {1, {}, "b"}};
  EXPECT_THROW((void)raster_qml(style), Error);
  const std::vector<DensityClass> tied{{1, "a"}, {1, "b"}};
  EXPECT_THROW((void)density_style("d", tied), Error);
}

TEST(StandardStyles, EmergingPatternsCoverEveryPattern) {
  const LayerStyle style = emerging_hotspots_style("emerging_hot_spots");
  EXPECT_EQ(style.classes.size(), 17U);
  Xml xml(layer_qml(style));
  ASSERT_NE(xml.root, nullptr);
  const auto categories = children(xml.at("renderer-v2.categories"), "category");
  ASSERT_EQ(categories.size(), 17U);
  EXPECT_EQ(attribute(categories[0], "value"), "New Hot Spot");
  EXPECT_EQ(attribute(categories[16], "value"), "No Pattern Detected");
}

}  // namespace
}  // namespace hotspot::qgis
