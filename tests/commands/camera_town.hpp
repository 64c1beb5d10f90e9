#pragma once

// A hand-counted town for the camera steps' tests (cctv, cctv next, cctv appraise).

#include <string>
#include <tuple>
#include <vector>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "test_support.hpp"

namespace hotspot::testing {

/// Four named sites (EPSG:27700): Alpha at (530000, 200000), Bravo 1 km east, Delta 100 m east
/// of Bravo, Charlie 1 km north of Alpha, in `sites.gpkg` (field `name`). Four months of 2021
/// (January to April), each month 1 Anti-social behaviour incident at Alpha, 10 at Bravo, 4 at
/// Charlie and 6 at Delta, each 5 m from its site. Four months allow no rolling origin for a
/// quarter ahead, so the demand model falls back to plain counts without an interval (noted),
/// and a site's forecast is its monthly count times the months forecast. Cameras see 40 m all
/// round (`scene`), so each sees its own site's incidents only.
struct CameraTown {
  ScratchDir dir{"camera-town"};
  PreparedIncidents prepared;
  commands::CctvStepOptions scene;

  explicit CameraTown(commands::CctvStepOptions base) : scene(std::move(base)) {
    VectorLayer sites{"sites", GeometryKind::point, "EPSG:27700", {{"name", FieldType::string}}, {}, {}};
    const std::vector<std::tuple<std::string, double, double, int>> named{
        {"Alpha", 530000, 200000, 1}, {"Bravo", 531000, 200000, 10}, {"Charlie", 530000, 201000, 4}, {"Delta", 531100, 200000, 6}};
    Incidents in;
    const std::uint32_t asb = in.categories.intern("Anti-social behaviour");
    for (const auto& [name, x, y, per_month] : named) {
      sites.features.push_back({wkb_point(x, y), {name}});
      for (int month = 1; month <= 4; ++month) {
        for (int k = 0; k < per_month; ++k) {
          in.push_back(IncidentRecord{.x = x + 3, .y = y + 4, .month = make_month(2021, month), .category = asb});
        }
      }
    }
    const VectorLayer* layers[] = {&sites};
    write_geopackage(layers, dir.file("sites.gpkg"));
    prepared = prepared_in_bng(std::move(in));
    CctvOptions& o = scene.cctv;
    o.candidates.points = AreaSource{dir.file("sites.gpkg"), "sites", ""};
    o.candidates.name_field = "name";
    o.camera.range_m = 40;
    o.camera.fov_deg = 360;
  }
};

}  // namespace hotspot::testing
