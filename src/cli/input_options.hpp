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
