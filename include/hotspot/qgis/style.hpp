#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/io/vector_writer.hpp"

/// QGIS styles as our own types, written as QGIS 3.22 XML (QML). No QGIS library is linked:
/// the XML follows what QGIS 3.22 itself writes, and tests/scripts/check_qgis_outputs.py
/// loads the results with real QGIS.
namespace hotspot::qgis {

/// An sRGB colour; `a` = 0 is fully transparent.
struct Colour {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  std::uint8_t a = 255;
  friend bool operator==(const Colour&, const Colour&) = default;
};

enum class MarkerShape { circle, square, triangle, star, diamond };

/// How one feature is drawn. Which parts apply follows the layer's geometry: points draw a
/// marker (`shape`, `size_mm`, `fill` inside, `outline` around), lines a stroke (`outline`
/// colour, `width_mm`), polygons a fill (`fill`; `filled` = false for an outline only) with an
/// `outline` of `width_mm`.
struct Symbol {
  Colour fill{255, 158, 23, 255};
  Colour outline{35, 35, 35, 255};
  double width_mm = 0.26;  ///< line width, polygon and marker outline width
  MarkerShape shape = MarkerShape::circle;
  double size_mm = 2.0;    ///< marker diameter
  bool filled = true;      ///< polygons: false draws the outline only
  /// Lines: drawn as an arrow from the first vertex to the last (QGIS's ArrowLine symbol
  /// layer, `width_mm` wide, filled with `outline`), e.g. a camera's move.
  bool arrow = false;
};

/// One class of a graduated or categorized renderer. The class's symbol is the layer's
/// `symbol` with `colour` as its fill (points, polygons) or stroke (lines).
struct StyleClass {
  double lower = 0;      ///< graduated: lower bound (QGIS: lower < v <= upper; the first class includes lower)
  double upper = 0;      ///< graduated: upper bound
  std::string value;     ///< categorized: the field value as text (e.g. "3", "top 1%")
  Colour colour;
  std::string label;     ///< legend text
};

enum class Renderer { single_symbol, graduated, categorized };

/// The style of a vector layer.
struct LayerStyle {
  std::string layer;                   ///< the layer's name (GeoPackage table)
  GeometryKind geometry = GeometryKind::polygon;
  Renderer renderer = Renderer::single_symbol;
  std::string field;                   ///< the attribute classified (graduated / categorized)
  std::vector<StyleClass> classes;     ///< in legend order
  Symbol symbol;                       ///< single symbol, or the base of each class's symbol
  double opacity = 1.0;                ///< whole-layer opacity 0..1
  std::string label_field;             ///< labels from this attribute; empty: no labels
  bool label_is_expression = false;    ///< label_field is a QGIS expression, e.g. 'P' || "rank"
  double label_size_pt = 8.0;
};

/// One colour stop of a raster colour ramp.
struct ColourStop {
  double value = 0;   ///< interpolated: the value at this colour; discrete: the class's upper bound (may be +inf)
  Colour colour;
  std::string label;
};

/// A single-band pseudocolour raster style; nodata is transparent.
struct RasterStyle {
  std::string layer;                   ///< name for messages and the layer tree
  bool discrete = true;                ///< classes (value <= stop) rather than a smooth ramp
  std::vector<ColourStop> stops;       ///< increasing values
  double opacity = 1.0;
  int band = 1;
};

/// QML for a vector layer, as QGIS 3.22 writes it (`<!DOCTYPE qgis ...><qgis ...>`): the
/// renderer, labels and opacity. Throws Error(usage) when a graduated/categorized style
/// has no field or no classes, or the geometry is unknown.
[[nodiscard]] std::string layer_qml(const LayerStyle& style);

/// QML for a single-band raster: a singlebandpseudocolor renderer over `stops`.
/// Throws Error(usage) when there are no stops or they do not increase.
[[nodiscard]] std::string raster_qml(const RasterStyle& style);

}  // namespace hotspot::qgis
