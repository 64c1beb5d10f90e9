#include "hotspot/step/output_sink.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/qgis/layer_styles.hpp"
#include "hotspot/qgis/standard_styles.hpp"

namespace hotspot::step {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
}

/// Runs `write` on a staged path; an error names the output's own path, not the staging one.
template <class Write>
void writing(const std::filesystem::path& staged, const std::filesystem::path& target, Write&& write) {
  try {
    write();
  } catch (const Error& e) {
    ErrorContext context = e.context();
    std::string detail = e.detail();
    replace_all(context.source, staged.string(), target.string());
    replace_all(detail, staged.string(), target.string());
    throw Error(e.code(), context, detail);
  }
}

OutputSet make_set(const std::string& command, const SinkLayout& layout) {
  return layout.folder.empty() ? OutputSet::files(command) : OutputSet::folder(layout.folder, command);
}

}  // namespace

SinkLayout vector_file_layout(const std::filesystem::path& path, const std::string& geojson_layer,
                              const std::string& command) {
  SinkLayout layout;
  const std::string ext = lower_extension(path);
  if (ext == ".gpkg") {
    layout.geopackage = path;
  } else if (ext == ".geojson" || ext == ".json") {
    layout.paths[geojson_layer] = path;
  } else {
    throw Error(ErrorCode::usage, command, "the output " + path.string() + ": use a .gpkg or .geojson file name");
  }
  return layout;
}

void declare_publish(Declarer& d, PublishSettings& publish) {
  const std::string saved = d.current_group();
  d.group("Publishing (docs/publishing.md)");
  d.flag("publish", publish.enabled,
         "Outputs for outside the partnership: features of fewer than --min-count incidents suppressed, small counts "
         "withheld, points rounded to --publish-grid, no raw incidents or user text; the report is printed and kept in "
         "the layers' metadata")
      .excludes("rejects");
  d.integer("min-count", publish.min_count, "Publishing: fewest incidents a published feature or count may hold")
      .range(1, 1000000)
      .needs("publish");
  d.number("publish-grid", publish.grid_m, "Publishing: point coordinates are rounded to this many metres")
      .range(1, 100000)
      .unit("m")
      .needs("publish")
      .advanced();
  d.group(saved);
}

void declare_no_style(Declarer& d, bool& no_style) {
  const std::string saved = d.current_group();
  d.group("Output");
  d.flag("no-style", no_style,
         "Do not write QGIS styles (layer_styles in GeoPackages, a .qml beside each GeoJSON or GeoTIFF)");
  d.group(saved);
}

void declare_quiet(Declarer& d, bool& quiet, const std::string& help) {
  const std::string saved = d.current_group();
  d.group("Output");
  d.flag("quiet", quiet, help).short_name('q');
  d.group(saved);
}

void declare_vector_file_output(Declarer& d, VectorFileOutput& output, const std::string& help) {
  d.group("Output");
  d.text("out", output.out, help).short_name('o').deprecated("output").required().role(Role::output_vector);
  declare_publish(d, output.publish);
  declare_no_style(d, output.no_style);
}

void declare_folder_output(Declarer& d, FolderOutput& output, const FolderOutputHelp& help) {
  d.group("Output");
  d.text("out", output.out, help.out).short_name('o').required().role(Role::output_folder);
  declare_quiet(d, output.quiet, help.quiet);
  declare_no_style(d, output.no_style);
  if (help.publishable) declare_publish(d, output.publish);
}

FileSink vector_file_sink(const VectorFileOutput& output, const std::string& geojson_layer, const std::string& command,
                          Messages& messages) {
  return FileSink(command, vector_file_layout(output.out, geojson_layer, command), output.publish, !output.no_style,
                  messages);
}

std::string_view output_kind_name(OutputKind kind) noexcept {
  switch (kind) {
    case OutputKind::raster: return "raster";
    case OutputKind::vector: return "vector";
    case OutputKind::table: return "table";
    case OutputKind::text: return "text";
    case OutputKind::report: return "report";
    case OutputKind::project: return "project";
  }
  return "text";
}

FileSink::FileSink(std::string command, SinkLayout layout, PublishSettings publish, bool styled, Messages& messages)
    : command_(std::move(command)),
      layout_(std::move(layout)),
      publish_(publish),
      styled_(styled),
      messages_(messages),
      set_(make_set(command_, layout_)) {
  if (publish_.enabled) {
    privacy::PublishOptions rules;
    rules.min_count = publish_.min_count;
    rules.grid_m = publish_.grid_m;
    for (const auto& warning : privacy::publish_settings_warnings(rules)) messages_.note(warning);
  }
  // Outputs that could never be written are refused before any work is done.
  for (const auto& [id, path] : layout_.paths) {
    if (!path.empty()) OutputSet::check_target(layout_.folder.empty() ? path : layout_.folder / path);
  }
  if (!layout_.geopackage.empty()) {
    OutputSet::check_target(layout_.folder.empty() ? layout_.geopackage : layout_.folder / layout_.geopackage);
  }
}

std::optional<std::filesystem::path> FileSink::destination(std::string_view id, std::string_view default_file) const {
  if (std::find(layout_.skip.begin(), layout_.skip.end(), id) != layout_.skip.end()) return std::nullopt;
  if (const auto it = layout_.paths.find(id); it != layout_.paths.end()) {
    if (it->second.empty()) return std::nullopt;
    return layout_.folder.empty() || it->second.is_absolute() ? it->second : layout_.folder / it->second;
  }
  if (layout_.folder.empty()) return std::nullopt;
  return layout_.folder / std::filesystem::path(std::string(default_file));
}

bool FileSink::wants(std::string_view id) const {
  if (destination(id, std::string(id) + ".geojson") || destination(id, id)) return true;
  if (layout_.geopackage.empty()) return false;
  const auto& only = layout_.geopackage_layers;
  return only.empty() || std::find(only.begin(), only.end(), id) != only.end();
}

std::filesystem::path FileSink::path_of(std::string_view id) const {
  if (const auto target = destination(id, id); target && (layout_.paths.count(id) || id.find('.') != std::string_view::npos)) {
    return *target;
  }
  if (const auto target = destination(id, std::string(id) + ".geojson")) return *target;
  return {};
}

// Called with the lock held.
std::filesystem::path FileSink::stage(const std::filesystem::path& target) {
  claimed_.push_back(target);
  std::string shown = target.string();
  if (!layout_.folder.empty()) shown = target.lexically_relative(layout_.folder).string();
  written_.push_back(shown);
  return set_.stage(target);
}

void FileSink::layer(const VectorLayer& layer, const std::optional<privacy::PublishOptions>& rules,
                     std::string_view why_unpublished) {
  layer_from({0, &messages_}, layer, rules, why_unpublished);
}

void FileSink::layer_from(const Origin& origin, const VectorLayer& layer_in,
                          const std::optional<privacy::PublishOptions>& rules, std::string_view why_unpublished) {
  VectorLayer layer = layer_in;
  if (publish_.enabled) {
    if (!rules) {
      const std::string why = why_unpublished.empty() ? std::string("no publishing rules") : std::string(why_unpublished);
      {
        const std::lock_guard lock(*mutex_);
        withheld_.emplace_back(origin.order, layer.name + ": " + why);
      }
      origin.messages->status("publish: " + layer.name + " is not written (" + why + ")");
      return;
    }
    privacy::PublishOptions options = *rules;
    options.min_count = publish_.min_count;
    options.grid_m = publish_.grid_m;
    privacy::PublishResult published = privacy::publish_layer(layer, options);
    origin.messages->status(published.report.summary());
    {
      const std::lock_guard lock(*mutex_);
      suppression_.emplace_back(origin.order, std::move(published.report));
    }
    layer = std::move(published.layer);
  }
  keep_and_write(origin, std::move(layer));
}

void FileSink::reference_layer(const VectorLayer& layer) { reference_layer_from({0, &messages_}, layer); }

void FileSink::reference_layer_from(const Origin& origin, const VectorLayer& layer) { keep_and_write(origin, layer); }

void FileSink::keep_and_write(const Origin& origin, VectorLayer layer) {
  const VectorLayer* kept = nullptr;
  {
    const std::lock_guard lock(*mutex_);
    kept = &layers_.emplace_back(std::move(layer));
  }
  layer_ready_->notify_all();
  write_layer(origin, *kept);
}

void FileSink::write_layer(const Origin& origin, const VectorLayer& kept) {
  if (const auto target = destination(kept.name, kept.name + ".geojson")) {
    std::filesystem::path staged;
    {
      const std::lock_guard lock(*mutex_);
      staged = stage(*target);
      staged_[kept.name] = staged;
    }
    if (lower_extension(*target) == ".gpkg") {
      const VectorLayer* one[] = {&kept};
      writing(staged, *target, [&] {
        if (styled_) {
          qgis::write_geopackage_with_styles(one, staged);
        } else {
          hotspot::write_geopackage(one, staged);
        }
      });
    } else {
      writing(staged, *target, [&] { write_geojson(kept, staged); });
      if (styled_) {
        std::filesystem::path qml = *target;
        qml.replace_extension(".qml");
        std::filesystem::path staged_qml;
        {
          const std::lock_guard lock(*mutex_);
          if (std::find(claimed_.begin(), claimed_.end(), qml) == claimed_.end()) staged_qml = stage(qml);
        }
        if (staged_qml.empty()) {
          // QGIS reads <name>.qml beside each file: a raster and a GeoJSON of the same name
          // would share one; the first output keeps it.
          origin.messages->note("no style written for " + target->filename().string() + ": " +
                                qml.filename().string() + " already styles another output (name it differently)");
        } else {
          writing(staged_qml, qml, [&] { write_file_atomically(staged_qml, qgis::layer_qml(qgis::standard_style(kept))); });
        }
      }
    }
  }
}

void FileSink::raster(std::string_view id, const GridSpec& grid, std::span<const double> values,
                      const RasterWriteOptions& options, const std::optional<qgis::RasterStyle>& style) {
  const auto target = destination(id, id);
  if (!target) return;
  std::filesystem::path staged;
  std::filesystem::path qml;
  std::filesystem::path staged_qml;
  {
    const std::lock_guard lock(*mutex_);
    staged = stage(*target);
    if (style && styled_) {
      qml = *target;
      qml.replace_extension(".qml");
      staged_qml = stage(qml);
    }
  }
  writing(staged, *target, [&] { write_geotiff(staged, grid, values, options); });
  if (!staged_qml.empty()) writing(staged_qml, qml, [&] { write_file_atomically(staged_qml, qgis::raster_qml(*style)); });
}

void FileSink::file(std::string_view id, std::string_view content, std::string_view why_unpublished) {
  file_from({0, &messages_}, id, content, why_unpublished);
}

void FileSink::file_from(const Origin& origin, std::string_view id, std::string_view content,
                         std::string_view why_unpublished) {
  const auto target = destination(id, id);
  if (!target) return;
  std::filesystem::path staged_path;
  {
    const std::lock_guard lock(*mutex_);
    if (publish_.enabled && !why_unpublished.empty()) {
      withheld_.emplace_back(origin.order, std::string(id) + ": " + std::string(why_unpublished));
      return;
    }
    staged_path = stage(*target);
    staged_[std::string(id)] = staged_path;
  }
  writing(staged_path, *target, [&] { write_file_atomically(staged_path, content); });
}

std::filesystem::path FileSink::writer_path(std::string_view id, std::string_view why_unpublished) {
  const auto target = destination(id, id);
  if (!target) return {};
  const std::lock_guard lock(*mutex_);
  if (publish_.enabled && !why_unpublished.empty()) {
    withheld_.emplace_back(0, std::string(id) + ": " + std::string(why_unpublished));
    return {};
  }
  const std::filesystem::path staged_path = stage(*target);
  staged_[std::string(id)] = staged_path;
  return staged_path;
}

std::filesystem::path FileSink::staged(std::string_view id) const {
  const std::lock_guard lock(*mutex_);
  const auto it = staged_.find(id);
  return it == staged_.end() ? std::filesystem::path() : it->second;
}

const VectorLayer* FileSink::find_layer(std::string_view name) const {
  const std::lock_guard lock(*mutex_);
  for (const auto& l : layers_) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

namespace {
/// The second members of (order, value) pairs, stably ordered by order.
template <class T>
std::vector<T> in_part_order(std::vector<std::pair<std::size_t, T>> entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<T> out;
  out.reserve(entries.size());
  for (auto& [order, value] : entries) out.push_back(std::move(value));
  return out;
}
}  // namespace

std::vector<privacy::SuppressionReport> FileSink::suppression() const {
  const std::lock_guard lock(*mutex_);
  return in_part_order(suppression_);
}

std::vector<std::string> FileSink::withheld() const {
  const std::lock_guard lock(*mutex_);
  return in_part_order(withheld_);
}

namespace {
/// The layout's GeoPackage path (in the folder unless absolute).
std::filesystem::path geopackage_target(const SinkLayout& layout) {
  return layout.folder.empty() || layout.geopackage.is_absolute() ? layout.geopackage : layout.folder / layout.geopackage;
}
}  // namespace

void FileSink::stream_geopackage() {
  if (layout_.geopackage.empty() || layout_.geopackage_layers.empty() || geopackage_written_) {
    throw Error(ErrorCode::internal, command_, "a GeoPackage streamed needs its layers named in order");
  }
  geopackage_written_ = true;
  geopackage_thread_ = std::make_unique<SideThread>([this] { write_geopackage_layers(); });
}

void FileSink::settle(std::initializer_list<std::string_view> names) {
  {
    const std::lock_guard lock(*mutex_);
    for (std::string_view name : names) settled_.emplace_back(name);
  }
  layer_ready_->notify_all();
}

// On the GeoPackage's thread: the layers in the layout's order, each once it is written or
// settled; nothing at all when none is written (as commit() does).
void FileSink::write_geopackage_layers() {
  const std::filesystem::path target = geopackage_target(layout_);
  std::filesystem::path staged;
  std::optional<GeoPackageWriter> writer;
  std::vector<const VectorLayer*> written;
  for (const auto& name : layout_.geopackage_layers) {
    const VectorLayer* layer = nullptr;
    {
      std::unique_lock lock(*mutex_);
      layer_ready_->wait(lock, [&] {
        for (const auto& l : layers_) {
          if (l.name == name) {
            layer = &l;  // the first of the name, as find_layer
            break;
          }
        }
        return abandon_ || layer != nullptr || std::find(settled_.begin(), settled_.end(), name) != settled_.end();
      });
      if (abandon_) return;
      if (layer != nullptr && !writer) staged = stage(target);
    }
    if (layer == nullptr) continue;
    writing(staged, target, [&] {
      if (!writer) writer.emplace(staged);
      writer->add(*layer);
    });
    written.push_back(layer);
  }
  if (!writer) return;
  std::vector<GeoPackageStyle> styles;
  if (styled_) {
    for (const VectorLayer* layer : written) styles.push_back(qgis::geopackage_style(qgis::standard_style(*layer)));
  }
  writing(staged, target, [&] { writer->finish(styles); });
}

void FileSink::finish_geopackage() {
  if (geopackage_thread_) {
    {
      const std::lock_guard lock(*mutex_);
      for (const auto& name : layout_.geopackage_layers) settled_.push_back(name);
    }
    layer_ready_->notify_all();
    geopackage_thread_->join();
    return;
  }
  if (geopackage_written_) return;
  geopackage_written_ = true;
  if (!layout_.geopackage.empty()) {
    std::vector<const VectorLayer*> layers;
    const auto& only = layout_.geopackage_layers;
    if (only.empty()) {
      const std::lock_guard lock(*mutex_);
      for (const auto& l : layers_) layers.push_back(&l);
    } else {
      for (const auto& name : only) {
        if (const VectorLayer* l = find_layer(name)) layers.push_back(l);
      }
    }
    if (!layers.empty()) {
      const std::filesystem::path target = geopackage_target(layout_);
      std::filesystem::path staged;
      {
        const std::lock_guard lock(*mutex_);
        staged = stage(target);
      }
      writing(staged, target, [&] {
        if (styled_) {
          qgis::write_geopackage_with_styles(layers, staged);
        } else {
          hotspot::write_geopackage(layers, staged);
        }
      });
    }
  }
}

FileSink::~FileSink() {
  if (geopackage_thread_ && geopackage_thread_->running()) {
    {
      const std::lock_guard lock(*mutex_);
      abandon_ = true;
    }
    layer_ready_->notify_all();
    geopackage_thread_.reset();  // waits; its error, if any, goes with it
  }
}

void FileSink::commit() {
  finish_geopackage();
  const std::lock_guard lock(*mutex_);
  set_.commit();
  std::sort(written_.begin(), written_.end());
}

}  // namespace hotspot::step
