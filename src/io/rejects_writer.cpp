#include "hotspot/io/rejects_writer.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "writers.rejects";

std::string open_path_for(const std::string& source, SourceFormat format) {
  if (format == SourceFormat::ogr || source.starts_with("CSV:")) return source;
  const bool csv_extension = source.ends_with(".csv") || source.ends_with(".csv.gz");
  return csv_extension ? source : "CSV:" + source;
}

}  // namespace

void write_rejects_csv(const RowAccount& account, const ReadOptions& options, const std::filesystem::path& path) {
  const std::vector<std::string> sources = expand_inputs(options.inputs);
  std::vector<const Rejection*> rejections;
  rejections.reserve(account.rejections.size());
  for (const auto& r : account.rejections) rejections.push_back(&r);
  std::stable_sort(rejections.begin(), rejections.end(), [](const Rejection* a, const Rejection* b) {
    return a->source != b->source ? a->source < b->source : a->row < b->row;
  });

  // Pass 1: the union of the sources' columns; open each source once and keep it open.
  std::vector<std::string> columns;
  std::vector<detail::DatasetHandle> datasets(sources.size());
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const bool has_rejections = std::any_of(rejections.begin(), rejections.end(),
                                            [&](const Rejection* r) { return r->source == s; });
    if (!has_rejections) continue;
    const SourceFormat format = detect_format(sources[s], options);
    datasets[s] = detail::open_vector(open_path_for(sources[s], format),
                                      format == SourceFormat::ogr ? std::vector<std::string>{} : std::vector<std::string>{"CSV"},
                                      {"AUTODETECT_TYPE=NO"});
    if (!datasets[s]) {
      throw Error(ErrorCode::input, ErrorContext{kStage, sources[s], std::nullopt, {}}, "cannot reopen to copy rejected rows");
    }
    auto* ds = static_cast<GDALDataset*>(datasets[s].get());
    OGRLayer* layer = options.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(options.layer.c_str());
    if (layer == nullptr) continue;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      const std::string name = defn->GetFieldDefn(i)->GetNameRef();
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
    }
  }

  detail::MemoryOutput output(path);
  {
    hotspot::detail::register_gdal_drivers();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("CSV");
    std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> out(
        driver->Create(output.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr),
        [](GDALDataset* ds) { GDALClose(ds); });
    if (!out) throw Error(ErrorCode::output, ErrorContext{kStage, path.string(), std::nullopt, {}}, "cannot create");
    const char* layer_options[] = {"LINEFORMAT=LF", "STRING_QUOTING=IF_NEEDED", nullptr};
    OGRLayer* layer = out->CreateLayer("rejects", nullptr, wkbNone, const_cast<char**>(layer_options));
    std::vector<std::string> header{"source", "row", "reason", "detail"};
    for (const auto& c : columns) {
      // A source column that clashes with ours keeps its values under a prefixed name.
      header.push_back(std::find(header.begin(), header.begin() + 4, c) != header.begin() + 4 ? "input_" + c : c);
    }
    for (const auto& name : header) {
      OGRFieldDefn field(formula_safe(name).c_str(), OFTString);
      layer->CreateField(&field);
    }
    std::size_t k = 0;
    while (k < rejections.size()) {
      const std::uint32_t s = rejections[k]->source;
      std::size_t end = k;
      while (end < rejections.size() && rejections[end]->source == s) ++end;
      OGRLayer* in = nullptr;
      if (s < datasets.size() && datasets[s]) {
        auto* ds = static_cast<GDALDataset*>(datasets[s].get());
        in = options.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(options.layer.c_str());
      }
      // Walk the source once, in row order, matching the sorted rejections.
      std::map<std::uint64_t, std::vector<std::string>> originals;
      if (in != nullptr) {
        in->ResetReading();
        std::size_t next = k;
        std::uint64_t sequential = 0;
        while (next < end) {
          std::unique_ptr<OGRFeature> f(in->GetNextFeature());
          if (!f) break;
          ++sequential;
          const std::uint64_t row = f->GetFID() >= 0 ? static_cast<std::uint64_t>(f->GetFID()) : sequential;
          while (next < end && rejections[next]->row < row) ++next;
          if (next < end && rejections[next]->row == row) {
            std::vector<std::string> values(columns.size());
            for (int i = 0; i < f->GetFieldCount(); ++i) {
              const auto pos = std::find(columns.begin(), columns.end(), f->GetFieldDefnRef(i)->GetNameRef()) - columns.begin();
              if (f->IsFieldSetAndNotNull(i)) values[static_cast<std::size_t>(pos)] = f->GetFieldAsString(i);
            }
            originals.emplace(row, std::move(values));
          }
        }
      }
      for (; k < end; ++k) {
        const Rejection& r = *rejections[k];
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField(1, std::to_string(r.row).c_str());
        feature.SetField(2, std::string(reject_reason_id(r.reason)).c_str());
        // Every text cell from the data is neutralised: the file is opened in a spreadsheet.
        feature.SetField(0, formula_safe(redact_credentials(account.sources[r.source])).c_str());
        feature.SetField(3, formula_safe(r.detail).c_str());
        if (auto it = originals.find(r.row); it != originals.end()) {
          for (std::size_t c = 0; c < columns.size(); ++c) {
            feature.SetField(static_cast<int>(4 + c), formula_safe(it->second[c]).c_str());
          }
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
          throw Error(ErrorCode::output, ErrorContext{kStage, path.string(), std::nullopt, {}}, "write failed");
        }
      }
    }
  }
  output.commit();
}

}  // namespace hotspot
