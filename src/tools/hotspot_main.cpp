#include <cstdio>
#include <exception>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hotspot: crime and ASB hotspot maps, CCTV siting and patrol plans"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);
  app.fallthrough();
  hotspot::install_interrupt_cleanup();
  hotspot::cli::register_profile_command(app);
  hotspot::cli::register_clusters_command(app);
  hotspot::cli::register_gistar_command(app);
  hotspot::cli::register_trends_command(app);
  try {
    app.parse(argc, argv);
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
  return 0;
}
