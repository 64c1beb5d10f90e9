#include "hotspot/pipeline/stream.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot {

StreamSummary stream_incidents(const PrepareOptions& options, std::size_t sources_per_batch,
                               const std::function<void(const Incidents& batch, const PreparedIncidents& context)>& consume) {
  ExpandedInputs expanded = expand_sources(options.read.inputs);
  const std::vector<std::string>& sources = expanded.sources;
  if (sources.empty()) throw Error(ErrorCode::usage, "readers", "no input given");
  if (sources_per_batch == 0) {
    sources_per_batch = options.read.threads > 0 ? static_cast<std::size_t>(options.read.threads)
                                                 : std::max(1u, std::thread::hardware_concurrency());
  }
  StreamSummary out;
  PreparedIncidents& context = out.context;
  context.options = options;
  std::set<std::string> seen_notes;
  for (auto& note : expanded.notes) {
    if (seen_notes.insert(note).second) context.notes.push_back(std::move(note));
  }
  std::string crs = options.working_crs;
  for (std::size_t first = 0; first < sources.size(); first += sources_per_batch) {
    PrepareOptions batch_options = options;
    const auto last = std::min(sources.size(), first + sources_per_batch);
    batch_options.read.inputs.assign(sources.begin() + static_cast<std::ptrdiff_t>(first),
                                     sources.begin() + static_cast<std::ptrdiff_t>(last));
    batch_options.working_crs = crs;
    PreparedIncidents batch = prepare_incidents(batch_options);
    if (out.batches == 0) {
      context.crs = batch.crs;
      context.harm = batch.harm;
      context.area = std::move(batch.area);
      if (crs.empty()) {
        crs = batch.crs.definition;
        context.notes.push_back("streaming: the working CRS was chosen from the first batch of sources");
      }
    }
    context.account.merge(batch.account);
    // Each batch names its own types without a harm weight; the run gets one note with the
    // counts of all batches, made at the end.
    const std::optional<std::string> harm_note = missing_harm_weight_note(batch.without_harm_weight, batch.harm.source());
    merge_unweighted_types(context.without_harm_weight, batch.without_harm_weight);
    for (auto& note : batch.notes) {
      if (harm_note && note == *harm_note) continue;
      if (seen_notes.insert(note).second) context.notes.push_back(std::move(note));
    }
    ++out.batches;
    out.largest_batch_rows = std::max(out.largest_batch_rows, batch.incidents.size());
    consume(batch.incidents, context);
  }
  if (auto note = missing_harm_weight_note(context.without_harm_weight, context.harm.source())) {
    context.notes.push_back(std::move(*note));
  }
  return out;
}

void LocationTotals::add(const Incidents& batch) {
  totals_.reserve(totals_.size() + batch.size() / 8);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& t = totals_[{batch.x[i], batch.y[i]}];
    t.first += batch.weight[i];
    ++t.second;
  }
  incidents_ += batch.size();
}

Incidents LocationTotals::collapsed(const std::string& crs) const {
  std::vector<std::pair<double, double>> keys;
  keys.reserve(totals_.size());
  for (const auto& [key, total] : totals_) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  Incidents out;
  out.crs = crs;
  out.rows_represented.reserve(keys.size());
  for (const auto& key : keys) {
    const auto& [weight, rows] = totals_.at(key);
    out.push_back(IncidentRecord{.x = key.first, .y = key.second, .weight = weight});
    out.rows_represented.push_back(static_cast<std::uint32_t>(rows));
  }
  return out;
}

}  // namespace hotspot
