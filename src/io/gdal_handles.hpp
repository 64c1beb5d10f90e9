#pragma once

// RAII for GDAL/OGR handles, and the readers' shared helpers; for the library's own sources
// (src/), never in the public headers.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"

class GDALDataset;

namespace hotspot::detail {

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
using DatasetHandle = std::unique_ptr<void, DatasetCloser>;

/// The same for GDAL's C++ dataset class (gdal_priv.h).
struct GdalDatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using GdalDatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

struct FeatureDestroyer {
  void operator()(void* f) const { OGR_F_Destroy(static_cast<OGRFeatureH>(f)); }
};
using FeatureHandle = std::unique_ptr<void, FeatureDestroyer>;

/// GDALAllRegister, once per process. GDAL's driver registration is not safe to run from two
/// threads at once (the readers open files on every core); later calls return at once.
void register_gdal_drivers();

/// Opens a vector dataset read-only, or returns null (CPLGetLastErrorMsg() tells why).
DatasetHandle open_vector(const std::string& path, const std::vector<std::string>& drivers,
                          const std::vector<std::string>& open_options);

/// The text of GDAL's last error, or `fallback` when there is none.
std::string last_gdal_error(const std::string& fallback);

/// A layer of an auxiliary source (study area, buildings, roads, camera sites) ready to read
/// into the working CRS.
struct WorkingLayer {
  DatasetHandle dataset;
  OGRLayerH layer = nullptr;
  std::unique_ptr<OGRCoordinateTransformation> to_working;  ///< null: already in the working CRS
  bool has_crs = false;
};

/// Opens `path`, picks `layer_name` (or the only layer), applies the `where` filter and
/// prepares the transformation into `working_crs`. Errors carry `context` (stage and source);
/// `layer_flag` names the option that chooses a layer, for the message.
/// `assumed_crs`, when not empty, is the CRS of a layer that declares none (a shapefile
/// without its .prj).
WorkingLayer open_working_layer(const std::string& path, const std::string& layer_name, const std::string& where,
                                const std::string& working_crs, const ErrorContext& context,
                                const std::string& layer_flag, const std::string& assumed_crs = {});

/// The feature's geometry in the working CRS, curves made linear, 2D; null when the feature
/// has no geometry. Throws Error(crs) naming the feature when PROJ cannot.
std::unique_ptr<OGRGeometry> working_geometry(OGRFeatureH feature, const WorkingLayer& layer,
                                              const ErrorContext& context);
/// The same as ISO WKB; empty when the feature has no geometry.
std::string working_wkb(OGRFeatureH feature, const WorkingLayer& layer, const ErrorContext& context);

/// A GDAL output built in memory (/vsimem/) and then written with write_file_atomically, whose
/// every write is checked. GDAL's GeoJSON and CSV drivers do not report a short write (a full
/// disk, the file size limit), so writing through them straight to disk could leave a
/// truncated file renamed into place as if complete.
class MemoryOutput {
 public:
  explicit MemoryOutput(std::filesystem::path final_path);
  ~MemoryOutput();
  MemoryOutput(const MemoryOutput&) = delete;
  MemoryOutput& operator=(const MemoryOutput&) = delete;
  /// Where the driver writes; keeps the final extension.
  [[nodiscard]] const std::string& temp_path() const noexcept { return memory_path_; }
  /// Writes the bytes to the final path atomically; the dataset must be closed first.
  void commit();

 private:
  std::filesystem::path final_path_;
  std::string memory_path_;
};

}  // namespace hotspot::detail
