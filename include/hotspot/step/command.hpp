#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::step {

/// One run of a command: its options bound to a fresh settings struct, and the call that runs
/// it once they are parsed.
class CommandRun {
 public:
  virtual ~CommandRun() = default;
  [[nodiscard]] virtual Declarer& declarer() = 0;
  /// Runs the command with the parsed settings; what it says goes to `messages`.
  virtual void run(Messages& messages) = 0;
};

/// A command of the tool (GDAL's `gdalalg_*` algorithm, PDAL's stage): its name ("cctv
/// rotate"), what it does, what it writes, and a maker of runs. The command line, `describe
/// --json`, the settings files and the QGIS provider are all built from these.
struct CommandSpec {
  std::string name;
  std::string summary;
  std::vector<OutputSpec> outputs;
  std::function<std::unique_ptr<CommandRun>()> make;
};

/// A CommandSpec for settings struct `Settings`: `declare` binds its options, `run` runs it.
template <class Settings>
CommandSpec make_command(std::string name, std::string summary, std::vector<OutputSpec> outputs,
                         void (*declare)(Declarer&, Settings&),
                         void (*run)(const Settings&, const Declarer&, Messages&)) {
  struct Run final : CommandRun {
    Run(const std::string& n, void (*decl)(Declarer&, Settings&), void (*r)(const Settings&, const Declarer&, Messages&))
        : declarer_(n), run_(r) {
      decl(declarer_, settings_);
    }
    Declarer& declarer() override { return declarer_; }
    void run(Messages& messages) override { run_(settings_, declarer_, messages); }
    Settings settings_{};  // declared first: the declarer binds references into it
    Declarer declarer_;
    void (*run_)(const Settings&, const Declarer&, Messages&);
  };
  CommandSpec spec{std::move(name), std::move(summary), std::move(outputs), {}};
  spec.make = [n = spec.name, declare, run] { return std::unique_ptr<CommandRun>(new Run(n, declare, run)); };
  return spec;
}

/// The description of `commands` as JSON (docs/describe.schema.json): every command with its
/// options (name, type, default, choices or range, group, help, required, role) and its
/// outputs. `version` is the tool's.
[[nodiscard]] std::string describe_json(std::span<const CommandSpec> commands, const std::string& version);

}  // namespace hotspot::step
