// DBSCAN against labels made once with scikit-learn (tests/data/clusters/make_dbscan_reference.py).
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/clusters/dbscan.hpp"

namespace hotspot::clusters {
namespace {

std::vector<std::vector<double>> read_csv(const std::string& path, std::vector<std::string>& header) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::vector<double> values;
    for (const auto& c : cells) values.push_back(std::stod(c));
    rows.push_back(values);
  }
  return rows;
}

struct Case {
  std::string name;
  double eps;
  double min_points;
  bool weighted;
};

TEST(DbscanReference, MatchesScikitLearnOnPoliceUkPoints) {
  std::vector<std::string> input_header, label_header;
  const auto input = read_csv(std::string(HOTSPOT_TEST_DATA) + "/clusters/dbscan_input.csv", input_header);
  const auto labels =
      read_csv(std::string(HOTSPOT_TEST_DATA) + "/clusters/dbscan_sklearn_labels.csv", label_header);
  ASSERT_EQ(input.size(), 2000u);
  ASSERT_EQ(labels.size(), input.size());
  std::vector<double> x, y, w;
  for (const auto& r : input) {
    x.push_back(r[0]);
    y.push_back(r[1]);
    w.push_back(r[2]);
  }
  const std::vector<Case> cases{{"eps100_min10_weighted", 100, 10, true},
                                {"eps250_min40_weighted", 250, 40, true},
                                {"eps150_min8_unweighted", 150, 8, false},
                                {"eps50_min4_weighted", 50, 4, true}};
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    ASSERT_EQ(label_header[2 * k], c.name + "_label");
    DbscanOptions options;
    options.eps = c.eps;
    options.min_points = c.min_points;
    const DbscanResult got = dbscan(x, y, c.weighted ? std::span<const double>(w) : std::span<const double>(), options);
    std::map<std::int32_t, std::int32_t> ours_to_theirs, theirs_to_ours;
    std::size_t border_differences = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto want_label = static_cast<std::int32_t>(labels[i][2 * k]);
      const auto want_core = static_cast<std::uint8_t>(labels[i][2 * k + 1]);
      ASSERT_EQ(got.core[i], want_core) << c.name << " point " << i;
      if (want_core) {
        // Core points: the same partition (a bijection between label sets).
        auto [a, fresh_a] = ours_to_theirs.emplace(got.label[i], want_label);
        auto [b, fresh_b] = theirs_to_ours.emplace(want_label, got.label[i]);
        ASSERT_EQ(a->second, want_label) << c.name << " point " << i;
        ASSERT_EQ(b->second, got.label[i]) << c.name << " point " << i;
      } else if (got.label[i] != want_label) {
        // Allowed only for a border point reachable from both clusters.
        ASSERT_NE(got.label[i], -1);
        ASSERT_NE(want_label, -1);
        ++border_differences;
      }
    }
    // Our numbering and border rule reproduce scikit-learn's order of discovery exactly.
    EXPECT_EQ(border_differences, 0u) << c.name;
    EXPECT_EQ(got.cluster_count, static_cast<std::int32_t>(ours_to_theirs.size())) << c.name;
    for (const auto& [ours, theirs] : ours_to_theirs) EXPECT_EQ(ours, theirs) << c.name;
  }
}

}  // namespace
}  // namespace hotspot::clusters
