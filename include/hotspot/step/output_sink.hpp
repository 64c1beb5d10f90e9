#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/core/vector_layer.hpp"
#include "hotspot/io/output_set.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/privacy/publish.hpp"
#include "hotspot/qgis/style.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::step {

/// Where a step tells its user what it found while it runs. The command line prints them
/// (notes and status on stderr, results on stdout); `plan` gathers them for its summary.
class Messages {
 public:
  virtual ~Messages() = default;
  /// Something the user should know about the data or a choice made ("hotspot: note: ...").
  virtual void note(std::string_view text) = 0;
  /// A line of progress or accounting ("hotspot: ..."), not part of the results.
  virtual void status(std::string_view text) = 0;
  /// The command's results for the reader (stdout); the text ends with its own newlines.
  virtual void print(std::string_view text) = 0;
  /// A long run's stages (plan): stage `index` (0-based) of `count` starts, then finishes with
  /// a one-line summary of what it found and its wall time.
  virtual void stage_started(std::size_t /*index*/, std::size_t /*count*/, std::string_view /*stage*/) {}
  virtual void stage_finished(std::size_t /*index*/, std::size_t /*count*/, std::string_view /*stage*/,
                              std::string_view /*summary*/, double /*seconds*/) {}
};

/// Messages that go nowhere (library callers that only want the returned result).
class SilentMessages final : public Messages {
 public:
  void note(std::string_view) override {}
  void status(std::string_view) override {}
  void print(std::string_view) override {}
};

/// Passes notes and status on and drops the printed results (`--quiet`).
class QuietMessages final : public Messages {
 public:
  QuietMessages(Messages& inner, bool quiet) : inner_(inner), quiet_(quiet) {}
  void note(std::string_view text) override { inner_.note(text); }
  void status(std::string_view text) override { inner_.status(text); }
  void print(std::string_view text) override {
    if (!quiet_) inner_.print(text);
  }
  void stage_started(std::size_t index, std::size_t count, std::string_view stage) override {
    if (!quiet_) inner_.stage_started(index, count, stage);
  }
  void stage_finished(std::size_t index, std::size_t count, std::string_view stage, std::string_view summary,
                      double seconds) override {
    if (!quiet_) inner_.stage_finished(index, count, stage, summary, seconds);
  }

 private:
  Messages& inner_;
  bool quiet_;
};

/// `--publish`: outputs made safe to leave the partnership (docs/publishing.md).
struct PublishSettings {
  bool enabled = false;
  std::int64_t min_count = 5;  ///< k: no published feature or count stands for fewer incidents
  double grid_m = 100.0;       ///< published points are rounded to multiples of it (metres)
};

/// Declares --publish, --min-count and --publish-grid (group "Publishing").
void declare_publish(Declarer& d, PublishSettings& publish);

/// Declares --no-style (group "Output"): no QGIS styles beside or in the outputs.
void declare_no_style(Declarer& d, bool& no_style);

/// Declares --quiet/-q (group "Output"): the results are not printed.
void declare_quiet(Declarer& d, bool& quiet, const std::string& help = "Do not print the results");

/// What a command writes, for `describe --json` and the QGIS provider.
enum class OutputKind { raster, vector, table, text, report, project };
[[nodiscard]] std::string_view output_kind_name(OutputKind kind) noexcept;

struct OutputSpec {
  std::string id;           ///< the name the step writes it under (a layer's name, a file's id)
  OutputKind kind;
  std::string file;         ///< its file name in an output folder ("cameras.geojson")
  std::string description;  ///< what it holds, in a phrase
  bool published = true;    ///< written under --publish (false: withheld there)
};

/// Where a step's outputs go. A step names every output (`id`: a layer's name, "density.tif",
/// "cctv_summary.csv"); the sink decides the path, writes atomically into the run's staging
/// folder, applies the publishing rules and writes the QGIS styles, in one place for every
/// command and for `plan`.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  [[nodiscard]] virtual const PublishSettings& publish() const = 0;
  [[nodiscard]] virtual bool styled() const = 0;
  [[nodiscard]] virtual Messages& messages() = 0;
  /// True when output `id` goes somewhere (e.g. density's polygons only with --polygons or a
  /// GeoPackage); a step may skip making what nobody will write.
  [[nodiscard]] virtual bool wants(std::string_view id) const = 0;
  /// Where output `id` will be, as the user named it (for printed lines and layer names in
  /// styles); empty when it is written nowhere. A layer's default file is "<id>.geojson".
  [[nodiscard]] virtual std::filesystem::path path_of(std::string_view id) const = 0;
  /// A vector layer (id: the layer's name). Under --publish it is first made safe with `rules`;
  /// a layer without rules is withheld there, with `why`.
  virtual void layer(const VectorLayer& layer, const std::optional<privacy::PublishOptions>& rules,
                     std::string_view why_unpublished = {}) = 0;
  /// A layer that carries no incident data (the study area, districts, roads drawn for
  /// context): written as it is, also under --publish.
  virtual void reference_layer(const VectorLayer& layer) = 0;
  /// A GeoTIFF, with its QGIS style beside it when given and styles are on.
  virtual void raster(std::string_view id, const GridSpec& grid, std::span<const double> values,
                      const RasterWriteOptions& options, const std::optional<qgis::RasterStyle>& style) = 0;
  /// A text file (CSV, JSON, Markdown, HTML). `why_unpublished` non-empty: withheld under
  /// --publish, and why.
  virtual void file(std::string_view id, std::string_view content, std::string_view why_unpublished = {}) = 0;
};

/// How a FileSink lays its outputs out.
struct SinkLayout {
  /// Folder outputs: every output goes into this folder under its own name (a layer as
  /// "<name>.geojson"), unless `paths` names another place. Empty: file outputs, where only
  /// the ids in `paths` are written.
  std::filesystem::path folder;
  /// id -> path (inside `folder`, or anywhere for file outputs). A layer's path may end in
  /// .geojson/.json (GeoJSON) or .gpkg (a GeoPackage of that layer).
  std::map<std::string, std::filesystem::path, std::less<>> paths;
  /// Ids written nowhere, even in a folder (e.g. `cctv_summary.csv` when not wanted).
  std::vector<std::string> skip;
  /// Also every layer written, together, into this GeoPackage (relative to `folder`, or a
  /// path); empty: none.
  std::filesystem::path geopackage;
  /// Ids of the layers that go into `geopackage`, in this order (empty: all, as written).
  std::vector<std::string> geopackage_layers;
};

/// The layout of one vector file named by the user (`-o PATH` of gistar, trends, clusters): a
/// GeoPackage (.gpkg) takes every layer the step writes; a GeoJSON (.geojson, .json) holds one
/// layer, `geojson_layer`. Throws Error(usage) from `command` for another extension.
[[nodiscard]] SinkLayout vector_file_layout(const std::filesystem::path& path, const std::string& geojson_layer,
                                            const std::string& command);

/// The standard sink: an OutputSet (all or nothing), the publishing rules, the QGIS styles.
///
/// Steps may write to one FileSink from several threads at once (plan runs its independent
/// stages side by side), each through a part() of it: the files are written outside its lock,
/// and what the steps add to suppression() and withheld() comes back in the parts' order, so
/// the result does not depend on which thread finished first.
class FileSink final : public OutputSink {
 public:
  /// One stage's view of the sink: writes go to the sink; its messages are the stage's own;
  /// `order` places what it adds to suppression() and withheld() among the other parts'.
  class Part final : public OutputSink {
   public:
    Part(FileSink& sink, std::size_t order, Messages& messages) : sink_(sink), order_(order), messages_(messages) {}
    [[nodiscard]] const PublishSettings& publish() const override { return sink_.publish(); }
    [[nodiscard]] bool styled() const override { return sink_.styled(); }
    [[nodiscard]] Messages& messages() override { return messages_; }
    [[nodiscard]] bool wants(std::string_view id) const override { return sink_.wants(id); }
    [[nodiscard]] std::filesystem::path path_of(std::string_view id) const override { return sink_.path_of(id); }
    void layer(const VectorLayer& layer, const std::optional<privacy::PublishOptions>& rules,
               std::string_view why_unpublished = {}) override {
      sink_.layer_from({order_, &messages_}, layer, rules, why_unpublished);
    }
    void reference_layer(const VectorLayer& layer) override { sink_.reference_layer_from({order_, &messages_}, layer); }
    void raster(std::string_view id, const GridSpec& grid, std::span<const double> values,
                const RasterWriteOptions& options, const std::optional<qgis::RasterStyle>& style) override {
      sink_.raster(id, grid, values, options, style);
    }
    void file(std::string_view id, std::string_view content, std::string_view why_unpublished = {}) override {
      sink_.file_from({order_, &messages_}, id, content, why_unpublished);
    }

   private:
    FileSink& sink_;
    std::size_t order_;
    Messages& messages_;
  };

  /// `command` names the run in the folder's marker and in errors.
  FileSink(std::string command, SinkLayout layout, PublishSettings publish, bool styled, Messages& messages);

  [[nodiscard]] const PublishSettings& publish() const override { return publish_; }
  [[nodiscard]] bool styled() const override { return styled_; }
  [[nodiscard]] Messages& messages() override { return messages_; }
  [[nodiscard]] bool wants(std::string_view id) const override;
  [[nodiscard]] std::filesystem::path path_of(std::string_view id) const override;
  void layer(const VectorLayer& layer, const std::optional<privacy::PublishOptions>& rules,
             std::string_view why_unpublished = {}) override;
  void raster(std::string_view id, const GridSpec& grid, std::span<const double> values, const RasterWriteOptions& options,
              const std::optional<qgis::RasterStyle>& style) override;
  void file(std::string_view id, std::string_view content, std::string_view why_unpublished = {}) override;
  void reference_layer(const VectorLayer& layer) override;
  /// A view of this sink for one of several stages that may run at once (see the class).
  [[nodiscard]] Part part(std::size_t order, Messages& messages) { return Part(*this, order, messages); }

  /// Where a caller writes output `id` with a writer of its own (a QGIS project, a report):
  /// its staged path, counted as written; empty when `id` goes nowhere or is withheld under
  /// --publish (`why_unpublished` non-empty).
  [[nodiscard]] std::filesystem::path writer_path(std::string_view id, std::string_view why_unpublished = {});
  /// The staged file of output `id` written earlier in this run (e.g. a layer's GeoJSON that a
  /// later step reads back); empty when it was not written. Valid until commit().
  [[nodiscard]] std::filesystem::path staged(std::string_view id) const;

  /// Writes the GeoPackage on a thread of its own while the steps run (the layout must list
  /// its layers): each layer goes in as soon as it and every layer before it in the layout's
  /// order has been written or settled. The same file commit() would write at the end.
  void stream_geopackage();
  /// No layer of these names will be written now (the step that makes them has finished): the
  /// GeoPackage goes on past them.
  void settle(std::initializer_list<std::string_view> names);
  /// Writes the GeoPackage (or waits for its thread: every layer not written by now is
  /// settled), and throws its error.
  void finish_geopackage();
  /// Finishes the GeoPackage (unless finished already), then moves every output into place
  /// (all or nothing). Without it (an exception) nothing is changed.
  void commit();
  /// Stops the GeoPackage's thread, if any (its file is not kept).
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  /// Paths written so far, relative to the folder (folder outputs) or as given; sorted at
  /// commit. Not while parts write.
  [[nodiscard]] const std::vector<std::string>& written() const noexcept { return written_; }
  /// Under --publish: each published layer's report, and the files withheld ("name: why"), in
  /// the order of the parts that wrote them (the sink's own calls first), each part's in the
  /// order it wrote them.
  [[nodiscard]] std::vector<privacy::SuppressionReport> suppression() const;
  [[nodiscard]] std::vector<std::string> withheld() const;
  /// The layers as written (published where --publish), in order, for a caller that builds
  /// more from them (plan's project and report). Not while parts write.
  [[nodiscard]] const std::deque<VectorLayer>& layers() const noexcept { return layers_; }
  /// A layer written earlier (by any part); its address stays valid until the sink is gone.
  [[nodiscard]] const VectorLayer* find_layer(std::string_view name) const;

 private:
  /// Who is writing: a part's order and messages (the sink itself: 0 and its own).
  struct Origin {
    std::size_t order;
    Messages* messages;
  };
  void layer_from(const Origin& origin, const VectorLayer& layer, const std::optional<privacy::PublishOptions>& rules,
                  std::string_view why_unpublished);
  void reference_layer_from(const Origin& origin, const VectorLayer& layer);
  void file_from(const Origin& origin, std::string_view id, std::string_view content, std::string_view why_unpublished);
  void keep_and_write(const Origin& origin, VectorLayer layer);
  void write_layer(const Origin& origin, const VectorLayer& layer);

  [[nodiscard]] std::optional<std::filesystem::path> destination(std::string_view id, std::string_view default_file) const;
  std::filesystem::path stage(const std::filesystem::path& target);

  std::string command_;
  SinkLayout layout_;
  PublishSettings publish_;
  bool styled_;
  Messages& messages_;
  OutputSet set_;
  std::vector<std::string> written_;
  std::vector<std::pair<std::size_t, privacy::SuppressionReport>> suppression_;  // (order, report)
  std::vector<std::pair<std::size_t, std::string>> withheld_;                   // (order, "name: why")
  std::deque<VectorLayer> layers_;  // a deque: stable addresses for the GeoPackage and the parts
  std::vector<std::filesystem::path> claimed_;
  std::map<std::string, std::filesystem::path, std::less<>> staged_;
  bool geopackage_written_ = false;
  /// The GeoPackage's own thread (stream_geopackage): the layers it may still wait for.
  std::vector<std::string> settled_;
  bool abandon_ = false;
  std::unique_ptr<std::condition_variable> layer_ready_ = std::make_unique<std::condition_variable>();
  std::unique_ptr<SideThread> geopackage_thread_;
  void write_geopackage_layers();
  /// Guards everything above (not the files: each is written by one part, outside the lock).
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
};

/// The output settings of a command that writes its layers to one file (gistar, trends,
/// clusters): -o/--out (.gpkg: every layer; .geojson: the main one), --publish, --no-style.
struct VectorFileOutput {
  std::string out;
  bool no_style = false;
  PublishSettings publish;
};
/// Declares -o/--out (old spelling --output; `help` says what the file holds), the publish
/// options and --no-style, in group "Output".
void declare_vector_file_output(Declarer& d, VectorFileOutput& output, const std::string& help);
/// The sink of a VectorFileOutput: `geojson_layer` is the layer a .geojson file takes.
[[nodiscard]] FileSink vector_file_sink(const VectorFileOutput& output, const std::string& geojson_layer,
                                        const std::string& command, Messages& messages);

/// The output settings of a command that writes into one folder (cctv, cctv rotate, cctv next,
/// cctv appraise, areas, evaluate): -o/--out, --quiet, --no-style and, where the command's
/// outputs may be published, the publish options.
struct FolderOutput {
  std::string out;
  bool quiet = false;
  bool no_style = false;
  PublishSettings publish;
};
/// How a command declares its FolderOutput: what -o holds, what --quiet keeps quiet, and
/// whether --publish is offered.
struct FolderOutputHelp {
  std::string out;
  std::string quiet = "Do not print the summary";
  bool publishable = true;
};
/// Declares -o/--out (required), --quiet, --no-style and (when publishable) the publish options,
/// in group "Output".
void declare_folder_output(Declarer& d, FolderOutput& output, const FolderOutputHelp& help);

}  // namespace hotspot::step
