#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include "hotspot/density/study_area_mask.hpp"

namespace hotspot::density {
namespace {

std::string wkb_of(const char* wkt) {
  OGRGeometry* g = nullptr;
  OGRGeometryFactory::createFromWkt(wkt, nullptr, &g);
  std::string out(static_cast<std::size_t>(g->WkbSize()), '\0');
  g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(out.data()), wkbVariantIso);
  OGRGeometryFactory::destroyGeometry(g);
  return out;
}

// A triangle on a 10 × 10 grid of 1 m cells: a cell is inside when its centre is, which we
// check against the point-in-triangle test at every centre.
TEST(StudyAreaMask, CellCentresInsideThePolygon) {
  GridSpec g;
  g.x_min = 0.0;
  g.y_max = 10.0;
  g.cell_size = 1.0;
  g.cols = 10;
  g.rows = 10;
  const auto mask = rasterize_study_area(wkb_of("POLYGON ((0.2 0.2, 9.7 0.2, 0.2 9.7, 0.2 0.2))"), g);
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      const double x = g.col_x(c);
      const double y = g.row_y(r);
      const bool inside = x > 0.2 && y > 0.2 && x + y < 9.9;
      EXPECT_EQ(mask[static_cast<std::size_t>(r) * g.cols + c], inside ? 1 : 0) << c << "," << r;
    }
  }
}

}  // namespace
}  // namespace hotspot::density
