#include "hotspot/core/incidents.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "hotspot/core/error.hpp"
#include "hotspot/core/row_account.hpp"

namespace hotspot {
namespace {

Incidents random_incidents(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> snap(0, 40);
  std::uniform_real_distribution<double> w(0.5, 3.0);
  Incidents inc;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = 100.0 * snap(rng);
    const double y = 50.0 * (snap(rng) % 7);
    const std::string id = std::to_string(i);
    inc.push_back({.x = x,
                   .y = y,
                   .month = make_month(2021, 1 + static_cast<int>(i % 12)),
                   .category = inc.categories.intern(i % 3 ? "Burglary" : "Drugs"),
                   .weight = w(rng),
                   .row = i + 1,
                   .crime_id = id});
  }
  return inc;
}

/// collapse_locations against grouping by hand: places in (x, y) order (std::map's), -0.0 as
/// 0.0, weights summed in row order, so bit for bit equal; every row points at its place.
void expect_collapse_matches_grouping(const Incidents& inc) {
  const WeightedPoints points = collapse_locations(inc);
  std::map<std::pair<double, double>, std::pair<double, std::uint32_t>> expected;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    auto& e = expected[{inc.x[i] == 0.0 ? 0.0 : inc.x[i], inc.y[i] == 0.0 ? 0.0 : inc.y[i]}];
    e.first += inc.weight[i];
    e.second += 1;
  }
  ASSERT_EQ(points.size(), expected.size());
  std::size_t k = 0;
  for (const auto& [xy, totals] : expected) {
    EXPECT_EQ(points.x[k], xy.first);
    EXPECT_FALSE(std::signbit(points.x[k]));
    EXPECT_EQ(points.y[k], xy.second);
    EXPECT_EQ(points.weight[k], totals.first);  // exactly: same additions in the same order
    EXPECT_EQ(points.count[k], totals.second);
    ++k;
  }
  for (std::size_t i = 0; i < inc.size(); ++i) {
    EXPECT_EQ(points.x[points.point_of[i]], inc.x[i]);
    EXPECT_EQ(points.y[points.point_of[i]], inc.y[i]);
  }
}

TEST(Incidents, CollapseMatchesBruteForceGrouping) { expect_collapse_matches_grouping(random_incidents(5000, 7)); }

// collapse_locations groups places in a hash table, or sorts every row when the first 16,384
// rows are more than 90% distinct places. Both must agree with grouping by hand: checked with
// 1 row in 7 repeating a place (86% distinct: the table, past the probe) and 1 in 20 (95%: the
// sort). Rows 5 and 11 are (0, 0) and (-0.0, 0): one place.
TEST(Incidents, CollapseOfMostlyDistinctRowsMatchesBruteForceGrouping) {
  for (const std::size_t period : {7, 20}) {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> coord(0, 1000000);
    std::uniform_real_distribution<double> w(0.5, 3.0);
    Incidents inc;
    for (std::size_t i = 0; i < 40000; ++i) {
      const bool repeat = i % period == period - 1;
      double x = repeat ? inc.x[i / 2] : static_cast<double>(coord(rng)) / 10.0;
      double y = repeat ? inc.y[i / 2] : static_cast<double>(coord(rng)) / 10.0;
      if (i == 5 || i == 11) x = y = 0.0;
      if (i == 11) x = -0.0;
      inc.push_back({.x = x, .y = y, .weight = w(rng), .row = i + 1});
    }
    SCOPED_TRACE(period);
    expect_collapse_matches_grouping(inc);
    EXPECT_EQ(collapse_locations(inc).count[0], 2u);  // (0, 0), from rows 5 and 11
  }
}

TEST(Incidents, CompactKeepsRowsInOrderAcrossColumns) {
  Incidents inc = random_incidents(10, 1);
  std::vector<bool> keep(10, false);
  keep[2] = keep[5] = keep[9] = true;
  const double x5 = inc.x[5];
  inc.compact(keep);
  ASSERT_EQ(inc.size(), 3u);
  EXPECT_EQ(inc.row, (std::vector<std::uint64_t>{3, 6, 10}));
  EXPECT_EQ(inc.x[1], x5);
  EXPECT_EQ(inc.crime_id.size(), 3u);
  EXPECT_EQ(inc.crime_id[2], "9");
}

TEST(Incidents, AppendRecodesDictionaries) {
  Incidents a = random_incidents(3, 2);
  Incidents b;
  b.x = {1};
  b.y = {2};
  b.month = {kNoMonth};
  b.time = {kNoTime};
  b.category = {b.categories.intern("Robbery")};
  b.weight = {1};
  b.location = {b.locations.intern("On or near Parking Area")};
  b.lsoa = {b.intern_lsoa("E01000001", "St Albans 001A")};
  b.source = {b.sources.intern("b.csv")};
  b.row = {1};
  b.crime_id.push_back("abc");
  a.append(b);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a.categories[a.category[3]], "Robbery");
  EXPECT_EQ(a.locations[a.location[3]], "On or near Parking Area");
  EXPECT_EQ(a.lsoa_name(a.lsoa[3]), "St Albans 001A");
  EXPECT_EQ(a.lsoa_code(a.lsoa[3]), "E01000001");
  EXPECT_EQ(a.crime_id[3], "abc");
}

TEST(StringDictionary, RankedTextListsNamesWithCountsInTheGivenOrder) {
  StringDictionary types;
  const std::uint32_t burglary = types.intern("Burglary");
  const std::uint32_t shoplifting = types.intern("Shoplifting");
  EXPECT_EQ(ranked_text({{shoplifting, 12}, {burglary, 3}}, types), "Shoplifting: 12; Burglary: 3");
  EXPECT_EQ(ranked_text({{burglary, 1}}, types), "Burglary: 1");
  EXPECT_EQ(ranked_text({}, types), "");
}

/// One source's account: `read` rows, one of them (`row`) rejected for `reason`.
RowAccount one_rejection(const std::string& source, std::uint64_t read, std::uint64_t row, RejectReason reason,
                         std::string detail = {}) {
  RowAccount a;
  a.sources = {source};
  a.read = read;
  a.reject(0, row, reason, std::move(detail));
  return a;
}

TEST(RowAccount, ReadEqualsUsedPlusRejectedAfterMerge) {
  RowAccount a = one_rejection("a.csv", 10, 3, RejectReason::no_coordinates);
  a.merge(one_rejection("b.csv", 5, 1, RejectReason::bad_month, "Month \"2021-13\""));
  EXPECT_EQ(a.read, 15u);
  EXPECT_EQ(a.rejected(), 2u);
  EXPECT_EQ(a.used(), 13u);
  EXPECT_EQ(a.rejections[1].source, 1u);
  EXPECT_EQ(a.sources[1], "b.csv");
  EXPECT_EQ(reject_reason_id(RejectReason::outside_bbox), "outside_bbox");
}

// A large file read in two pieces: the second piece's rows continue after the first's.
TEST(RowAccount, PiecesOfOneSourceContinueTheRowNumbers) {
  RowAccount whole;
  whole.sources = {"big.csv"};
  whole.append_piece(one_rejection("big.csv", 100, 7, RejectReason::no_coordinates), 0);
  whole.append_piece(one_rejection("big.csv", 50, 3, RejectReason::bad_month, "Month \"2021-13\""), 100);
  EXPECT_EQ(whole.read, 150u);
  EXPECT_EQ(whole.rejected(), 2u);
  EXPECT_EQ(whole.sources.size(), 1u);
  ASSERT_EQ(whole.rejections.size(), 2u);
  EXPECT_EQ(whole.rejections[0].row, 7u);
  EXPECT_EQ(whole.rejections[1].row, 103u);
  EXPECT_EQ(whole.rejections[1].source, 0u);
  EXPECT_EQ(whole.rejections[1].detail, "Month \"2021-13\"");
}

TEST(Error, MessageNamesStageSourceRowAndDetail) {
  const Error e(ErrorCode::data, ErrorContext{"readers.police_uk", "2021-03-hertfordshire-street.csv", 812, "Latitude"},
                "Latitude \"51.7x\" is not a number");
  EXPECT_STREQ(e.what(), "readers.police_uk: 2021-03-hertfordshire-street.csv row 812: Latitude \"51.7x\" is not a number");
  EXPECT_EQ(e.exit_code(), 4);
  EXPECT_STREQ(Error(ErrorCode::usage, "crs", "bad").what(), "crs: bad");
}

}  // namespace
}  // namespace hotspot
