#include "hotspot/commands/registry.hpp"

#include <vector>

#include "hotspot/commands/backtest.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/commands/density.hpp"
#include "hotspot/commands/patrol.hpp"

namespace hotspot::commands {

std::span<const step::CommandSpec> all_commands() {
  static const std::vector<step::CommandSpec> commands = {
      density_command(),
      cctv_command(),
      rotate_command(),
      patrol_command(),
      backtest_command(),
  };
  return commands;
}

}  // namespace hotspot::commands
