#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/app.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"

int main(int argc, char** argv) {
  CLI::App app{"hotspot: crime and ASB hotspot maps, CCTV siting and patrol plans"};
  hotspot::install_interrupt_cleanup();
  hotspot::cli::build_app(app);
  try {
    std::vector<std::string> args = hotspot::cli::parse_order(std::vector<std::string>(argv + 1, argv + argc));
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
