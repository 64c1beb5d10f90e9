#include "hotspot/patrol/place_selection.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <random>

#include "patrol/patrol_fixtures.hpp"

namespace hotspot::patrol {
namespace {

MicroPlaces random_places(std::mt19937_64& rng, std::size_t n) {
  Incidents in;
  for (std::size_t i = 0; i < n; ++i) {
    const auto incidents = 1 + rng() % 6;
    for (std::size_t k = 0; k < incidents; ++k) {
      hotspot::testing::add_incident(in, static_cast<double>(i) * 100 + 50, 50,
                                     make_month(2018, static_cast<int>(1 + rng() % 12)),
                                     static_cast<double>(1 + rng() % 4));
    }
  }
  return grid_places(in, MicroPlaceOptions{});
}

TEST(PlaceSelection, SmallestSetCoveringTheTargetMatchesBruteForce) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 3 + rng() % 10;
    const MicroPlaces places = random_places(rng, n);
    for (double share : {0.1, 0.25, 0.5, 0.8, 1.0}) {
      SelectionOptions options;
      options.harm_share = share;
      const Selection s = select_places(places, options);
      // Oracle: every subset; the fewest places whose harm reaches the target.
      std::size_t best = n + 1;
      double best_harm_at_best = 0;
      for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
        double harm = 0;
        for (std::size_t i = 0; i < n; ++i) {
          if ((mask >> i) & 1u) harm += places.places[i].harm;
        }
        const auto size = static_cast<std::size_t>(std::popcount(mask));
        if (harm + 1e-9 >= share * places.total_harm && size <= best) {
          if (size < best) best_harm_at_best = 0;
          best = size;
          best_harm_at_best = std::max(best_harm_at_best, harm);
        }
      }
      ASSERT_EQ(s.places.size(), best) << "trial " << trial << " share " << share;
      EXPECT_TRUE(s.target_reached);
      // Among the smallest sets, ours holds the most harm.
      EXPECT_NEAR(s.harm, best_harm_at_best, 1e-9);
      EXPECT_TRUE(std::is_sorted(s.places.begin(), s.places.end()));
    }
  }
}

TEST(PlaceSelection, ConcentrationOfCellsIsHarmShareOverAreaShare) {
  Incidents in;
  // Three cells with harm 6, 3, 1; the target 0.6 needs the first only.
  for (int k = 0; k < 6; ++k) hotspot::testing::add_incident(in, 50, 50, make_month(2018, 1 + k));
  for (int k = 0; k < 3; ++k) hotspot::testing::add_incident(in, 150, 50, make_month(2018, 1 + k));
  hotspot::testing::add_incident(in, 950, 950, make_month(2018, 1));
  const MicroPlaces places = grid_places(in, MicroPlaceOptions{});
  SelectionOptions options;
  options.harm_share = 0.6;
  options.study_area_m2 = 1e6;  // 1 km²: one cell of 100 m is 1% of it
  const Selection s = select_places(places, options);
  ASSERT_EQ(s.places.size(), 1u);
  EXPECT_DOUBLE_EQ(s.harm_share, 0.6);
  EXPECT_DOUBLE_EQ(s.area_share, 0.01);
  EXPECT_DOUBLE_EQ(s.concentration, 60);
  // Without a study area, the cells' bounding box (0..1000 × 0..1000 here) stands in.
  options.study_area_m2 = 0;
  EXPECT_DOUBLE_EQ(select_places(places, options).area_share, 0.01);
  // A fixed count takes the top of the ranking.
  SelectionOptions fixed;
  fixed.count = 2;
  const Selection two = select_places(places, fixed);
  EXPECT_EQ(two.places, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_DOUBLE_EQ(two.harm_share, 0.9);
  fixed.count = 5;
  EXPECT_FALSE(select_places(places, fixed).target_reached);
}

}  // namespace
}  // namespace hotspot::patrol
