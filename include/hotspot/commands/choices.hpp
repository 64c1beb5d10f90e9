#pragma once

#include <array>

#include "hotspot/density/kernel.hpp"
#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/significance/multiple_testing.hpp"
#include "hotspot/step/options.hpp"

/// The words of the enums that more than one step accepts, one table per enum, so `gistar`,
/// `trends` and `plan` spell a choice the same way.
namespace hotspot::commands {

/// --shape: the cells of the Gi* and emerging-hot-spot grids.
inline constexpr std::array<step::Choice<significance::CellShape>, 2> kCellShapes{
    {{"square", significance::CellShape::square}, {"hexagon", significance::CellShape::hexagon}}};

/// --correction: the multiple-testing correction over cells (and time steps).
inline constexpr std::array<step::Choice<significance::Correction>, 3> kCorrections{
    {{"fdr", significance::Correction::false_discovery_rate},
     {"bonferroni", significance::Correction::bonferroni},
     {"none", significance::Correction::none}}};

/// --kernel: the density kernels (biweight is another name of the quartic).
inline constexpr std::array<step::Choice<density::Kernel>, 7> kKernels{{{"quartic", density::Kernel::quartic},
                                                                        {"biweight", density::Kernel::quartic},
                                                                        {"epanechnikov", density::Kernel::epanechnikov},
                                                                        {"triweight", density::Kernel::triweight},
                                                                        {"triangular", density::Kernel::triangular},
                                                                        {"uniform", density::Kernel::uniform},
                                                                        {"gaussian", density::Kernel::gaussian}}};

}  // namespace hotspot::commands
