#include "hotspot/cctv/raster_demand.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/network_sources.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "readers.demand_raster";

Error fail(ErrorCode code, const std::filesystem::path& path, const std::string& what) {
  return Error(code, ErrorContext{kStage, path.filename().string(), std::nullopt, {}}, what);
}

std::string srs_name(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority != nullptr && code != nullptr) return std::string(authority) + ":" + code;
  const char* name = srs.GetName();
  return name != nullptr ? name : "(unnamed CRS)";
}

detail::GdalDatasetPtr open_raster(const std::filesystem::path& path) {
  check_source_is_local(path.string(), "demand raster");
  hotspot::detail::register_gdal_drivers();
  CPLErrorReset();
  detail::GdalDatasetPtr ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    const char* gdal = CPLGetLastErrorMsg();
    throw fail(ErrorCode::input, path, std::string("cannot open the raster") + (gdal[0] != '\0' ? std::string(": ") + gdal : ""));
  }
  return ds;
}

const OGRSpatialReference& spatial_ref(GDALDataset& ds, const std::filesystem::path& path) {
  const OGRSpatialReference* srs = ds.GetSpatialRef();
  if (srs == nullptr || srs->IsEmpty()) {
    throw fail(ErrorCode::crs, path, "the raster has no CRS; write it with `hotspot density`, which records one");
  }
  return *srs;
}

}  // namespace

std::string raster_crs(const std::filesystem::path& path) {
  auto ds = open_raster(path);
  const OGRSpatialReference& srs = spatial_ref(*ds, path);
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority != nullptr && code != nullptr) return std::string(authority) + ":" + code;
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return out;
}

const char* raster_demand_units_name(RasterDemandUnits units) noexcept {
  switch (units) {
    case RasterDemandUnits::per_km2: return "per_km2";
    case RasterDemandUnits::per_cell: return "per_cell";
    case RasterDemandUnits::probability: return "probability";
  }
  return "unknown";
}

RasterDemand read_raster_demand(const RasterDemandOptions& options, const std::string& working_crs) {
  const auto& path = options.path;
  auto ds = open_raster(path);
  if (ds->GetRasterCount() < 1) throw fail(ErrorCode::data, path, "the raster has no bands");
  const OGRSpatialReference* raster_srs = &spatial_ref(*ds, path);
  OGRSpatialReference working;
  if (working.SetFromUserInput(working_crs.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::crs, kStage, "unknown working CRS " + working_crs);
  }
  // Axis order does not matter for the comparison: both describe easting/northing grids.
  const char* const compare[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
  if (!raster_srs->IsSame(&working, compare)) {
    throw fail(ErrorCode::crs, path,
               "the raster is in " + srs_name(*raster_srs) + " but the working CRS is " + srs_name(working) +
                   "; cell masses are not kept by resampling, so re-run `hotspot density " + option_ref("working-crs") + " " + srs_name(working) +
                   "` or give this command " + option_ref("working-crs") + " " + srs_name(*raster_srs));
  }

  std::array<double, 6> gt{};
  if (ds->GetGeoTransform(gt.data()) != CE_None) throw fail(ErrorCode::data, path, "the raster has no geotransform");
  if (gt[2] != 0.0 || gt[4] != 0.0) throw fail(ErrorCode::data, path, "the raster grid is rotated; only north-up grids are read");

  RasterDemand out;
  const char* units = ds->GetMetadataItem("units");
  const std::string unit_text = units != nullptr ? units : "";
  const std::optional<RasterDemandUnits> known = density::units_from_name(unit_text);
  if (!known) {
    throw fail(ErrorCode::data, path,
               unit_text.empty() ? std::string("the raster has no \"units\" metadata item (per_km2, per_cell or probability); "
                                               "write it with `hotspot density`")
                                 : "units \"" + unit_text + "\" are not per_km2, per_cell or probability");
  }
  out.units = *known;
  GDALRasterBand* band = ds->GetRasterBand(1);
  out.units_description = band->GetUnitType();
  if (out.units == RasterDemandUnits::probability && !options.probability_total) {
    throw Error(ErrorCode::usage, kStage,
                path.filename().string() + " holds probabilities (each cell's share of all incidents); give the total "
                "number of incidents they stand for (" + option_ref("demand-total") + ") to turn them into expected incidents");
  }
  if (out.units != RasterDemandUnits::probability && options.probability_total) {
    throw Error(ErrorCode::usage, kStage,
                option_ref("demand-total") + " is only for probability rasters; " + path.filename().string() + " is " + unit_text);
  }
  if (options.probability_total && !(*options.probability_total > 0 && std::isfinite(*options.probability_total))) {
    throw Error(ErrorCode::usage, kStage, option_ref("demand-total") + " must be a positive number");
  }

  out.cell_area_m2 = std::abs(gt[1] * gt[5]);
  double factor = 1;
  switch (out.units) {
    case RasterDemandUnits::per_km2: factor = out.cell_area_m2 / 1e6; break;
    case RasterDemandUnits::per_cell: factor = 1; break;
    case RasterDemandUnits::probability: factor = *options.probability_total; break;
  }

  const int cols = band->GetXSize();
  const int rows = band->GetYSize();
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  out.cells = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
  std::vector<double> row(static_cast<std::size_t>(cols));
  WeightedPoints& points = out.points;
  for (int r = 0; r < rows; ++r) {
    if (band->RasterIO(GF_Read, 0, r, cols, 1, row.data(), cols, 1, GDT_Float64, 0, 0, nullptr) != CE_None) {
      throw fail(ErrorCode::input, path, "cannot read row " + std::to_string(r) + ": " + CPLGetLastErrorMsg());
    }
    for (int c = 0; c < cols; ++c) {
      const double v = row[static_cast<std::size_t>(c)];
      // The writer stores nodata as float32, so compare in float32 too.
      if (std::isnan(v) || (has_nodata != 0 && static_cast<float>(v) == static_cast<float>(nodata))) {
        ++out.nodata_cells;
        continue;
      }
      if (!(v > 0)) {
        ++out.empty_cells;
        continue;
      }
      points.x.push_back(gt[0] + (c + 0.5) * gt[1]);
      points.y.push_back(gt[3] + (r + 0.5) * gt[5]);
      points.weight.push_back(v * factor);
      points.count.push_back(0);
    }
  }
  // Same order as collapse_locations, so ties in the planner break the same way.
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return points.x[a] != points.x[b] ? points.x[a] < points.x[b] : points.y[a] < points.y[b];
  });
  WeightedPoints sorted;
  for (const auto i : order) {
    sorted.x.push_back(points.x[i]);
    sorted.y.push_back(points.y[i]);
    sorted.weight.push_back(points.weight[i]);
    sorted.count.push_back(0);
  }
  points = std::move(sorted);
  for (const double w : points.weight) out.total_mass += w;
  return out;
}

}  // namespace hotspot
