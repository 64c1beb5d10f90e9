// Facade tests of `hotspot density` on data/sample (police.uk, Welwyn Hatfield and St Albans,
// 2018): the raster integrates to the incidents used, thread count does not change the file,
// and bad options are usage errors.
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <cmath>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <geos_c.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "hotspot/io/raster_reader.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::cli;
using testing::run;

const std::string kSample = std::string("'") + HOTSPOT_SAMPLE_DIR + "/police_uk'";

double used_rows(const std::string& output) {
  std::smatch m;
  const std::regex used("used ([0-9]+)");
  return std::regex_search(output, m, used) ? std::stod(m[1]) : -1.0;
}

std::vector<float> read_band(const std::string& path, double& nodata) {
  GDALAllRegister();
  GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
  std::vector<float> v;
  if (ds == nullptr) return v;
  const int cols = ds->GetRasterXSize();
  const int rows = ds->GetRasterYSize();
  v.resize(static_cast<std::size_t>(cols) * rows);
  nodata = ds->GetRasterBand(1)->GetNoDataValue();
  if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float32, 0, 0, nullptr) !=
      CE_None) {
    v.clear();
  }
  GDALClose(ds);
  return v;
}

TEST(DensityCommand, PerCellSurfaceSumsToTheIncidentsUsed) {
  testing::ScratchDir dir("density_cli");
  for (const char* method : {"exact", "binned"}) {
    const std::string out = dir.file(std::string(method) + ".tif");
    const auto r = run(cli() + " density " + kSample + " --density-units per-cell --method " + method + " --out '" + out + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const double used = used_rows(r.out);
    ASSERT_GT(used, 20000.0) << r.out;
    double nodata = 0.0;
    const std::vector<float> values = read_band(out, nodata);
    ASSERT_FALSE(values.empty());
    double sum = 0.0;
    for (float v : values) {
      if (v != nodata) sum += v;
    }
    // The grid is widened by the kernel radius, so only the discrete sum's error remains.
    EXPECT_NEAR(sum, used, 0.005 * used) << method;
    EXPECT_NE(r.out.find("method " + std::string(method)), std::string::npos) << r.out;
  }
}

// --mean-multiples: thresholds at 1, 2, 3 × the mean cell value over the study area. Edge
// corrected to Welwyn Hatfield in incidents per km² per month, the mean × the study area's
// km² is the incidents used per month (the surface integrates to them inside the area); the
// levels are k × that mean, printed, in the polygons, and the mean is in the metadata.
TEST(DensityCommand, MeanMultiplesAreMultiplesOfTheStudyAreasMean) {
  testing::ScratchDir dir("density_cli_mean");
  const std::string out = dir.file("wh.tif");
  const std::string geojson = dir.file("wh_hotspots.geojson");
  const auto r = run(cli() + " density " + kSample + " --within '" + HOTSPOT_SAMPLE_DIR +
                     "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\" --cell 50"
                     " --bandwidth 300 --per-month --mean-multiples 1,2,3 --levels 5 --polygons '" + geojson +
                     "' --out '" + out + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const double used = used_rows(r.out);
  double nodata = 0.0;
  const std::vector<float> values = read_band(out, nodata);
  ASSERT_FALSE(values.empty());
  double sum = 0.0;
  std::size_t cells = 0;
  for (float v : values) {
    if (std::isnan(v) || v == nodata) continue;
    sum += v;
    ++cells;
  }
  const double mean = sum / static_cast<double>(cells);
  const double area_km2 = static_cast<double>(cells) * 0.05 * 0.05;
  EXPECT_NEAR(mean * area_km2, used / 12.0, 0.01 * used / 12.0);  // the sample is 12 months of 2018
  const RasterInfo info = read_raster_info(out);
  ASSERT_EQ(info.metadata.count("mean_cell_value"), 1U);
  EXPECT_NEAR(std::stod(info.metadata.at("mean_cell_value")), mean, 1e-6 * mean);  // float32 cells
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("  2x mean: value >= ([0-9.e+-]+) \\(([0-9]+) cells\\)"))) << r.out;
  EXPECT_NEAR(std::stod(m[1]), 2.0 * mean, 1e-5 * mean);
  std::size_t at_or_above = 0;
  for (float v : values) at_or_above += !std::isnan(v) && v != nodata && v >= std::stod(m[1]) ? 1U : 0U;
  EXPECT_NEAR(static_cast<double>(std::stoul(m[2])), static_cast<double>(at_or_above), 2.0);  // float32 rounding
  const std::string text = testing::read_text(geojson);
  for (const char* level : {"\"1x mean\"", "\"2x mean\"", "\"3x mean\"", "\"top 5%\""}) {
    EXPECT_NE(text.find(level), std::string::npos) << level;
  }
  EXPECT_EQ(r.out.find("multiples of the mean are of the whole grid"), std::string::npos) << r.out;
  // Without --within the mean is of the grid's rectangle, and the run says so.
  const auto whole = run(cli() + " density " + kSample + " --cell 50 --bandwidth 300 --mean-multiples 2 --out '" +
                         dir.file("grid.tif") + "'");
  ASSERT_EQ(whole.exit_code, 0) << whole.out;
  EXPECT_NE(whole.out.find("multiples of the mean are of the whole grid ("), std::string::npos) << whole.out;
}

TEST(DensityCommand, ThreadCountDoesNotChangeTheFile) {
  testing::ScratchDir dir("density_cli_threads");
  const std::string one = dir.file("one.tif");
  const std::string two = dir.file("two.tif");
  const std::string common = cli() + " density " + kSample + " --method binned --bandwidth 300";
  ASSERT_EQ(run(common + " --threads 1 --out '" + one + "'").exit_code, 0);
  ASSERT_EQ(run(common + " --threads 2 --out '" + two + "'").exit_code, 0);
  const std::string a = testing::read_text(one);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, testing::read_text(two));
}

// Fit on January to September, evaluate on October to December; compare with those months.
// PAI ≤ best PAI = 1 / area share, PEI ≤ 1, and the comparison rasters exist.
TEST(DensityCommand, EvaluatesOnLaterIncidentsAndCompares) {
  testing::ScratchDir dir("density_cli_eval");
  const std::string base = std::string("'") + HOTSPOT_SAMPLE_DIR + "/police_uk/2018-";
  std::string fit;
  std::string later;
  for (int m = 1; m <= 12; ++m) {
    const std::string file = base + (m < 10 ? "0" : "") + std::to_string(m) + "-hertfordshire-street.csv.gz' ";
    (m <= 9 ? fit : later) += file;
  }
  const std::string out = dir.file("fit.tif");
  const auto r = run(cli() + " density " + fit + " --bandwidth 150 --out '" + out + "' --evaluate-on " + later +
                     " --compare " + later);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::smatch m;
  const std::regex line("top +5\\.0%: hit rate ([0-9.]+) .* PAI ([0-9.]+), PEI ([0-9.]+), best PAI ([0-9.]+)");
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
  const double hit_rate = std::stod(m[1]);
  const double pai = std::stod(m[2]);
  const double pei = std::stod(m[3]);
  const double best = std::stod(m[4]);
  EXPECT_GT(hit_rate, 0.05);  // better than an unguided 5% of the area
  EXPECT_NEAR(pai, hit_rate / 0.05, 0.01 * pai);
  EXPECT_LE(pai, best + 1e-9);
  EXPECT_NEAR(best, 20.0, 0.01);  // every later incident fits in 5% of the cells here
  EXPECT_LE(pei, 1.0);
  // The later input's rows are accounted for like the main input's, and the evaluation is on
  // the rows it used.
  const std::regex later_account("--evaluate-on input: rows read ([0-9]+), used ([0-9]+), rejected ([0-9]+)");
  std::smatch a;
  ASSERT_TRUE(std::regex_search(r.out, a, later_account)) << r.out;
  EXPECT_EQ(std::stoul(a[1]), std::stoul(a[2]) + std::stoul(a[3]));
  EXPECT_NE(r.out.find(" of " + std::string(a[2]) + "), PAI"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--compare input: rows read " + std::string(a[1])), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(out + ".compare_difference.tif"));
  EXPECT_TRUE(std::filesystem::exists(out + ".compare_ratio.tif"));
  // Each opens in QGIS with its diverging classes (tests/scripts/check_command_styles.py).
  EXPECT_NE(testing::read_text(out + ".compare_difference.qml").find("little change"), std::string::npos);
  EXPECT_NE(testing::read_text(out + ".compare_ratio.qml").find("about the same"), std::string::npos);
  // --ratio-floor: the ratio is nodata also where the other surface is small but not zero.
  const std::regex nodata("\\(([0-9]+) cells with a denominator (of zero|of 10 or less) are nodata in the ratio\\)");
  ASSERT_TRUE(std::regex_search(r.out, m, nodata)) << r.out;
  const long zero_only = std::stol(m[1]);
  const auto floored = run(cli() + " density " + fit + " --bandwidth 150 --out '" + dir.file("floored.tif") +
                           "' --compare " + later + " --ratio-floor 10");
  ASSERT_EQ(floored.exit_code, 0) << floored.out;
  ASSERT_TRUE(std::regex_search(floored.out, m, nodata)) << floored.out;
  EXPECT_EQ(m[2], "of 10 or less");
  EXPECT_GT(std::stol(m[1]), zero_only);
}

// --evaluate-on scores the hotspots at the chosen --levels. A 10 m kernel on snap points marks
// fewer cells than 20% of the area: that level is scored on the cells with density (its
// polygons' cells), and PAI divides by their share of the area, which the line prints.
TEST(DensityCommand, EvaluatesTheChosenLevelsOnTheCellsWithDensity) {
  testing::ScratchDir dir("density_cli_eval_levels");
  const std::string base = std::string("'") + HOTSPOT_SAMPLE_DIR + "/police_uk/2018-";
  const std::string out = dir.file("fit.tif");
  const auto r = run(cli() + " density " + base + "0[1-9]-hertfordshire-street.csv.gz' --types 'Anti-social behaviour'" +
                     " --bandwidth 10 --out '" + out + "' --levels 0.05 20 --evaluate-on " + base +
                     "1[0-2]-hertfordshire-street.csv.gz'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("top  1.0%: hit rate"), std::string::npos) << r.out;
  // The thresholds printed, and kept in the raster for --scale-like, are the chosen levels too.
  EXPECT_NE(r.out.find("top 0.05% of the area:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("top 20.0% of the area: value > 0 (only"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("top  1.0% of the area"), std::string::npos) << r.out;
  const RasterInfo info = read_raster_info(out);
  EXPECT_EQ(info.metadata.count("hotspot_threshold_top 0.05%"), 1u);
  EXPECT_EQ(info.metadata.count("hotspot_threshold_top 20%"), 1u);
  EXPECT_EQ(info.metadata.count("hotspot_threshold_top 1%"), 0u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("top 0\\.05%: hit rate ([0-9.]+) .* PAI ([0-9.]+), PEI [0-9.]+, best PAI [0-9.]+\n")))
      << r.out;
  EXPECT_NEAR(std::stod(m[2]), std::stod(m[1]) / 0.0005, 0.01 * std::stod(m[2]));
  ASSERT_TRUE(std::regex_search(
      r.out, m,
      std::regex("top 20\\.0%: hit rate ([0-9.]+) .* PAI ([0-9.]+), PEI [0-9.]+, best PAI [0-9.]+ \\(only ([0-9]+) cells "
                 "have density: ([0-9.e-]+)% of the area\\)")))
      << r.out;
  const double share = std::stod(m[4]) / 100.0;
  EXPECT_LT(share, 0.2);
  EXPECT_GT(std::stoul(m[3]), 0u);
  EXPECT_NEAR(std::stod(m[2]), std::stod(m[1]) / share, 0.01 * std::stod(m[2]));  // share printed to 3 digits
}

// The polygons of the top 1/5/10% of ASB density in the sample: the incidents inside each one
// are re-counted here by GEOS point-in-polygon on the GeoPackage geometries (not by the cell
// lookup the library uses); areas are whole cells; the GeoJSON holds the same features in
// WGS84; the shares nest (the top 1% lies inside the top 5%).
TEST(DensityCommand, HotspotPolygonsHoldTheIncidentsTheySay) {
  testing::ScratchDir dir("density_cli_polygons");
  const std::string tif = dir.file("asb.tif");
  const std::string gpkg = dir.file("asb.gpkg");
  const std::string geojson = dir.file("asb.geojson");
  const auto r = run(cli() + " density " + kSample + " --types 'Anti-social behaviour' --out '" + tif +
                     "' --gpkg '" + gpkg + "' --polygons '" + geojson + "' --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.out;

  PrepareOptions options;
  options.read.inputs = {std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk"};
  options.filter.types = {"Anti-social behaviour"};
  const PreparedIncidents prepared = prepare_incidents(options);
  const Incidents& inc = prepared.incidents;
  ASSERT_GT(inc.size(), 1000U);

  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("hotspots");
  ASSERT_NE(layer, nullptr);
  GEOSContextHandle_t ctx = GEOS_init_r();
  std::map<std::string, std::size_t> inside_by_level;
  std::map<std::string, double> area_by_level;
  std::size_t features = 0;
  for (auto& feature : *layer) {
    ++features;
    const OGRGeometry* g = feature->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    std::string wkb(static_cast<std::size_t>(g->WkbSize()), '\0');
    g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
    GEOSGeometry* polygon = GEOSGeomFromWKB_buf_r(ctx, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
    ASSERT_NE(polygon, nullptr);
    EXPECT_EQ(GEOSisValid_r(ctx, polygon), 1);
    const GEOSPreparedGeometry* prepared_polygon = GEOSPrepare_r(ctx, polygon);
    std::size_t inside = 0;
    for (std::size_t i = 0; i < inc.size(); ++i) {
      GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, inc.x[i], inc.y[i]);
      inside += GEOSPreparedContains_r(ctx, prepared_polygon, pt) == 1 ? 1U : 0U;
      GEOSGeom_destroy_r(ctx, pt);
    }
    GEOSPreparedGeom_destroy_r(ctx, prepared_polygon);
    GEOSGeom_destroy_r(ctx, polygon);
    EXPECT_EQ(static_cast<std::size_t>(feature->GetFieldAsInteger64("incidents")), inside);
    EXPECT_NEAR(feature->GetFieldAsDouble("share"), static_cast<double>(inside) / static_cast<double>(inc.size()),
                1e-12);
    const double area = feature->GetFieldAsDouble("area_m2");
    EXPECT_NEAR(area, static_cast<double>(feature->GetFieldAsInteger64("cells")) * 100.0, 1e-6);
    const std::string level = feature->GetFieldAsString("level");
    inside_by_level[level] += inside;
    area_by_level[level] += area;
    if (feature->GetFieldAsInteger("rank") == 1 && level == "top 1%") {
      EXPECT_NE(std::string(feature->GetFieldAsString("crime_types")).find("Anti-social behaviour: "), std::string::npos);
      EXPECT_GE(feature->GetFieldAsInteger("months_active"), 1);
    }
  }
  GEOS_finish_r(ctx);
  ASSERT_EQ(inside_by_level.size(), 3U);
  // Each share covers exactly round(share × cells) cells, and the levels nest.
  EXPECT_NEAR(area_by_level["top 5%"], 5.0 * area_by_level["top 1%"], 0.01 * area_by_level["top 5%"]);
  EXPECT_LE(inside_by_level["top 1%"], inside_by_level["top 5%"]);
  EXPECT_LE(inside_by_level["top 5%"], inside_by_level["top 10%"]);
  EXPECT_GT(inside_by_level["top 10%"], inc.size() / 4);  // crime concentrates: 10% of the area holds far more than 10%

  std::unique_ptr<GDALDataset> json(GDALDataset::Open(geojson.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(json);
  OGRLayer* json_layer = json->GetLayer(0);
  EXPECT_EQ(static_cast<std::size_t>(json_layer->GetFeatureCount()), features);
  OGREnvelope env;
  ASSERT_EQ(json_layer->GetExtent(&env), OGRERR_NONE);
  EXPECT_GT(env.MinX, -1.0);  // Hertfordshire in lon/lat
  EXPECT_LT(env.MaxX, 0.5);
  EXPECT_GT(env.MinY, 51.5);
  EXPECT_LT(env.MaxY, 52.1);

  // One thread writes the same bytes as two.
  const std::string gpkg1 = dir.file("asb1.gpkg");
  const std::string geojson1 = dir.file("asb1.geojson");
  ASSERT_EQ(run(cli() + " density " + kSample + " --types 'Anti-social behaviour' --out '" + dir.file("asb1.tif") +
                "' --gpkg '" + gpkg1 + "' --polygons '" + geojson1 + "' --threads 1")
                .exit_code,
            0);
  EXPECT_EQ(testing::read_text(geojson1), testing::read_text(geojson));
  EXPECT_EQ(testing::read_text(gpkg1), testing::read_text(gpkg));
}

// --scale-like: the second half of 2018 mapped on the first half's scale. The second raster
// reuses kernel, bandwidth, units, per-month rates and lattice; its polygons use the first
// raster's thresholds, and the cells they cover are re-counted here from the second raster.
TEST(DensityCommand, ScaleLikeReusesTheOtherRunsScale) {
  testing::ScratchDir dir("density_cli_scale_like");
  const std::string first = dir.file("h1.tif");
  const std::string second = dir.file("h2.tif");
  const std::string polygons = dir.file("h2.gpkg");
  ASSERT_EQ(run(cli() + " density " + kSample + " --to 2018-06 --per-month --bandwidth 300 --cell 20 --density-units per-cell "
                "--kernel triweight --out '" + first + "'").exit_code, 0);
  const auto r = run(cli() + " density " + kSample + " --from 2018-08 --scale-like '" + first + "' --out '" + second +
                     "' --gpkg '" + polygons + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  GDALAllRegister();
  std::unique_ptr<GDALDataset> a(GDALDataset::Open(first.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  std::unique_ptr<GDALDataset> b(GDALDataset::Open(second.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  ASSERT_TRUE(a && b);
  for (const char* key : {"kernel", "bandwidth_m", "units", "cell_size_m", "hotspot_threshold_top 1%",
                          "hotspot_threshold_top 5%", "hotspot_threshold_top 10%"}) {
    ASSERT_NE(a->GetMetadataItem(key), nullptr) << key;
    ASSERT_NE(b->GetMetadataItem(key), nullptr) << key;
    EXPECT_STREQ(a->GetMetadataItem(key), b->GetMetadataItem(key)) << key;
  }
  EXPECT_STREQ(a->GetMetadataItem("period_months"), "6");
  EXPECT_STREQ(b->GetMetadataItem("period_months"), "5");  // its own months: August to December
  double ta[6];
  double tb[6];
  a->GetGeoTransform(ta);
  b->GetGeoTransform(tb);
  EXPECT_EQ(tb[1], 20.0);
  const double dx = (tb[0] - ta[0]) / 20.0;
  const double dy = (tb[3] - ta[3]) / 20.0;
  EXPECT_NEAR(dx, std::round(dx), 1e-9);
  EXPECT_NEAR(dy, std::round(dy), 1e-9);

  // Cells of the second raster at or above the first's top-5% threshold = cells of the polygons.
  const double threshold = std::stod(a->GetMetadataItem("hotspot_threshold_top 5%"));
  std::vector<double> values(static_cast<std::size_t>(b->GetRasterXSize()) * b->GetRasterYSize());
  ASSERT_EQ(b->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, b->GetRasterXSize(), b->GetRasterYSize(), values.data(),
                                          b->GetRasterXSize(), b->GetRasterYSize(), GDT_Float64, 0, 0, nullptr),
            CE_None);
  std::size_t above = 0;
  // The raster holds float32: compare as the library did, in double, up to float rounding.
  std::size_t near = 0;
  for (double v : values) {
    above += v >= threshold ? 1U : 0U;
    near += std::abs(v - threshold) <= 1e-6 * threshold ? 1U : 0U;
  }
  std::unique_ptr<GDALDataset> vec(GDALDataset::Open(polygons.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(vec);
  std::size_t cells = 0;
  for (auto& f : *vec->GetLayerByName("hotspots")) {
    if (std::string(f->GetFieldAsString("level")) != "top 5% of h1.tif") continue;
    EXPECT_EQ(f->GetFieldAsDouble("threshold"), threshold);
    cells += static_cast<std::size_t>(f->GetFieldAsInteger64("cells"));
  }
  EXPECT_GT(cells, 0U);
  EXPECT_LE(cells, above + near);
  EXPECT_GE(cells + near, above);

  // A scale flag next to --scale-like contradicts it.
  const auto bad = run(cli() + " density " + kSample + " --scale-like '" + first + "' --cell 5 --out '" +
                       dir.file("x.tif") + "'");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
}

TEST(DensityCommand, BadBandwidthIsAUsageError) {
  testing::ScratchDir dir("density_cli_bad");
  const auto r = run(cli() + " density " + kSample + " --bandwidth wide --out '" + dir.file("x.tif") + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--bandwidth"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hotspot
