// Gi* and Moran's I against R spdep, made once by tests/data/significance/make_gistar_reference.R
// (spdep 1.2.7) from 2018 Hertfordshire police.uk counts (make_gistar_counts.py).
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/significance/getis_ord.hpp"
#include "hotspot/significance/spatial_autocorrelation.hpp"

namespace hotspot::significance {
namespace {

std::vector<std::vector<std::string>> read_rows(const std::string& name) {
  std::ifstream in(std::string(HOTSPOT_TEST_DATA) + "/significance/" + name);
  EXPECT_TRUE(in) << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

CellValues load_counts(const std::string& layout, bool masked) {
  CellValues c;
  c.grid.shape = layout == "square" ? CellShape::square : CellShape::hexagon;
  c.grid.origin_x = 512100;
  c.grid.origin_y = 204100;
  c.grid.cell_size = 200;
  c.grid.columns = 30;
  c.grid.rows = 30;
  c.value.assign(900, 0.0);
  if (masked) c.mask.assign(900, 0);
  for (const auto& r : read_rows("gistar_counts.csv")) {
    if (r[0] != layout) continue;
    const std::size_t i = std::stoul(r[2]) * 30 + std::stoul(r[1]);
    c.value[i] = std::stod(r[5]);
    if (masked) c.mask[i] = static_cast<std::uint8_t>(std::stoi(r[6]));
    // The committed centres must be the grid's own.
    const auto [x, y] = c.grid.centre(std::stoi(r[1]), std::stoi(r[2]));
    EXPECT_NEAR(x, std::stod(r[3]), 1e-6);
    EXPECT_NEAR(y, std::stod(r[4]), 1e-6);
  }
  return c;
}

TEST(GetisOrdReference, MatchesSpdepLocalGWithSelfTo1e8) {
  struct Case {
    std::string name, layout;
    double band;
    bool masked;
  };
  const std::vector<Case> cases{{"square_450", "square", 450, false},
                                {"square_700", "square", 700, false},
                                {"square_masked_450", "square", 450, true},
                                {"hexagon_450", "hexagon", 450, false},
                                {"hexagon_650", "hexagon", 650, false}};
  const auto reference = read_rows("gistar_spdep.csv");
  // The path the cost model picks, and each path forced.
  std::vector<std::pair<BandSums, Case>> runs;
  for (const BandSums method : {BandSums::automatic, BandSums::direct, BandSums::fft}) {
    for (const Case& c : cases) runs.emplace_back(method, c);
  }
  for (const auto& [method, c] : runs) {
    SCOPED_TRACE(c.name + " band sums " + std::to_string(static_cast<int>(method)));
    const CellValues cells = load_counts(c.layout, c.masked);
    GiStarOptions o;
    o.band = c.band;
    o.band_sums = method;
    const GiStarResult r = getis_ord_gi_star(cells, o);
    if (method != BandSums::automatic) {
      EXPECT_EQ(r.band_sums, method);
    }
    std::size_t compared = 0;
    double largest = 0;
    for (const auto& row : reference) {
      if (row[0] != c.name) continue;
      const std::size_t i = std::stoul(row[2]) * 30 + std::stoul(row[1]);
      ASSERT_NEAR(r.z[i], std::stod(row[3]), 1e-8) << c.name << " column " << row[1] << " row " << row[2];
      largest = std::max(largest, std::fabs(r.z[i]));
      ++compared;
    }
    EXPECT_EQ(compared, r.cells_in_study_area) << c.name;
    EXPECT_EQ(compared, c.masked ? 0u + compared : 900u);
    EXPECT_GT(largest, 5.0) << c.name;  // real hot spots, not a flat field
  }
}

TEST(GetisOrdReference, MatchesSpdepMoranTest) {
  const CellValues cells = load_counts("square", false);
  for (const auto& row : read_rows("moran_spdep.csv")) {
    const MoransI m = global_morans_i(cells, std::stod(row[0]));
    EXPECT_NEAR(m.i, std::stod(row[1]), 1e-10) << "band " << row[0];
    EXPECT_NEAR(m.expectation, std::stod(row[2]), 1e-12);
    EXPECT_NEAR(m.variance, std::stod(row[3]), 1e-12);
    EXPECT_NEAR(m.z, std::stod(row[4]), 1e-8) << "band " << row[0];
  }
}

}  // namespace
}  // namespace hotspot::significance
