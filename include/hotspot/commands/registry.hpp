#pragma once

#include <span>

#include "hotspot/step/command.hpp"

namespace hotspot::commands {

/// Every command of the tool, in the order `hotspot --help` lists them. The command line,
/// `hotspot describe --json` and the QGIS provider are built from this list.
[[nodiscard]] std::span<const step::CommandSpec> all_commands();

}  // namespace hotspot::commands
