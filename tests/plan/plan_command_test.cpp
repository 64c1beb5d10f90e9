// `hotspot plan` end to end on the bundled sample: every file it lists exists, the GeoPackage
// holds the same features as the GeoJSON copies and the numbers the summary prints, the
// outputs are byte-identical across runs and thread counts, and a written config reproduces
// the run.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "../test_support.hpp"

namespace hotspot::testing {
namespace {

const std::string kSample = HOTSPOT_SAMPLE_DIR;

std::string plan_command(const std::string& out, const std::string& extra = "") {
  return cli() + " plan '" + kSample + "/police_uk/' --within '" + kSample +
         "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\" -o '" + out + "' " +
         extra;
}

/// Feature count per layer of a vector file, and each layer's EPSG code (0: none).
std::map<std::string, std::pair<long long, int>> layers_of(const std::string& path) {
  GDALAllRegister();
  std::map<std::string, std::pair<long long, int>> out;
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (ds == nullptr) return out;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) {
    OGRLayerH layer = GDALDatasetGetLayer(ds, i);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    int epsg = 0;
    if (srs != nullptr) {
      const char* code = OSRGetAuthorityCode(srs, nullptr);
      epsg = code != nullptr ? std::stoi(code) : 0;
    }
    out[OGR_L_GetName(layer)] = {OGR_L_GetFeatureCount(layer, TRUE), epsg};
  }
  GDALClose(ds);
  return out;
}

std::vector<std::string> files_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  // The folder's .hotspot marker is bookkeeping, not one of the plan's files.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string()[0] != '.') names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class PlanCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("plan");
    result_ = new CommandResult(run(plan_command(dir_->file("a"))));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
  }
  static ScratchDir* dir_;
  static CommandResult* result_;
};
ScratchDir* PlanCommand::dir_ = nullptr;
CommandResult* PlanCommand::result_ = nullptr;

TEST_F(PlanCommand, WritesEveryOutputAndReportsEachStage) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const std::filesystem::path a = dir_->file("a");
  for (const char* name : {"plan.gpkg", "density.tif", "hotspots.geojson", "gistar.geojson", "emerging_hot_spots.geojson",
                           "cameras.geojson", "coverage.geojson", "patrol_areas.geojson", "patrol_routes.geojson",
                           "study_area.geojson", "cctv_summary.csv", "briefing_unit_1.csv", "patrol_backtest.csv",
                           "profile.json", "summary.txt"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(a / name)) << name;
  }
  // Not a terminal here: plain progress lines, no control characters.
  for (const char* stage : {"[1/9] read", "[3/9] density", "[6/9] cctv", "[9/9] write"}) {
    EXPECT_NE(result_->out.find(std::string("hotspot: plan ") + stage), std::string::npos) << stage;
  }
  EXPECT_EQ(result_->out.find('\r'), std::string::npos);
  EXPECT_NE(result_->out.find("wrote " + std::to_string(files_in(a).size()) + " files"), std::string::npos)
      << result_->out;
  // Row accounting as `hotspot profile` counts it on the same flags (README).
  EXPECT_NE(result_->out.find("25371 rows read, 531 no_coordinates, 12129 outside_area"), std::string::npos)
      << result_->out;
}

TEST_F(PlanCommand, GeoPackageHoldsTheSameFeaturesAsTheGeoJsonCopies) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const std::filesystem::path a = dir_->file("a");
  const auto gpkg = layers_of((a / "plan.gpkg").string());
  for (const char* layer : {"study_area", "hotspots", "gistar", "emerging_hot_spots", "patrol_areas", "patrol_routes",
                            "coverage", "cameras"}) {
    ASSERT_TRUE(gpkg.count(layer)) << layer;
    EXPECT_EQ(gpkg.at(layer).second, 27700) << layer;
    const auto copy = layers_of((a / (std::string(layer) + ".geojson")).string());
    ASSERT_EQ(copy.size(), 1U) << layer;
    EXPECT_EQ(copy.begin()->second.first, gpkg.at(layer).first) << layer;
    EXPECT_EQ(copy.begin()->second.second, 4326) << layer;  // RFC 7946
  }
  EXPECT_EQ(gpkg.at("cameras").first, 4);  // --cameras default
  EXPECT_EQ(gpkg.at("study_area").first, 1);
  // The summary's numbers are the layers' (hotspot polygons, patrol places).
  const std::string summary = read_text((a / "summary.txt").string());
  EXPECT_NE(summary.find(std::to_string(gpkg.at("hotspots").first) + " hotspot polygons"), std::string::npos)
      << summary;
  EXPECT_NE(summary.find(std::to_string(gpkg.at("patrol_areas").first) + " places holding"), std::string::npos)
      << summary;
  EXPECT_NE(summary.find("4 cameras"), std::string::npos) << summary;
}

TEST_F(PlanCommand, RasterThresholdsAndLegendFollowThePlanLevels) {
  // The plan's hotspot levels (0.1, 0.5, 1% of the district) are the raster's thresholds (its
  // metadata, which --scale-like reuses) and the classes of its QGIS legend. A level the
  // surface cannot fill (the count model has fewer cells with counts than 1% of the
  // district: threshold 0) is the class of every cell with density, not dropped.
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const std::filesystem::path a = dir_->file("a");
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen((a / "density.tif").string().c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  std::map<std::string, double> thresholds;
  for (char** item = GDALGetMetadata(ds, nullptr); item != nullptr && *item != nullptr; ++item) {
    const std::string text = *item;
    const std::string key = "hotspot_threshold_";
    if (text.rfind(key, 0) == 0) {
      const auto eq = text.find('=');
      thresholds[text.substr(key.size(), eq - key.size())] = std::stod(text.substr(eq + 1));
    }
  }
  GDALClose(ds);
  ASSERT_EQ(thresholds.size(), 3U);
  ASSERT_TRUE(thresholds.count("top 0.1%") && thresholds.count("top 0.5%") && thresholds.count("top 1%"));
  const std::string qml = read_text((a / "density.qml").string());
  for (const auto& [level, threshold] : thresholds) {
    if (threshold > 0) {
      EXPECT_NE(qml.find("label=\"" + level + " (≥"), std::string::npos) << level << "\n" << qml;
    } else {
      EXPECT_NE(qml.find("label=\"any density (&gt; 0)\""), std::string::npos) << level << "\n" << qml;
    }
  }
  EXPECT_EQ(thresholds.at("top 1%"), 0.0);  // the sample's count model: the case above
}

TEST_F(PlanCommand, SameBytesAcrossRunsAndThreadCounts) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const CommandResult again = run(plan_command(dir_->file("b"), "--threads 1 --quiet"));
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(again.out.empty()) << again.out;  // --quiet
  const std::filesystem::path a = dir_->file("a"), b = dir_->file("b");
  ASSERT_EQ(files_in(a), files_in(b));
  for (const auto& name : files_in(a)) {
    EXPECT_TRUE(read_text((a / name).string()) == read_text((b / name).string())) << name;
  }
}

TEST_F(PlanCommand, WrittenConfigReproducesTheRun) {
  ASSERT_EQ(result_->exit_code, 0) << result_->out;
  const std::string config = dir_->file("plan.toml");
  const CommandResult written = run(cli() + " plan --write-config '" + config + "'");
  ASSERT_EQ(written.exit_code, 0) << written.out;
  const std::string text = read_text(config);
  EXPECT_NE(text.find("[plan]"), std::string::npos);
  // Settings not given are written commented out, with their defaults and help.
  EXPECT_NE(text.find("\n#cameras=4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# New cameras to place"), std::string::npos) << text;
  // The publish settings too (their round trip into a run: plan_publish_sample).
  for (const char* line : {"\n#publish=false\n", "\n#min-count=5\n", "\n#publish-grid=100\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
  // Set two in the file; the flag on the command line still wins over one of them.
  std::string edited = text;
  edited.replace(edited.find("\n#cameras=4\n"), 12, "\ncameras=2\n");
  edited.replace(edited.find("\n#range=60\n"), 11, "\nrange=80\n");
  write_text(config, edited);
  const CommandResult r = run(plan_command(dir_->file("c"), "--config '" + config + "' --range 60 --quiet"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto layers = layers_of(dir_->file("c") + "/plan.gpkg");
  EXPECT_EQ(layers.at("cameras").first, 2);
  // --range 60 on the command line beat range=80 in the file.
  const std::string cameras = read_text(dir_->file("c") + "/cctv_summary.csv");
  EXPECT_NE(cameras.find(",360.0,60.00,"), std::string::npos) << cameras;
  EXPECT_EQ(cameras.find(",360.0,80.00,"), std::string::npos) << cameras;
  EXPECT_EQ(read_text(dir_->file("c") + "/density.tif"), read_text(dir_->file("a") + "/density.tif"));
}

TEST(PlanCommandErrors, NeedsAStudyAreaOrCandidates) {
  ScratchDir dir("plan-errors");
  const CommandResult r = run(cli() + " plan '" + kSample + "/police_uk/' -o '" + dir.file("x") + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--within"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hotspot::testing

namespace hotspot::testing {
namespace {

TEST(PlanContext, ContextLayerCarriesOnlyItsLabel) {
  ScratchDir dir("plan-context");
  const std::string districts = kSample + "/boundaries/herts_districts.geojson";
  const CommandResult r =
      run(plan_command(dir.file("p"), "--context '" + districts + "' --context-label lad17nm --quiet --cameras 1"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(dir.file("p/plan.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, "context");
  ASSERT_NE(layer, nullptr);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  ASSERT_EQ(OGR_FD_GetFieldCount(defn), 1);  // no attribute of the user's file but the label
  EXPECT_STREQ(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, 0)), "name");
  std::vector<std::string> names;
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    names.emplace_back(OGR_F_GetFieldAsString(f, 0));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  EXPECT_EQ(names.size(), static_cast<std::size_t>(layers_of(districts).begin()->second.first));
  EXPECT_NE(std::find(names.begin(), names.end(), "Welwyn Hatfield"), names.end());
  // The GeoJSON copy does not carry the district file's other fields either.
  EXPECT_EQ(read_text(dir.file("p/context.geojson")).find("lad17cd"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::testing
