#include "hotspot/tool/registry.hpp"

#include <vector>

#include "hotspot/commands/appraise.hpp"
#include "hotspot/commands/areas.hpp"
#include "hotspot/commands/backtest.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/commands/clusters.hpp"
#include "hotspot/commands/density.hpp"
#include "hotspot/commands/evaluate.hpp"
#include "hotspot/commands/gistar.hpp"
#include "hotspot/commands/next_moves.hpp"
#include "hotspot/commands/patrol.hpp"
#include "hotspot/commands/profile.hpp"
#include "hotspot/commands/trends.hpp"
#include "hotspot/plan/plan.hpp"

namespace hotspot::tool {

using namespace commands;

std::span<const step::CommandSpec> all_commands() {
  static const std::vector<step::CommandSpec> commands = {
      plan::plan_command(),
      profile_command(),
      density_command(),
      clusters_command(),
      gistar_command(),
      trends_command(),
      cctv_command(),
      rotate_command(),
      next_command(),
      appraise_command(),
      patrol_command(),
      backtest_command(),
      areas_command(),
      evaluate_command(),
  };
  return commands;
}

}  // namespace hotspot::tool
