#include "hotspot/geo/crs.hpp"

#include <cstdint>
#include <random>
#include <vector>

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

TEST(Bounds, StrictlyInsideAndOutsideExcludeSharedEdges) {
  const Bounds outer{0.0, 0.0, 10.0, 10.0};
  EXPECT_TRUE((Bounds{1.0, 1.0, 9.0, 9.0}).strictly_inside(outer));
  EXPECT_FALSE((Bounds{0.0, 1.0, 9.0, 9.0}).strictly_inside(outer));   // on the west edge
  EXPECT_FALSE((Bounds{1.0, 1.0, 9.0, 10.0}).strictly_inside(outer));  // on the north edge
  EXPECT_TRUE((Bounds{11.0, 1.0, 12.0, 2.0}).strictly_outside(outer));
  EXPECT_FALSE((Bounds{10.0, 1.0, 12.0, 2.0}).strictly_outside(outer));  // touching the east edge
  EXPECT_FALSE((Bounds{5.0, 5.0, 12.0, 12.0}).strictly_outside(outer));  // overlapping
  EXPECT_TRUE((Bounds{1.0, -3.0, 2.0, -1.0}).strictly_outside(outer));   // south
}

TEST(WorkingCrs, ABoxIsSettledOnlyWhenEveryLocationInItGetsTheSameCrs) {
  EXPECT_EQ(working_crs_for_box({-0.3, 51.7, -0.1, 51.8}), "EPSG:27700");  // Hertfordshire
  EXPECT_EQ(working_crs_for_box({2.2, 48.8, 2.5, 48.9}), "EPSG:32631");    // Paris
  EXPECT_EQ(working_crs_for_box({-6.0, 54.5, -5.8, 54.7}), "EPSG:32630");  // Belfast
  EXPECT_EQ(working_crs_for_box({150.0, -34.0, 151.5, -33.0}), "EPSG:32756");
  EXPECT_FALSE(working_crs_for_box({1.5, 51.0, 2.5, 51.5}));    // the edge of Great Britain's box
  EXPECT_FALSE(working_crs_for_box({-6.0, 54.5, -5.0, 54.7}));  // Northern Ireland and Scotland
  EXPECT_FALSE(working_crs_for_box({5.0, 48.0, 7.0, 49.0}));    // two UTM zones
  EXPECT_FALSE(working_crs_for_box({20.0, -1.0, 21.0, 1.0}));   // the equator
  // Whatever it settles agrees with choose_working_crs at every location of the box.
  const Bounds boxes[] = {{-0.3, 51.7, -0.1, 51.8}, {-7.9, 54.0, -6.1, 55.3}, {-3.0, 55.0, -1.0, 56.0},
                          {-9.5, 52.0, -8.9, 53.0}, {3.1, 50.0, 5.9, 51.0},     {-170.0, 60.0, -169.0, 61.0}};
  for (const Bounds& box : boxes) {
    const std::optional<std::string> settled = working_crs_for_box(box);
    ASSERT_TRUE(settled) << box.min_x << "," << box.min_y;
    for (int i = 0; i <= 20; ++i) {
      for (int j = 0; j <= 20; ++j) {
        const double lon = box.min_x + (box.max_x - box.min_x) * i / 20.0;
        const double lat = box.min_y + (box.max_y - box.min_y) * j / 20.0;
        EXPECT_EQ(choose_working_crs(lon, lat).definition, *settled) << lon << "," << lat;
      }
    }
  }
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

// Rows over a few thousand snap points are transformed a place at a time; mostly distinct rows
// point by point. Either way each row must get the numbers (to the bit) and the success flag
// that transforming it alone gives.
void expect_rows_as_transformed_alone(const std::vector<double>& lon, const std::vector<double>& lat) {
  CoordinateTransformer to_bng("EPSG:4326", "EPSG:27700");
  std::vector<double> x = lon, y = lat;
  std::vector<bool> ok;
  to_bng.transform(x, y, ok);
  ASSERT_EQ(ok.size(), lon.size());
  // A second transformer (a clone of the first one made) takes each row in a call of its own.
  const CoordinateTransformer one_at_a_time("EPSG:4326", "EPSG:27700");
  std::size_t failed = 0;
  for (std::size_t i = 0; i < lon.size(); ++i) {
    double xi = lon[i], yi = lat[i];
    const bool alone = one_at_a_time.transform(xi, yi);
    ASSERT_EQ(ok[i], alone) << "row " << i;
    if (!alone) {
      ++failed;
      continue;
    }
    ASSERT_EQ(x[i], xi) << "row " << i;
    ASSERT_EQ(y[i], yi) << "row " << i;
  }
  EXPECT_EQ(failed, 2U);  // the two impossible latitudes
}

// `n` uniform random lon/lat positions around Welwyn Hatfield.
void random_positions(std::uint64_t seed, int n, std::vector<double>& lon, std::vector<double>& lat) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dlon(-0.40, -0.10), dlat(51.60, 51.90);
  for (int i = 0; i < n; ++i) {
    lon.push_back(dlon(rng));
    lat.push_back(dlat(rng));
  }
}

TEST(CoordinateTransformer, RowsSharingSnapPointsGetTheNumbersOfEachRowAlone) {
  std::vector<double> snap_lon, snap_lat;
  random_positions(11, 2000, snap_lon, snap_lat);
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::size_t> pick(0, snap_lon.size() - 1);
  std::vector<double> lon, lat;
  for (int i = 0; i < 60000; ++i) {
    const std::size_t k = pick(rng);
    lon.push_back(snap_lon[k]);
    lat.push_back(snap_lat[k]);
  }
  lat[100] = 95.0;  // PROJ cannot: reported on that row alone,
  lat[40000] = 95.0;
  lon[50000] = -0.0;  // both zeros
  lat[50000] = 51.7;
  lon[50001] = 0.0;
  lat[50001] = 51.7;
  expect_rows_as_transformed_alone(lon, lat);
}

TEST(CoordinateTransformer, MostlyDistinctRowsGetTheNumbersOfEachRowAlone) {
  std::vector<double> lon, lat;
  random_positions(12, 40000, lon, lat);
  lat[7] = 95.0;
  lat[39000] = 95.0;
  expect_rows_as_transformed_alone(lon, lat);
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
