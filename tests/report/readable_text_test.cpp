// Numbers, periods and names as a committee reads them.
#include "hotspot/report/readable_text.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace hotspot::report {
namespace {

TEST(CountText, ThousandsSeparatorsAndWholeNumbers) {
  EXPECT_EQ(count_text(12711), "12,711");
  EXPECT_EQ(count_text(999), "999");
  EXPECT_EQ(count_text(1000), "1,000");
  EXPECT_EQ(count_text(1234567), "1,234,567");
  EXPECT_EQ(count_text(-1234567), "-1,234,567");
  EXPECT_EQ(count_text(0.4), "0");
  EXPECT_EQ(count_text(-0.4), "0");  // never "-0"
  EXPECT_EQ(count_text(7.6), "8");
  EXPECT_EQ(count_text(std::nan("")), "\u2013");
}

TEST(PercentText, SharesBecomePercentagesRoundedAsAReaderExpects) {
  EXPECT_EQ(percent_text(0.016455485201001274), "1.6%");  // the camera's "Share added 0.016"
  EXPECT_EQ(percent_text(0.341), "34%");                  // whole percents from 10%
  EXPECT_EQ(percent_text(0.0037), "0.4%");
  EXPECT_EQ(percent_text(0.0999), "10%");  // not "10.0%" beside "11%"
  EXPECT_EQ(percent_text(0.0994), "9.9%");
  EXPECT_EQ(percent_text(0.0004), "under 0.1%");
  EXPECT_EQ(percent_text(0), "0%");
  EXPECT_EQ(percent_text(1), "100%");
  EXPECT_EQ(percent_text(0.9996), "over 99.9%");  // not "100%" when some are missing
  EXPECT_EQ(percent_text(0.997), "99.7%");
  EXPECT_EQ(percent_text(-0.126), "-13%");
  EXPECT_EQ(percent_text(-0.016), "-1.6%");
  EXPECT_EQ(percent_text(0.016455, 2), "1.65%");
  EXPECT_EQ(percent_text(12.5), "1,250%");
  EXPECT_EQ(percent_text(std::nan("")), "\u2013");
}

TEST(RoundedText, ThreeSignificantFiguresAtMost) {
  EXPECT_EQ(rounded_text(45.42), "45.4");
  EXPECT_EQ(rounded_text(0.994), "0.994");
  EXPECT_EQ(rounded_text(8.16), "8.16");
  EXPECT_EQ(rounded_text(2.5), "2.5");
  EXPECT_EQ(rounded_text(2.0), "2");
  EXPECT_EQ(rounded_text(0.0123), "0.0123");
  EXPECT_EQ(rounded_text(1234.6), "1,235");
  EXPECT_EQ(rounded_text(190), "190");
  EXPECT_EQ(rounded_text(273.75), "274");
  EXPECT_EQ(rounded_text(3.4), "3.4");
  EXPECT_EQ(rounded_text(0), "0");
  EXPECT_EQ(rounded_text(-45.42), "-45.4");
}

TEST(MonthNames, PeriodsAsAReaderSaysThem) {
  EXPECT_EQ(month_name("2018-01"), "January 2018");
  EXPECT_EQ(short_month_name("2018-09"), "Sep 2018");
  EXPECT_EQ(month_name("not a month"), "not a month");
  EXPECT_EQ(month_name("2018-13"), "2018-13");
  EXPECT_EQ(period_text("2018-01", "2018-12"), "January to December 2018");
  EXPECT_EQ(period_text("2018-03", "2019-02"), "March 2018 to February 2019");
  EXPECT_EQ(period_text("2018-06", "2018-06"), "June 2018");
}

TEST(AreaName, TheNameNeverThePathOrTheFilter) {
  EXPECT_EQ(area_name({"/work/data/boundaries/herts_districts.geojson", "", "lad17nm = 'Welwyn Hatfield'"}),
            "Welwyn Hatfield");
  EXPECT_EQ(area_name({"/x/districts.gpkg", "districts", "lad17nm IN ('St Albans', 'Welwyn Hatfield')"}),
            "St Albans and Welwyn Hatfield");
  EXPECT_EQ(area_name({"/x/wards.shp", "", "name IN ('A', 'B', 'C')"}), "A, B and C");
  EXPECT_EQ(area_name({"/x/wards.shp", "", "ward = 'St John''s'"}), "St John's");
  EXPECT_EQ(area_name({"/x/y/herts_districts.geojson", "", ""}), "herts_districts");
  EXPECT_EQ(area_name({"/x/y/areas.gpkg", "pspo_zones", "id = 3"}), "pspo_zones");
  EXPECT_EQ(area_name({"PG:dbname=gis host=db", "", "gid = 4"}), "the study area");
  EXPECT_EQ(area_name({"", "", ""}), "the study area");
}

TEST(OsGridReference, LettersAndDigitsOfTheNationalGrid) {
  // A camera of the sample plan, and two published references: Ben Nevis summit
  // NN 16671 71259 and Land's End SW 342 251.
  EXPECT_EQ(os_grid_reference(521700, 208800), "TL 2170 0880");
  EXPECT_EQ(os_grid_reference(521700, 208800, 3), "TL 217 088");
  EXPECT_EQ(os_grid_reference(216671, 771259, 5), "NN 16671 71259");
  EXPECT_EQ(os_grid_reference(134200, 25100, 3), "SW 342 251");
  EXPECT_EQ(os_grid_reference(651409, 313177, 4), "TG 5140 1317");  // Norwich area, TG
  EXPECT_EQ(os_grid_reference(-1, 0), "");
  EXPECT_EQ(os_grid_reference(700000, 0), "");
  EXPECT_EQ(os_grid_reference(std::nan(""), 0), "");
}

}  // namespace
}  // namespace hotspot::report
