#include <nlohmann/json.hpp>

#include "hotspot/step/command.hpp"

namespace hotspot::step {
namespace {

nlohmann::ordered_json option_json(const Option& o) {
  nlohmann::ordered_json j;
  j["name"] = o.name();
  j["flag"] = o.flag();
  if (o.short_char() != 0) j["short"] = std::string("-") + o.short_char();
  j["type"] = std::string(value_kind_name(o.kind()));
  j["role"] = std::string(role_name(o.role()));
  j["group"] = o.group();
  j["help"] = o.help();
  // The default as the command line would take it back ("" = none: unset, or automatic).
  j["default"] = o.default_value();
  if (!o.choices().empty()) j["choices"] = o.choices();
  if (o.min()) {
    j["minimum"] = *o.min();
    j["minimum_exclusive"] = o.min_exclusive();
  }
  if (o.max()) j["maximum"] = *o.max();
  if (!o.unit_text().empty()) j["unit"] = o.unit_text();
  j["required"] = o.is_required();
  j["positional"] = o.is_positional();
  j["advanced"] = o.is_advanced();
  j["list_separator"] = o.splits() && (o.kind() == ValueKind::numbers || o.kind() == ValueKind::integers ||
                                       o.kind() == ValueKind::texts)
                            ? ","
                            : "";
  if (!o.needed().empty()) j["needs"] = o.needed();
  if (!o.excluded().empty()) j["excludes"] = o.excluded();
  if (!o.deprecated_names().empty()) {
    nlohmann::ordered_json old = nlohmann::ordered_json::array();
    for (const auto& n : o.deprecated_names()) old.push_back("--" + n);
    j["deprecated_flags"] = old;
  }
  if (!o.override_reason().empty()) j["default_differs"] = o.override_reason();
  if (!o.origin_step().empty()) {
    j["from_step"] = o.origin_step();
    j["step_option"] = o.origin_name();
  }
  return j;
}

}  // namespace

std::string describe_json(std::span<const CommandSpec> commands, const std::string& version) {
  nlohmann::ordered_json root;
  root["tool"] = "hotspot";
  root["version"] = version;
  root["schema"] = "https://github.com/hotspot/describe/v1";
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& spec : commands) {
    const auto run = spec.make();
    nlohmann::ordered_json c;
    c["name"] = spec.name;
    c["summary"] = spec.summary;
    nlohmann::ordered_json options = nlohmann::ordered_json::array();
    for (const auto& o : run->declarer().options()) {
      if (!o.is_hidden()) options.push_back(option_json(o));
    }
    c["options"] = options;
    nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
    for (const auto& out : spec.outputs) {
      nlohmann::ordered_json j;
      j["id"] = out.id;
      j["kind"] = std::string(output_kind_name(out.kind));
      j["file"] = out.file;
      j["description"] = out.description;
      j["published"] = out.published;
      outputs.push_back(j);
    }
    c["outputs"] = outputs;
    list.push_back(c);
  }
  root["commands"] = list;
  return root.dump(2) + "\n";
}

}  // namespace hotspot::step
