#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "hotspot/pipeline/prepare.hpp"

namespace hotspot::cli {

/// The input, filter, CRS and weighting flags every analysis command shares, parsed into the
/// library's PrepareOptions. Values are checked while parsing (choices, bbox shape).
struct InputFlags {
  PrepareOptions prepare;
  std::string format = "auto";
  std::string weight = "count";
  std::string bbox;
  std::string within;
  std::string rejects_path;
  bool stream = false;            ///< --stream (commands that call add_stream_options)
  std::size_t stream_batch = 0;   ///< sources per batch; 0: one per read thread
};

void add_input_options(CLI::App& command, InputFlags& flags);

/// Finishes parsing (format, weight mode, bbox) after CLI11 has filled the strings.
[[nodiscard]] PrepareOptions resolve_input_options(const InputFlags& flags);

/// `--stream` and `--stream-batch`, for the commands that can work batch by batch.
void add_stream_options(CLI::App& command, InputFlags& flags);

/// Called with each batch when streaming (and once with all incidents otherwise).
using BatchObserver = std::function<void(const Incidents& batch, const PreparedIncidents& context)>;

/// Runs the shared first step and reports the row accounting on stderr; writes --rejects.
/// With --stream the sources are read in batches and the incidents returned are one per
/// distinct location weighing the sum of its rows (months, types and texts dropped), so
/// memory grows with the places, not the rows; `observe` sees every batch first.
[[nodiscard]] PreparedIncidents prepare_from_flags(const InputFlags& flags, const BatchObserver& observe = {});

/// The row accounting and notes of `prepared` on stderr, each line after "hotspot: " and
/// `label` (empty for the main input; e.g. "--compare input: " for a second one).
void report_account(const PreparedIncidents& prepared, const std::string& label = "");

}  // namespace hotspot::cli

namespace hotspot::cli {

/// `--config FILE` (TOML, read by CLI11; flags on the command line win over the file) and
/// `--write-config FILE` (writes every option of the command with its default and help text
/// as a commented TOML file, then exits). Call after every other option has been added.
void add_config_options(CLI::App& command);

/// True when `--write-config` was given and the file was written; the command then stops.
[[nodiscard]] bool handled_write_config(CLI::App& command);

}  // namespace hotspot::cli
