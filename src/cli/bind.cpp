#include "cli/bind.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <sstream>

#include "cli/settings_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/core/threads.hpp"

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

/// A flag's value, as a settings file or `--flag=VALUE` gives it: true or false in one of the
/// spellings CLI11 reads, or a count. CLI11 turns any other word into an exception of its own
/// (std::stoll's), which would surface as an internal error; refused here as a usage error.
std::string flag_value_error(const std::string& value) {
  std::string v;
  for (const char c : value) v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  static const char* const kWords[] = {"true", "false", "on", "off", "yes", "no", "enable", "disable",
                                       "t",    "f",     "y",  "n",   "+",   "-",  "1",      "0"};
  for (const char* w : kWords) {
    if (v == w) return {};
  }
  const std::size_t digits = v.find_first_not_of("0123456789", v[0] == '-' || v[0] == '+' ? 1 : 0);
  if (!v.empty() && digits == std::string::npos && v.size() <= 18 && v.size() > (v[0] == '-' || v[0] == '+' ? 1U : 0U)) {
    return {};
  }
  return "\"" + terminal_safe(value) + "\" is not true or false";
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
    opt->check(CLI::Validator([](std::string& value) { return flag_value_error(value); }, "BOOLEAN", "true or false"));
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

TerminalMessages::TerminalMessages(std::string command)
    : command_(std::move(command)), terminal_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

TerminalMessages::~TerminalMessages() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void TerminalMessages::stage_started(std::size_t index, std::size_t count, std::string_view stage) {
  const std::lock_guard lock(mutex_);
  count_ = count;
  running_.emplace_back(index, stage);
  if (terminal_) {
    if (!ticker_.joinable()) ticker_ = std::thread([this] { tick(); });
    draw();
  } else {
    std::fprintf(stderr, "hotspot: %s [%zu/%zu] %.*s ...\n", command_.c_str(), index + 1, count,
                 static_cast<int>(stage.size()), stage.data());
  }
}

void TerminalMessages::stage_finished(std::size_t index, std::size_t count, std::string_view stage,
                                      std::string_view summary, double seconds) {
  const std::lock_guard lock(mutex_);
  if (terminal_) std::fputs("\r\033[K", stderr);
  const std::string safe = terminal_safe(summary);
  std::fprintf(stderr, "hotspot: %s [%zu/%zu] %.*s (%.1f s): %s\n", command_.c_str(), index + 1, count,
               static_cast<int>(stage.size()), stage.data(), seconds, safe.c_str());
  std::erase_if(running_, [&](const auto& r) { return r.first == index; });
  ++finished_;
  if (terminal_) draw();
}

// Stages may run side by side (plan): the line names every stage running, and the percent is
// the share of stages ended, so it never goes back.
void TerminalMessages::draw() {
  if (running_.empty()) return;
  std::string names;
  for (const auto& [index, name] : running_) names += (names.empty() ? "" : ", ") + name;
  const auto s = static_cast<long>(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  std::fprintf(stderr, "\r\033[K[%zu/%zu] %3.0f%%  %s  %02ld:%02ld", std::min(finished_ + 1, count_), count_,
               100.0 * static_cast<double>(finished_) / static_cast<double>(count_), names.c_str(), s / 60, s % 60);
  std::fflush(stderr);
}

void TerminalMessages::tick() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (!stop_) draw();
  }
}

// Text from the data (police.uk Location, user fields, file names) reaches the terminal here:
// control characters and escape sequences are replaced (terminal_safe), never passed raw.
void TerminalMessages::note(std::string_view text) {
  const std::string safe = terminal_safe(render_option_refs(text));
  std::fprintf(stderr, "hotspot: note: %s\n", safe.c_str());
}

void TerminalMessages::status(std::string_view text) {
  const std::string safe = terminal_safe(render_option_refs(text));
  std::fprintf(stderr, "hotspot: %s\n", safe.c_str());
}

void TerminalMessages::print(std::string_view text) {
  const std::string safe = terminal_safe(render_option_refs(text));
  std::fwrite(safe.data(), 1, safe.size(), stdout);
}

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
    std::vector<std::string> leave_out;
    for (const step::Option& o : run->declarer().options()) {
      if (o.is_hidden()) leave_out.push_back(o.name());
      leave_out.insert(leave_out.end(), o.deprecated_names().begin(), o.deprecated_names().end());
    }
    if (handled_write_config(*sub, leave_out)) return;
    for (const step::Option& o : run->declarer().options()) {
      if (o.is_required() && !o.given()) {
        throw Error(ErrorCode::usage, run->declarer().command(), o.flag() + " is required");
      }
    }
    TerminalMessages messages(run->declarer().command());
    // A thread count is checked before any parallel work: lowered to a sane multiple of the
    // cores with a note (--threads 100000 crashed inside libgomp), never passed on raw.
    if (const step::Option* threads = run->declarer().find("threads"); threads != nullptr && threads->given()) {
      const ThreadChoice choice = choose_threads(std::stoi(threads->values().back()));
      if (!choice.note.empty()) messages.note(choice.note);
    }
    run->run(messages);
  });
}

}  // namespace hotspot::cli
