#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace hotspot::cli {

/// `--config FILE` (TOML, read by CLI11; flags on the command line win over the file) and
/// `--write-config FILE` (writes every option of the command with its default and help text
/// as a commented TOML file, then exits). Call after every other option has been added.
void add_config_options(CLI::App& command);

/// True when `--write-config` was given and the file was written; the command then stops.
/// `leave_out`: option names not written (hidden plumbing, old spellings).
[[nodiscard]] bool handled_write_config(CLI::App& command, const std::vector<std::string>& leave_out = {});

/// Checks a settings file before CLI11 reads it: a regular file of sensible size (not
/// /dev/zero or a FIFO), every [section] a command, every key a setting of that command (a
/// misspelt key names the nearest one), no key twice in a section. Throws Error(usage) with
/// the file and line.
void check_settings_file(const CLI::App& app, const std::string& path);

}  // namespace hotspot::cli
