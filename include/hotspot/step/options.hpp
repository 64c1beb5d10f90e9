#pragma once

#include <cstdint>
#include <deque>
#include <concepts>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/core/error.hpp"

/// One declaration per option (GDAL's `gdalalg_*` arguments, PDAL's stage options): a step
/// declares each of its options once, against a field of its own Options struct. The same
/// declaration gives the command line its flags (src/cli), `hotspot describe --json` its
/// description, `--write-config` its file and the QGIS provider its parameters. The default is
/// read from the field when it is declared, so the struct's in-class default is the only one.
namespace hotspot::step {

/// What an option holds.
enum class ValueKind {
  flag,     ///< present or not
  integer,  ///< a whole number
  number,   ///< a real number
  text,     ///< free text
  choice,   ///< one of a fixed list of words
  integers, ///< whole numbers, comma-separated or repeated
  numbers,  ///< numbers, comma-separated or repeated
  texts,    ///< words or paths, repeated (comma-separated unless the option says not)
};

/// What an option is for, beyond its value: the QGIS provider maps inputs and outputs to
/// layer and destination parameters.
enum class Role {
  setting,        ///< a parameter of the analysis
  incidents,      ///< incident sources (files, folders, globs, archives, OGR, PG:)
  layer,          ///< a vector layer (OGR source) read by the step
  raster,         ///< a raster read by the step
  file,           ///< another input file (CSV table, config)
  output_folder,  ///< a folder the command writes its outputs into
  output_file,    ///< a file the command writes (CSV, JSON, Markdown)
  output_raster,  ///< a GeoTIFF the command writes
  output_vector,  ///< a GeoJSON or GeoPackage the command writes
};

[[nodiscard]] std::string_view value_kind_name(ValueKind kind) noexcept;
[[nodiscard]] std::string_view role_name(Role role) noexcept;

/// One word an enum option accepts, with the value it stands for.
template <class E>
struct Choice {
  std::string_view name;
  E value;
};

/// The name of `value` in `table` (the first entry holding it); empty when absent.
template <class E>
[[nodiscard]] std::string_view choice_name(std::span<const Choice<E>> table, E value) {
  for (const auto& c : table) {
    if (c.value == value) return c.name;
  }
  return {};
}

/// Shortest text that reads back as the same double ("60", "0.25", "1e-07"), never a
/// 309-digit expansion.
[[nodiscard]] std::string number_text(double value);

/// One option: its name, what it holds, its default and limits, and how a value given as text
/// is checked and stored in the bound field. Built by Declarer, refined by the chained setters.
class Option {
 public:
  friend class Declarer;
  using Assign = std::function<void(Option& self, const std::vector<std::string>& values)>;

  Option(std::string command, std::string name, ValueKind kind, std::string help, std::string group, Assign assign,
         std::string default_text);

  // --- refining the declaration (each returns *this) ---
  Option& short_name(char c);                  ///< -o
  Option& deprecated(std::string old_name);    ///< an old spelling kept working, with a note
  Option& role(Role r);
  Option& range(double min, double max);       ///< inclusive
  Option& at_least(double min);                ///< inclusive
  Option& above(double min);                   ///< exclusive
  Option& at_most(double max);                 ///< inclusive
  Option& required();                          ///< checked after parsing (not while writing a config)
  Option& needs(std::string other);            ///< only with another option
  Option& excludes(std::string other);         ///< never with another option
  Option& no_split();                          ///< a list whose values may contain commas (paths)
  Option& positional();                        ///< given without a flag (the incident sources)
  Option& advanced();                          ///< shown in an advanced group by GUIs
  Option& hidden();                            ///< not in --help or describe (internal plumbing)
  Option& unit(std::string u);                 ///< "m", "months", "%": shown with the default
  /// The command's default deliberately differs from the same option elsewhere (`plan`'s
  /// finer hotspot levels): why, in a phrase, and where it is documented.
  Option& override_of_default(std::string why);
  /// The default text shown and described, when the field's own value does not say it
  /// (e.g. 0 meaning "automatic").
  Option& default_text(std::string text);
  /// Renames the option (Declarer::adopt: a step's option offered by a composing command
  /// under another name, such as plan's --gistar-cell for gistar's --cell).
  Option& rename(std::string name);
  Option& set_group(std::string group);
  /// The step whose declaration this is and the option's name there, when a composing
  /// command adopted it (empty otherwise).
  Option& origin(std::string step, std::string name);

  // --- reading the declaration ---
  [[nodiscard]] const std::string& command() const noexcept { return command_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::string flag() const;  ///< "--name", or the name for a positional option
  [[nodiscard]] char short_char() const noexcept { return short_; }
  [[nodiscard]] const std::vector<std::string>& deprecated_names() const noexcept { return deprecated_; }
  [[nodiscard]] ValueKind kind() const noexcept { return kind_; }
  [[nodiscard]] Role role() const noexcept { return role_; }
  [[nodiscard]] const std::string& help() const noexcept { return help_; }
  [[nodiscard]] const std::string& group() const noexcept { return group_; }
  [[nodiscard]] const std::string& default_value() const noexcept { return default_; }
  [[nodiscard]] const std::vector<std::string>& choices() const noexcept { return choices_; }
  [[nodiscard]] const std::optional<double>& min() const noexcept { return min_; }
  [[nodiscard]] const std::optional<double>& max() const noexcept { return max_; }
  [[nodiscard]] bool min_exclusive() const noexcept { return min_exclusive_; }
  [[nodiscard]] bool is_required() const noexcept { return required_; }
  [[nodiscard]] bool is_positional() const noexcept { return positional_; }
  [[nodiscard]] bool is_advanced() const noexcept { return advanced_; }
  [[nodiscard]] bool is_hidden() const noexcept { return hidden_; }
  [[nodiscard]] bool splits() const noexcept { return split_; }
  [[nodiscard]] const std::vector<std::string>& needed() const noexcept { return needs_; }
  [[nodiscard]] const std::vector<std::string>& excluded() const noexcept { return excludes_; }
  [[nodiscard]] const std::string& unit_text() const noexcept { return unit_; }
  [[nodiscard]] const std::string& override_reason() const noexcept { return override_; }
  [[nodiscard]] const std::string& origin_step() const noexcept { return origin_step_; }
  [[nodiscard]] const std::string& origin_name() const noexcept { return origin_name_; }
  /// The values of the last assignment, as given (for checks across options, e.g. that no
  /// output path is also an input).
  [[nodiscard]] const std::vector<std::string>& values() const noexcept { return values_; }

  /// Checks `values` (one per occurrence, already split on commas where the option splits)
  /// and stores them in the bound field. Throws Error(usage) naming the flag and the limit.
  void assign(const std::vector<std::string>& values);
  /// True once a value was assigned (given on the command line or in a settings file).
  [[nodiscard]] bool given() const noexcept { return given_; }

  // For Declarer: limits are read by the assigners.
  void set_choices(std::vector<std::string> names) { choices_ = std::move(names); }
  void check_number(double value, const std::string& text) const;
  [[nodiscard]] Error usage(const std::string& detail) const;

 private:
  std::string command_, name_;
  char short_ = 0;
  std::vector<std::string> deprecated_;
  ValueKind kind_;
  Role role_ = Role::setting;
  std::string help_, group_;
  Assign assign_;
  std::string default_;
  std::vector<std::string> choices_;
  std::optional<double> min_, max_;
  bool min_exclusive_ = false;
  bool required_ = false, positional_ = false, advanced_ = false, hidden_ = false, split_ = true, given_ = false;
  std::vector<std::string> needs_, excludes_;
  std::string unit_, override_;
  std::string origin_step_, origin_name_;
  std::vector<std::string> values_;
};

/// Declares a command's options against the fields of its Options struct. The fields must
/// outlive the Declarer's use (the CLI keeps the struct alive for the whole run).
class Declarer {
 public:
  explicit Declarer(std::string command) : command_(std::move(command)) {}
  Declarer(const Declarer&) = delete;
  Declarer& operator=(const Declarer&) = delete;

  /// Options declared after this go into `name` (the help's sections, the GUI's groups).
  void group(std::string name) { group_ = std::move(name); }
  [[nodiscard]] const std::string& current_group() const noexcept { return group_; }

  Option& flag(std::string name, bool& target, std::string help);
  /// A flag that sets `target` to false ("--no-swap" for `local_search = true`).
  Option& negated_flag(std::string name, bool& target, std::string help);
  Option& number(std::string name, double& target, std::string help);
  Option& number(std::string name, std::optional<double>& target, std::string help);
  template <std::integral T>
  Option& integer(std::string name, T& target, std::string help) {
    return add(std::move(name), ValueKind::integer, std::move(help),
               [&target](Option& self, const std::vector<std::string>& values) {
                 const long double v = parse_integer(self, values.back());
                 if (v < static_cast<long double>(std::numeric_limits<T>::min()) ||
                     v > static_cast<long double>(std::numeric_limits<T>::max())) {
                   throw self.usage(values.back() + " is out of range");
                 }
                 target = static_cast<T>(v);
               },
               std::to_string(target));
  }
  Option& text(std::string name, std::string& target, std::string help);
  Option& numbers(std::string name, std::vector<double>& target, std::string help);
  Option& integers(std::string name, std::vector<int>& target, std::string help);
  Option& texts(std::string name, std::vector<std::string>& target, std::string help);

  /// One of the words of `table`, stored as its value.
  template <class E>
  Option& choice(std::string name, E& target, std::span<const Choice<E>> table, std::string help) {
    std::vector<std::string> names;
    for (const auto& c : table) names.emplace_back(c.name);
    Option& o = add(std::move(name), ValueKind::choice, std::move(help),
                    [&target, table](Option& self, const std::vector<std::string>& values) {
                      const std::string& v = values.back();
                      for (const auto& c : table) {
                        if (c.name == v) {
                          target = c.value;
                          return;
                        }
                      }
                      throw self.usage("\"" + v + "\" is not one of " + join_choices(self.choices()));
                    },
                    std::string(choice_name(table, target)));
    o.set_choices(std::move(names));
    return o;
  }

  /// Anything else: `parse` checks and stores one value given as text (throw
  /// Error(usage) via Option::usage), `current` is the default's text.
  Option& custom(std::string name, ValueKind kind, std::string current, std::function<void(const std::string&)> parse,
                 std::string help);

  /// Takes options another Declarer declared (a step's own declaration, bound to the composing
  /// command's fields) into this one: each of `names` as is, or under a new name
  /// ({"cell", "gistar-cell"}), in group `group` (empty: the option's own). The options keep
  /// their help, limits and default, and remember the step they came from.
  struct Adopted {
    std::string name;
    std::string as;  ///< empty: the same name
  };
  void adopt(Declarer& from, const std::string& step, std::initializer_list<Adopted> names, const std::string& group = {});

  [[nodiscard]] std::deque<Option>& options() noexcept { return options_; }
  [[nodiscard]] const std::deque<Option>& options() const noexcept { return options_; }
  /// The option named `name` (long name, without dashes); null when undeclared.
  [[nodiscard]] Option* find(std::string_view name);
  [[nodiscard]] const Option* find(std::string_view name) const;
  /// True when the option `name` was given (throws Error(internal) if it is undeclared).
  [[nodiscard]] bool given(std::string_view name) const;
  [[nodiscard]] const std::string& command() const noexcept { return command_; }

  static std::string join_choices(const std::vector<std::string>& names);
  /// A whole number written in full ("12", "-3"), range-checked against the option's limits.
  static long double parse_integer(const Option& option, const std::string& text);

 private:
  Option& add(std::string name, ValueKind kind, std::string help, Option::Assign assign, std::string default_text);

  std::string command_;
  std::string group_ = "Options";
  std::deque<Option> options_;  // a deque: references handed out stay valid as options are added
};

}  // namespace hotspot::step
