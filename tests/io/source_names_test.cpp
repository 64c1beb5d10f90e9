// What a source's name says (io/source_names.hpp): which files are police.uk or CSV, the
// force and month a police.uk file holds, and how a source is named to the user.
#include "io/source_names.hpp"

#include <gtest/gtest.h>

namespace hotspot {
namespace {

using namespace hotspot::detail;

TEST(SourceNames, KnowsPoliceUkAndCsvFilesByNameInAnyCase) {
  EXPECT_TRUE(is_police_uk_name("data/2021-01-hertfordshire-street.csv"));
  EXPECT_TRUE(is_police_uk_name("2021-01-hertfordshire-STREET.CSV.GZ"));
  EXPECT_FALSE(is_police_uk_name("2021-01-hertfordshire-outcomes.csv"));
  EXPECT_FALSE(is_police_uk_name("street.csv"));  // no "-street"
  EXPECT_FALSE(is_police_uk_name("2021-01-hertfordshire-street.csv.zip"));
  for (const char* name : {"a.csv", "a.TSV", "a.txt", "a.csv.gz", "a.tsv.gz", "A.TXT.GZ"}) {
    EXPECT_TRUE(is_csv_name(name)) << name;
  }
  for (const char* name : {"a.gpkg", "a.csv.zip", "a.gz", "csv", "a.csvt"}) {
    EXPECT_FALSE(is_csv_name(name)) << name;
  }
  EXPECT_TRUE(ends_with_nocase("A.Zip", ".zip"));
  EXPECT_FALSE(ends_with_nocase("zip", ".zip"));
}

TEST(SourceNames, ReadsTheForceAndMonthOfAPoliceUkFile) {
  EXPECT_EQ(police_uk_force_and_month("/data/2021-01-Hertfordshire-street.csv"), "hertfordshire 2021-01");
  EXPECT_EQ(police_uk_force_and_month("/vsizip//d/x.zip/2018-10/2018-10-thames-valley-street.csv"),
            "thames-valley 2018-10");
  EXPECT_EQ(police_uk_force_and_month("/vsigzip//d/2018-10-herts-street.csv.gz"), "herts 2018-10");
  EXPECT_EQ(police_uk_force_and_month("/d/herts-street.csv"), std::nullopt);
  EXPECT_EQ(police_uk_force_and_month("/d/2021-01-herts-outcomes.csv"), std::nullopt);
}

TEST(SourceNames, NamesSourcesAsTheUserGaveThem) {
  EXPECT_EQ(display_name("/vsigzip/data/2021-01-x-street.csv.gz"), "data/2021-01-x-street.csv.gz");
  EXPECT_EQ(display_name("/vsizip/d/x.zip/2021-01/2021-01-x-street.csv"), "d/x.zip/2021-01/2021-01-x-street.csv");
  EXPECT_EQ(display_name("CSV:log.txt"), "log.txt");
  const std::string pg = display_name("PG:host=db user=jo password=hunter2 dbname=crime");
  EXPECT_EQ(pg.find("hunter2"), std::string::npos) << pg;
  EXPECT_NE(pg.find("dbname=crime"), std::string::npos) << pg;
}

TEST(SourceNames, GivesGdalPathsForFilesOnDisk) {
  EXPECT_EQ(gdal_path("d/2021-01-x-street.csv.GZ"), "/vsigzip/d/2021-01-x-street.csv.GZ");
  EXPECT_EQ(gdal_path("d/log.csv"), "d/log.csv");
  EXPECT_EQ(gdal_path("/vsizip/d/x.zip/a.csv.gz"), "/vsizip/d/x.zip/a.csv.gz");
  EXPECT_EQ(gdal_path("PG:dbname=x.gz"), "PG:dbname=x.gz");
  EXPECT_TRUE(is_gdal_only_path("PG:dbname=crime"));
  EXPECT_TRUE(is_gdal_only_path("/vsimem/x.csv"));
  EXPECT_FALSE(is_gdal_only_path("/data/x.csv"));
  EXPECT_FALSE(is_gdal_only_path("pg:dbname=crime"));  // GDAL's prefix is case-sensitive
}

}  // namespace
}  // namespace hotspot
