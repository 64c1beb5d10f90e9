#pragma once

#include <string>

#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::commands {

/// The cells of a Gi*-style grid, as gistar and trends declare them: --shape, --cell (metres;
/// automatic: the incidents' mean nearest-neighbour distance; old spelling --cell-size) and
/// --band (metres between cell centres, or auto: 0 in `band`, chosen by the step). `stage`
/// names the command in errors; the helps say what auto means there.
void declare_cells(step::Declarer& d, significance::CellShape& shape, double& cell_size, double& band,
                   const std::string& cell_help, const std::string& band_help, const char* stage);

}  // namespace hotspot::commands
