#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <algorithm>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include "cli/commands.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/version.hpp"
#include "hotspot/io/atomic_file.hpp"

namespace {

std::string version_text() {
  const PJ_INFO proj = proj_info();
  return std::string("hotspot ") + hotspot::kVersion + " (GDAL " + GDALVersionInfo("RELEASE_NAME") +
         ", GEOS " + GEOSversion() + ", PROJ " + proj.version + ")";
}

// CLI11 2.1 reads a config file only at the top level. Users write
// `hotspot plan --config plan.toml`, so a --config given after the subcommand is moved in
// front of it; everything else keeps its order.
std::vector<std::string> hoist_config_option(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> hoisted;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      hoisted = {args[i], args[i + 1]};
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
      break;
    }
    if (args[i].rfind("--config=", 0) == 0) {
      hoisted = {args[i]};
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  args.insert(args.begin(), hoisted.begin(), hoisted.end());
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hotspot: crime and ASB hotspot maps, CCTV siting and patrol plans"};
  app.set_config("--config", "", "Read settings from a TOML file, one [section] per command; flags win");
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.fallthrough();
  hotspot::install_interrupt_cleanup();
  hotspot::cli::register_plan_command(app);
  hotspot::cli::register_profile_command(app);
  hotspot::cli::register_density_command(app);
  hotspot::cli::register_cctv_command(app);
  hotspot::cli::register_patrol_command(app);
  hotspot::cli::register_clusters_command(app);
  hotspot::cli::register_gistar_command(app);
  hotspot::cli::register_trends_command(app);
  hotspot::cli::register_backtest_command(app);
  try {
    std::vector<std::string> args = hoist_config_option(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
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
