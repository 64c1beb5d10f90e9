#include "hotspot/density/hotspot_polygons.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/harm/harm_weights.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.hotspot_polygons";

using DatasetPtr = hotspot::detail::DatasetHandle;
using FeaturePtr = hotspot::detail::FeatureHandle;

/// One level's cells before they become polygons.
struct LevelCells {
  std::string name;
  double area_share = 0.0;
  double threshold = 0.0;
  std::vector<std::uint8_t> in;  // 1 = the cell is in the level
};

std::string share_name(double share) {
  return format("top %g%%", share * 100.0);
}

std::string value_name(double value) {
  return format(">= %g", value);
}

/// 4-connected labels 1..n in order of each group's first cell (row-major), 0 outside. The
/// polygonizer's default connectedness is 4 as well, so each label becomes exactly one polygon
/// (8-connected groups would make polygons that touch themselves at a corner: invalid).
std::vector<std::int32_t> label_groups(const GridSpec& grid, const std::vector<std::uint8_t>& in, std::int32_t& count) {
  std::vector<std::int32_t> label(in.size(), 0);
  std::vector<std::size_t> stack;
  count = 0;
  const auto cols = static_cast<std::size_t>(grid.cols);
  for (std::size_t start = 0; start < in.size(); ++start) {
    if (in[start] == 0 || label[start] != 0) continue;
    ++count;
    label[start] = count;
    stack.push_back(start);
    while (!stack.empty()) {
      const std::size_t cell = stack.back();
      stack.pop_back();
      const std::size_t col = cell % cols;
      const auto visit = [&](std::size_t next) {
        if (in[next] != 0 && label[next] == 0) {
          label[next] = count;
          stack.push_back(next);
        }
      };
      if (col > 0) visit(cell - 1);
      if (col + 1 < cols) visit(cell + 1);
      if (cell >= cols) visit(cell - cols);
      if (cell + cols < in.size()) visit(cell + cols);
    }
  }
  return label;
}

/// The polygon of each label (index label − 1) as ISO WKB, from GDALPolygonize.
std::vector<std::string> polygonize(const GridSpec& grid, const std::vector<std::int32_t>& label, std::int32_t count) {
  hotspot::detail::register_gdal_drivers();
  GDALDriverH mem = GDALGetDriverByName("MEM");
  GDALDriverH memory = GDALGetDriverByName("Memory");
  if (mem == nullptr || memory == nullptr) throw Error(ErrorCode::internal, kStage, "GDAL has no MEM/Memory driver");
  DatasetPtr raster(GDALCreate(mem, "", grid.cols, grid.rows, 1, GDT_Int32, nullptr));
  DatasetPtr mask(GDALCreate(mem, "", grid.cols, grid.rows, 1, GDT_Byte, nullptr));
  if (!raster || !mask) throw Error(ErrorCode::internal, kStage, "cannot create the in-memory class raster");
  auto transform = grid.geotransform();
  GDALSetGeoTransform(raster.get(), transform.data());
  GDALSetGeoTransform(mask.get(), transform.data());
  std::vector<std::uint8_t> in(label.size());
  std::transform(label.begin(), label.end(), in.begin(), [](std::int32_t l) { return static_cast<std::uint8_t>(l > 0); });
  GDALRasterBandH band = GDALGetRasterBand(raster.get(), 1);
  GDALRasterBandH mask_band = GDALGetRasterBand(mask.get(), 1);
  if (GDALRasterIO(band, GF_Write, 0, 0, grid.cols, grid.rows, const_cast<std::int32_t*>(label.data()), grid.cols,
                   grid.rows, GDT_Int32, 0, 0) != CE_None ||
      GDALRasterIO(mask_band, GF_Write, 0, 0, grid.cols, grid.rows, in.data(), grid.cols, grid.rows, GDT_Byte, 0,
                   0) != CE_None) {
    throw Error(ErrorCode::internal, kStage, "cannot fill the in-memory class raster");
  }
  DatasetPtr vector(GDALCreate(memory, "", 0, 0, 0, GDT_Unknown, nullptr));
  if (!vector) throw Error(ErrorCode::internal, kStage, "cannot create the in-memory layer");
  OGRLayerH layer = GDALDatasetCreateLayer(vector.get(), "hotspots", nullptr, wkbPolygon, nullptr);
  OGRFieldDefnH field = OGR_Fld_Create("label", OFTInteger);
  const OGRErr made = layer == nullptr ? OGRERR_FAILURE : OGR_L_CreateField(layer, field, TRUE);
  OGR_Fld_Destroy(field);
  if (made != OGRERR_NONE) throw Error(ErrorCode::internal, kStage, "cannot create the in-memory layer");
  if (GDALPolygonize(band, mask_band, layer, 0, nullptr, nullptr, nullptr) != CE_None) {
    throw Error(ErrorCode::internal, kStage, "GDALPolygonize failed");
  }
  std::vector<std::string> wkb(static_cast<std::size_t>(count));
  OGR_L_ResetReading(layer);
  while (FeaturePtr feature{OGR_L_GetNextFeature(layer)}) {
    const int l = OGR_F_GetFieldAsInteger(feature.get(), 0);
    OGRGeometryH g = OGR_F_GetGeometryRef(feature.get());
    if (l < 1 || l > count || g == nullptr || !wkb[static_cast<std::size_t>(l - 1)].empty()) {
      throw Error(ErrorCode::internal, kStage, "the polygonizer did not give one polygon per group of cells");
    }
    std::string& out = wkb[static_cast<std::size_t>(l - 1)];
    out.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
    OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(out.data()));
  }
  for (const auto& w : wkb) {
    if (w.empty()) throw Error(ErrorCode::internal, kStage, "the polygonizer missed a group of cells");
  }
  return wkb;
}

}  // namespace

std::vector<HotspotPolygon> hotspot_polygons(const GridSpec& grid, std::span<const double> values,
                                             const Incidents& incidents, std::span<const double> harm_of_category,
                                             const HotspotPolygonOptions& options) {
  if (values.size() != grid.size() || grid.size() == 0) {
    throw Error(ErrorCode::usage, kStage, "the surface does not match the grid");
  }
  std::vector<LevelCells> levels;
  if (!options.area_shares.empty()) {
    const std::vector<HotspotLevel> shares = hotspot_levels(values, options.area_shares);  // checks (0, 1]
    for (const HotspotLevel& s : shares) {
      levels.push_back({share_name(s.area_share), s.area_share, s.threshold, top_cells(values, s.area_share)});
    }
  }
  if (!options.value_level_names.empty() && options.value_level_names.size() != options.value_levels.size()) {
    throw Error(ErrorCode::usage, kStage, "give one name per value level, or none");
  }
  for (std::size_t n = 0; n < options.value_levels.size(); ++n) {
    const double v = options.value_levels[n];
    if (!std::isfinite(v)) throw Error(ErrorCode::usage, kStage, "a hotspot level must be a finite value");
    LevelCells level{options.value_level_names.empty() ? value_name(v) : options.value_level_names[n], 0.0, v,
                     std::vector<std::uint8_t>(values.size(), 0)};
    for (std::size_t i = 0; i < values.size(); ++i) level.in[i] = static_cast<std::uint8_t>(values[i] >= v);  // NaN: 0
    levels.push_back(std::move(level));
  }

  // A cell with no density is never part of a hotspot: with a sparse surface (counts per
  // cell, a narrow kernel) the top 10% of the area may hold fewer cells with any incident.
  for (LevelCells& level : levels) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!(values[i] > 0.0)) level.in[i] = 0;
    }
  }

  const double total_incidents = static_cast<double>(incidents.size());
  // Each incident's cell once; the levels then only look labels up.
  std::vector<std::ptrdiff_t> cell_of(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) cell_of[i] = grid.cell_of(incidents.x[i], incidents.y[i]);

  detail::GeosContext geos;
  GEOSContextHandle_t ctx = geos.get();
  std::vector<HotspotPolygon> out;
  for (const LevelCells& level : levels) {
    std::int32_t count = 0;
    const std::vector<std::int32_t> label = label_groups(grid, level.in, count);
    if (count == 0) continue;
    const std::vector<std::string> wkb = polygonize(grid, label, count);
    std::vector<HotspotPolygon> polygons(static_cast<std::size_t>(count));
    std::vector<std::size_t> first_cell(polygons.size(), values.size());
    for (std::size_t c = 0; c < label.size(); ++c) {
      if (label[c] == 0) continue;
      const auto p = static_cast<std::size_t>(label[c] - 1);
      HotspotPolygon& poly = polygons[p];
      poly.peak = poly.cells == 0 ? values[c] : std::max(poly.peak, values[c]);
      poly.mass += values[c];
      ++poly.cells;
      first_cell[p] = std::min(first_cell[p], c);
    }
    std::vector<std::map<std::uint32_t, std::size_t>> types(polygons.size());
    std::vector<std::set<MonthIndex>> months(polygons.size());
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      if (cell_of[i] < 0) continue;
      const std::int32_t l = label[static_cast<std::size_t>(cell_of[i])];
      if (l == 0) continue;
      const auto p = static_cast<std::size_t>(l - 1);
      HotspotPolygon& poly = polygons[p];
      ++poly.incidents;
      poly.weight += incidents.weight[i];
      const std::uint32_t category = incidents.category[i];
      if (category != Incidents::kNoCode) {
        ++types[p][category];
        if (category < harm_of_category.size() && !std::isnan(harm_of_category[category])) {
          poly.harm += harm_of_category[category];
        }
      } else if (!harm_of_category.empty()) {
        poly.harm += HarmWeights::kMissingWeight;  // no crime type: weighs 1, as a type the table lacks
      }
      if (incidents.month[i] != kNoMonth) months[p].insert(incidents.month[i]);
    }
    for (std::size_t p = 0; p < polygons.size(); ++p) {
      HotspotPolygon& poly = polygons[p];
      poly.level = level.name;
      poly.area_share = level.area_share;
      poly.threshold = level.threshold;
      poly.share = total_incidents > 0.0 ? static_cast<double>(poly.incidents) / total_incidents : 0.0;
      std::vector<std::pair<std::uint32_t, std::size_t>> ranked(types[p].begin(), types[p].end());
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      if (ranked.size() > options.top_crime_types) ranked.resize(options.top_crime_types);
      poly.crime_types = std::move(ranked);
      poly.months_active = months[p].size();
      if (!months[p].empty()) {
        poly.first_month = *months[p].begin();
        poly.last_month = *months[p].rbegin();
      }
      detail::GeomPtr g = detail::geom_from_wkb(ctx, wkb[p]);
      if (!g) throw Error(ErrorCode::internal, kStage, "GEOS cannot read a polygonized geometry");
      if (GEOSisValid_r(ctx, g.get()) != 1) {
        // Polygonized 4-connected groups are valid by construction; this only guards GDAL.
        g = detail::own(ctx, GEOSMakeValid_r(ctx, g.get()));
        if (!g) throw Error(ErrorCode::internal, kStage, "GEOS could not repair a hotspot polygon");
      }
      double area = 0.0;
      if (GEOSArea_r(ctx, g.get(), &area) != 1) throw Error(ErrorCode::internal, kStage, "GEOS area failed");
      poly.area_m2 = area;
      poly.wkb = detail::geom_to_wkb(ctx, g.get());
    }
    std::vector<std::size_t> order(polygons.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (polygons[a].mass != polygons[b].mass) return polygons[a].mass > polygons[b].mass;
      if (polygons[a].peak != polygons[b].peak) return polygons[a].peak > polygons[b].peak;
      return first_cell[a] < first_cell[b];
    });
    for (std::size_t r = 0; r < order.size(); ++r) {
      polygons[order[r]].rank = r + 1;
      out.push_back(std::move(polygons[order[r]]));
    }
  }
  return out;
}

}  // namespace hotspot::density
