// The `cctv` step's demand: `--demand auto` by default, the history's sum on request, and
// the model said in the printed summary, the CSV and the layers' metadata.
#include <algorithm>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "commands/camera_town.hpp"
#include "commands/memory_sink.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::commands {
namespace {

// The camera town with one camera to place: Bravo, whose 10 incidents a month make 40 in the
// four months, or a forecast of 30 for the three months after (plain counts, the data being
// too short for a backtest).
struct CctvTown : testing::CameraTown {
  CctvTown() : testing::CameraTown(CctvStepOptions{}) { scene.cctv.planner.cameras = 1; }
};

std::string metadata(const VectorLayer& layer, const std::string& key) {
  const auto it = std::find_if(layer.metadata.begin(), layer.metadata.end(), [&](const auto& kv) { return kv.first == key; });
  return it == layer.metadata.end() ? std::string("(none)") : it->second;
}

double weight_new(const VectorLayer& cameras) {
  return std::get<double>(testing::MemorySink::column(cameras, "weight_new").at(0));
}

TEST(CctvStep, AutoIsTheDefaultAndSaysWhichModelMadeTheDemand) {
  CctvTown town;
  ASSERT_EQ(town.scene.demand.setting, DemandSetting::automatic);
  testing::MemorySink sink;
  const CctvReport r = run_cctv(town.prepared, town.scene, sink);
  ASSERT_TRUE(r.demand_choice.has_value());
  EXPECT_FALSE(r.demand_choice->backtested);
  ASSERT_EQ(sink.layers.at(0).name, "cameras");
  EXPECT_EQ(std::get<std::string>(testing::MemorySink::column(sink.layers[0], "site").at(0)), "Bravo");
  EXPECT_DOUBLE_EQ(weight_new(sink.layers[0]), 30);
  const std::string said = metadata(sink.layers[0], "demand_model");
  EXPECT_EQ(said.rfind("Demand model: plain counts.", 0), 0U) << said;
  EXPECT_NE(said.find("The demand is its forecast for May to July 2021."), std::string::npos) << said;
  EXPECT_NE(sink.said.printed.find("cctv: " + said + "\n"), std::string::npos) << sink.said.printed;
  const std::string& csv = sink.files.at("cctv_summary.csv");
  EXPECT_NE(csv.find(",reason,demand_model\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",counts\n"), std::string::npos) << csv;
}

TEST(CctvStep, HistoryIsTheSumOfTheData) {
  CctvTown town;
  town.scene.demand.setting = DemandSetting::history;
  testing::MemorySink sink;
  const CctvReport r = run_cctv(town.prepared, town.scene, sink);
  EXPECT_FALSE(r.demand_choice.has_value());
  EXPECT_DOUBLE_EQ(weight_new(sink.layers.at(0)), 40);
  EXPECT_EQ(metadata(sink.layers[0], "demand_model"), "(none)");
  EXPECT_EQ(sink.files.at("cctv_summary.csv").find("demand_model"), std::string::npos);
  EXPECT_EQ(sink.said.printed.find("Demand model"), std::string::npos);
}

TEST(CctvStep, UndatedIncidentsFallBackToTheirSum) {
  CctvTown town;
  for (auto& m : town.prepared.incidents.month) m = kNoMonth;
  testing::MemorySink sink;
  const CctvReport r = run_cctv(town.prepared, town.scene, sink);
  EXPECT_FALSE(r.demand_choice.has_value());
  EXPECT_DOUBLE_EQ(weight_new(sink.layers.at(0)), 40);
  EXPECT_TRUE(std::any_of(sink.said.notes.begin(), sink.said.notes.end(),
                          [](const std::string& n) { return n.find("no incident has a month") != std::string::npos; }));
  // A model asked for by name is not replaced: the library says why it cannot forecast.
  town.scene.demand.setting = DemandSetting::recency;
  EXPECT_THROW((void)run_cctv(town.prepared, town.scene, sink), Error);
}

TEST(CctvStep, EachSettingIsOneModel) {
  DemandSettings settings;
  EXPECT_EQ(resolve_demand(settings)->mode, DemandMode::automatic);
  settings.setting = DemandSetting::history;
  EXPECT_FALSE(resolve_demand(settings).has_value());
  settings.model.model.half_life_months = 3;
  settings.model.model.bandwidth_m = 200;
  const auto id = [&](DemandSetting s) {
    settings.setting = s;
    const auto options = resolve_demand(settings);
    EXPECT_EQ(options->mode, DemandMode::fixed);
    return options->model.id();
  };
  EXPECT_EQ(id(DemandSetting::counts), "counts");
  EXPECT_EQ(id(DemandSetting::last_period), "counts_last_3m");
  EXPECT_EQ(id(DemandSetting::recency), "recency_3m");
  EXPECT_EQ(id(DemandSetting::smoothed), "smoothed_200m");
  settings.model.horizon_months = 6;
  EXPECT_EQ(id(DemandSetting::last_period), "counts_last_6m");
  // The fixed models are the backtest's own candidates, not second copies of them.
  settings.model.horizon_months = 3;
  settings.setting = DemandSetting::recency;
  EXPECT_EQ(candidate_demand_models(*resolve_demand(settings)).size(), candidate_demand_models(DemandModelOptions{}).size());
}

TEST(CctvStep, ADemandRasterIsTheDemand) {
  CctvStepOptions options;
  options.cctv.demand_raster = RasterDemandOptions{};
  EXPECT_FALSE(resolve_cctv(options).demand_model.has_value());  // auto: the raster
  options.demand.setting = DemandSetting::smoothed;
  try {
    (void)resolve_cctv(options);
    FAIL() << "a model was accepted with a raster";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
  }
}

TEST(CctvStep, DeclaresTheDemandAndTheNamedSiteFields) {
  CctvStepOptions options;
  step::Declarer d("cctv");
  declare_cctv(d, options);
  EXPECT_EQ(d.find("demand")->default_value(), "auto");
  EXPECT_EQ(d.find("demand")->choices(),
            (std::vector<std::string>{"history", "auto", "counts", "last-period", "recency", "smoothed"}));
  EXPECT_EQ(d.find("demand-half-life")->default_value(), "6");
  EXPECT_EQ(d.find("demand-bandwidth")->default_value(), "100");
  EXPECT_EQ(d.find("demand-history")->default_value(), "12");
  EXPECT_EQ(d.find("demand-horizon")->default_value(), "3");
  EXPECT_EQ(d.find("interval-level")->default_value(), "0.8");
  EXPECT_EQ(d.find("min-origins")->default_value(), "6");
  d.find("site-name-field")->assign({"name"});
  d.find("site-mount-field")->assign({"mount"});
  d.find("candidates-where")->assign({"district = 'St Albans'"});
  EXPECT_EQ(options.cctv.candidates.name_field, "name");
  EXPECT_EQ(options.cctv.candidates.usable_field, "mount");
  EXPECT_EQ(options.cctv.candidates.points->where, "district = 'St Albans'");
  for (const char* name : {"site-range-field", "site-fov-field", "site-heading-field", "cost-field"}) {
    EXPECT_NE(d.find(name), nullptr) << name;
  }

  RotateStepOptions rotate;
  step::Declarer r("cctv rotate");
  declare_rotate(r, rotate);
  EXPECT_EQ(r.find("demand"), nullptr);  // each period plans from its own history
  EXPECT_EQ(r.find("period-months")->default_value(), "3");
}

}  // namespace
}  // namespace hotspot::commands
