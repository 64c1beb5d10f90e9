#include "cli/bind.hpp"

#include <cstdio>
#include <memory>
#include <sstream>

#include "cli/input_options.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::cli {
namespace {

std::string type_label(const step::Option& o) {
  switch (o.kind()) {
    case step::ValueKind::flag: return "";
    case step::ValueKind::integer: return "INT";
    case step::ValueKind::number: return "NUMBER";
    case step::ValueKind::choice: {
      std::string out = "{";
      for (std::size_t i = 0; i < o.choices().size(); ++i) out += (i ? "," : "") + o.choices()[i];
      return out + "}";
    }
    case step::ValueKind::integers: return "INT,...";
    case step::ValueKind::numbers: return "NUMBER,...";
    case step::ValueKind::texts: return o.role() == step::Role::incidents ? "PATH ..." : "TEXT,...";
    case step::ValueKind::text: break;
  }
  switch (o.role()) {
    case step::Role::output_folder: return "FOLDER";
    case step::Role::layer:
    case step::Role::raster:
    case step::Role::file:
    case step::Role::output_file:
    case step::Role::output_raster:
    case step::Role::output_vector: return "PATH";
    default: return "TEXT";
  }
}

/// The help text with the limits and unit a reader needs ("(m, above 0)").
std::string help_text(const step::Option& o) {
  std::string help = o.help();
  std::string limits;
  if (o.min() && o.max()) {
    limits = step::number_text(*o.min()) + (o.min_exclusive() ? " (excluded)" : "") + " to " + step::number_text(*o.max());
  } else if (o.min()) {
    limits = (o.min_exclusive() ? "above " : "at least ") + step::number_text(*o.min());
  } else if (o.max()) {
    limits = "at most " + step::number_text(*o.max());
  }
  if (!o.unit_text().empty() && !limits.empty()) {
    help += " [" + limits + ", " + o.unit_text() + "]";
  } else if (!limits.empty()) {
    help += " [" + limits + "]";
  }
  if (!o.override_reason().empty()) help += " (this command's default: " + o.override_reason() + ")";
  return help;
}

CLI::Option* add_one(CLI::App& sub, step::Option& o, const std::string& names, bool deprecated_name) {
  const std::string current = o.flag();
  const auto note = [deprecated_name, current, names] {
    if (deprecated_name) {
      std::fprintf(stderr, "hotspot: note: %s is an old spelling; use %s\n", names.c_str(), current.c_str());
    }
  };
  CLI::Option* opt = nullptr;
  if (o.kind() == step::ValueKind::flag) {
    opt = sub.add_flag_function(
        names, [&o, note](std::int64_t count) {
          note();
          o.assign({count > 0 ? "true" : "false"});
        },
        help_text(o));
  } else {
    opt = sub.add_option(
        names,
        [&o, note](const CLI::results_t& results) {
          note();
          o.assign(results);
          return true;
        },
        help_text(o));
    const bool list = o.kind() == step::ValueKind::numbers || o.kind() == step::ValueKind::integers ||
                      o.kind() == step::ValueKind::texts;
    if (list) {
      opt->expected(1, CLI::detail::expected_max_vector_size);
      opt->allow_extra_args(true);
      if (o.splits()) opt->delimiter(',');
    } else {
      opt->expected(1);
      opt->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    }
    opt->type_name(type_label(o));
    opt->default_str(o.default_value());
    // --write-config writes an option without a default as `name=""` (commented out), as
    // CLI11 does for options bound to a variable, so the file names every setting; an old
    // spelling is not written a second time.
    if (!deprecated_name) opt->run_callback_for_default();
  }
  if (o.kind() == step::ValueKind::flag && o.default_value() == "true") opt->default_str("true");
  opt->group(o.is_hidden() || deprecated_name ? std::string() : o.group());
  return opt;
}

CLI::App* command_app(CLI::App& app, const std::string& name) {
  std::istringstream words(name);
  std::string word;
  CLI::App* at = &app;
  std::vector<std::string> path;
  while (words >> word) path.push_back(word);
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    at = at->get_subcommand(path[i]);  // the parent command is registered first
  }
  return at->add_subcommand(path.back());
}

}  // namespace

void TerminalMessages::note(std::string_view text) {
  std::fprintf(stderr, "hotspot: note: %.*s\n", static_cast<int>(text.size()), text.data());
}

void TerminalMessages::status(std::string_view text) {
  std::fprintf(stderr, "hotspot: %.*s\n", static_cast<int>(text.size()), text.data());
}

void TerminalMessages::print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void add_command(CLI::App& app, const step::CommandSpec& spec) {
  std::shared_ptr<step::CommandRun> run = spec.make();
  CLI::App* sub = command_app(app, spec.name);
  sub->description(spec.summary);
  step::Declarer& declarer = run->declarer();
  std::map<std::string, CLI::Option*> by_name;
  for (step::Option& o : declarer.options()) {
    std::string names = o.is_positional() ? o.name() : o.flag();
    if (o.short_char() != 0) names += std::string(",-") + o.short_char();
    by_name[o.name()] = add_one(*sub, o, names, false);
    for (const auto& old : o.deprecated_names()) add_one(*sub, o, "--" + old, true);
  }
  for (step::Option& o : declarer.options()) {
    for (const auto& other : o.needed()) {
      if (by_name.count(other)) by_name[o.name()]->needs(by_name[other]);
    }
    for (const auto& other : o.excluded()) {
      if (by_name.count(other)) by_name[o.name()]->excludes(by_name[other]);
    }
  }
  add_config_options(*sub);
  sub->callback([run, sub] {
    for (const CLI::App* child : sub->get_subcommands()) {
      if (child->parsed()) return;  // `cctv rotate` ran instead of `cctv`
    }
    if (handled_write_config(*sub)) return;
    for (const step::Option& o : run->declarer().options()) {
      if (o.is_required() && !o.given()) {
        throw Error(ErrorCode::usage, run->declarer().command(), o.flag() + " is required");
      }
    }
    TerminalMessages messages;
    run->run(messages);
  });
}

}  // namespace hotspot::cli
