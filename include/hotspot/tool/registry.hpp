// The tool: every command, the top of the module graph (it depends on every step and on plan).
#pragma once

#include <span>

#include "hotspot/step/command.hpp"

namespace hotspot::tool {

/// Every command of the tool, in the order `hotspot --help` lists them. The command line,
/// `hotspot describe --json` and the QGIS provider are built from this list.
[[nodiscard]] std::span<const step::CommandSpec> all_commands();

}  // namespace hotspot::tool
