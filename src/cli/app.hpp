#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace hotspot::cli {

/// The whole command line: the top-level options (`--config`, `--version`) and every
/// subcommand. Shared by the `hotspot` program and the config-file fuzz target, so the
/// fuzzer reads settings files exactly as users' files are read.
void build_app(CLI::App& app);

/// CLI11 2.1 reads a config file only at the top level. Users write
/// `hotspot plan --config plan.toml`, so a --config given after the subcommand is moved in
/// front of it; everything else keeps its order. Returns the arguments in CLI11's order
/// (reversed), ready for `CLI::App::parse(std::vector<std::string>&)`.
[[nodiscard]] std::vector<std::string> parse_order(std::vector<std::string> args);

}  // namespace hotspot::cli
