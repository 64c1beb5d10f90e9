// The `cctv next` step: the shared options it binds (separation, --exact, the demand model),
// what it writes and withholds, and the errors the issue asks for, on a hand-counted town.
#include <algorithm>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "commands/camera_town.hpp"
#include "commands/memory_sink.hpp"
#include "hotspot/commands/next_moves.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot::commands {
namespace {

using testing::write_text;

// The camera town (camera_town.hpp): a site's forecast for May to July is 3 × its monthly
// count: Alpha 3, Bravo 30, Charlie 12, Delta 18. Units U1 at Alpha and U2 at Charlie.
struct NextTown : testing::CameraTown {
  NextStepOptions options;

  NextTown() : testing::CameraTown(agreed_sites_scene()) {
    options.scene = scene;
    units("unit,site,placed\nU1,Alpha,2020-01\nU2,Charlie,2020-01\n");
  }

  void units(const std::string& csv) {
    write_text(dir.file("units.csv"), csv);
    options.next.units = AreaSource{dir.file("units.csv"), "", ""};
  }
};

const UnitRecommendation& unit(const NextMovesReport& r, const std::string& id) {
  const auto it = std::find_if(r.units.begin(), r.units.end(), [&](const auto& u) { return u.unit == id; });
  EXPECT_NE(it, r.units.end()) << id;
  return *it;
}

// Margins (20% of the larger of what the unit sees by staying and the average stay, 7.5):
// U1 1.5, U2 2.4. Both moving (U1 to Bravo, U2 to Delta) would score 30 + 18 − 3.9 = 44.1,
// but they would stand 100 m apart; under the shared 150 m separation the best is U1 to Bravo
// with U2 staying: 30 + 12 − 1.5 = 40.5 (U2 to Bravo with U1 staying scores 3 + 30 − 2.4).
TEST(NextMovesStep, TheSharedSeparationKeepsAMovedUnitAwayFromTheOthers) {
  NextTown town;
  ASSERT_EQ(town.options.scene.cctv.planner.min_separation_m, 150);  // the shared default, not the library's 0
  testing::MemorySink sink;
  const NextMovesReport r = run_next_moves(town.prepared, town.options, sink);
  EXPECT_EQ(r.period_first, make_month(2021, 5));
  EXPECT_FALSE(r.demand.backtested);
  const UnitRecommendation& u1 = unit(r, "U1");
  const UnitRecommendation& u2 = unit(r, "U2");
  EXPECT_TRUE(u1.moves);
  EXPECT_EQ(u1.next_site, "Bravo");
  EXPECT_DOUBLE_EQ(u1.incidents.expected, 30);
  EXPECT_DOUBLE_EQ(u1.gain_incidents, 27);
  EXPECT_FALSE(u2.moves);
  EXPECT_DOUBLE_EQ(u2.incidents.expected, 12);
  EXPECT_DOUBLE_EQ(r.total_incidents.expected, 42);
  EXPECT_DOUBLE_EQ(r.solution.objective, 40.5);

  EXPECT_EQ(sink.layer_names(), (std::vector<std::string>{"moves", "units", "unit_coverage"}));
  ASSERT_EQ(sink.layers[0].features.size(), 1U);  // one arrow: U1's
  EXPECT_EQ(std::get<std::string>(testing::MemorySink::column(sink.layers[0], "to_site")[0]), "Bravo");
  ASSERT_TRUE(sink.files.count("moves.csv"));
  ASSERT_TRUE(sink.files.count("demand_backtest.csv"));
  EXPECT_EQ(sink.files["moves.csv"], r.moves_csv);
  EXPECT_EQ(std::count(r.moves_csv.begin(), r.moves_csv.end(), '\n'), 3);  // header and two units
  // The plan is printed with the demand model's sentence; the units were solved without CBC
  // (--exact is off by default, as in cctv).
  EXPECT_NE(sink.said.printed.find("2 units, May to July 2021: 1 unit moves."), std::string::npos) << sink.said.printed;
  EXPECT_NE(sink.said.printed.find("Demand model: plain counts."), std::string::npos) << sink.said.printed;
  EXPECT_NE(sink.said.printed.find("solved by local search\n"), std::string::npos) << sink.said.printed;
}

TEST(NextMovesStep, WithoutSeparationBothUnitsMove) {
  NextTown town;
  town.options.scene.cctv.planner.min_separation_m = 0;
  testing::MemorySink sink;
  const NextMovesReport r = run_next_moves(town.prepared, town.options, sink);
  EXPECT_EQ(unit(r, "U1").next_site, "Bravo");
  EXPECT_EQ(unit(r, "U2").next_site, "Delta");
  EXPECT_DOUBLE_EQ(r.solution.objective, 44.1);
  EXPECT_EQ(sink.layers[0].features.size(), 2U);
}

TEST(NextMovesStep, TheSharedExactFlagRunsCbc) {
  NextTown town;
  town.options.scene.cctv.planner.exact = true;
  testing::MemorySink sink;
  const NextMovesReport r = run_next_moves(town.prepared, town.options, sink);
  EXPECT_TRUE(r.solution.optimal);
  EXPECT_DOUBLE_EQ(r.solution.objective, 40.5);
  EXPECT_NE(r.solution.method.find("CBC"), std::string::npos) << r.solution.method;
}

TEST(NextMovesStep, AFixedDemandModelIsForecastForThePeriod) {
  // Last period's counts over a two-month period: the last two months (March and April), so
  // Bravo's forecast is 2 × 10 = 20 and Charlie's 2 × 4 = 8.
  NextTown town;
  town.options.scene.demand.setting = DemandSetting::last_period;
  town.options.next.period_months = 2;
  const ResolvedNext resolved = resolve_next(town.options);
  EXPECT_EQ(resolved.next.demand.mode, DemandMode::fixed);
  EXPECT_EQ(resolved.next.demand.model.id(), "counts_last_2m");
  EXPECT_FALSE(resolved.scene.demand_model.has_value());
  testing::MemorySink sink;
  const NextMovesReport r = run_next_moves(town.prepared, town.options, sink);
  EXPECT_EQ(r.period_last, make_month(2021, 6));
  EXPECT_DOUBLE_EQ(unit(r, "U1").incidents.expected, 20);
  EXPECT_DOUBLE_EQ(unit(r, "U2").incidents.expected, 8);
}

TEST(NextMovesStep, NothingIsPublished) {
  NextTown town;
  step::PublishSettings publish;
  publish.enabled = true;
  testing::MemorySink sink(publish);
  (void)run_next_moves(town.prepared, town.options, sink);
  EXPECT_TRUE(sink.layers.empty());
  EXPECT_TRUE(sink.files.empty());
  EXPECT_EQ(sink.withheld.size(), 5U);
}

Error next_error(NextTown& town) {
  testing::MemorySink sink;
  try {
    (void)run_next_moves(town.prepared, town.options, sink);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorCode::internal, "test", "no error");
}

TEST(NextMovesStep, ClearErrors) {
  {
    NextTown town;
    town.units("unit,site,placed\nU1,Alpha,2020-01\nU1,Charlie,2020-02\n");
    const Error e = next_error(town);
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("units.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("U1"), std::string::npos) << e.what();
  }
  {
    NextTown town;  // the data end in April 2021
    town.units("unit,site,placed\nU1,Alpha,2020-01\nU2,Charlie,2021-06\n");
    const Error e = next_error(town);
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("2021-06"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
  }
  {
    NextTown town;
    town.options.scene.cctv.candidates.name_field = "site_name";
    const Error e = next_error(town);
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("site_name"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("name"), std::string::npos) << e.what();
  }
  {
    NextTown town;
    town.options.scene.demand.setting = DemandSetting::history;
    EXPECT_EQ(next_error(town).code(), ErrorCode::usage);
  }
}

TEST(NextMovesStep, AUnitOffTheCandidateListIsAllowedWithANote) {
  // U2 stands at a car park 2 km west of Alpha that is not a candidate site and where nothing
  // is recorded: it may stay there (seeing nothing) or move, and it moves.
  NextTown town;
  town.units("unit,site,placed,easting,northing\nU1,Alpha,2020-01,,\nU2,Old car park,2020-01,528000,200000\n");
  testing::MemorySink sink;
  const NextMovesReport r = run_next_moves(town.prepared, town.options, sink);
  const UnitRecommendation& u2 = unit(r, "U2");
  EXPECT_FALSE(u2.current_is_candidate);
  EXPECT_EQ(u2.current_site, "Old car park");
  EXPECT_TRUE(u2.moves);
  EXPECT_TRUE(std::any_of(sink.said.notes.begin(), sink.said.notes.end(),
                          [](const std::string& n) { return n.find("Old car park") != std::string::npos; }))
      << ::testing::PrintToString(sink.said.notes);
}

TEST(NextMovesStep, DeclaresTheSharedOptionsWithTheirDefaults) {
  NextStepOptions options;
  step::Declarer d("cctv next");
  declare_next(d, options);
  EXPECT_EQ(d.find("min-separation")->default_value(), "150");
  EXPECT_EQ(d.find("range")->default_value(), "60");
  EXPECT_EQ(d.find("period-months")->default_value(), "3");
  EXPECT_EQ(d.find("move-threshold")->default_value(), "0.2");
  EXPECT_EQ(d.find("exact")->default_value(), "false");
  EXPECT_EQ(d.find("spacing")->default_value(), "0");
  EXPECT_FALSE(d.find("spacing")->override_reason().empty());
  EXPECT_EQ(d.find("demand")->default_value(), "auto");
  const auto& choices = d.find("demand")->choices();
  EXPECT_EQ(std::find(choices.begin(), choices.end(), "history"), choices.end());
  EXPECT_EQ(choices.size(), 5U);
  EXPECT_EQ(d.find("demand-horizon"), nullptr);  // the period is the horizon
  EXPECT_EQ(d.find("cost-field"), nullptr);
  EXPECT_TRUE(d.find("unit-sites")->is_required());

  d.find("max-moves")->assign({"2"});
  EXPECT_EQ(options.next.rules.max_moves, 2);
  EXPECT_THROW(d.find("max-moves")->assign({"-1"}), Error);
  EXPECT_THROW(d.find("max-moves")->assign({"1.5"}), Error);
  d.find("max-move-distance")->assign({"800"});
  EXPECT_EQ(options.next.rules.max_move_m, 800);
  d.find("demand")->assign({"smoothed"});
  d.find("demand-bandwidth")->assign({"150"});
  EXPECT_EQ(resolve_next(options).next.demand.model.id(), "smoothed_150m");
}

}  // namespace
}  // namespace hotspot::commands
