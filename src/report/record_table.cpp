#include "hotspot/report/record_table.hpp"

#include <cstdio>
#include <cstdlib>
#include <variant>

#include "hotspot/core/error.hpp"

namespace hotspot::report {

FieldReader::FieldReader(const VectorLayer& layer, std::string_view field) : index_(layer.fields.size()) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == field) index_ = i;
  }
  if (index_ == layer.fields.size()) {
    throw Error(ErrorCode::internal, "report.table", "layer " + layer.name + " has no field " + std::string(field));
  }
}

double FieldReader::number(const VectorFeature& feature) const {
  const FieldValue& v = feature.values.at(index_);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nan("");
}

std::string FieldReader::text(const VectorFeature& feature) const {
  const FieldValue& v = feature.values.at(index_);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", *d);
    for (int digits = 1; digits < 17; ++digits) {  // the shortest text that reads back the same
      char shorter[32];
      std::snprintf(shorter, sizeof shorter, "%.*g", digits, *d);
      if (std::strtod(shorter, nullptr) == *d) return shorter;
    }
    return buffer;
  }
  return "";
}

bool FieldReader::exists(const VectorLayer& layer, std::string_view field) {
  for (const auto& f : layer.fields) {
    if (f.name == field) return true;
  }
  return false;
}

}  // namespace hotspot::report
