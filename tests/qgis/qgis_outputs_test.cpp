// Writes the styled outputs that tests/scripts/check_qgis_outputs.py opens with real QGIS:
// one GeoPackage with every vector layer and its style in layer_styles, the density GeoTIFF
// with a .qml beside it, GeoJSON copies with .qml files, and a .qgs project. The layers come
// from the bundled sample (Welwyn Hatfield, 2018) through the library's density, hotspot
// polygon, Gi* and emerging hot spot calls; cameras, coverage and patrols are simple shapes
// placed on the densest cells (their planners have tests of their own). expected.json says
// what QGIS must find.

#include <cmath>
#include <fstream>
#include <numbers>
#include <optional>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/hotspot_polygons.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "hotspot/density/study_area_mask.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/qgis/layer_styles.hpp"
#include "hotspot/qgis/project.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "hotspot/significance/getis_ord.hpp"
#include "hotspot/trends/emerging_hotspots.hpp"
#include "test_support.hpp"

namespace hotspot::qgis {
namespace {

using Ring = std::vector<std::pair<double, double>>;

std::string polygon(const Ring& ring) {
  const std::vector<Ring> rings{ring};
  return wkb_polygon(rings);
}

/// A camera's view: a sector of `radius` around `heading` (degrees clockwise from north).
Ring sector(double x, double y, double heading, double fov, double radius) {
  Ring ring{{x, y}};
  for (int i = 0; i <= 12; ++i) {
    const double bearing = (heading - fov / 2 + fov * i / 12.0) * std::numbers::pi / 180.0;
    ring.emplace_back(x + radius * std::sin(bearing), y + radius * std::cos(bearing));
  }
  return ring;
}

Ring square(double x, double y, double half) {
  return {{x - half, y - half}, {x + half, y - half}, {x + half, y + half}, {x - half, y + half}};
}

GeometryKind kind_of_wkb(const std::string& wkb) {
  // ISO WKB, little-endian: byte 0 is the order, bytes 1..4 the type.
  return wkb.size() > 1 && wkb[1] == 6 ? GeometryKind::multipolygon : GeometryKind::polygon;
}

TEST(QgisOutputs, WritesAStyledPlanFolder) {
  // The ctest fixture of the QGIS check names a fixed folder; run on its own, the test
  // writes into a scratch folder removed afterwards.
  std::optional<testing::ScratchDir> scratch;
  std::filesystem::path out;
  if (const char* fixed = std::getenv("HOTSPOT_QGIS_OUT"); fixed != nullptr && *fixed != '\0') {
    out = fixed;
    std::filesystem::remove_all(out);
  } else {
    scratch.emplace("qgis_outputs");
    out = scratch->path();
  }
  std::filesystem::create_directories(out / "geojson");

  PrepareOptions options;
  options.read.inputs = {std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk"};
  options.filter.within = AreaSource{std::string(HOTSPOT_SAMPLE_DIR) + "/boundaries/herts_districts.geojson", "",
                                     "lad17nm = 'Welwyn Hatfield'"};
  const PreparedIncidents prepared = prepare_incidents(options);
  const Incidents& incidents = prepared.incidents;
  ASSERT_GT(incidents.size(), 5000U);
  ASSERT_TRUE(prepared.area);
  const std::string crs = prepared.crs.definition;
  ASSERT_EQ(crs, "EPSG:27700");

  // Study area and density surface.
  const Bounds b = prepared.area->bounds();
  const hotspot::GridSpec grid = hotspot::snap_grid(b.min_x, b.min_y, b.max_x, b.max_y, 100.0);
  density::DensityOptions density_options;
  density_options.bandwidth = 300;
  density_options.study_area = density::rasterize_study_area(prepared.area->wkb(), grid);
  const density::DensityResult surface = density::kernel_density(incidents, grid, density_options);
  RasterWriteOptions raster_options;
  raster_options.crs = crs;
  raster_options.band_description = "kernel density";
  raster_options.units = "incidents per km2";
  write_geotiff(out / "density.tif", grid, surface.values, raster_options);
  const auto levels = density::hotspot_levels(surface.values);
  const RasterStyle density_look = density_style("density", levels);
  write_qml_beside(out / "density.tif", density_look);

  VectorLayer study_area{"study_area", kind_of_wkb(prepared.area->wkb()), crs, {{"name", FieldType::string}}, {}, {}};
  study_area.features.push_back({prepared.area->wkb(), {std::string("Welwyn Hatfield")}});

  // Hotspot polygons of the surface.
  const auto polygons = density::hotspot_polygons(grid, surface.values, incidents, {}, {});
  VectorLayer hotspots{"hotspots", GeometryKind::polygon, crs,
                       {{"level", FieldType::string}, {"rank", FieldType::integer}, {"incidents", FieldType::integer}},
                       {}, {}};
  std::vector<std::string> level_names;
  for (const auto& p : polygons) {
    hotspots.features.push_back({p.wkb, {p.level, static_cast<std::int64_t>(p.rank), static_cast<std::int64_t>(p.incidents)}});
    if (std::find(level_names.begin(), level_names.end(), p.level) == level_names.end()) level_names.push_back(p.level);
  }
  ASSERT_EQ(level_names, (std::vector<std::string>{"top 1%", "top 5%", "top 10%"}));

  // Gi* on 500 m cells and emerging hot spots on the same cells, month by month.
  const auto cells = significance::aggregate_to_cells(incidents.x, incidents.y, incidents.weight, {significance::CellShape::square, 500.0});
  significance::GiStarOptions gi_options;
  gi_options.band = 1100;
  const auto gi = significance::getis_ord_gi_star(cells, gi_options);
  VectorLayer gistar{"gistar", GeometryKind::polygon, crs,
                     {{"column", FieldType::integer}, {"row", FieldType::integer}, {"gi_z", FieldType::real}, {"gi_bin", FieldType::integer}},
                     {}, {}};
  std::set<int> bins;
  for (std::int32_t row = 0; row < cells.grid.rows; ++row) {
    for (std::int32_t col = 0; col < cells.grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * static_cast<std::size_t>(cells.grid.columns) + static_cast<std::size_t>(col);
      VectorFeature f;
      f.wkb = polygon(cells.grid.outline(col, row));
      f.values.emplace_back(std::int64_t{col});
      f.values.emplace_back(std::int64_t{row});
      if (std::isnan(gi.z[i])) {
        f.values.emplace_back(std::monostate{});
      } else {
        f.values.emplace_back(gi.z[i]);
      }
      f.values.emplace_back(std::int64_t{gi.bin[i]});
      gistar.features.push_back(std::move(f));
      bins.insert(gi.bin[i]);
    }
  }
  ASSERT_TRUE(bins.count(3) && bins.count(0));  // the map shows hot spots and background

  const auto cube = trends::monthly_cube(incidents.x, incidents.y, incidents.month, incidents.weight, cells.grid,
                                         trends::GapPolicy::error);
  trends::EmergingOptions emerging_options;
  emerging_options.band = 1100;
  const auto emerging = trends::emerging_hot_spots(cube, emerging_options);
  VectorLayer trends_layer{"emerging_hot_spots", GeometryKind::polygon, crs, {{"pattern", FieldType::string}}, {}, {}};
  for (std::int32_t row = 0; row < cells.grid.rows; ++row) {
    for (std::int32_t col = 0; col < cells.grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * static_cast<std::size_t>(cells.grid.columns) + static_cast<std::size_t>(col);
      trends_layer.features.push_back({polygon(cells.grid.outline(col, row)), {std::string(trends::pattern_name(emerging.pattern[i]))}});
    }
  }

  // Cameras on the five densest cells that are at least 400 m apart; coverage sectors; two
  // patrol areas around the first cameras and a route between them.
  const auto ranked = density::rank_cells(surface.values);
  std::vector<std::pair<double, double>> sites;
  for (const auto cell : ranked) {
    const int col = static_cast<int>(cell % static_cast<std::size_t>(grid.cols));
    const int row = static_cast<int>(cell / static_cast<std::size_t>(grid.cols));
    const double x = grid.col_x(col), y = grid.row_y(row);
    bool far = true;
    for (const auto& [sx, sy] : sites) far = far && std::hypot(x - sx, y - sy) >= 400;
    if (far) sites.emplace_back(x, y);
    if (sites.size() == 5) break;
  }
  VectorLayer cameras{"cameras", GeometryKind::point, crs,
                      {{"rank", FieldType::integer}, {"site", FieldType::string}, {"heading_deg", FieldType::real}}, {}, {}};
  VectorLayer coverage{"coverage", GeometryKind::polygon, crs,
                       {{"kind", FieldType::string}, {"rank", FieldType::integer}, {"site", FieldType::string}}, {}, {}};
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const auto [x, y] = sites[i];
    const double heading = 45.0 * static_cast<double>(i);
    // A site name with characters that must be escaped wherever it is written.
    const std::string site = "Site " + std::to_string(i + 1) + " <\"A&B\">";
    const bool existing = i == sites.size() - 1;
    if (!existing) cameras.features.push_back({wkb_point(x, y), {static_cast<std::int64_t>(i + 1), site, heading}});
    coverage.features.push_back({polygon(sector(x, y, heading, 90, 120)),
                                 {std::string(existing ? "existing" : "new"),
                                  existing ? FieldValue{} : FieldValue{static_cast<std::int64_t>(i + 1)}, site}});
  }
  VectorLayer patrol_areas{"patrol_areas", GeometryKind::polygon, crs, {{"rank", FieldType::integer}, {"unit", FieldType::integer}}, {}, {}};
  VectorLayer patrol_routes{"patrol_routes", GeometryKind::linestring, crs, {{"unit", FieldType::integer}, {"stops", FieldType::integer}}, {}, {}};
  std::vector<std::pair<double, double>> route;
  for (std::size_t i = 0; i < 3; ++i) {
    patrol_areas.features.push_back({polygon(square(sites[i].first, sites[i].second, 150)), {static_cast<std::int64_t>(i + 1), std::int64_t{1}}});
    route.push_back(sites[i]);
  }
  patrol_routes.features.push_back({wkb_linestring(route), {std::int64_t{1}, std::int64_t{3}}});

  // Styles, the GeoPackage, the GeoJSON copies and the project.
  const std::vector<const VectorLayer*> layers{&cameras, &coverage, &patrol_routes, &patrol_areas, &hotspots,
                                               &gistar, &trends_layer, &study_area};
  const std::vector<LayerStyle> styles{cameras_style(),
                                       coverage_style(),
                                       patrol_routes_style(),
                                       patrol_areas_style(),
                                       hotspot_polygons_style("hotspots", level_names),
                                       gistar_style("gistar"),
                                       emerging_hotspots_style("emerging_hot_spots"),
                                       [&] {
                                         LayerStyle s = study_area_style();
                                         s.geometry = study_area.geometry;
                                         return s;
                                       }()};
  write_styled_geopackage(layers, styles, out / "plan.gpkg");
  const std::set<std::string> geojson_copies{"cameras", "coverage", "patrol_areas", "patrol_routes", "hotspots", "gistar"};
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (!geojson_copies.count(layers[i]->name)) continue;
    const auto path = out / "geojson" / (layers[i]->name + ".geojson");
    write_geojson(*layers[i], path);
    write_qml_beside(path, styles[i]);
  }

  std::vector<ProjectLayer> project_layers;
  const std::map<std::string, std::string> titles{
      {"cameras", "Planned cameras"},         {"coverage", "Camera views"},
      {"patrol_routes", "Patrol routes"},     {"patrol_areas", "Patrol areas"},
      {"hotspots", "Hotspots (density)"},    {"gistar", "Gi* hot & cold spots"},
      {"emerging_hot_spots", "Emerging hot spots"}, {"study_area", "Study area"}};
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const bool shown = layers[i]->name != "gistar" && layers[i]->name != "emerging_hot_spots";
    project_layers.push_back({titles.at(layers[i]->name), out / "plan.gpkg", layers[i]->name, styles[i], shown, ""});
  }
  project_layers.push_back({"Density", out / "density.tif", "", density_look, true, ""});
  const Extent extent{b.min_x, b.min_y, b.max_x, b.max_y};
  write_project(out / "plan.qgs", "Welwyn Hatfield hotspot plan", crs, extent, project_layers);

  // What QGIS must find.
  const auto renderer_name = [](const LayerStyle& s) {
    return s.renderer == Renderer::graduated ? "graduatedSymbol"
           : s.renderer == Renderer::categorized ? "categorizedSymbol" : "singleSymbol";
  };
  const auto geometry_name = [](GeometryKind k) {
    return k == GeometryKind::point ? "Point" : k == GeometryKind::linestring ? "Line" : "Polygon";
  };
  nlohmann::json expected;
  expected["project"] = "plan.qgs";
  expected["crs"] = crs;
  expected["extent"] = {b.min_x, b.min_y, b.max_x, b.max_y};
  expected["layers"] = nlohmann::json::array();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    expected["layers"].push_back({{"name", project_layers[i].name},
                                  {"gpkg", "plan.gpkg"},
                                  {"layer", layers[i]->name},
                                  {"kind", "vector"},
                                  {"visible", project_layers[i].visible},
                                  {"features", layers[i]->features.size()},
                                  {"geometry", geometry_name(layers[i]->geometry)},
                                  {"crs", crs},
                                  {"renderer", renderer_name(styles[i])},
                                  {"classes", styles[i].classes.size()},
                                  {"labels", !styles[i].label_field.empty()},
                                  {"opacity", styles[i].opacity}});
    if (geojson_copies.count(layers[i]->name)) expected["layers"].back()["geojson"] = "geojson/" + layers[i]->name + ".geojson";
  }
  expected["layers"].push_back({{"name", "Density"},
                                {"file", "density.tif"},
                                {"kind", "raster"},
                                {"visible", true},
                                {"crs", crs},
                                {"renderer", "singlebandpseudocolor"},
                                {"classes", density_look.stops.size()},
                                {"width", grid.cols},
                                {"height", grid.rows}});
  testing::write_text((out / "expected.json").string(), expected.dump(2) + "\n");

  for (const char* name : {"plan.gpkg", "plan.qgs", "density.tif", "density.qml", "geojson/cameras.geojson",
                           "geojson/cameras.qml", "expected.json"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(out / name)) << name;
  }
  EXPECT_EQ(cameras.features.size(), 4U);
  EXPECT_EQ(coverage.features.size(), 5U);
}

}  // namespace
}  // namespace hotspot::qgis
