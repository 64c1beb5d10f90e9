#include "hotspot/qgis/project.hpp"

#include <set>

#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "qgis/style_xml.hpp"

namespace hotspot::qgis {
namespace {

constexpr const char* kStage = "qgis.project";

/// What QGIS keeps of a CRS in a <spatialrefsys>. QGIS resolves the authid first, then the
/// WKT; srsid (QGIS's internal database key) is left 0 so it is never trusted.
void write_spatialrefsys(detail::XmlWriter& xml, const std::string& definition) {
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::crs, kStage, "unknown CRS " + definition);
  }
  std::string wkt;
  {
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", nullptr};
    if (srs.exportToWkt(&text, options) == OGRERR_NONE && text != nullptr) wkt = text;
    CPLFree(text);
  }
  std::string proj4;
  {
    char* text = nullptr;
    if (srs.exportToProj4(&text) == OGRERR_NONE && text != nullptr) proj4 = text;
    CPLFree(text);
  }
  std::string authid;
  std::string srid = "0";
  if (const char* name = srs.GetAuthorityName(nullptr); name != nullptr) {
    if (const char* code = srs.GetAuthorityCode(nullptr); code != nullptr) {
      authid = std::string(name) + ":" + code;
      srid = code;
    }
  }
  std::string projection;
  if (const auto at = proj4.find("+proj="); at != std::string::npos) {
    projection = proj4.substr(at + 6, proj4.find(' ', at) - at - 6);
  }
  std::string ellipsoid;
  if (const char* name = srs.GetAuthorityName("GEOGCS|DATUM|SPHEROID"); name != nullptr) {
    if (const char* code = srs.GetAuthorityCode("GEOGCS|DATUM|SPHEROID"); code != nullptr) {
      ellipsoid = std::string(name) + ":" + code;
    }
  }
  const char* description = srs.GetName();
  xml.open("spatialrefsys");
  xml.text("wkt", wkt);
  xml.text("proj4", proj4);
  xml.text("srsid", "0");
  xml.text("srid", srid);
  xml.text("authid", authid);
  xml.text("description", description != nullptr ? description : "");
  xml.text("projectionacronym", projection);
  xml.text("ellipsoidacronym", ellipsoid);
  xml.text("geographicflag", srs.IsGeographic() ? "true" : "false");
  xml.close();
}

std::string layer_id(const std::string& name, std::size_t index) {
  std::string id;
  for (const char c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    id += word ? c : '_';
  }
  std::string number = std::to_string(index + 1);
  if (number.size() < 3) number.insert(0, 3 - number.size(), '0');
  return id + "_" + number;
}

/// The source as QGIS writes a relative path: "./file" beside the project, "../x/file" above.
std::string relative_source(const std::filesystem::path& project_dir, const std::filesystem::path& source) {
  std::filesystem::path relative = source;
  if (source.is_absolute()) {
    const auto base = std::filesystem::absolute(project_dir).lexically_normal();
    relative = source.lexically_normal().lexically_relative(base);
    if (relative.empty()) relative = source;  // another root: keep it absolute
  }
  std::string text = relative.lexically_normal().generic_string();
  if (!relative.is_absolute() && text.rfind("../", 0) != 0) text = "./" + text;
  return text;
}

void write_extent(detail::XmlWriter& xml, const char* tag, const Extent& e) {
  xml.open(tag);
  xml.text("xmin", detail::number(e.x_min));
  xml.text("ymin", detail::number(e.y_min));
  xml.text("xmax", detail::number(e.x_max));
  xml.text("ymax", detail::number(e.y_max));
  xml.close();
}

}  // namespace

std::string project_qgs(const std::filesystem::path& project_dir, const std::string& title, const std::string& crs,
                        const Extent& extent, std::span<const ProjectLayer> top_to_bottom) {
  if (!(extent.x_min < extent.x_max && extent.y_min < extent.y_max)) {
    throw Error(ErrorCode::usage, kStage, "the project extent is empty");
  }
  std::set<std::string> names;
  for (const auto& layer : top_to_bottom) {
    if (!names.insert(layer.name).second) throw Error(ErrorCode::usage, kStage, "two layers are named " + layer.name);
    std::visit([](const auto& style) { detail::check_style(style); }, layer.style);
  }
  std::vector<std::string> ids;
  std::vector<std::string> sources;
  for (std::size_t i = 0; i < top_to_bottom.size(); ++i) {
    const auto& layer = top_to_bottom[i];
    ids.push_back(layer_id(layer.name, i));
    std::string source = relative_source(project_dir, layer.source);
    if (!layer.layer.empty()) source += "|layername=" + layer.layer;
    sources.push_back(std::move(source));
  }
  const auto is_raster = [](const ProjectLayer& layer) { return std::holds_alternative<RasterStyle>(layer.style); };

  detail::XmlWriter xml;
  xml.raw_line(detail::kQgisDoctype);
  xml.open("qgis", {{"projectname", title}, {"version", detail::kQgisVersion}});
  xml.empty("homePath", {{"path", ""}});
  xml.text("title", title);
  xml.empty("autotransaction", {{"active", "0"}});
  xml.empty("evaluateDefaultValues", {{"active", "0"}});
  xml.empty("trust", {{"active", "0"}});
  xml.open("projectCrs");
  write_spatialrefsys(xml, crs);
  xml.close();

  xml.open("layer-tree-group");
  for (std::size_t i = 0; i < top_to_bottom.size(); ++i) {
    const auto& layer = top_to_bottom[i];
    xml.empty("layer-tree-layer", {{"id", ids[i]},
                                   {"name", layer.name},
                                   {"source", sources[i]},
                                   {"providerKey", is_raster(layer) ? "gdal" : "ogr"},
                                   {"checked", layer.visible ? "Qt::Checked" : "Qt::Unchecked"},
                                   {"expanded", "1"},
                                   {"legend_exp", ""}});
  }
  xml.open("custom-order", {{"enabled", "0"}});
  for (const auto& id : ids) xml.text("item", id);
  xml.close();
  xml.close();

  xml.open("projectlayers");
  for (std::size_t i = 0; i < top_to_bottom.size(); ++i) {
    const auto& layer = top_to_bottom[i];
    if (is_raster(layer)) {
      xml.open("maplayer", {{"type", "raster"},
                            {"styleCategories", "AllStyleCategories"},
                            {"hasScaleBasedVisibilityFlag", "0"},
                            {"minScale", "1e+08"},
                            {"maxScale", "0"},
                            {"autoRefreshEnabled", "0"},
                            {"autoRefreshTime", "0"},
                            {"refreshOnNotifyEnabled", "0"},
                            {"refreshOnNotifyMessage", ""}});
    } else {
      const auto& vector = std::get<LayerStyle>(layer.style);
      xml.open("maplayer", {{"type", "vector"},
                            {"geometry", detail::geometry_name(vector.geometry)},
                            {"styleCategories", "AllStyleCategories"},
                            {"labelsEnabled", vector.label_field.empty() ? "0" : "1"},
                            {"readOnly", "0"},
                            {"hasScaleBasedVisibilityFlag", "0"},
                            {"minScale", "100000000"},
                            {"maxScale", "0"},
                            {"simplifyDrawingHints", "1"},
                            {"simplifyDrawingTol", "1"},
                            {"simplifyAlgorithm", "0"},
                            {"simplifyLocal", "1"},
                            {"simplifyMaxScale", "1"},
                            {"symbologyReferenceScale", "-1"},
                            {"autoRefreshEnabled", "0"},
                            {"autoRefreshTime", "0"},
                            {"refreshOnNotifyEnabled", "0"},
                            {"refreshOnNotifyMessage", ""}});
    }
    xml.text("id", ids[i]);
    xml.text("datasource", sources[i]);
    xml.text("layername", layer.name);
    xml.open("srs");
    write_spatialrefsys(xml, layer.crs.empty() ? crs : layer.crs);
    xml.close();
    if (const auto* raster = std::get_if<RasterStyle>(&layer.style)) {
      xml.text("provider", "gdal");
      xml.open("noData");
      xml.empty("noDataList", {{"bandNo", std::to_string(raster->band)}, {"useSrcNoData", "1"}});
      xml.close();
      xml.open("map-layer-style-manager", {{"current", "default"}});
      xml.empty("map-layer-style", {{"name", "default"}});
      xml.close();
      detail::write_raster_style(xml, *raster);
    } else {
      xml.text("provider", "ogr", {{"encoding", "UTF-8"}});
      xml.open("map-layer-style-manager", {{"current", "default"}});
      xml.empty("map-layer-style", {{"name", "default"}});
      xml.close();
      detail::write_vector_style(xml, std::get<LayerStyle>(layer.style));
    }
    xml.close();
  }
  xml.close();

  xml.open("layerorder");
  for (const auto& id : ids) xml.empty("layer", {{"id", id}});
  xml.close();

  xml.open("mapcanvas", {{"name", "theMapCanvas"}, {"annotationsVisible", "1"}});
  xml.text("units", "meters");
  write_extent(xml, "extent", extent);
  xml.text("rotation", "0");
  xml.open("destinationsrs");
  write_spatialrefsys(xml, crs);
  xml.close();
  xml.text("rendermaptile", "0");
  xml.close();

  xml.open("properties");
  xml.open("Paths");
  xml.text("Absolute", "false", {{"type", "bool"}});
  xml.close();
  xml.open("SpatialRefSys");
  xml.text("ProjectionsEnabled", "1", {{"type", "int"}});
  xml.close();
  xml.close();

  xml.open("ProjectViewSettings", {{"UseProjectScales", "0"}, {"rotation", "0"}});
  xml.empty("Scales");
  xml.open("DefaultViewExtent", {{"xmin", detail::number(extent.x_min)},
                                 {"ymin", detail::number(extent.y_min)},
                                 {"xmax", detail::number(extent.x_max)},
                                 {"ymax", detail::number(extent.y_max)}});
  write_spatialrefsys(xml, crs);
  xml.close();
  xml.close();

  xml.open("projectMetadata");
  xml.text("title", title);
  xml.close();
  xml.close();
  return xml.str();
}

void write_project(const std::filesystem::path& qgs, const std::string& title, const std::string& crs,
                   const Extent& extent, std::span<const ProjectLayer> top_to_bottom) {
  const auto folder = qgs.has_parent_path() ? qgs.parent_path() : std::filesystem::path(".");
  write_file_atomically(qgs, project_qgs(folder, title, crs, extent, top_to_bottom));
}

}  // namespace hotspot::qgis
