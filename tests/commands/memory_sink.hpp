#pragma once

// An output sink that keeps what a step writes in memory, for the steps' unit tests.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/harm/harm_weights.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/privacy/publish.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::testing {

/// What a step said, line by line.
class RecordingMessages final : public step::Messages {
 public:
  void note(std::string_view text) override { notes.emplace_back(text); }
  void status(std::string_view text) override { statuses.emplace_back(text); }
  void print(std::string_view text) override { printed += text; }

  /// True when a status line contains `part`.
  [[nodiscard]] bool said(std::string_view part) const {
    for (const auto& s : statuses) {
      if (s.find(part) != std::string::npos) return true;
    }
    return false;
  }

  std::vector<std::string> notes;
  std::vector<std::string> statuses;
  std::string printed;
};

/// Every output wanted; layers published with their rules when `publish.enabled` (k and grid
/// from the settings, as FileSink does) or withheld without rules; files withheld under
/// publishing when the step says why.
class MemorySink final : public step::OutputSink {
 public:
  explicit MemorySink(step::PublishSettings publish = {}) : publish_(publish) {}

  [[nodiscard]] const step::PublishSettings& publish() const override { return publish_; }
  [[nodiscard]] bool styled() const override { return false; }
  [[nodiscard]] step::Messages& messages() override { return said; }
  [[nodiscard]] bool wants(std::string_view) const override { return true; }
  [[nodiscard]] std::filesystem::path path_of(std::string_view id) const override { return std::string(id); }

  void layer(const VectorLayer& layer, const std::optional<privacy::PublishOptions>& rules,
             std::string_view why_unpublished = {}) override {
    if (publish_.enabled && !rules) {
      withheld.push_back(layer.name + ": " + std::string(why_unpublished));
      return;
    }
    if (!publish_.enabled) {
      layers.push_back(layer);
      return;
    }
    privacy::PublishOptions options = *rules;
    options.min_count = publish_.min_count;
    options.grid_m = publish_.grid_m;
    layers.push_back(privacy::publish_layer(layer, options).layer);
  }
  void reference_layer(const VectorLayer& layer) override { layers.push_back(layer); }
  void raster(std::string_view id, const GridSpec&, std::span<const double> values, const RasterWriteOptions&,
              const std::optional<qgis::RasterStyle>&) override {
    rasters[std::string(id)].assign(values.begin(), values.end());
  }
  void file(std::string_view id, std::string_view content, std::string_view why_unpublished = {}) override {
    if (publish_.enabled && !why_unpublished.empty()) {
      withheld.push_back(std::string(id) + ": " + std::string(why_unpublished));
      return;
    }
    files[std::string(id)] = std::string(content);
  }

  /// The names of the layers written, in order.
  [[nodiscard]] std::vector<std::string> layer_names() const {
    std::vector<std::string> names;
    for (const auto& l : layers) names.push_back(l.name);
    return names;
  }
  /// The values of field `field` over the features of `layer`.
  [[nodiscard]] static std::vector<FieldValue> column(const VectorLayer& layer, const std::string& field) {
    std::vector<FieldValue> out;
    for (std::size_t f = 0; f < layer.fields.size(); ++f) {
      if (layer.fields[f].name != field) continue;
      for (const auto& feature : layer.features) out.push_back(feature.values[f]);
    }
    return out;
  }

  RecordingMessages said;
  std::vector<VectorLayer> layers;
  std::map<std::string, std::string> files;
  std::map<std::string, std::vector<double>> rasters;
  std::vector<std::string> withheld;

 private:
  step::PublishSettings publish_;
};

/// Incidents in EPSG:27700 as a PreparedIncidents, the way prepare_incidents leaves them
/// (every row used, no study area).
inline PreparedIncidents prepared_in_bng(Incidents incidents) {
  PreparedIncidents prepared;
  incidents.crs = "EPSG:27700";
  prepared.account.read = incidents.size();
  prepared.incidents = std::move(incidents);
  prepared.crs.definition = "EPSG:27700";
  prepared.crs.name = "OSGB36 / British National Grid";
  prepared.crs.reason = "given";
  prepared.harm = HarmWeights::bundled();
  return prepared;
}

}  // namespace hotspot::testing
