#include "hotspot/pipeline/prepare.hpp"

#include <cmath>

#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/projection.hpp"

namespace hotspot {

PreparedIncidents prepare_incidents(const PrepareOptions& options) {
  if (options.weight == WeightMode::field && options.read.weight_field.empty()) {
    throw Error(ErrorCode::usage, "prepare", "--weight field needs --weight-field NAME");
  }
  PreparedIncidents out;
  out.options = options;
  out.harm = options.harm_weights_path.empty() ? HarmWeights::bundled() : HarmWeights::load(options.harm_weights_path);
  // Fail on bad options before reading anything large.
  (void)parse_period(options.filter.from, options.filter.to);
  if (!options.working_crs.empty()) require_metric_crs(options.working_crs);

  ReadResult read = read_incidents(options.read);
  out.account = std::move(read.account);
  out.notes = std::move(read.notes);

  ProjectedIncidents projected = project_incidents(read.parts, options.working_crs, out.account, out.notes);
  out.incidents = std::move(projected.incidents);
  out.crs = projected.crs;

  std::unique_ptr<StudyArea> bbox;
  if (options.filter.within) {
    out.area = std::make_unique<StudyArea>(StudyArea::from_source(*options.filter.within, out.crs.definition, out.notes));
  }
  if (options.filter.bbox) {
    bbox = std::make_unique<StudyArea>(StudyArea::from_bbox(*options.filter.bbox, options.filter.bbox_crs, out.crs.definition));
  }
  filter_incidents(out.incidents, options.filter, FilterAreas{out.area.get(), bbox.get()}, out.account, out.notes);

  if (options.weight == WeightMode::harm) {
    const std::vector<double> harm = out.harm.per_category(out.incidents.categories);
    std::vector<bool> keep(out.incidents.size(), true);
    bool dropped = false;
    for (std::size_t i = 0; i < out.incidents.size(); ++i) {
      const std::uint32_t c = out.incidents.category[i];
      const double w = c == Incidents::kNoCode ? std::nan("") : harm[c];
      if (std::isnan(w)) {
        keep[i] = false;
        dropped = true;
        out.account.reject(out.incidents.source[i], out.incidents.row[i], RejectReason::no_harm_weight,
                           c == Incidents::kNoCode ? "no crime type" : "\"" + out.incidents.categories[c] + "\"");
      } else {
        out.incidents.weight[i] = w;
      }
    }
    if (dropped) out.incidents.compact(keep);
  }
  return out;
}

}  // namespace hotspot
