#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/app.hpp"
#include "cli/settings_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/memory_limit.hpp"
#include "hotspot/io/network_sources.hpp"
#include "hotspot/io/atomic_file.hpp"

int main(int argc, char** argv) {
  CLI::App app{"hotspot: crime and ASB hotspot maps, CCTV siting and patrol plans"};
  hotspot::install_interrupt_cleanup();
  // A closed pipe on stdout (`hotspot profile ... | head`) is an output error, exit 6 as
  // documented, found by the flush check at the end; not a silent death by SIGPIPE (141).
  std::signal(SIGPIPE, SIG_IGN);
  hotspot::cli::build_app(app);
  try {
    const std::vector<std::string> given(argv + 1, argv + argc);
    // Process-wide limits, set before any command runs.
    for (std::size_t i = 0; i < given.size(); ++i) {
      if (given[i] == "--allow-network") hotspot::set_network_sources_allowed(true);
      if (given[i] == "--max-memory" && i + 1 < given.size()) {
        hotspot::set_max_memory(hotspot::parse_memory_size(given[i + 1]));
      }
      if (given[i].rfind("--max-memory=", 0) == 0) hotspot::set_max_memory(hotspot::parse_memory_size(given[i].substr(13)));
    }
    // A settings file is checked before CLI11 reads it (unknown or repeated keys, devices).
    for (std::size_t i = 0; i < given.size(); ++i) {
      if (given[i] == "--config" && i + 1 < given.size()) hotspot::cli::check_settings_file(app, given[i + 1]);
      if (given[i].rfind("--config=", 0) == 0) hotspot::cli::check_settings_file(app, given[i].substr(9));
    }
    std::vector<std::string> args = hotspot::cli::parse_order(given);
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(hotspot::ErrorCode::usage);
  } catch (const hotspot::Error& e) {
    std::fprintf(stderr, "hotspot: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hotspot: internal error: %s\n", e.what());
    return static_cast<int>(hotspot::ErrorCode::internal);
  }
  // Printed results are output too: a full disk or a closed pipe must not pass for success.
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    std::fprintf(stderr, "hotspot: error: writers: standard output: write failed: %s\n", std::strerror(errno));
    return static_cast<int>(hotspot::ErrorCode::output);
  }
  return 0;
}
