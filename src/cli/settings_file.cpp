#include "cli/settings_file.hpp"

#include <cstdio>

#include <algorithm>
#include <fstream>
#include <map>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/config_file.hpp"

namespace hotspot::cli {

void add_config_options(CLI::App& command) {
  // The file itself is read by the top-level app (see hotspot_main.cpp): CLI11 2.1 reads
  // config files only there, with one [section] per subcommand. This option documents it
  // in the command's help and lets `--config` be written after the subcommand name.
  command.add_option("--config")
      ->description("Read settings from this TOML file (a [" + command.get_name() +
                    "] section); flags given on the command line win")
      ->group("Settings")
      ->configurable(false);
  command.add_option("--write-config", "Write all settings with their defaults as a commented TOML file, then stop")
      ->group("Settings");
}

namespace {

/// "cctv.rotate" for `hotspot cctv rotate`: CLI11's section of a nested command.
std::string section_of(const CLI::App& command) {
  std::string name = command.get_name();
  for (const CLI::App* parent = command.get_parent(); parent != nullptr && parent->get_parent() != nullptr;
       parent = parent->get_parent()) {
    name = parent->get_name() + "." + name;
  }
  return name;
}

/// The option a settings-file key names (a long name, or a positional's name).
const CLI::Option* option_of(const CLI::App& command, const std::string& key) {
  if (const CLI::Option* o = command.get_option_no_throw("--" + key)) return o;
  for (const CLI::Option* o : command.get_options()) {
    if (o->get_name() == key) return o;
  }
  return nullptr;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

/// Levenshtein distance, for "did you mean" on a misspelt key (publsh -> publish).
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t previous = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t current = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1)});
      previous = current;
    }
  }
  return row[b.size()];
}

void collect_sections(const CLI::App& app, std::map<std::string, const CLI::App*>& out) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    out[section_of(*sub)] = sub;
    collect_sections(*sub, out);
  }
}

}  // namespace

bool handled_write_config(CLI::App& command, const std::vector<std::string>& leave_out) {
  const CLI::Option* option = command.get_option("--write-config");
  if (option->count() == 0) return false;
  const std::string path = option->as<std::string>();
  std::string name = command.get_name();
  for (const CLI::App* parent = command.get_parent(); parent != nullptr && parent->get_parent() != nullptr;
       parent = parent->get_parent()) {
    name = parent->get_name() + " " + name;
  }
  std::string text = "# hotspot " + name + " settings. Lines starting with # are comments: a setting written\n"
                     "# commented out is at its default; remove the # to change it.\n"
                     "# Use with: hotspot " + name + " --config " + path + " ...\n\n"
                     "[" + section_of(command) + "]\n";
  std::string body = command.config_to_str(true, true);
  // Settings that only make sense on the command line are left out of the file.
  // So are hidden settings and old spellings: a file names each setting once, as it is now.
  std::vector<std::string> keys = {"write-config", "config"};
  keys.insert(keys.end(), leave_out.begin(), leave_out.end());
  for (const std::string& key_name : keys) {
    const std::string key = "\n" + key_name + "=";
    for (std::size_t at; (at = body.find(key)) != std::string::npos;) {
      // The help comment written above the setting goes with it.
      std::size_t from = at;
      const std::size_t comment = body.rfind("\n#", at == 0 ? 0 : at - 1);
      if (comment != std::string::npos && body.find('\n', comment + 1) == at) from = comment;
      const std::size_t end = body.find('\n', at + 1);
      body.erase(from, end == std::string::npos ? std::string::npos : end - from);
    }
  }
  // A setting the command line did not give is written commented out at its default: read
  // back it then changes nothing (a flag written as `decay=false` would count as given and
  // trip the options it needs), and a setting without a default is not read as "".
  std::string kept;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    const auto equals = line.find('=');
    bool given = true;
    if (!line.empty() && line[0] != '#' && line[0] != '[' && equals != std::string::npos) {
      const CLI::Option* o = option_of(command, trim(line.substr(0, equals)));
      given = o != nullptr && o->count() > 0;
    }
    kept += (given ? line : "#" + line) + "\n";
    start = end + 1;
  }
  text += kept;
  write_file_atomically(path, text);
  std::fprintf(stderr, "hotspot: wrote %s\n", path.c_str());
  return true;
}

void check_settings_file(const CLI::App& app, const std::string& path) {
  check_config_file(path);
  std::map<std::string, const CLI::App*> sections;
  collect_sections(app, sections);
  std::ifstream in(path);
  std::string line;
  std::size_t number = 0;
  const CLI::App* section = nullptr;
  std::string section_name;
  std::map<std::string, std::size_t> seen;
  const auto fail = [&](const std::string& detail) {
    throw Error(ErrorCode::usage, ErrorContext{"settings", path, std::nullopt, {}}, "line " + std::to_string(number) + ": " + detail);
  };
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t[0] == '[') {
      const auto close = t.find(']');
      if (close == std::string::npos) fail("\"" + t + "\" is not a [section] line");
      section_name = trim(t.substr(1, close - 1));
      const auto it = sections.find(section_name);
      if (it == sections.end()) {
        std::string names;
        for (const auto& [n, _] : sections) names += (names.empty() ? "" : ", ") + ("[" + n + "]");
        fail("unknown section [" + section_name + "]; the sections are the commands: " + names);
      }
      section = it->second;
      seen.clear();
      continue;
    }
    const auto equals = t.find('=');
    if (equals == std::string::npos) fail("\"" + t + "\" is not a setting (name=value)");
    const std::string key = trim(t.substr(0, equals));
    if (section == nullptr) fail("setting " + key + " comes before any [section] (name the command first, e.g. [plan])");
    const CLI::Option* o = option_of(*section, key);
    if (o == nullptr || key == "config" || key == "write-config") {
      // A misspelt key must not silently drop a setting (publsh=true would publish nothing).
      std::string best;
      std::size_t best_distance = 3;
      for (const CLI::Option* candidate : section->get_options()) {
        for (const std::string& n : candidate->get_lnames()) {
          const std::size_t dist = distance(key, n);
          if (dist < best_distance) {
            best_distance = dist;
            best = n;
          }
        }
      }
      fail("[" + section_name + "] has no setting \"" + key + "\"" + (best.empty() ? "" : " (did you mean " + best + "?)"));
    }
    if (const auto [it, inserted] = seen.emplace(key, number); !inserted) {
      fail(key + " is set twice in [" + section_name + "] (first on line " + std::to_string(it->second) + ")");
    }
  }
}

}  // namespace hotspot::cli
