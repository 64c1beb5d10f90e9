// Tables and charts built from records: one declaration per column or series.
#include "hotspot/report/record_table.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot::report {
namespace {

struct Place {
  std::string name;
  int incidents;
};

TEST(RecordTable, OneRowPerRecordOneCellPerColumn) {
  const std::vector<Place> places{{"High Street", 12}, {"Station", 3}};
  const Table t = record_table<Place>("Places", places,
                                      {{"Place", [](const Place& p) { return p.name; }},
                                       {"Incidents", [](const Place& p) { return std::to_string(p.incidents); }}});
  EXPECT_EQ(t.title, "Places");
  EXPECT_EQ(t.header, (std::vector<std::string>{"Place", "Incidents"}));
  ASSERT_EQ(t.rows.size(), 2U);
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"Station", "3"}));
  EXPECT_FALSE(t.sortable);  // no column has a sort key
  EXPECT_TRUE(t.sort_keys.empty());
}

TEST(RecordTable, SortKeysMakeItSortable) {
  const std::vector<Place> places{{"High Street", 1200}, {"Station", 3}};
  const Table t = record_table<Place>(
      "", places,
      {{"Place", [](const Place& p) { return p.name; }},
       {"Incidents", [](const Place& p) { return std::to_string(p.incidents); },
        [](const Place& p) { return static_cast<double>(p.incidents); }}});
  EXPECT_TRUE(t.sortable);
  ASSERT_EQ(t.sort_keys.size(), 2U);
  EXPECT_TRUE(std::isnan(t.sort_keys[0][0]));  // text columns sort by their text
  EXPECT_EQ(t.sort_keys[0][1], 1200.0);
  EXPECT_EQ(t.sort_keys[1][1], 3.0);
}

TEST(RecordChart, OneLabelPerRecordOneSeriesPerMeasure) {
  const std::vector<Place> places{{"A", 1}, {"B", 5}};
  const Chart c = record_chart<Place>({.id = "c", .title = "T", .kind = ChartKind::bar}, places,
                                      [](const Place& p) { return p.name; },
                                      {{"Incidents", "#123456", [](const Place& p) { return double(p.incidents); }},
                                       {"Double", "#654321", [](const Place& p) { return 2.0 * p.incidents; }}});
  EXPECT_EQ(c.id, "c");
  EXPECT_EQ(c.kind, ChartKind::bar);
  EXPECT_EQ(c.labels, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(c.series.size(), 2U);
  EXPECT_EQ(c.series[1].name, "Double");
  EXPECT_EQ(c.series[1].colour, "#654321");
  EXPECT_EQ(c.series[1].values, (std::vector<double>{2, 10}));
}

TEST(FieldReader, ReadsNumbersAndTextByName) {
  VectorLayer layer;
  layer.name = "cameras";
  layer.fields = {{"rank", FieldType::integer}, {"share", FieldType::real}, {"place", FieldType::string}};
  layer.features.push_back({"", {std::int64_t{2}, 0.1, std::string("Goldsmith Way")}});
  layer.features.push_back({"", {std::monostate{}, std::monostate{}, std::monostate{}}});
  const FieldReader rank(layer, "rank"), share(layer, "share"), place(layer, "place");
  EXPECT_EQ(rank.number(layer.features[0]), 2.0);
  EXPECT_EQ(share.text(layer.features[0]), "0.1");  // the shortest text, not 0.10000000000000001
  EXPECT_EQ(place.text(layer.features[0]), "Goldsmith Way");
  EXPECT_TRUE(std::isnan(place.number(layer.features[0])));
  EXPECT_TRUE(std::isnan(rank.number(layer.features[1])));
  EXPECT_EQ(place.text(layer.features[1]), "");
  EXPECT_TRUE(FieldReader::exists(layer, "share"));
  EXPECT_FALSE(FieldReader::exists(layer, "reason"));
  EXPECT_THROW(FieldReader(layer, "reason"), Error);
}

}  // namespace
}  // namespace hotspot::report
