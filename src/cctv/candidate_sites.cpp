#include "hotspot/cctv/candidate_sites.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "geo/geos_support.hpp"
#include "hotspot/cctv/layer_source.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.candidates";

// Every point of a (multi)point geometry.
void collect_points(GEOSContextHandle_t ctx, const GEOSGeometry* g, std::vector<std::pair<double, double>>& out) {
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_POINT) {
    double x = 0, y = 0;
    GEOSGeomGetX_r(ctx, g, &x);
    GEOSGeomGetY_r(ctx, g, &y);
    out.emplace_back(x, y);
  } else if (type == GEOS_MULTIPOINT || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) collect_points(ctx, GEOSGetGeometryN_r(ctx, g, i), out);
  }
}

// Points every `step` metres along each linestring, starting at its first vertex.
void walk_lines(GEOSContextHandle_t ctx, const GEOSGeometry* g, double step, std::vector<std::pair<double, double>>& out) {
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) walk_lines(ctx, GEOSGetGeometryN_r(ctx, g, i), step, out);
    return;
  }
  if (type != GEOS_LINESTRING) return;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, g);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx, seq, &n);
  double next = 0, walked = 0;
  for (unsigned i = 0; i + 1 < n; ++i) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    GEOSCoordSeq_getXY_r(ctx, seq, i, &x0, &y0);
    GEOSCoordSeq_getXY_r(ctx, seq, i + 1, &x1, &y1);
    const double len = std::hypot(x1 - x0, y1 - y0);
    while (next <= walked + len && len > 0) {
      const double t = (next - walked) / len;
      out.emplace_back(x0 + t * (x1 - x0), y0 + t * (y1 - y0));
      next += step;
    }
    walked += len;
  }
}

}  // namespace

std::vector<CameraSite> generate_candidates(const CandidateOptions& options, const ObstacleSet& obstacles,
                                            const std::string& working_crs, CandidateReport& report,
                                            std::vector<std::string>& notes) {
  detail::GeosContext context;
  auto* ctx = context.get();
  std::vector<CameraSite> raw;
  auto too_many = [&] {
    if (raw.size() > options.max_sites) {
      throw Error(ErrorCode::usage, kStage,
                  "more than " + std::to_string(options.max_sites) + " candidate sites; use a larger spacing or step");
    }
  };
  if (options.points) {
    // The optional fields, each at its position in the values read_layer returns.
    std::vector<std::string> fields;
    const auto want = [&](const std::string& name) {
      if (name.empty()) return -1;
      fields.push_back(name);
      return static_cast<int>(fields.size()) - 1;
    };
    const int cost_at = want(options.cost_field), name_at = want(options.name_field);
    const int range_at = want(options.range_field), fov_at = want(options.fov_field);
    const int heading_at = want(options.heading_field), usable_at = want(options.usable_field);
    std::map<std::string, std::int64_t> fid_of_name;
    std::size_t unnamed = 0;
    for (const auto& f : read_layer(*options.points, working_crs, fields, kStage, notes)) {
      detail::GeomPtr g = detail::geom_from_wkb(ctx, f.wkb);
      if (!g) continue;
      std::vector<std::pair<double, double>> pts;
      collect_points(ctx, g.get(), pts);
      const auto text = [&](int at) -> const std::string& {
        static const std::string none;
        return at < 0 ? none : f.values[static_cast<std::size_t>(at)];
      };
      const auto where = [&](const std::string& field) {
        return ErrorContext{kStage, options.points->path, static_cast<std::uint64_t>(f.fid), field};
      };
      const auto number = [&](int at, const std::string& field) -> std::optional<double> {
        if (text(at).empty()) return std::nullopt;
        const auto v = parse_number(text(at));
        if (!v) throw Error(ErrorCode::data, where(field), field + " \"" + text(at) + "\" is not a number");
        return v;
      };
      if (usable_at >= 0 && !text(usable_at).empty()) {
        std::string flag;
        for (const char c : text(usable_at)) flag += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool no = flag == "0" || flag == "no" || flag == "false" || flag == "n" || flag == "f";
        const bool yes = flag == "1" || flag == "yes" || flag == "true" || flag == "y" || flag == "t";
        if (!no && !yes) {
          throw Error(ErrorCode::data, where(options.usable_field),
                      options.usable_field + " \"" + text(usable_at) + "\" is neither yes (1, yes, true) nor no (0, no, false)");
        }
        if (no) {
          report.unusable += pts.size();
          continue;
        }
      }
      double cost = 1;
      if (cost_at >= 0) {
        const auto v = parse_number(text(cost_at));
        if (!v || *v <= 0) {
          throw Error(ErrorCode::data, where(options.cost_field),
                      options.cost_field + " \"" + text(cost_at) + "\" is not a positive number");
        }
        cost = *v;
      }
      std::string label = "points fid " + std::to_string(f.fid);
      if (name_at >= 0) {
        if (text(name_at).empty()) {
          ++unnamed;
        } else {
          const auto [it, fresh] = fid_of_name.emplace(text(name_at), f.fid);
          if (!fresh) {
            throw Error(ErrorCode::data, where(options.name_field),
                        "the site name \"" + text(name_at) + "\" is also used by fid " + std::to_string(it->second) +
                            "; candidate site names must be unique");
          }
          label = text(name_at);
        }
      }
      std::optional<CameraModel> model;
      std::optional<double> heading;
      const auto range = number(range_at, options.range_field);
      const auto fov = number(fov_at, options.fov_field);
      heading = number(heading_at, options.heading_field);
      if (range || fov || heading) {
        CameraModel m = options.default_camera != nullptr ? *options.default_camera : CameraModel{};
        if (range) {
          m.range_m = *range;
          m.full_range_m = std::min(m.full_range_m, m.range_m);
        }
        if (fov) m.fov_deg = *fov;
        try {
          m.validate();
        } catch (const Error& e) {
          throw Error(ErrorCode::data, where(range ? options.range_field : options.fov_field), e.detail());
        }
        model = m;
      }
      for (const auto& [x, y] : pts) raw.push_back({x, y, cost, label, model, heading});
      report.from_points += pts.size();
    }
    if (unnamed > 0) {
      notes.push_back(std::to_string(unnamed) + " candidate sites have no name in the field \"" + options.name_field +
                      "\"; they are labelled by feature id");
    }
    if (report.unusable > 0) {
      notes.push_back(std::to_string(report.unusable) + " candidate sites have no mount or power (field \"" +
                      options.usable_field + "\") and were dropped");
    }
    too_many();
  }
  if (options.spacing_m > 0 && options.lattice_area == nullptr) {
    // The lattice fills a study area; without one the other candidate sources stand alone.
    notes.push_back("no lattice of candidate sites: it fills the study area, and none was given");
  } else if (options.spacing_m > 0) {
    const Bounds& b = options.lattice_area->bounds();
    const double s = options.spacing_m;
    const double cells = std::ceil(b.width() / s + 1) * std::ceil(b.height() / s + 1);
    if (cells > static_cast<double>(options.max_sites) * 4) {
      throw Error(ErrorCode::usage, kStage, option_ref("spacing") + " " + std::to_string(s) + " m gives too many lattice sites for this area");
    }
    // Lattice nodes on multiples of the spacing, so the same area and spacing give the same sites.
    for (double y = std::ceil(b.min_y / s) * s; y <= b.max_y; y += s) {
      for (double x = std::ceil(b.min_x / s) * s; x <= b.max_x; x += s) {
        if (!options.lattice_area->contains(x, y)) continue;
        raw.push_back({x, y, 1, "lattice", {}, {}});
        ++report.from_lattice;
      }
    }
    too_many();
  }
  if (options.roads) {
    if (!(options.road_step_m > 0)) throw Error(ErrorCode::usage, kStage, "the step along roads must be positive");
    for (const auto& f : read_layer(*options.roads, working_crs, {}, kStage, notes)) {
      detail::GeomPtr g = detail::geom_from_wkb(ctx, f.wkb);
      if (!g) continue;
      std::vector<std::pair<double, double>> pts;
      walk_lines(ctx, g.get(), options.road_step_m, pts);
      for (const auto& [x, y] : pts) raw.push_back({x, y, 1, "roads fid " + std::to_string(f.fid), {}, {}});
      report.from_roads += pts.size();
      too_many();
    }
  }
  if (options.hotspots || options.hotspot_layer != nullptr) {
    std::vector<LayerFeature> features;
    if (options.hotspots) {
      features = read_layer(*options.hotspots, working_crs, {}, kStage, notes);
    } else {
      for (const VectorFeature& f : options.hotspot_layer->features) {
        features.push_back({f.wkb, {}, static_cast<std::int64_t>(features.size()) + 1});
      }
    }
    for (const auto& f : features) {
      detail::GeomPtr g = detail::geom_from_wkb(ctx, f.wkb);
      if (!g) continue;
      const int type = GEOSGeomTypeId_r(ctx, g.get());
      if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) continue;
      detail::GeomPtr c = detail::own(ctx, GEOSGetCentroid_r(ctx, g.get()));
      double x = 0, y = 0;
      if (!c || GEOSGeomGetX_r(ctx, c.get(), &x) != 1 || GEOSGeomGetY_r(ctx, c.get(), &y) != 1) continue;
      raw.push_back({x, y, 1, "hotspots fid " + std::to_string(f.fid), {}, {}});
      ++report.from_hotspots;
    }
    if (options.hotspot_features != nullptr) *options.hotspot_features = std::move(features);
  }
  std::vector<StudyArea> exclusions;
  for (const auto& source : options.exclusions) exclusions.push_back(StudyArea::from_source(source, working_crs, notes));

  std::vector<CameraSite> sites;
  std::set<std::pair<double, double>> seen;
  for (auto& site : raw) {
    if (std::any_of(exclusions.begin(), exclusions.end(), [&](const StudyArea& a) { return a.contains(site.x, site.y); })) {
      ++report.excluded;
      continue;
    }
    if (obstacles.inside(site.x, site.y)) {
      ++report.inside_obstacles;
      continue;
    }
    if (!seen.insert({site.x, site.y}).second) {
      ++report.duplicates;
      continue;
    }
    sites.push_back(std::move(site));
  }
  if (report.inside_obstacles > 0) {
    notes.push_back(std::to_string(report.inside_obstacles) +
                    " candidate sites stand inside building footprints and were dropped (a camera there sees nothing)");
  }
  if (report.excluded > 0) notes.push_back(std::to_string(report.excluded) + " candidate sites lie in exclusion areas and were dropped");
  return sites;
}

std::vector<CameraSite> read_existing_cameras(const AreaSource& source, const ExistingCameraFields& fields,
                                              const CameraModel& defaults, const std::string& working_crs,
                                              std::vector<std::string>& notes) {
  std::vector<std::string> names;
  int range_at = -1, fov_at = -1, heading_at = -1;
  if (!fields.range.empty()) range_at = static_cast<int>(names.size()), names.push_back(fields.range);
  if (!fields.fov.empty()) fov_at = static_cast<int>(names.size()), names.push_back(fields.fov);
  if (!fields.heading.empty()) heading_at = static_cast<int>(names.size()), names.push_back(fields.heading);
  detail::GeosContext context;
  auto* ctx = context.get();
  std::vector<CameraSite> cameras;
  std::size_t no_heading = 0;
  for (const auto& f : read_layer(source, working_crs, names, "cctv.existing", notes)) {
    detail::GeomPtr g = detail::geom_from_wkb(ctx, f.wkb);
    if (!g) continue;
    std::vector<std::pair<double, double>> pts;
    collect_points(ctx, g.get(), pts);
    CameraModel model = defaults;
    model.full_range_m = 0;  // existing cameras: no decay unless the shared model has it
    if (defaults.decays()) model.full_range_m = defaults.full_range_m;
    std::optional<double> heading;
    const auto field_value = [&](int at, const std::string& name) -> std::optional<double> {
      if (at < 0) return std::nullopt;
      const std::string& text = f.values[static_cast<std::size_t>(at)];
      if (text.empty()) return std::nullopt;
      const auto v = parse_number(text);
      if (!v) {
        throw Error(ErrorCode::data, ErrorContext{"cctv.existing", source.path, static_cast<std::uint64_t>(f.fid), name},
                    "\"" + text + "\" is not a number");
      }
      return v;
    };
    if (const auto r = field_value(range_at, fields.range)) {
      model.range_m = *r;
      if (model.full_range_m > model.range_m) model.full_range_m = model.range_m;
    }
    if (const auto v = field_value(fov_at, fields.fov)) model.fov_deg = *v;
    heading = field_value(heading_at, fields.heading);
    if (!model.all_round() && !heading) {
      model.fov_deg = 360;
      ++no_heading;
    }
    try {
      model.validate();
    } catch (const Error& e) {
      throw Error(ErrorCode::data, ErrorContext{"cctv.existing", source.path, static_cast<std::uint64_t>(f.fid), {}}, e.detail());
    }
    for (const auto& [x, y] : pts) {
      cameras.push_back({x, y, 0, "existing fid " + std::to_string(f.fid), model, heading ? heading : std::optional<double>(0.0)});
    }
  }
  if (no_heading > 0) {
    notes.push_back(std::to_string(no_heading) +
                    " existing cameras have no heading; they are taken to look all round (360°)");
  }
  return cameras;
}

}  // namespace hotspot
