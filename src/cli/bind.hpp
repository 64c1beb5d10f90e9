#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::cli {

/// What a command says, on the terminal: notes and status lines on stderr after "hotspot: ",
/// results on stdout. A long run's stages: on a terminal one line redrawn in place (stage,
/// percent, elapsed), ticking every 0.2 s while a stage runs, and a line per finished stage
/// with its summary; elsewhere (a log file, CI, the QGIS provider) plain lines only,
/// "hotspot: plan [3/9] density ..." and "hotspot: plan [3/9] density (1.2 s): summary".
class TerminalMessages final : public step::Messages {
 public:
  explicit TerminalMessages(std::string command);
  ~TerminalMessages() override;
  TerminalMessages(const TerminalMessages&) = delete;
  TerminalMessages& operator=(const TerminalMessages&) = delete;

  void note(std::string_view text) override;
  void status(std::string_view text) override;
  void print(std::string_view text) override;
  void stage_started(std::size_t index, std::size_t count, std::string_view stage) override;
  void stage_finished(std::size_t index, std::size_t count, std::string_view stage, std::string_view summary,
                      double seconds) override;

 private:
  void draw();
  void tick();

  std::string command_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::size_t count_ = 0, finished_ = 0;
  std::vector<std::pair<std::size_t, std::string>> running_;  // (index, name) of the stages running
  std::thread ticker_;
};

/// Adds `spec` to `app` as a subcommand (nested by its words: "cctv rotate" under "cctv"),
/// with one CLI11 option per declared option: its flag, help, group and default are the
/// declaration's, and a value is checked and stored by the declaration. Old spellings work
/// with a deprecation note. `--config` and `--write-config` are added too.
void add_command(CLI::App& app, const step::CommandSpec& spec);

}  // namespace hotspot::cli
