// Settings files (`hotspot <command> --config FILE`, TOML, one [section] per command) read
// exactly as the program reads them: the same command line (cli/app.hpp), CLI11's TOML reader
// and every option's checks. The command is the one the file's first [section] names
// (profile when there is none). Every setting is read, converted and checked, and then the
// command must not run: the harness adds a required option no input can give (not settable
// from a file), and CLI11 checks requirements after converting every option and before it
// runs a command. A CLI::ParseError is the expected outcome, and so is a hotspot::Error: a
// setting's own check (a choice not in its list, a number out of range) throws one, which the
// program prints with its exit code (2 for a usage error). Anything else (a crash, a sanitizer
// report, another exception, a hang) is a bug.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "hotspot/core/error.hpp"
#include "cli/app.hpp"

namespace {

// The first `[name]` at the start of a line, or "".
std::string first_section(const std::string& text) {
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    const std::size_t open = line.find_first_not_of(" \t");
    if (open != std::string::npos && line[open] == '[') {
      const std::size_t close = line.find(']', open);
      if (close != std::string::npos) return line.substr(open + 1, close - open - 1);
    }
    at = end + 1;
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // CLI11 opens the settings file by name: an in-memory file keeps the fuzzer off the disk.
  static const int fd = memfd_create("settings.toml", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0) __builtin_trap();
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) __builtin_trap();
    done += static_cast<std::size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const std::string text(reinterpret_cast<const char*>(data), size);

  // The command line is built once per process: CLI11 builds the 463 options of the nine
  // commands in about 3 ms (150 ms under ASan + UBSan with the glue at -O0), twenty to fifty
  // times a parse, so building it per input held the fuzzer to 92 inputs in 20 s (issue 21).
  // clear() resets every option's results between inputs; the command never runs, so the
  // values bound from an earlier input are never used.
  static CLI::App& app = *[] {
    auto* built = new CLI::App{"hotspot"};
    hotspot::cli::build_app(*built);
    built->add_flag("--never-given")->required()->configurable(false);
    return built;
  }();
  app.clear();
  std::string command = "profile";
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == first_section(text)) command = sub->get_name();
  }
  std::vector<std::string> args = hotspot::cli::parse_order({command, "--config", path});
  try {
    app.parse(args);
  } catch (const CLI::ParseError&) {
    return 0;
  } catch (const hotspot::Error&) {
    return 0;  // a setting refused by its own check, as the program reports it
  }
  __builtin_trap();  // the command would have run
}
