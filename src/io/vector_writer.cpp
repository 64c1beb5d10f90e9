#include "hotspot/io/vector_writer.hpp"

#include <atomic>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <memory>
#include <span>
#include <string_view>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "writers.vector";

using DatasetPtr = detail::GdalDatasetPtr;

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

// WGS84 longitude/latitude, as GDAL's GeoJSON driver writes RFC 7946 output.
OGRSpatialReference wgs84_lon_lat() {
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return wgs84;
}

/// `creation_options`, and with `to_wgs84` the layer is written in WGS84 lon/lat: each geometry
/// projected by that one transformation before GDAL sees it (GDAL's GeoJSON driver, left to
/// project RFC 7946 output itself, builds PROJ objects again for every feature: most of the
/// time of a large layer). The same transformation GDAL makes, so the same coordinates.
void write_layer(GDALDataset& ds, const VectorLayer& layer, std::span<const VectorFeature> features,
                 const std::filesystem::path& path, CSLConstList creation_options, bool to_wgs84 = false) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!layer.crs.empty() && srs.SetFromUserInput(layer.crs.c_str()) != OGRERR_NONE) {
    fail(path, "layer " + layer.name + " has an unknown CRS " + layer.crs);
  }
  OGRSpatialReference wgs84 = wgs84_lon_lat();
  std::unique_ptr<OGRCoordinateTransformation> transform;
  if (to_wgs84 && !layer.crs.empty()) {
    const char* const same_options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    if (!srs.IsSame(&wgs84, same_options)) {
      transform.reset(OGRCreateCoordinateTransformation(&srs, &wgs84));
      if (!transform) fail(path, "cannot project layer " + layer.name + " to WGS84");
    }
  }
  OGRSpatialReference* layer_srs = layer.crs.empty() ? nullptr : transform ? &wgs84 : &srs;
  OGRLayer* out = ds.CreateLayer(layer.name.c_str(), layer_srs, ogr_type(layer.geometry),
                                 const_cast<char**>(creation_options));
  if (out == nullptr) fail(path, "cannot create layer " + layer.name);
  for (const auto& field : layer.fields) {
    OGRFieldDefn defn(field.name.c_str(), ogr_field_type(field.type));
    if (out->CreateField(&defn) != OGRERR_NONE) fail(path, "cannot create field " + field.name);
  }
  if (!layer.metadata.empty() && std::string(ds.GetDriverName()) == "GPKG") {
    for (const auto& [key, value] : layer.metadata) out->SetMetadataItem(key.c_str(), value.c_str());
  }
  const bool transaction = ds.StartTransaction() == OGRERR_NONE;
  for (const auto& feature : features) {
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
      if (transform) {
        if (geometry->transform(transform.get()) != OGRERR_NONE) {
          OGRGeometryFactory::destroyGeometry(geometry);
          fail(path, "cannot project a feature of layer " + layer.name + " to WGS84");
        }
      }
      f.SetGeometryDirectly(geometry);
    }
    if (out->CreateFeature(&f) != OGRERR_NONE) fail(path, "cannot write a feature of layer " + layer.name);
  }
  if (transaction && ds.CommitTransaction() != OGRERR_NONE) fail(path, "cannot commit layer " + layer.name);
}

GDALDriver* driver(const char* name) {
  hotspot::detail::register_gdal_drivers();
  auto* d = GetGDALDriverManager()->GetDriverByName(name);
  if (d == nullptr) throw Error(ErrorCode::internal, kStage, std::string("GDAL has no ") + name + " driver");
  return d;
}

/// GeoPackage stores last-change timestamps; pinned while writing so output bytes depend only
/// on content.
constexpr const char* kPinnedDate = "2000-01-01T00:00:00.000Z";
/// Also: SQLite does not fsync while the staging file is written (OGR_SQLITE_SYNCHRONOUS=OFF);
/// the finished file is flushed once, by AtomicOutput::commit, before it is put in place.
struct PinnedGeoPackageDate {
  PinnedGeoPackageDate() {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", kPinnedDate);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
  }
  ~PinnedGeoPackageDate() {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr);
  }
  PinnedGeoPackageDate(const PinnedGeoPackageDate&) = delete;
  PinnedGeoPackageDate& operator=(const PinnedGeoPackageDate&) = delete;
};

/// QGIS's layer_styles table, column for column as QgsOgrProviderMetadata::saveStyle creates it.
OGRLayer* layer_styles_table(GDALDataset& ds, const std::filesystem::path& path) {
  if (OGRLayer* existing = ds.GetLayerByName("layer_styles")) return existing;
  const char* options[] = {"FID=id", nullptr};
  // wkbNone: GDAL registers the table in gpkg_contents with data_type 'attributes'.
  OGRLayer* table = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
  if (table == nullptr) fail(path, "cannot create the layer_styles table");
  struct Column {
    const char* name;
    OGRFieldType type;
    int width;
  };
  static constexpr Column kColumns[] = {
      {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256}, {"f_table_name", OFTString, 256},
      {"f_geometry_column", OFTString, 256}, {"styleName", OFTString, 30},    {"styleQML", OFTString, 0},
      {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},  {"description", OFTString, 0},
      {"owner", OFTString, 30},            {"ui", OFTString, 30},            {"update_time", OFTDateTime, 0}};
  for (const auto& column : kColumns) {
    OGRFieldDefn defn(column.name, column.type);
    if (column.width > 0) defn.SetWidth(column.width);
    if (column.type == OFTInteger) defn.SetSubType(OFSTBoolean);
    if (column.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");
    if (table->CreateField(&defn) != OGRERR_NONE) fail(path, std::string("cannot create layer_styles.") + column.name);
  }
  return table;
}

std::string sql_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

void write_styles(GDALDataset& ds, std::span<const GeoPackageStyle> styles, const std::filesystem::path& path) {
  OGRLayer* table = layer_styles_table(ds, path);
  const bool transaction = ds.StartTransaction() == OGRERR_NONE;
  for (const auto& style : styles) {
    OGRLayer* styled = ds.GetLayerByName(style.layer.c_str());
    if (styled == nullptr || style.layer == "layer_styles") fail(path, "no layer " + style.layer + " to style");
    const std::string geometry_column = styled->GetGeometryColumn();
    const std::string name = style.name.empty() ? style.layer : style.name;
    const std::string same_layer = "f_table_schema='' AND f_table_name=" + sql_quoted(style.layer) +
                                   " AND f_geometry_column=" + sql_quoted(geometry_column);
    if (style.use_as_default) {
      table->SetAttributeFilter((same_layer + " AND useAsDefault = 1").c_str());
      table->ResetReading();
      std::vector<OGRFeatureUniquePtr> previous;
      while (OGRFeature* f = table->GetNextFeature()) previous.emplace_back(f);
      for (auto& f : previous) {
        f->SetField("useAsDefault", 0);
        if (table->SetFeature(f.get()) != OGRERR_NONE) fail(path, "cannot update layer_styles");
      }
    }
    table->SetAttributeFilter((same_layer + " AND styleName=" + sql_quoted(name)).c_str());
    table->ResetReading();
    OGRFeatureUniquePtr feature(table->GetNextFeature());
    table->SetAttributeFilter(nullptr);
    const bool update = feature != nullptr;
    if (!update) feature.reset(OGRFeature::CreateFeature(table->GetLayerDefn()));
    feature->SetField("f_table_catalog", "");
    feature->SetField("f_table_schema", "");
    feature->SetField("f_table_name", style.layer.c_str());
    feature->SetField("f_geometry_column", geometry_column.c_str());
    feature->SetField("styleName", name.c_str());
    feature->SetField("styleQML", style.qml.c_str());
    feature->SetField("styleSLD", style.sld.c_str());
    feature->SetField("useAsDefault", style.use_as_default ? 1 : 0);
    feature->SetField("description", style.description.c_str());
    feature->SetField("owner", "");
    feature->SetField("update_time", 2000, 1, 1, 0, 0, 0.0F, 100);
    const OGRErr status = update ? table->SetFeature(feature.get()) : table->CreateFeature(feature.get());
    if (status != OGRERR_NONE) fail(path, "cannot write the style of " + style.layer);
  }
  if (transaction && ds.CommitTransaction() != OGRERR_NONE) fail(path, "cannot commit layer_styles");
}

std::string description_of(const VectorLayer& layer) {
  std::string text;
  for (const auto& [key, value] : layer.metadata) {
    if (!text.empty()) text += "; ";
    text += key + "=" + value;
  }
  return text;
}

// RFC 7946 GeoJSON of some of a layer's features into `gdal_path` (a real file or /vsimem/);
// errors name `path`.
void write_geojson_features(const VectorLayer& layer, std::span<const VectorFeature> features,
                            const std::string& gdal_path, const std::filesystem::path& path) {
  DatasetPtr ds(driver("GeoJSON")->Create(gdal_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) fail(path, "cannot create GeoJSON");
  const std::string description = description_of(layer);
  const char* options[] = {"RFC7946=YES", "WRITE_BBOX=YES", "COORDINATE_PRECISION=7", nullptr, nullptr};
  std::string description_option;
  if (!description.empty()) {
    description_option = "DESCRIPTION=" + description;
    options[3] = description_option.c_str();
  }
  write_layer(*ds, layer, features, path, options, /*to_wgs84=*/true);
  ds->FlushCache();
}

std::string memory_text(const std::string& memory_path) {
  vsi_l_offset size = 0;
  const GByte* bytes = VSIGetMemFileBuffer(memory_path.c_str(), &size, FALSE);
  return bytes == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

std::string unique_memory_path(const char* what) {
  static std::atomic<std::uint64_t> counter{0};
  return std::string("/vsimem/hotspot_") + what + "_" + std::to_string(counter.fetch_add(1)) + ".geojson";
}

// A layer of at least this many features has its GeoJSON written in pieces side by side, one
// per thread, and the pieces joined; smaller layers are written whole.
constexpr std::size_t kGeoJsonPiece = 8192;

/// GDAL's GeoJSON of a layer is a header (type, name, description, the layer's bbox on a line
/// of fixed reserved width, `"features": [`), the features one a line joined by ",\n", and
/// "\n]\n}\n"; each feature's text depends on that feature alone. One piece's text split so.
struct GeoJsonPiece {
  std::string_view head;    // up to the bbox line
  std::string_view bbox;    // the bbox line without its newline
  std::string_view middle;  // from the newline after the bbox to the first feature
  std::string_view body;    // the features
  double box[4] = {0, 0, 0, 0};
  std::string_view box_text[4];
};

bool split_piece(std::string_view text, GeoJsonPiece& piece) {
  constexpr std::string_view kBbox = "\n\"bbox\": [ ";
  constexpr std::string_view kFeatures = "\n\"features\": [\n";
  constexpr std::string_view kTail = "\n]\n}\n";
  const auto bbox = text.find(kBbox);
  const auto features = text.find(kFeatures);
  if (bbox == std::string_view::npos || features == std::string_view::npos || bbox > features) return false;
  if (text.size() < features + kFeatures.size() + kTail.size() || !text.ends_with(kTail)) return false;
  const auto line_end = text.find('\n', bbox + 1);
  if (line_end == std::string_view::npos || line_end > features) return false;
  piece.head = text.substr(0, bbox + 1);
  piece.bbox = text.substr(bbox + 1, line_end - bbox - 1);
  piece.middle = text.substr(line_end, features + kFeatures.size() - line_end);
  const std::size_t body_start = features + kFeatures.size();
  piece.body = text.substr(body_start, text.size() - kTail.size() - body_start);
  // "bbox": [ x0, y0, x1, y1 ],<spaces>
  std::string_view rest = piece.bbox.substr(kBbox.size() - 1);
  for (int i = 0; i < 4; ++i) {
    const auto end = rest.find(i < 3 ? ", " : " ],");
    if (end == std::string_view::npos || end == 0) return false;
    piece.box_text[i] = rest.substr(0, end);
    const std::string number(piece.box_text[i]);
    char* parsed_end = nullptr;
    piece.box[i] = std::strtod(number.c_str(), &parsed_end);
    if (parsed_end != number.c_str() + number.size()) return false;
    rest = rest.substr(end + (i < 3 ? 2 : 3));
  }
  return rest.find_first_not_of(' ') == std::string_view::npos;
}

/// The whole layer's GeoJSON from pieces of its features written side by side: the first
/// piece's header with the union of the pieces' bboxes (the reserved line keeps its width; the
/// bbox numbers are rounded to the coordinate precision, and rounding keeps order, so the
/// least of the rounded minima is the rounded least minimum: the text GDAL writes for the whole
/// layer), and the features in order. Empty when a piece does not have the expected shape,
/// and the caller writes the layer whole.
std::string geojson_in_pieces(const VectorLayer& layer, const std::filesystem::path& path) {
  const std::size_t count = layer.features.size();
  const int threads = effective_threads(0);
  const auto pieces = static_cast<std::size_t>(threads);
  const std::size_t per_piece = (count + pieces - 1) / pieces;
  std::vector<std::string> texts(pieces);
  std::vector<std::exception_ptr> failed(pieces);
  const std::span<const VectorFeature> all(layer.features);
#pragma omp parallel for schedule(static, 1) num_threads(threads)
  for (std::size_t i = 0; i < pieces; ++i) {
    try {
      const std::string memory_path = unique_memory_path("piece");
      struct Unlink {
        const std::string& path;
        ~Unlink() { VSIUnlink(path.c_str()); }
      } unlink{memory_path};
      const std::size_t first = i * per_piece;
      write_geojson_features(layer, all.subspan(first, std::min(per_piece, count - first)), memory_path, path);
      texts[i] = memory_text(memory_path);
    } catch (...) {
      failed[i] = std::current_exception();
    }
  }
  for (const auto& e : failed) {
    if (e) std::rethrow_exception(e);
  }
  std::vector<GeoJsonPiece> split(pieces);
  std::size_t size = 0;
  for (std::size_t i = 0; i < pieces; ++i) {
    if (!split_piece(texts[i], split[i])) return {};
    if (split[i].head != split[0].head || split[i].middle != split[0].middle ||
        split[i].bbox.size() != split[0].bbox.size()) {
      return {};
    }
    size += split[i].body.size() + 2;
  }
  std::string_view box_text[4];
  double box[4];
  for (int k = 0; k < 4; ++k) {
    box[k] = split[0].box[k];
    box_text[k] = split[0].box_text[k];
    for (const GeoJsonPiece& p : split) {
      if (k < 2 ? p.box[k] < box[k] : p.box[k] > box[k]) {
        box[k] = p.box[k];
        box_text[k] = p.box_text[k];
      }
    }
  }
  std::string bbox = "\"bbox\": [ ";
  for (int k = 0; k < 4; ++k) {
    bbox += box_text[k];
    bbox += k < 3 ? ", " : " ],";
  }
  if (bbox.size() > split[0].bbox.size()) return {};
  bbox.append(split[0].bbox.size() - bbox.size(), ' ');
  std::string out;
  out.reserve(size + split[0].head.size() + bbox.size() + split[0].middle.size() + 8);
  out += split[0].head;
  out += bbox;
  out += split[0].middle;
  for (std::size_t i = 0; i < pieces; ++i) {
    if (i > 0) out += ",\n";
    out += split[i].body;
  }
  out += "\n]\n}\n";
  return out;
}

// RFC 7946 GeoJSON of one layer into `gdal_path` (a real file or /vsimem/); errors name `path`.
void write_geojson_to(const VectorLayer& layer, const std::string& gdal_path, const std::filesystem::path& path) {
  if (layer.features.size() >= kGeoJsonPiece && effective_threads(0) > 1) {
    const std::string text = geojson_in_pieces(layer, path);
    if (!text.empty()) {
      VSILFILE* file = VSIFOpenL(gdal_path.c_str(), "wb");
      if (file == nullptr) fail(path, "cannot create GeoJSON");
      const bool written = VSIFWriteL(text.data(), 1, text.size(), file) == text.size();
      if (VSIFCloseL(file) != 0 || !written) fail(path, "cannot write GeoJSON");
      return;
    }
  }
  write_geojson_features(layer, layer.features, gdal_path, path);
}

}  // namespace

void write_geojson(const VectorLayer& layer, const std::filesystem::path& path) {
  // Built in memory and written with checked writes: GDAL's own file writes hide a full disk.
  detail::MemoryOutput output(path);
  write_geojson_to(layer, output.temp_path(), path);
  output.commit();
}

std::string geojson_text(const VectorLayer& layer) {
  // A name of its own per call: several threads may render at once.
  static std::atomic<std::uint64_t> counter{0};
  const std::string memory_path =
      "/vsimem/hotspot_geojson_" + std::to_string(counter.fetch_add(1)) + ".geojson";
  struct Unlink {
    const std::string& path;
    ~Unlink() { VSIUnlink(path.c_str()); }
  } unlink{memory_path};
  write_geojson_to(layer, memory_path, "geojson:" + layer.name);
  vsi_l_offset size = 0;
  const GByte* bytes = VSIGetMemFileBuffer(memory_path.c_str(), &size, FALSE);
  if (bytes == nullptr) fail("geojson:" + layer.name, "GDAL wrote no GeoJSON");
  return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

void write_geopackage(std::span<const VectorLayer* const> layers, const std::filesystem::path& path) {
  write_geopackage(layers, path, {});
}

void write_geopackage(std::span<const VectorLayer* const> layers, const std::filesystem::path& path,
                      std::span<const GeoPackageStyle> styles) {
  GeoPackageWriter writer(path);
  for (const VectorLayer* layer : layers) writer.add(*layer);
  writer.finish(styles);
}

// Members in this order: the dataset is closed while the date is still pinned, and before the
// file is committed or (without finish) removed.
struct GeoPackageWriter::Impl {
  std::filesystem::path path;
  AtomicOutput output;
  PinnedGeoPackageDate pinned;
  DatasetPtr ds;
  explicit Impl(const std::filesystem::path& target) : path(target), output(target) {
    ds.reset(driver("GPKG")->Create(output.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) fail(path, "cannot create GeoPackage");
  }
};

GeoPackageWriter::GeoPackageWriter(const std::filesystem::path& path) : impl_(std::make_unique<Impl>(path)) {}

GeoPackageWriter::~GeoPackageWriter() = default;

void GeoPackageWriter::add(const VectorLayer& layer) {
  if (!impl_->ds) fail(impl_->path, "the GeoPackage is already finished");
  const char* options[] = {"SPATIAL_INDEX=YES", nullptr};
  write_layer(*impl_->ds, layer, layer.features, impl_->path, options);
}

void GeoPackageWriter::finish(std::span<const GeoPackageStyle> styles) {
  if (!impl_->ds) fail(impl_->path, "the GeoPackage is already finished");
  if (!styles.empty()) write_styles(*impl_->ds, styles, impl_->path);
  impl_->ds->FlushCache();
  impl_->ds.reset();
  impl_->output.commit();
}

void add_geopackage_styles(const std::filesystem::path& gpkg, std::span<const GeoPackageStyle> styles) {
  if (!std::filesystem::is_regular_file(gpkg)) fail(gpkg, "no GeoPackage to add styles to");
  AtomicOutput output(gpkg);
  std::error_code error;
  std::filesystem::copy_file(gpkg, output.temp_path(), std::filesystem::copy_options::overwrite_existing, error);
  if (error) fail(gpkg, "cannot copy the GeoPackage: " + error.message());
  {
    PinnedGeoPackageDate pinned;
    driver("GPKG");
    const char* drivers[] = {"GPKG", nullptr};
    DatasetPtr ds(GDALDataset::Open(output.temp_path().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
    if (!ds) fail(gpkg, "cannot open the GeoPackage for update");
    write_styles(*ds, styles, gpkg);
    ds->FlushCache();
  }
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

GeometryKind wkb_geometry_kind(std::string_view wkb) {
  if (wkb.size() < 5) return GeometryKind::unknown;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(wkb[i])); };
  const std::uint32_t type = wkb[0] == 1 ? byte(1) | byte(2) << 8 | byte(3) << 16 | byte(4) << 24
                                         : byte(4) | byte(3) << 8 | byte(2) << 16 | byte(1) << 24;
  switch (type) {
    case 1: return GeometryKind::point;
    case 2: return GeometryKind::linestring;
    case 3: return GeometryKind::polygon;
    case 6: return GeometryKind::multipolygon;
    default: return GeometryKind::unknown;
  }
}

std::string metadata_number(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace hotspot
