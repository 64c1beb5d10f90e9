#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "hotspot/geo/study_area.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::step {

/// The input, filter, CRS and weighting settings every analysis command shares: the library's
/// PrepareOptions plus what is only said in words on the command line (a bounding box).
struct InputSettings {
  PrepareOptions prepare;
  std::optional<Bounds> bbox;
  std::string rejects_path;       ///< write every rejected row with its reason to this CSV
  bool stream = false;            ///< read the sources a batch at a time (commands that can)
  std::size_t stream_batch = 0;   ///< sources per batch; 0: one per read thread
};

/// Declares the shared input options (groups Input, Filters, Analysis; --rejects in Output);
/// `streamable` adds --stream and --stream-batch.
void declare_input(Declarer& d, InputSettings& input, bool streamable = false);

/// An OGR layer given on the command line as FILE with `--NAME-layer` and `--NAME-where`
/// (e.g. --buildings, --buildings-layer, --buildings-where): declared together, stored in
/// `target` (set once the path is given). `what` says what the layer is, for the help.
void declare_layer(Declarer& d, const std::string& name, std::optional<AreaSource>& target, const std::string& what,
                   bool with_where = true);

/// PrepareOptions with the bounding box and the weight rule applied (a --weight-field with
/// --weight count means --weight field).
[[nodiscard]] PrepareOptions resolve_input(const InputSettings& input);

/// Called with each batch when streaming (and once with all incidents otherwise).
using BatchObserver = std::function<void(const Incidents& batch, const PreparedIncidents& context)>;

/// Reads, projects, filters and weighs the incidents; reports the row accounting through
/// `messages`; writes --rejects. With --stream the sources are read in batches and the
/// incidents returned are one per distinct location weighing the sum of its rows (months,
/// types and texts dropped); `observe` sees every batch first.
[[nodiscard]] PreparedIncidents prepare_input(const InputSettings& input, Messages& messages,
                                              const BatchObserver& observe = {});

/// The row accounting and notes of `prepared`, each line after `label` (empty for the main
/// input; e.g. "--compare input: " for a second one).
void report_account(const PreparedIncidents& prepared, Messages& messages, const std::string& label = "");

/// Other incidents read with the settings `main` was prepared with (e.g. later months to
/// evaluate on) and projected to its working CRS; `keep_period` false drops --from/--to.
/// Their rows are accounted for under `label`.
[[nodiscard]] PreparedIncidents prepare_other(const PreparedIncidents& main, const std::vector<std::string>& sources,
                                              bool keep_period, Messages& messages, const std::string& label);

}  // namespace hotspot::step
