#include "cli/settings_file.hpp"

#include <cstdio>

#include "hotspot/io/atomic_file.hpp"

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

bool handled_write_config(CLI::App& command, const std::vector<std::string>& leave_out) {
  const CLI::Option* option = command.get_option("--write-config");
  if (option->count() == 0) return false;
  const std::string path = option->as<std::string>();
  std::string text = "# hotspot " + command.get_name() + " settings. Lines starting with # are comments.\n"
                     "# Use with: hotspot " + command.get_name() + " --config " + path + " ...\n\n"
                     "[" + command.get_name() + "]\n";
  std::string body = command.config_to_str(true, true);
  // Settings that only make sense on the command line are left out of the file.
  // So are hidden settings and old spellings: a file names each setting once, as it is now.
  std::vector<std::string> keys = {"write-config", "config"};
  keys.insert(keys.end(), leave_out.begin(), leave_out.end());
  for (const std::string& name : keys) {
    const std::string key = "\n" + name + "=";
    for (std::size_t at; (at = body.find(key)) != std::string::npos;) {
      // The help comment written above the setting goes with it.
      std::size_t from = at;
      const std::size_t comment = body.rfind("\n#", at == 0 ? 0 : at - 1);
      if (comment != std::string::npos && body.find('\n', comment + 1) == at) from = comment;
      const std::size_t end = body.find('\n', at + 1);
      body.erase(from, end == std::string::npos ? std::string::npos : end - from);
    }
  }
  // Settings without a default (a file to name, an automatic choice) are written commented
  // out: read back as "" they would mean an empty path or number.
  std::string kept;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    const bool unset = line.size() > 3 && line.compare(line.size() - 3, 3, "=\"\"") == 0 && line[0] != '#';
    kept += (unset ? "#" + line : line) + "\n";
    start = end + 1;
  }
  text += kept;
  write_file_atomically(path, text);
  std::fprintf(stderr, "hotspot: wrote %s\n", path.c_str());
  return true;
}

}  // namespace hotspot::cli
