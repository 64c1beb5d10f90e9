#pragma once

#include <string_view>

#include <CLI/CLI.hpp>

#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::cli {

/// What a command says, on the terminal: notes and status lines on stderr after "hotspot: ",
/// results on stdout.
class TerminalMessages final : public step::Messages {
 public:
  void note(std::string_view text) override;
  void status(std::string_view text) override;
  void print(std::string_view text) override;
};

/// Adds `spec` to `app` as a subcommand (nested by its words: "cctv rotate" under "cctv"),
/// with one CLI11 option per declared option: its flag, help, group and default are the
/// declaration's, and a value is checked and stored by the declaration. Old spellings work
/// with a deprecation note. `--config` and `--write-config` are added too.
void add_command(CLI::App& app, const step::CommandSpec& spec);

}  // namespace hotspot::cli
