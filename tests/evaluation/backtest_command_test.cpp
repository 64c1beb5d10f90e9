// CLI tests of `hotspot backtest` on the committed Welwyn Hatfield sample (2018).

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::cli;
using testing::read_text;
using testing::run;
using testing::ScratchDir;

const std::string kSample = HOTSPOT_SAMPLE_DIR;

std::string welwyn(const std::string& extra) {
  return cli() + " backtest '" + kSample + "/police_uk' --within '" + kSample +
         "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\" --threads 1 " + extra;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream fields(line);
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

TEST(BacktestCommand, WelwynHatfieldTableAndBookkeeping) {
  ScratchDir dir("backtest-cli");
  // All earlier months train (--training-months 0), so each origin's training weight is the
  // previous origin's training plus its test weight: R(t+1) = R(t) + N(t).
  const auto r = run(welwyn("--training-months 0 --bandwidths 100,200 --draws 50 -q --csv '" + dir.file("b.csv") +
                            "' --markdown '" + dir.file("b.md") + "' --summary-csv '" + dir.file("s.csv") + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto rows = csv_rows(read_text(dir.file("b.csv")));
  ASSERT_FALSE(rows.empty());
  ASSERT_EQ(rows[0].size(), 18u);
  EXPECT_EQ(rows[0][14], "hit_rate");
  // Origins 2018-03 … 2018-11 (3 training months minimum, December the last test month),
  // methods KDE 100, KDE 200, auto, Gi*, previous, random; shares 1, 5, 10%.
  ASSERT_EQ(rows.size(), 1u + 9u * 6u * 3u);
  EXPECT_EQ(rows[1][0], "2018-03");
  EXPECT_EQ(rows.back()[0], "2018-11");
  EXPECT_EQ(rows.back()[4], "2018-12");
  double previous_train = 0, previous_test = 0;
  for (std::size_t i = 1; i < rows.size(); i += 18) {  // first row of each origin
    const double test = std::stod(rows[i][9]), train = std::stod(rows[i][12]);
    EXPECT_GT(test, 700.0) << rows[i][0];  // ~1,000 Welwyn Hatfield incidents a month
    if (i > 1) {
      EXPECT_DOUBLE_EQ(train, previous_train + previous_test) << rows[i][0];
    }
    previous_train = train;
    previous_test = test;
  }
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const double hits = std::stod(rows[i][10]), best = std::stod(rows[i][11]), pei = std::stod(rows[i][16]);
    EXPECT_LE(hits, best + 1e-9) << i;
    EXPECT_LE(pei, 1.0 + 1e-12) << i;
    if (rows[i][5] == "uniform_random") {
      EXPECT_NEAR(std::stod(rows[i][15]), 1.0, 0.35) << i;  // PAI
    }
  }
  const std::string md = read_text(dir.file("b.md"));
  EXPECT_NE(md.find("9 rolling origins from 2018-03 to 2018-11"), std::string::npos) << md;
  EXPECT_NE(md.find("| previous period |"), std::string::npos);
  EXPECT_EQ(csv_rows(read_text(dir.file("s.csv"))).size(), 1u + 6u * 3u);
}

TEST(BacktestCommand, CamerasAgainstBusiestLocations) {
  ScratchDir dir("backtest-cli-cameras");
  const auto r = run(welwyn("--types 'Anti-social behaviour' --no-auto-bandwidth --no-gistar --bandwidths 200 "
                            "--cameras 3 --range 60 --spacing 100 --min-separation 200 --camera-csv '" +
                            dir.file("c.csv") + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("| busiest training locations |"), std::string::npos) << r.out;
  const auto rows = csv_rows(read_text(dir.file("c.csv")));
  ASSERT_EQ(rows.size(), 10u);  // header + 9 origins
  for (std::size_t i = 1; i < rows.size(); ++i) {
    for (std::size_t c = 8; c <= 12; ++c) {
      const double share = std::stod(rows[i][c]);
      EXPECT_GE(share, 0.0);
      EXPECT_LE(share, 1.0);
    }
  }
}

TEST(BacktestCommand, BadValuesAreUsageErrors) {
  EXPECT_EQ(run(welwyn("--area-shares 0")).exit_code, 2);
  EXPECT_EQ(run(welwyn("--horizon 0")).exit_code, 2);
  EXPECT_EQ(run(welwyn("--cell 0.001")).exit_code, 2);
  // Too few months for any origin: a data error.
  EXPECT_EQ(run(welwyn("--min-training-months 12")).exit_code, 4);
}

}  // namespace
}  // namespace hotspot
