#include "hotspot/step/options.hpp"

#include "hotspot/core/numbers.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace hotspot::step {
namespace {

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

std::string numbers_text(const std::vector<double>& values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : ",") + number_text(v);
  return out;
}

}  // namespace

std::string_view value_kind_name(ValueKind kind) noexcept {
  switch (kind) {
    case ValueKind::flag: return "flag";
    case ValueKind::integer: return "integer";
    case ValueKind::number: return "number";
    case ValueKind::text: return "text";
    case ValueKind::choice: return "choice";
    case ValueKind::integers: return "integers";
    case ValueKind::numbers: return "numbers";
    case ValueKind::texts: return "texts";
  }
  return "text";
}

std::string_view role_name(Role role) noexcept {
  switch (role) {
    case Role::setting: return "setting";
    case Role::incidents: return "incidents";
    case Role::layer: return "layer";
    case Role::raster: return "raster";
    case Role::file: return "file";
    case Role::output_folder: return "output_folder";
    case Role::output_file: return "output_file";
    case Role::output_raster: return "output_raster";
    case Role::output_vector: return "output_vector";
  }
  return "setting";
}

std::string number_text(double value) {
  if (value == 0) return "0";  // also -0
  // Whole numbers in full ("1000000", not "1e+06"), as a reader writes them.
  if (std::abs(value) < 1e15 && value == std::trunc(value)) return std::to_string(static_cast<long long>(value));
  std::array<char, 64> buffer{};
  const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "?";
  return std::string(buffer.data(), ptr);
}

Option::Option(std::string command, std::string name, ValueKind kind, std::string help, std::string group, Assign assign,
               std::string default_text)
    : command_(std::move(command)),
      name_(std::move(name)),
      kind_(kind),
      help_(std::move(help)),
      group_(std::move(group)),
      assign_(std::move(assign)),
      default_(std::move(default_text)) {}

Option& Option::short_name(char c) {
  short_ = c;
  return *this;
}
Option& Option::deprecated(std::string old_name) {
  deprecated_.push_back(std::move(old_name));
  return *this;
}
Option& Option::role(Role r) {
  role_ = r;
  return *this;
}
Option& Option::range(double min, double max) {
  min_ = min;
  max_ = max;
  min_exclusive_ = false;
  return *this;
}
Option& Option::at_least(double min) {
  min_ = min;
  min_exclusive_ = false;
  return *this;
}
Option& Option::above(double min) {
  min_ = min;
  min_exclusive_ = true;
  return *this;
}
Option& Option::at_most(double max) {
  max_ = max;
  return *this;
}
Option& Option::required() {
  required_ = true;
  return *this;
}
Option& Option::needs(std::string other) {
  needs_.push_back(std::move(other));
  return *this;
}
Option& Option::excludes(std::string other) {
  excludes_.push_back(std::move(other));
  return *this;
}
Option& Option::no_split() {
  split_ = false;
  return *this;
}
Option& Option::positional() {
  positional_ = true;
  split_ = false;
  return *this;
}
Option& Option::advanced() {
  advanced_ = true;
  return *this;
}
Option& Option::hidden() {
  hidden_ = true;
  return *this;
}
Option& Option::unit(std::string u) {
  unit_ = std::move(u);
  return *this;
}
Option& Option::override_of_default(std::string why) {
  override_ = std::move(why);
  return *this;
}
Option& Option::default_text(std::string text) {
  default_ = std::move(text);
  return *this;
}

Option& Option::rename(std::string name) {
  name_ = std::move(name);
  return *this;
}
Option& Option::set_group(std::string group) {
  group_ = std::move(group);
  return *this;
}
Option& Option::origin(std::string step, std::string name) {
  origin_step_ = std::move(step);
  origin_name_ = std::move(name);
  return *this;
}

std::string Option::flag() const { return positional_ ? name_ : "--" + name_; }

Error Option::usage(const std::string& detail) const {
  return Error(ErrorCode::usage, command_, flag() + ": " + detail);
}

void Option::check_number(double value, const std::string& text) const {
  const bool low = min_ && (min_exclusive_ ? !(value > *min_) : !(value >= *min_));
  const bool high = max_ && !(value <= *max_);
  if (!low && !high) return;
  std::string limit;
  if (min_ && max_) {
    limit = (min_exclusive_ ? "above " + number_text(*min_) + " and at most " : "from " + number_text(*min_) + " to ") +
            number_text(*max_);
  } else if (min_) {
    limit = (min_exclusive_ ? "above " : "at least ") + number_text(*min_);
  } else {
    limit = "at most " + number_text(*max_);
  }
  throw usage(text + " is out of range: " + limit + (unit_.empty() ? "" : " " + unit_));
}

void Option::assign(const std::vector<std::string>& values) {
  if (values.empty() && kind_ != ValueKind::flag && kind_ != ValueKind::texts && kind_ != ValueKind::numbers &&
      kind_ != ValueKind::integers) {
    throw usage("needs a value");
  }
  assign_(*this, values);
  values_ = values;
  given_ = true;
}

Option& Declarer::add(std::string name, ValueKind kind, std::string help, Option::Assign assign,
                      std::string default_text) {
  if (find(name) != nullptr) {
    throw Error(ErrorCode::internal, command_, "option --" + name + " declared twice");
  }
  return options_.emplace_back(command_, std::move(name), kind, std::move(help), group_, std::move(assign),
                               std::move(default_text));
}

std::string Declarer::join_choices(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return out;
}

long double Declarer::parse_integer(const Option& option, const std::string& text) {
  long long value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    // "5.0" or "1e3" for a count: say what is wanted rather than "not a number".
    throw option.usage("\"" + text + "\" is not a whole number");
  }
  option.check_number(static_cast<double>(value), text);
  return static_cast<long double>(value);
}

namespace {

/// A flag's value as given: none on the command line (present: true), or a settings file's
/// true/false (and 1/0, on/off, yes/no).
bool flag_value(const Option& self, const std::vector<std::string>& values) {
  const std::string v = values.empty() ? "true" : values.back();
  if (v == "true" || v == "1" || v == "on" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "off" || v == "no") return false;
  throw self.usage("\"" + v + "\" is not true or false");
}

}  // namespace

Option& Declarer::flag(std::string name, bool& target, std::string help) {
  return add(std::move(name), ValueKind::flag, std::move(help),
             [&target](Option& self, const std::vector<std::string>& values) { target = flag_value(self, values); },
             target ? "true" : "false");
}

Option& Declarer::negated_flag(std::string name, bool& target, std::string help) {
  return add(std::move(name), ValueKind::flag, std::move(help),
             [&target](Option& self, const std::vector<std::string>& values) { target = !flag_value(self, values); },
             target ? "false" : "true");
}

Option& Declarer::number(std::string name, double& target, std::string help) {
  return add(std::move(name), ValueKind::number, std::move(help),
             [&target](Option& self, const std::vector<std::string>& values) {
               const std::string& text = values.back();
               const auto v = parse_number(text);
               if (!v) throw self.usage("\"" + text + "\" is not a number");
               self.check_number(*v, text);
               target = *v;
             },
             number_text(target));
}

Option& Declarer::number(std::string name, std::optional<double>& target, std::string help) {
  return add(std::move(name), ValueKind::number, std::move(help),
             [&target](Option& self, const std::vector<std::string>& values) {
               const std::string& text = values.back();
               const auto v = parse_number(text);
               if (!v) throw self.usage("\"" + text + "\" is not a number");
               self.check_number(*v, text);
               target = *v;
             },
             target ? number_text(*target) : std::string());
}

Option& Declarer::text(std::string name, std::string& target, std::string help) {
  return add(std::move(name), ValueKind::text, std::move(help),
             [&target](Option&, const std::vector<std::string>& values) { target = values.back(); }, target);
}

Option& Declarer::numbers(std::string name, std::vector<double>& target, std::string help) {
  return add(std::move(name), ValueKind::numbers, std::move(help),
             [&target](Option& self, const std::vector<std::string>& values) {
               std::vector<double> parsed;
               for (const auto& text : values) {
                 const auto v = parse_number(text);
                 if (!v) throw self.usage("\"" + text + "\" is not a number");
                 self.check_number(*v, text);
                 parsed.push_back(*v);
               }
               target = std::move(parsed);
             },
             numbers_text(target));
}

Option& Declarer::integers(std::string name, std::vector<int>& target, std::string help) {
  std::string current;
  for (int v : target) current += (current.empty() ? "" : ",") + std::to_string(v);
  return add(std::move(name), ValueKind::integers, std::move(help),
             [&target](Option& self, const std::vector<std::string>& values) {
               std::vector<int> parsed;
               for (const auto& text : values) parsed.push_back(static_cast<int>(parse_integer(self, text)));
               target = std::move(parsed);
             },
             current);
}

Option& Declarer::texts(std::string name, std::vector<std::string>& target, std::string help) {
  return add(std::move(name), ValueKind::texts, std::move(help),
             [&target](Option&, const std::vector<std::string>& values) { target = values; }, join(target));
}

Option& Declarer::custom(std::string name, ValueKind kind, std::string current,
                         std::function<void(const std::string&)> parse, std::string help) {
  return add(std::move(name), kind, std::move(help),
             [parse = std::move(parse)](Option&, const std::vector<std::string>& values) {
               for (const auto& v : values) parse(v);
             },
             std::move(current));
}

void Declarer::adopt(Declarer& from, const std::string& step, std::initializer_list<Adopted> names,
                     const std::string& group) {
  for (const Adopted& a : names) {
    const Option* source = from.find(a.name);
    if (source == nullptr) throw Error(ErrorCode::internal, command_, step + " declares no option --" + a.name);
    const std::string as = a.as.empty() ? a.name : a.as;
    if (find(as) != nullptr) throw Error(ErrorCode::internal, command_, "option --" + as + " declared twice");
    Option& o = options_.emplace_back(*source);
    o.rename(as).origin(step, a.name);
    o.command_ = command_;
    // An option another option of the step needs comes along under its new name.
    if (!group.empty()) o.set_group(group);
  }
}

Option* Declarer::find(std::string_view name) {
  for (auto& o : options_) {
    if (o.name() == name) return &o;
  }
  return nullptr;
}

const Option* Declarer::find(std::string_view name) const {
  for (const auto& o : options_) {
    if (o.name() == name) return &o;
  }
  return nullptr;
}

bool Declarer::given(std::string_view name) const {
  const Option* o = find(name);
  if (o == nullptr) throw Error(ErrorCode::internal, command_, "no option --" + std::string(name));
  return o->given();
}

}  // namespace hotspot::step
