// The Gi* step: the layer it writes, published and not, and what it says.
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/gistar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::commands {
namespace {

/// One incident at the centre of each 100 m cell of a 10 x 10 block, and 20 more in each of
/// the four cells of its south-west corner: a hot spot of 4 cells of 21 incidents.
PreparedIncidents corner_hot_spot() {
  Incidents in;
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) {
      const int times = (r < 2 && c < 2) ? 21 : 1;
      for (int i = 0; i < times; ++i) {
        in.push_back(IncidentRecord{.x = 523000.0 + 100 * c + 50, .y = 210000.0 + 100 * r + 50});
      }
    }
  }
  return testing::prepared_in_bng(std::move(in));
}

GistarOptions hundred_metre_cells() {
  GistarOptions options;
  options.analysis.cell_size = 100;
  options.analysis.band = 150;
  return options;
}

TEST(GistarStep, WritesOneLayerOfCellsAndSaysHowManyAreHot) {
  testing::MemorySink sink;
  const significance::HotSpotAnalysis analysis = run_gistar(corner_hot_spot(), hundred_metre_cells(), sink);
  ASSERT_EQ(sink.layer_names(), std::vector<std::string>{kGistarLayer});
  EXPECT_TRUE(sink.files.empty());
  EXPECT_EQ(sink.layers[0].features.size(), analysis.result.cells_in_study_area);
  EXPECT_GE(analysis.hot, 4u);
  EXPECT_TRUE(sink.said.said(std::to_string(analysis.hot) + " hot and " + std::to_string(analysis.cold) + " cold"));
  // The band was given: no line about choosing it.
  EXPECT_FALSE(sink.said.said("band ")) << sink.said.statuses.front();
}

TEST(GistarStep, PublishedCellsHoldAtLeastKIncidents) {
  step::PublishSettings publish;
  publish.enabled = true;
  publish.min_count = 5;
  testing::MemorySink sink(publish);
  (void)run_gistar(corner_hot_spot(), hundred_metre_cells(), sink);
  ASSERT_EQ(sink.layer_names(), std::vector<std::string>{kGistarLayer});
  EXPECT_TRUE(sink.withheld.empty());
  // Only the four corner cells (21 incidents each) reach k = 5.
  const auto incidents = testing::MemorySink::column(sink.layers[0], "incidents");
  ASSERT_EQ(incidents.size(), 4u);
  for (const auto& v : incidents) EXPECT_EQ(std::get<std::int64_t>(v), 21);
}

TEST(GistarStep, OptionsAreDeclaredOnTheLibraryFields) {
  GistarOptions options;
  step::Declarer d("gistar");
  declare_gistar(d, options);
  step::Option* cell = d.find("cell");
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->deprecated_names(), std::vector<std::string>{"cell-size"});
  cell->assign({"250"});
  EXPECT_EQ(options.analysis.cell_size, 250.0);
  step::Option* band = d.find("band");
  ASSERT_NE(band, nullptr);
  EXPECT_EQ(band->default_value(), "auto");
  band->assign({"300"});
  EXPECT_EQ(options.analysis.band, 300.0);
  band->assign({"auto"});
  EXPECT_EQ(options.analysis.band, 0.0);
  EXPECT_THROW(band->assign({"-3"}), Error);
  d.find("shape")->assign({"hexagon"});
  EXPECT_EQ(options.analysis.shape, significance::CellShape::hexagon);
  d.find("correction")->assign({"bonferroni"});
  EXPECT_EQ(options.analysis.correction, significance::Correction::bonferroni);
  EXPECT_EQ(d.find("seed")->default_value(), std::to_string(significance::HotSpotAnalysisOptions{}.seed));
}

}  // namespace
}  // namespace hotspot::commands
