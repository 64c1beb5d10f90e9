#include "cli/app.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include "cli/bind.hpp"
#include "hotspot/tool/registry.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/core/version.hpp"

namespace hotspot::cli {
namespace {

std::string version_text() {
  const PJ_INFO proj = proj_info();
  return std::string("hotspot ") + kVersion + " (GDAL " + GDALVersionInfo("RELEASE_NAME") + ", GEOS " +
         GEOSversion() + ", PROJ " + proj.version + ")";
}

}  // namespace

void build_app(CLI::App& app) {
  app.set_config("--config", "", "Read settings from a TOML file, one [section] per command; flags win");
  app.set_version_flag("--version", version_text());
  // Read before any command runs (see hotspot_main.cpp); declared here so they are accepted
  // and described.
  app.add_flag_function("--allow-network", [](std::int64_t) {}, std::string(
               "Let GDAL read network sources (/vsicurl/, http(s)://, /vsis3/, WFS:); off, so no input or settings "
               "file makes hotspot fetch anything over the network"));
  app.add_option_function<std::string>("--max-memory", [](const std::string&) {},
                 "Refuse work estimated to need more memory than this (6G, 512M, 50%); default: three quarters of RAM");
  app.require_subcommand(1);
  app.fallthrough();
  for (const auto& spec : tool::all_commands()) add_command(app, spec);
  auto* describe = app.add_subcommand("describe",
                                      "Describe every command and option as JSON (for the QGIS provider and other tools)");
  const std::string json_help = "Write the description as JSON (the only format)";
  describe->add_flag("--json", json_help);  // no variable: it is the only format
  describe->callback([] {
    const std::string text = step::describe_json(tool::all_commands(), kVersion);
    std::fwrite(text.data(), 1, text.size(), stdout);
  });
}

std::vector<std::string> parse_order(std::vector<std::string> args) {
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
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
  return args;
}

}  // namespace hotspot::cli
