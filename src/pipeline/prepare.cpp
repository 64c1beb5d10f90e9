#include "hotspot/pipeline/prepare.hpp"

#include <cmath>

#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/projection.hpp"

namespace hotspot {

PrepareOptions apply_focus(PrepareOptions options) {
  if (options.focus == Focus::all) return options;
  const FocusPreset& preset = focus_preset(options.focus);
  if (!preset.types.empty()) {
    if (!options.filter.types.empty()) {
      throw Error(ErrorCode::usage, "filters.focus",
                  "the focus \"" + preset.name + "\" chooses the crime types, and crime types were also given: give one");
    }
    options.filter.types = preset.types;
  }
  if (preset.harm_weighted) {
    if (options.weight == WeightMode::field) {
      throw Error(ErrorCode::usage, "filters.focus",
                  "the focus \"harm\" weighs incidents by harm, and weighting by a field was also asked for: give one");
    }
    options.weight = WeightMode::harm;
  }
  options.focus = Focus::all;
  return options;
}

PreparedIncidents prepare_incidents(const PrepareOptions& focused) {
  const PrepareOptions options = apply_focus(focused);
  if (options.weight == WeightMode::field && options.read.weight_field.empty()) {
    throw Error(ErrorCode::usage, "prepare", option_ref("weight") + " field needs " + option_ref("weight-field") + " NAME");
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
  if (focused.focus != Focus::all) {
    const FocusPreset& preset = focus_preset(focused.focus);
    const char* weighing = options.weight == WeightMode::harm    ? "each incident weighs its crime type's harm"
                           : options.weight == WeightMode::field ? "each incident weighs its weight field"
                                                                 : "each incident counts 1";
    out.notes.push_back("focus \"" + preset.name + "\": " + preset.description + "; " + weighing);
  }

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
    // A type the table does not list weighs 1 and is named once in a note: rejecting a
    // council's "Fly-tipping" or letting it weigh 0 would both hide it from the maps.
    const std::vector<double> harm = out.harm.per_category_or_default(out.incidents.categories);
    for (std::size_t i = 0; i < out.incidents.size(); ++i) {
      const std::uint32_t c = out.incidents.category[i];
      out.incidents.weight[i] = c == Incidents::kNoCode ? HarmWeights::kMissingWeight : harm[c];
    }
    out.without_harm_weight = types_without_harm_weight(out.incidents, out.harm);
    if (auto note = missing_harm_weight_note(out.without_harm_weight, out.harm.source())) out.notes.push_back(std::move(*note));
  }
  return out;
}

}  // namespace hotspot
