#include "hotspot/geo/crs.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

TEST(WorkingCrs, BritishNationalGridInGreatBritainElseUtm) {
  EXPECT_EQ(choose_working_crs(-0.2475, 51.7632).definition, "EPSG:27700");   // Welwyn Hatfield
  EXPECT_EQ(choose_working_crs(-3.19, 55.95).definition, "EPSG:27700");       // Edinburgh
  EXPECT_EQ(choose_working_crs(-5.93, 54.60).definition, "EPSG:32630");       // Belfast: not Great Britain
  EXPECT_EQ(choose_working_crs(-7.31, 54.99).definition, "EPSG:32629");       // Derry/Londonderry
  EXPECT_EQ(choose_working_crs(2.35, 48.86).definition, "EPSG:32631");        // Paris
  EXPECT_EQ(choose_working_crs(-74.0, 40.7).definition, "EPSG:32618");        // New York
  EXPECT_EQ(choose_working_crs(151.2, -33.87).definition, "EPSG:32756");      // Sydney
  EXPECT_NE(choose_working_crs(-0.25, 51.76).reason.find("Great Britain"), std::string::npos);
}

TEST(WorkingCrs, GeographicAndNonMetreCrsAreRefused) {
  try {
    require_metric_crs("EPSG:4326");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::crs);
    EXPECT_NE(std::string(e.what()).find("geographic"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("EPSG:27700"), std::string::npos);
  }
  EXPECT_THROW(require_metric_crs("EPSG:2223"), Error);  // US survey feet
  EXPECT_THROW(require_metric_crs("not a crs"), Error);
  EXPECT_NO_THROW(require_metric_crs("EPSG:27700"));
  EXPECT_NO_THROW(require_metric_crs("EPSG:32630"));
}

TEST(WorkingCrs, DistancesMustMakeSenseInMetres) {
  EXPECT_THROW(check_distance(0, "--radius", 1000), Error);
  EXPECT_THROW(check_distance(-5, "--radius", 1000), Error);
  EXPECT_THROW(check_distance(0.002, "--radius", 1000), Error);  // degrees given by mistake
  EXPECT_THROW(check_distance(50000, "--radius", 1000), Error);  // 50 km over a 1 km extent
  EXPECT_NO_THROW(check_distance(250, "--radius", 20000));
  EXPECT_NO_THROW(check_distance(250, "--radius", 0));
}

TEST(CoordinateTransformer, RoundTripsAndDescribesAreaOfUse) {
  // The Ordnance Survey's published coordinates of its trig point on Dunstable Down are not
  // needed here: the transformation is PROJ's; we check our wrapping (axis order, round trip,
  // failure reporting).
  CoordinateTransformer to_bng("EPSG:4326", "EPSG:27700");
  CoordinateTransformer to_wgs("EPSG:27700", "EPSG:4326");
  double x = -0.2475, y = 51.7632;
  ASSERT_TRUE(to_bng.transform(x, y));
  EXPECT_GT(x, 500000);  // easting first whatever the CRS's axis order
  EXPECT_LT(x, 540000);
  EXPECT_GT(y, 190000);
  EXPECT_LT(y, 230000);
  ASSERT_TRUE(to_wgs.transform(x, y));
  EXPECT_NEAR(x, -0.2475, 1e-7);  // PROJ inverts the OSGB36 Helmert shift to ~1 mm
  EXPECT_NEAR(y, 51.7632, 1e-7);

  const CrsInfo bng = describe_crs("EPSG:27700");
  EXPECT_FALSE(bng.geographic);
  ASSERT_TRUE(bng.has_area_of_use);
  EXPECT_TRUE(bng.area_of_use.contains(-0.25, 51.76));
  EXPECT_FALSE(bng.area_of_use.contains(2.35, 48.86));
  EXPECT_TRUE(describe_crs("EPSG:4326").geographic);
}

}  // namespace
}  // namespace hotspot
