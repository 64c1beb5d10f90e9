#include "cli/commands.hpp"

namespace hotspot::cli {

void register_profile_command(CLI::App& app) {
  auto* sub = app.add_subcommand("profile", "Summarise incidents after filtering");
  sub->callback([] {});
}

}  // namespace hotspot::cli
