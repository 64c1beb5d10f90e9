#include "hotspot/io/vector_writer.hpp"

#include <memory>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "writers.vector";

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw Error(ErrorCode::output, ErrorContext{kStage, path.string(), std::nullopt, {}},
              what + (CPLGetLastErrorMsg()[0] ? std::string(": ") + CPLGetLastErrorMsg() : ""));
}

OGRwkbGeometryType ogr_type(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::point: return wkbPoint;
    case GeometryKind::linestring: return wkbLineString;
    case GeometryKind::polygon: return wkbPolygon;
    case GeometryKind::multipolygon: return wkbMultiPolygon;
    case GeometryKind::unknown: break;
  }
  return wkbUnknown;
}

OGRFieldType ogr_field_type(FieldType type) {
  switch (type) {
    case FieldType::integer: return OFTInteger64;
    case FieldType::real: return OFTReal;
    case FieldType::string: break;
  }
  return OFTString;
}

void write_layer(GDALDataset& ds, const VectorLayer& layer, const std::filesystem::path& path,
                 CSLConstList creation_options) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!layer.crs.empty() && srs.SetFromUserInput(layer.crs.c_str()) != OGRERR_NONE) {
    fail(path, "layer " + layer.name + " has an unknown CRS " + layer.crs);
  }
  OGRLayer* out = ds.CreateLayer(layer.name.c_str(), layer.crs.empty() ? nullptr : &srs,
                                 ogr_type(layer.geometry), const_cast<char**>(creation_options));
  if (out == nullptr) fail(path, "cannot create layer " + layer.name);
  for (const auto& field : layer.fields) {
    OGRFieldDefn defn(field.name.c_str(), ogr_field_type(field.type));
    if (out->CreateField(&defn) != OGRERR_NONE) fail(path, "cannot create field " + field.name);
  }
  if (!layer.metadata.empty() && std::string(ds.GetDriverName()) == "GPKG") {
    for (const auto& [key, value] : layer.metadata) out->SetMetadataItem(key.c_str(), value.c_str());
  }
  const bool transaction = ds.StartTransaction() == OGRERR_NONE;
  for (const auto& feature : layer.features) {
    OGRFeature f(out->GetLayerDefn());
    for (std::size_t i = 0; i < feature.values.size() && i < layer.fields.size(); ++i) {
      const int index = static_cast<int>(i);
      std::visit(
          [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              f.SetFieldNull(index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              f.SetField(index, static_cast<GIntBig>(value));
            } else if constexpr (std::is_same_v<T, double>) {
              f.SetField(index, value);
            } else {
              f.SetField(index, value.c_str());
            }
          },
          feature.values[i]);
    }
    if (!feature.wkb.empty()) {
      OGRGeometry* geometry = nullptr;
      if (OGRGeometryFactory::createFromWkb(feature.wkb.data(), layer.crs.empty() ? nullptr : &srs, &geometry,
                                            feature.wkb.size()) != OGRERR_NONE) {
        fail(path, "invalid geometry in layer " + layer.name);
      }
      f.SetGeometryDirectly(geometry);
    }
    if (out->CreateFeature(&f) != OGRERR_NONE) fail(path, "cannot write a feature of layer " + layer.name);
  }
  if (transaction && ds.CommitTransaction() != OGRERR_NONE) fail(path, "cannot commit layer " + layer.name);
}

GDALDriver* driver(const char* name) {
  GDALAllRegister();
  auto* d = GetGDALDriverManager()->GetDriverByName(name);
  if (d == nullptr) throw Error(ErrorCode::internal, kStage, std::string("GDAL has no ") + name + " driver");
  return d;
}

std::string description_of(const VectorLayer& layer) {
  std::string text;
  for (const auto& [key, value] : layer.metadata) {
    if (!text.empty()) text += "; ";
    text += key + "=" + value;
  }
  return text;
}

}  // namespace

void write_geojson(const VectorLayer& layer, const std::filesystem::path& path) {
  detail::MemoryOutput output(path);
  {
    DatasetPtr ds(driver("GeoJSON")->Create(output.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) fail(path, "cannot create GeoJSON");
    const std::string description = description_of(layer);
    const char* options[] = {"RFC7946=YES", "WRITE_BBOX=YES", "COORDINATE_PRECISION=7", nullptr, nullptr};
    std::string description_option;
    if (!description.empty()) {
      description_option = "DESCRIPTION=" + description;
      options[3] = description_option.c_str();
    }
    write_layer(*ds, layer, path, options);
    ds->FlushCache();
  }
  output.commit();
}

void write_geopackage(std::span<const VectorLayer* const> layers, const std::filesystem::path& path) {
  AtomicOutput output(path);
  {
    // GeoPackage stores last-change timestamps; pin them so output bytes depend only on content.
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    DatasetPtr ds(driver("GPKG")->Create(output.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) fail(path, "cannot create GeoPackage");
    const char* options[] = {"SPATIAL_INDEX=YES", nullptr};
    for (const VectorLayer* layer : layers) write_layer(*ds, *layer, path, options);
    ds->FlushCache();
  }
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  output.commit();
}

std::string wkb_point(double x, double y) {
  OGRPoint point(x, y);
  std::string wkb(static_cast<std::size_t>(point.WkbSize()), '\0');
  point.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
  return wkb;
}

std::string wkb_linestring(std::span<const std::pair<double, double>> points) {
  OGRLineString line;
  for (const auto& [x, y] : points) line.addPoint(x, y);
  std::string wkb(static_cast<std::size_t>(line.WkbSize()), '\0');
  line.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
  return wkb;
}

std::string wkb_polygon(std::span<const std::vector<std::pair<double, double>>> rings) {
  OGRPolygon polygon;
  for (const auto& ring_points : rings) {
    auto* ring = new OGRLinearRing();
    for (const auto& [x, y] : ring_points) ring->addPoint(x, y);
    ring->closeRings();
    polygon.addRingDirectly(ring);
  }
  std::string wkb(static_cast<std::size_t>(polygon.WkbSize()), '\0');
  polygon.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
  return wkb;
}

}  // namespace hotspot
