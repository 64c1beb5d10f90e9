#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hotspot/core/error.hpp"
#include "hotspot/step/input.hpp"
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
                         std::function<void(Declarer&, Settings&)> declare,
                         std::function<void(const Settings&, const Declarer&, Messages&)> run) {
  using Declare = std::function<void(Declarer&, Settings&)>;
  using Runner = std::function<void(const Settings&, const Declarer&, Messages&)>;
  struct Run final : CommandRun {
    Run(const std::string& n, const Declare& decl, Runner r) : declarer_(n), run_(std::move(r)) { decl(declarer_, settings_); }
    Declarer& declarer() override { return declarer_; }
    void run(Messages& messages) override { run_(settings_, declarer_, messages); }
    Settings settings_{};  // declared first: the declarer binds references into it
    Declarer declarer_;
    Runner run_;
  };
  CommandSpec spec{std::move(name), std::move(summary), std::move(outputs), {}};
  spec.make = [n = spec.name, declare = std::move(declare), run = std::move(run)] {
    return std::unique_ptr<CommandRun>(new Run(n, declare, run));
  };
  return spec;
}

/// The settings of a command that reads incidents, runs one step and writes its layers to one
/// vector file named with -o (gistar, trends, clusters).
template <class Options>
struct VectorFileCommand {
  InputSettings input;
  Options options;
  VectorFileOutput output;
};

/// What a VectorFileCommand is made of: the step's declaration and run, whether its input may
/// be streamed, the help of -o, and the layer a .geojson file takes (by the output settings).
template <class Options, class Result>
struct VectorFileStep {
  void (*declare)(Declarer&, Options&);
  Result (*run)(const PreparedIncidents&, const Options&, OutputSink&);
  bool streamable = false;
  std::string out_help;
  std::function<std::string(const VectorFileOutput&)> geojson_layer;
};

/// The CommandSpec of a VectorFileCommand: input options, the step's options, -o and the
/// publish options; the run prepares the input, runs the step into the file's sink and commits.
template <class Options, class Result>
CommandSpec vector_file_command(std::string name, std::string summary, std::vector<OutputSpec> outputs,
                                VectorFileStep<Options, Result> step) {
  using Command = VectorFileCommand<Options>;
  const std::string stage = name;
  return make_command<Command>(
      std::move(name), std::move(summary), std::move(outputs),
      [step](Declarer& d, Command& c) {
        declare_input(d, c.input, step.streamable);
        step.declare(d, c.options);
        declare_vector_file_output(d, c.output, step.out_help);
      },
      [step, stage](const Command& c, const Declarer&, Messages& messages) {
        FileSink sink = vector_file_sink(c.output, step.geojson_layer(c.output), stage, messages);
        (void)step.run(prepare_input(c.input, messages), c.options, sink);
        sink.commit();
        messages.status("wrote " + c.output.out);
      });
}

/// The settings of a command that reads incidents, runs one step and writes its outputs into
/// one folder named with -o (cctv, cctv rotate, cctv next, cctv appraise, areas, evaluate).
template <class Options>
struct FolderCommand {
  InputSettings input;
  Options options;
  FolderOutput output;
};

/// What a FolderCommand is made of: the step's declaration and run, its -o and --quiet helps,
/// the GeoPackage its layers also go into, and the usage checks made before any input is read.
template <class Options>
struct FolderStep {
  void (*declare)(Declarer&, Options&);
  std::function<void(const PreparedIncidents&, const Options&, OutputSink&)> run;
  FolderOutputHelp output;
  std::filesystem::path geopackage;  ///< empty: none
  /// The usage error when no incident file is given (empty: `check` decides).
  std::string without_input;
  /// Further usage checks (may also print notes); empty: none.
  std::function<void(const FolderCommand<Options>&, const Declarer&, Messages&)> check;
  /// Prepares the input (empty: prepare_input).
  std::function<PreparedIncidents(const FolderCommand<Options>&, Messages&)> prepare;
};

/// The CommandSpec of a FolderCommand: input options, -o and the output options, then the
/// step's options; the run checks, prepares the input, runs the step into the folder's sink
/// and commits.
template <class Options>
CommandSpec folder_command(std::string name, std::string summary, std::vector<OutputSpec> outputs,
                           FolderStep<Options> step) {
  using Command = FolderCommand<Options>;
  const std::string stage = name;
  return make_command<Command>(
      std::move(name), std::move(summary), std::move(outputs),
      [step](Declarer& d, Command& c) {
        declare_input(d, c.input);
        declare_folder_output(d, c.output, step.output);
        step.declare(d, c.options);
      },
      [step, stage](const Command& c, const Declarer& d, Messages& messages) {
        if (!step.without_input.empty() && c.input.prepare.read.inputs.empty()) {
          throw Error(ErrorCode::usage, stage, step.without_input);
        }
        if (step.check) step.check(c, d, messages);
        SinkLayout layout;
        layout.folder = c.output.out;
        layout.geopackage = step.geopackage;
        QuietMessages shown(messages, c.output.quiet);
        FileSink sink(stage, layout, c.output.publish, !c.output.no_style, shown);
        step.run(step.prepare ? step.prepare(c, shown) : prepare_input(c.input, shown), c.options, sink);
        sink.commit();
      });
}

/// The description of `commands` as JSON (docs/describe.schema.json): every command with its
/// options (name, type, default, choices or range, group, help, required, role) and its
/// outputs. `version` is the tool's.
[[nodiscard]] std::string describe_json(std::span<const CommandSpec> commands, const std::string& version);

}  // namespace hotspot::step
