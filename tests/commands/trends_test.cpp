// The emerging-hot-spot step: the layer it writes, and what it says about the months.
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/trends.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::commands {
namespace {

/// A 6 x 6 block of 100 m cells with one incident per cell in 2021-01, -02, -04 and -05 (none
/// in 2021-03), 10 more per month in the south-west cell, and two incidents without a month.
PreparedIncidents months_with_a_gap() {
  Incidents in;
  for (const int m : {1, 2, 4, 5}) {
    for (int r = 0; r < 6; ++r) {
      for (int c = 0; c < 6; ++c) {
        const int times = (r == 0 && c == 0) ? 11 : 1;
        for (int i = 0; i < times; ++i) {
          in.push_back(IncidentRecord{.x = 523000.0 + 100 * c + 50, .y = 210000.0 + 100 * r + 50,
                                      .month = make_month(2021, m)});
        }
      }
    }
  }
  in.push_back(IncidentRecord{.x = 523250, .y = 210250});
  in.push_back(IncidentRecord{.x = 523350, .y = 210350});
  return testing::prepared_in_bng(std::move(in));
}

TrendsOptions skip_gaps() {
  TrendsOptions options;
  options.analysis.cell_size = 100;
  options.analysis.gaps = trends::GapPolicy::skip;
  return options;
}

TEST(TrendsStep, WritesOneLayerAndNamesTheMissingMonth) {
  testing::MemorySink sink;
  const trends::EmergingAnalysis analysis = run_trends(months_with_a_gap(), skip_gaps(), sink);
  ASSERT_EQ(sink.layer_names(), std::vector<std::string>{kTrendsLayer});
  EXPECT_TRUE(sink.files.empty());
  EXPECT_EQ(sink.layers[0].features.size(), 36u);  // every cell has incidents
  ASSERT_EQ(sink.said.notes.size(), 2u);
  EXPECT_EQ(sink.said.notes[0], "1 month(s) missing from the data, skipped (steps are the months present): 2021-03");
  EXPECT_EQ(sink.said.notes[1], "2 incidents without a month were not counted");
  EXPECT_TRUE(sink.said.said("4 monthly steps 2021-01..2021-05, 36 cells analysed"));
  EXPECT_EQ(analysis.dropped, 2u);
}

TEST(TrendsStep, AGapIsAnErrorByDefault) {
  TrendsOptions options;
  options.analysis.cell_size = 100;
  testing::MemorySink sink;
  try {
    (void)run_trends(months_with_a_gap(), options, sink);
    FAIL() << "a missing month was not refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("2021-03"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(sink.layers.empty());
}

TEST(TrendsStep, PublishedCellsHoldAtLeastKIncidents) {
  step::PublishSettings publish;
  publish.enabled = true;
  publish.min_count = 6;
  testing::MemorySink sink(publish);
  (void)run_trends(months_with_a_gap(), skip_gaps(), sink);
  ASSERT_EQ(sink.layer_names(), std::vector<std::string>{kTrendsLayer});
  // Only the south-west cell (11 incidents a month, 44 in all) reaches k = 6; the others hold
  // 4, or 5 with an undated incident.
  const auto counts = testing::MemorySink::column(sink.layers[0], "incident_count");
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(counts[0]), 44);
}

TEST(TrendsStep, OptionsAreDeclaredOnTheLibraryFields) {
  TrendsOptions options;
  step::Declarer d("trends");
  declare_trends(d, options);
  EXPECT_EQ(d.find("cell")->deprecated_names(), std::vector<std::string>{"cell-size"});
  d.find("cell")->assign({"400"});
  EXPECT_EQ(options.analysis.cell_size, 400.0);
  EXPECT_EQ(d.find("gaps")->default_value(), "error");
  d.find("gaps")->assign({"zero-fill"});
  EXPECT_EQ(options.analysis.gaps, trends::GapPolicy::zero_fill);
  d.find("global-window")->assign({"step"});
  EXPECT_EQ(options.analysis.emerging.global_window, trends::GlobalWindow::individual_step);
  d.find("correction")->assign({"none"});
  EXPECT_EQ(options.analysis.emerging.correction, significance::Correction::none);
  EXPECT_EQ(d.find("alpha")->default_value(), "0.1");
  EXPECT_THROW(d.find("alpha")->assign({"0.7"}), Error);
}

}  // namespace
}  // namespace hotspot::commands
