#include "hotspot/geo/crs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include "core/place_table.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "crs";

OGRSpatialReference make_srs(const std::string& definition) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (definition.empty() || srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::crs, kStage, "\"" + definition + "\" is not a coordinate reference system GDAL/PROJ know");
  }
  return srs;
}

// Great Britain, as opposed to the whole area of use of EPSG:27700 (which includes Northern
// Ireland, where the Irish grids or UTM 29N are the right choice).
bool in_great_britain(double lon, double lat) {
  if (lon < -8.7 || lon > 1.9 || lat < 49.8 || lat > 60.9) return false;
  const bool northern_ireland = lon < -5.35 && lat > 53.9 && lat < 55.4;
  return !northern_ireland;
}

}  // namespace

CrsInfo describe_crs(const std::string& definition) {
  const OGRSpatialReference srs = make_srs(definition);
  CrsInfo info;
  info.definition = definition;
  info.name = srs.GetName() != nullptr ? srs.GetName() : definition;
  info.geographic = srs.IsGeographic() != 0;
  if (srs.IsProjected()) info.metres_per_unit = srs.GetLinearUnits();
  double west = 0, south = 0, east = 0, north = 0;
  const char* area_name = nullptr;
  if (srs.GetAreaOfUse(&west, &south, &east, &north, &area_name) && west > -1000) {
    info.has_area_of_use = true;
    info.area_of_use = Bounds{west, south, east, north};
  }
  return info;
}

void require_metric_crs(const std::string& definition) {
  const CrsInfo info = describe_crs(definition);
  if (info.geographic) {
    throw Error(ErrorCode::crs, kStage,
                definition + " (" + info.name +
                    ") is geographic: its units are degrees, and distances in degrees are meaningless for "
                    "hotspots. Use a projected CRS in metres, e.g. EPSG:27700 (British National Grid), or let "
                    "hotspot choose one by leaving " + option_ref("crs") + " out");
  }
  if (std::abs(info.metres_per_unit - 1.0) > 1e-9) {
    throw Error(ErrorCode::crs, kStage,
                definition + " (" + info.name + ") has units of " + std::to_string(info.metres_per_unit) +
                    " m; hotspot works in metres: choose a CRS whose unit is the metre");
  }
}

WorkingCrsChoice choose_working_crs(double centre_lon, double centre_lat, const std::string& where_text) {
  char lonlat[64];
  std::snprintf(lonlat, sizeof lonlat, "%.4f, %.4f", centre_lon, centre_lat);
  const std::string where = where_text.empty() ? std::string(lonlat) : where_text;
  if (in_great_britain(centre_lon, centre_lat)) {
    return {"EPSG:27700", "OSGB36 / British National Grid",
            std::string("the data's median location (") + where + ") lies in Great Britain"};
  }
  const int zone = std::clamp(static_cast<int>(std::floor((centre_lon + 180.0) / 6.0)) + 1, 1, 60);
  const int epsg = (centre_lat >= 0 ? 32600 : 32700) + zone;
  const std::string hemisphere = centre_lat >= 0 ? "N" : "S";
  return {"EPSG:" + std::to_string(epsg), "WGS 84 / UTM zone " + std::to_string(zone) + hemisphere,
          std::string("the data's median location (") + where + ") lies in UTM zone " + std::to_string(zone) +
              hemisphere + ", outside Great Britain"};
}

std::optional<std::string> working_crs_for_box(const Bounds& box) {
  // Strictly inside or strictly outside each box in_great_britain tests.
  const Bounds gb{.min_x = -8.7, .min_y = 49.8, .max_x = 1.9, .max_y = 60.9};
  const bool gb_box_inside = box.strictly_inside(gb);
  const bool gb_box_outside = box.strictly_outside(gb);
  // Northern Ireland's box is open on every side but the east: treat both edges as unsettled.
  const Bounds ni{.min_x = -1e9, .min_y = 53.9, .max_x = -5.35, .max_y = 55.4};
  const bool ni_inside = box.strictly_inside(ni);
  const bool ni_outside = box.strictly_outside(ni);
  if (gb_box_inside && ni_outside) return "EPSG:27700";
  if (!gb_box_outside && !(gb_box_inside && ni_inside)) return std::nullopt;
  if (!(box.min_x > -180.0 && box.max_x < 180.0)) return std::nullopt;
  const int zone = static_cast<int>(std::floor((box.min_x + 180.0) / 6.0)) + 1;
  if (static_cast<int>(std::floor((box.max_x + 180.0) / 6.0)) + 1 != zone) return std::nullopt;
  if (box.min_y < 0.0 && box.max_y >= 0.0) return std::nullopt;
  return "EPSG:" + std::to_string((box.min_y >= 0.0 ? 32600 : 32700) + zone);
}

void check_distance(double metres, const std::string& option, double extent_diagonal) {
  if (!std::isfinite(metres) || metres <= 0) {
    throw Error(ErrorCode::usage, kStage, option + " must be a positive number of metres");
  }
  if (metres < 1.0) {
    throw Error(ErrorCode::usage, kStage,
                option + " = " + std::to_string(metres) +
                    " m is under a metre; distances are metres in the working CRS, not degrees");
  }
  if (extent_diagonal > 0 && metres > 10.0 * extent_diagonal) {
    throw Error(ErrorCode::usage, kStage,
                option + " = " + std::to_string(metres) + " m is more than ten times the data's extent (" +
                    std::to_string(static_cast<long long>(extent_diagonal)) + " m across): the result would be flat");
  }
}

struct CoordinateTransformer::Impl {
  std::unique_ptr<OGRCoordinateTransformation> transformation;
};

namespace {

// PROJ takes some 16 ms to build a transformation between two CRSs (it searches its database
// for every operation between them: WGS84 to EPSG:27700 has several) and 0.4 ms to clone one.
// A run reads a file per month and projects each, streams batches, and takes outputs back to
// WGS84, always between the same few CRSs: each pair is built once per process and cloned.
// The prototypes are never destroyed (PROJ's contexts may be gone when static objects are).
std::unique_ptr<OGRCoordinateTransformation> cached_transformation(
    const std::string& from, const std::string& to,
    const std::function<std::unique_ptr<OGRCoordinateTransformation>()>& make) {
  static std::mutex mutex;
  static auto* prototypes = new std::map<std::pair<std::string, std::string>, std::unique_ptr<OGRCoordinateTransformation>>;
  const std::lock_guard lock(mutex);
  auto it = prototypes->find({from, to});
  if (it == prototypes->end()) {
    std::unique_ptr<OGRCoordinateTransformation> made = make();
    if (!made) return nullptr;
    it = prototypes->emplace(std::pair{from, to}, std::move(made)).first;
  }
  std::unique_ptr<OGRCoordinateTransformation> copy(it->second->Clone());
  return copy ? std::move(copy) : make();
}

}  // namespace

CoordinateTransformer::CoordinateTransformer(const std::string& from, const std::string& to)
    : impl_(std::make_unique<Impl>()) {
  impl_->transformation = cached_transformation(from, to, [&] {
    const OGRSpatialReference source = make_srs(from);
    const OGRSpatialReference target = make_srs(to);
    return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&source, &target));
  });
  if (!impl_->transformation) {
    throw Error(ErrorCode::crs, kStage, "PROJ has no transformation from " + from + " to " + to);
  }
}

CoordinateTransformer::CoordinateTransformer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CoordinateTransformer CoordinateTransformer::to_own_geographic(const std::string& from) {
  auto impl = std::make_unique<Impl>();
  impl->transformation = cached_transformation(from, "its own geographic CRS", [&] {
    const OGRSpatialReference source = make_srs(from);
    std::unique_ptr<OGRSpatialReference> geographic(source.CloneGeogCS());
    if (!geographic) throw Error(ErrorCode::crs, kStage, from + " has no geographic CRS");
    geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&source, geographic.get()));
  });
  if (!impl->transformation) {
    throw Error(ErrorCode::crs, kStage, "PROJ cannot take " + from + " to its own longitude and latitude");
  }
  return CoordinateTransformer(std::move(impl));
}

CoordinateTransformer::~CoordinateTransformer() = default;
CoordinateTransformer::CoordinateTransformer(CoordinateTransformer&&) noexcept = default;
CoordinateTransformer& CoordinateTransformer::operator=(CoordinateTransformer&&) noexcept = default;

namespace {

// Transforms in place, in chunks so the success flags stay small; `ok` is already all true.
void transform_each(OGRCoordinateTransformation& transformation, std::span<double> x, std::span<double> y,
                    std::vector<bool>& ok) {
  const std::size_t n = x.size();
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  std::vector<int> success(std::min(kChunk, n));
  // Points PROJ cannot transform are reported per point through `ok`; GDAL would also print
  // one "Point outside of projection domain" line each.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t count = std::min(kChunk, n - start);
    transformation.Transform(static_cast<int>(count), x.data() + start, y.data() + start, nullptr, success.data());
    for (std::size_t i = 0; i < count; ++i) {
      if (!success[i] || !std::isfinite(x[start + i]) || !std::isfinite(y[start + i])) ok[start + i] = false;
    }
  }
  CPLPopErrorHandler();
}

}  // namespace

void CoordinateTransformer::transform(std::span<double> x, std::span<double> y, std::vector<bool>& ok) const {
  const std::size_t n = x.size();
  ok.assign(n, true);
  // Police.uk rows share a few thousand snap points: each distinct coordinate pair (by its
  // bits) is transformed once and copied to its rows, the same numbers PROJ gives row by row
  // at a fraction of the cost. (Where PROJ has several operations between the CRSs, GDAL picks
  // one per call from the points' mean position, so rows and their places in one region get
  // the same one.) Rows judged mostly distinct on the first 16,384 (more than half new) are
  // transformed as they are.
  constexpr std::size_t kProbeRows = std::size_t{1} << 14;
  if (n < 2 * kProbeRows) {
    transform_each(*impl_->transformation, x, y, ok);
    return;
  }
  detail::PlaceTable table;
  std::vector<std::uint32_t> place_of;
  place_of.reserve(n);  // untouched if the rows turn out mostly distinct
  for (std::size_t i = 0; i < n; ++i) {
    if (i == kProbeRows && 2 * table.size() > kProbeRows) {
      transform_each(*impl_->transformation, x, y, ok);
      return;
    }
    place_of.push_back(table.place(x[i], y[i]));
  }
  std::vector<double> px, py;
  table.take(px, py);
  std::vector<bool> place_ok(px.size(), true);
  transform_each(*impl_->transformation, px, py, place_ok);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t p = place_of[i];
    x[i] = px[p];
    y[i] = py[p];
    if (!place_ok[p]) ok[i] = false;
  }
}

bool CoordinateTransformer::transform(double& x, double& y) const {
  int success = 0;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  impl_->transformation->Transform(1, &x, &y, nullptr, &success);
  CPLPopErrorHandler();
  return success != 0 && std::isfinite(x) && std::isfinite(y);
}

}  // namespace hotspot
