#include "hotspot/commands/cells.hpp"

#include "hotspot/commands/choices.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot::commands {

void declare_cells(step::Declarer& d, significance::CellShape& shape, double& cell_size, double& band,
                   const std::string& cell_help, const std::string& band_help, const char* stage) {
  d.choice<significance::CellShape>("shape", shape, kCellShapes, "Cell shape");
  d.number("cell", cell_size, cell_help)
      .above(0)
      .unit("m")
      .deprecated("cell-size")
      .default_text("")
      .override_of_default("automatic: the incidents' mean nearest-neighbour distance");
  d.custom(
      "band", step::ValueKind::text, band > 0 ? step::number_text(band) : std::string("auto"),
      [&band, stage](const std::string& v) {
        if (v == "auto") {
          band = 0.0;
          return;
        }
        const auto metres = parse_number(v);
        if (!metres || !(*metres > 0)) {
          throw Error(ErrorCode::usage, stage, option_ref("band") + " \"" + v + "\" is neither a distance in metres (above 0) nor auto");
        }
        band = *metres;
      },
      band_help);
}

}  // namespace hotspot::commands
