#pragma once

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
};

void add_input_options(CLI::App& command, InputFlags& flags);

/// Finishes parsing (format, weight mode, bbox) after CLI11 has filled the strings.
[[nodiscard]] PrepareOptions resolve_input_options(const InputFlags& flags);

/// Runs the shared first step and reports the row accounting on stderr; writes --rejects.
[[nodiscard]] PreparedIncidents prepare_from_flags(const InputFlags& flags);

}  // namespace hotspot::cli

namespace hotspot::cli {

/// `--config FILE` (TOML, read by CLI11; flags on the command line win over the file) and
/// `--write-config FILE` (writes every option of the command with its default and help text
/// as a commented TOML file, then exits). Call after every other option has been added.
void add_config_options(CLI::App& command);

/// True when `--write-config` was given and the file was written; the command then stops.
[[nodiscard]] bool handled_write_config(CLI::App& command);

}  // namespace hotspot::cli
