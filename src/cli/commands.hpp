#pragma once

#include <CLI/CLI.hpp>

namespace hotspot::cli {

/// Each subcommand lives in its own src/cli/<name>_command.cpp and registers itself here.
/// A subcommand parses flags into the library's Options struct and calls the library; the
/// callback runs after parsing succeeded.
void register_plan_command(CLI::App& app);

}  // namespace hotspot::cli
