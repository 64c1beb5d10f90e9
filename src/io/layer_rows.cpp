#include "io/layer_rows.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>
#include <vector>

#include <cpl_error.h>
#include <cpl_string.h>

#include "hotspot/core/error.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// What a GDAL read failure means to a user. GDAL's virtual file systems report where in
// GDAL's own source the failure was seen ("In file ./port/cpl_vsil_gzip.cpp, at line 1121,
// decompression failed with z_err = -5"), which tells a user nothing.
std::string reading_failure(std::string_view gdal_message) {
  const std::string message(gdal_message);
  if (message.find("cpl_vsil_gzip") != std::string::npos || message.find("z_err") != std::string::npos ||
      message.find("decompression failed") != std::string::npos) {
    return "the compressed data is damaged or cut short (an interrupted download or copy?)";
  }
  static const std::regex location(R"(In file [^,]*, at line [0-9]+, ?)");
  return std::regex_replace(message, location, "");
}

std::string quoted(const std::string& field, std::string_view value) {
  std::string v(value.substr(0, 80));
  return field + " \"" + v + (value.size() > 80 ? "..." : "") + "\"";
}

}  // namespace

int column_index(OGRFeatureDefnH defn, const std::string& name, const std::string& stage, const std::string& source,
                 bool required) {
  if (name.empty()) return -1;
  const int index = OGR_FD_GetFieldIndex(defn, name.c_str());
  if (index < 0 && required) {
    std::string columns;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
      columns += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    throw Error(ErrorCode::data, ErrorContext{stage, source, std::nullopt, name},
                "no column \"" + name + "\" (columns: " + columns + ")");
  }
  return index;
}

void bind_attribute_columns(OGRFeatureDefnH defn, const ReadOptions& options, const std::string& stage,
                            const std::string& source, ColumnBinding& b) {
  b.time = column_index(defn, options.time_field, stage, source, true);
  b.month = column_index(defn, options.month_field, stage, source, true);
  b.category = column_index(defn, options.category_field, stage, source, true);
  b.location = column_index(defn, options.location_field, stage, source, true);
  b.time_name = options.time_field;
  b.month_name = options.month_field;
}

void check_unique_columns(OGRFeatureDefnH defn, const ColumnBinding& b, const std::string& stage, const std::string& source) {
  const int count = OGR_FD_GetFieldCount(defn);
  for (const int used : b.columns()) {
    if (used < 0) continue;
    const std::string name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, used));
    for (int i = 0; i < count; ++i) {
      if (i != used && EQUAL(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), name.c_str())) {
        throw Error(ErrorCode::data, ErrorContext{stage, source, std::nullopt, name},
                    "the header names the column \"" + name + "\" twice (columns " +
                        std::to_string(std::min(i, used) + 1) + " and " + std::to_string(std::max(i, used) + 1) +
                        "); rename or remove one so it is clear which to read");
      }
    }
  }
}

void apply_where(OGRLayerH layer, const ReadOptions& options, const std::string& stage, const std::string& name) {
  if (options.where.empty()) return;
  if (OGR_L_SetAttributeFilter(layer, options.where.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::usage, ErrorContext{stage, name, std::nullopt, {}},
                option_ref("where") + " \"" + options.where + "\" is not a valid filter: " + last_gdal_error("syntax error"));
  }
}

void ignore_unused_columns(OGRLayerH layer, OGRFeatureDefnH defn, const ColumnBinding& b, const ReadOptions& options) {
  if (!options.where.empty()) return;
  const auto used = b.columns();
  std::vector<std::string> names;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    if (std::find(used.begin(), used.end(), i) == used.end()) {
      names.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
  }
  if (!b.geometry) names.emplace_back("OGR_GEOMETRY");
  names.emplace_back("OGR_STYLE");
  std::vector<const char*> list;
  for (const auto& n : names) list.push_back(n.c_str());
  list.push_back(nullptr);
  // A driver that cannot ignore fields still reads them all; nothing is lost either way.
  static_cast<void>(OGR_L_SetIgnoredFields(layer, list.data()));
}

NumberStatus parse_number(std::string_view text, double& value) {
  text = trim(text);
  if (text.empty()) return NumberStatus::empty;
  if (text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return NumberStatus::not_a_number;
  if (!std::isfinite(value)) return NumberStatus::not_finite;
  return NumberStatus::ok;
}

std::uint64_t read_layer_rows(OGRLayerH layer, const ColumnBinding& b, SourceIncidents& part, RowAccount& account,
                              const std::string& stage, const std::string& source_name, std::uint64_t piece_offset,
                              std::uint64_t rows_hint) {
  // The account is this source's alone: its rejections name source 0.
  constexpr std::uint32_t source_index = 0;
  std::uint64_t recoded_rows = 0;
  Incidents& inc = part.incidents;
  // Room for the rows up front, where the count is cheap: the driver's own count only when it
  // says it has one at hand (OLCFastFeatureCount: GeoPackage, Shapefile); GDAL's CSV driver
  // counts by parsing every line, a second read of the whole file, so a CSV piece reserves
  // for the records split_csv counted instead.
  const auto feature_count =
      OGR_L_TestCapability(layer, OLCFastFeatureCount) ? OGR_L_GetFeatureCount(layer, FALSE) : GIntBig{-1};
  if (feature_count > 0) {
    inc.reserve(static_cast<std::size_t>(feature_count));
  } else if (rows_hint > 0) {
    inc.reserve(static_cast<std::size_t>(rows_hint));
  }
  // A driver reports trouble met while reading (a bad --where found only when SQLite
  // prepares it, a truncated gzip stream) through CPLError; a silent stop would lose rows.
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  struct PopHandler {
    ~PopHandler() { CPLPopErrorHandler(); }
  } pop_handler;
  OGR_L_ResetReading(layer);
  std::uint64_t sequential_row = 0;
  while (FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    ++account.read;
    ++sequential_row;
    const GIntBig fid = OGR_F_GetFID(f);
    const std::uint64_t row = fid >= 0 ? static_cast<std::uint64_t>(fid) : sequential_row;
    auto text = [&](int index) -> std::string_view {
      if (index < 0 || !OGR_F_IsFieldSetAndNotNull(f, index)) return {};
      return OGR_F_GetFieldAsString(f, index);
    };
    // Text we keep must be UTF-8 (outputs are JSON/GeoJSON). Council exports are often
    // Windows-1252 ("£", "é"); such values are recoded with GDAL's CPLRecode and counted.
    bool row_recoded = false;
    auto kept_text = [&](int index, std::string& buffer) -> std::string_view {
      const std::string_view raw = trim(text(index));
      if (raw.empty() || CPLIsUTF8(raw.data(), static_cast<int>(raw.size()))) return raw;
      char* recoded = CPLRecode(std::string(raw).c_str(), "CP1252", CPL_ENC_UTF8);
      buffer = recoded != nullptr ? recoded : "";
      CPLFree(recoded);
      row_recoded = true;
      return buffer;
    };
    std::string category_buffer, location_buffer, lsoa_buffer, name_buffer, id_buffer;

    double x = 0, y = 0;
    if (b.geometry) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      if (g == nullptr || OGR_G_IsEmpty(g)) {
        if (b.wkt >= 0 && !trim(text(b.wkt)).empty()) {
          account.reject(source_index, row, RejectReason::not_a_point, quoted("WKT", text(b.wkt)));
        } else {
          account.reject(source_index, row, RejectReason::no_coordinates);
        }
        continue;
      }
      auto flat = wkbFlatten(OGR_G_GetGeometryType(g));
      if (flat == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        g = OGR_G_GetGeometryRef(g, 0);
        flat = wkbPoint;
      }
      if (flat != wkbPoint) {
        account.reject(source_index, row, RejectReason::not_a_point, OGR_G_GetGeometryName(g));
        continue;
      }
      x = OGR_G_GetX(g, 0);
      y = OGR_G_GetY(g, 0);
      if (!std::isfinite(x) || !std::isfinite(y)) {
        account.reject(source_index, row, RejectReason::coordinate_out_of_range, "point is not finite");
        continue;
      }
    } else {
      const std::string_view xt = text(b.x), yt = text(b.y);
      const NumberStatus xs = parse_number(xt, x), ys = parse_number(yt, y);
      if (xs == NumberStatus::empty && ys == NumberStatus::empty) {
        account.reject(source_index, row, RejectReason::no_coordinates);
        continue;
      }
      if (xs != NumberStatus::ok || ys != NumberStatus::ok) {
        const bool x_bad = xs != NumberStatus::ok;
        const std::string& name = x_bad ? b.x_name : b.y_name;
        const std::string_view value = x_bad ? xt : yt;
        const NumberStatus status = x_bad ? xs : ys;
        if (status == NumberStatus::not_finite) {
          account.reject(source_index, row, RejectReason::coordinate_out_of_range, quoted(name, value));
        } else if (status == NumberStatus::empty) {
          account.reject(source_index, row, RejectReason::no_coordinates, name + " is empty");
        } else {
          account.reject(source_index, row, RejectReason::bad_coordinate, quoted(name, value) + " is not a number");
        }
        continue;
      }
    }

    MonthIndex month = kNoMonth;
    LocalTime time = kNoTime;
    if (b.time >= 0 && OGR_F_IsFieldSetAndNotNull(f, b.time)) {
      const OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, b.time));
      if (type == OFTDate || type == OFTDateTime) {
        int yy = 0, mo = 0, dd = 0, hh = 0, mi = 0, tz = 0;
        float ss = 0;
        OGR_F_GetFieldAsDateTimeEx(f, b.time, &yy, &mo, &dd, &hh, &mi, &ss, &tz);
        time = days_from_civil(yy, mo, dd) * 86400 + hh * 3600 + mi * 60 + static_cast<int>(ss);
      } else {
        const std::string_view tt = trim(text(b.time));
        if (!tt.empty()) {
          const auto parsed = parse_timestamp(tt);
          if (!parsed) {
            account.reject(source_index, row, RejectReason::bad_time, quoted(b.time_name, tt));
            continue;
          }
          time = parsed->time;
        }
      }
      if (time != kNoTime) month = month_of_time(time);
    }
    if (b.month >= 0 && month == kNoMonth) {
      const std::string_view mt = trim(text(b.month));
      if (!mt.empty() || b.month_required) {
        const auto parsed = parse_month(mt);
        if (!parsed) {
          account.reject(source_index, row, RejectReason::bad_month, quoted(b.month_name, mt));
          continue;
        }
        month = *parsed;
      }
    }

    std::uint32_t category = Incidents::kNoCode;
    if (b.category >= 0) {
      const std::string_view ct = kept_text(b.category, category_buffer);
      if (ct.empty() && b.category_required) {
        account.reject(source_index, row, RejectReason::no_category);
        continue;
      }
      if (!ct.empty()) category = inc.categories.intern(ct);
    }

    double weight = 1.0;
    if (b.weight >= 0) {
      const std::string_view wt = text(b.weight);
      if (parse_number(wt, weight) != NumberStatus::ok || weight < 0) {
        account.reject(source_index, row, RejectReason::bad_weight, quoted(b.weight_name, wt));
        continue;
      }
      if (weight > kMaxIncidentWeight) {
        account.reject(source_index, row, RejectReason::bad_weight,
                       quoted(b.weight_name, wt) + " is above the largest weight accepted, 1000000");
        continue;
      }
    }

    std::uint32_t location = Incidents::kNoCode;
    if (b.location >= 0) {
      const std::string_view lt = kept_text(b.location, location_buffer);
      if (!lt.empty()) location = inc.locations.intern(lt);
    }
    std::uint32_t lsoa = Incidents::kNoCode;
    if (b.lsoa_code >= 0) {
      const std::string_view code = trim(text(b.lsoa_code));
      if (!code.empty()) {
        lsoa = inc.intern_lsoa(kept_text(b.lsoa_code, lsoa_buffer), kept_text(b.lsoa_name, name_buffer));
      }
    }

    inc.push_back({.x = x,
                   .y = y,
                   .month = month,
                   .time = time,
                   .category = category,
                   .weight = weight,
                   .location = location,
                   .lsoa = lsoa,
                   .source = 0,
                   .row = row,
                   .crime_id = kept_text(b.crime_id, id_buffer)});
    if (row_recoded) ++recoded_rows;
  }
  if (CPLGetLastErrorType() == CE_Failure) {
    throw Error(ErrorCode::input, ErrorContext{stage, source_name, std::nullopt, {}},
                "reading stopped after " + std::to_string(account.read) + " rows" +
                    (piece_offset > 0 ? " of the part from byte " + std::to_string(piece_offset) : std::string()) +
                    ": " + reading_failure(CPLGetLastErrorMsg()));
  }
  return recoded_rows;
}

}  // namespace hotspot::detail
