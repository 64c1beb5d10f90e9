// FileSink written by several parts at once (plan runs its independent stages side by side):
// what the parts add comes back in their order, not in the order the threads ran.

#include <gtest/gtest.h>

#include <barrier>
#include <memory>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gdal_priv.h>

#include "hotspot/io/vector_writer.hpp"
#include "hotspot/step/output_sink.hpp"
#include "test_support.hpp"

namespace hotspot::step {
namespace {

/// Notes kept in order (status lines dropped).
class NoteList final : public Messages {
 public:
  void note(std::string_view text) override { notes.emplace_back(text); }
  void status(std::string_view) override {}
  void print(std::string_view) override {}
  std::vector<std::string> notes;
};

/// Points with an incidents count: `counts` gives one feature each.
VectorLayer counted_points(const std::string& name, const std::vector<std::int64_t>& counts) {
  VectorLayer layer;
  layer.name = name;
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:27700";
  layer.fields = {{"incidents", FieldType::integer}};
  for (std::size_t i = 0; i < counts.size(); ++i) {
    layer.features.push_back({wkb_point(520000.0 + 100.0 * static_cast<double>(i), 210000.0), {counts[i]}});
  }
  return layer;
}

/// Folder outputs in `folder`, with `layers` in this order in all.gpkg.
SinkLayout folder_with_geopackage(const std::filesystem::path& folder, std::vector<std::string> layers) {
  SinkLayout layout;
  layout.folder = folder;
  layout.geopackage = "all.gpkg";
  layout.geopackage_layers = std::move(layers);
  return layout;
}

TEST(FileSinkParts, WhatPartsAddComesBackInTheirOrderWhicheverThreadRanFirst) {
  const testing::ScratchDir dir("file_sink_parts");
  const SinkLayout layout = folder_with_geopackage(dir.path() / "out", {"early", "late"});
  PublishSettings publish;
  publish.enabled = true;
  publish.min_count = 5;
  NoteList sink_notes;
  FileSink sink("test", layout, publish, true, sink_notes);
  privacy::PublishOptions rules;  // the sink sets k and the grid

  // The part ordered later writes first: it holds the barrier until the early part is done.
  NoteList early_notes, late_notes;
  std::barrier<> late_done(2);
  std::thread late([&] {
    FileSink::Part part = sink.part(2, late_notes);
    part.layer(counted_points("late", {9, 1, 7}), rules);                  // 1 of 3 suppressed
    part.file("late.csv", "a,b\n", "unchecked counts");                    // withheld
    part.layer(counted_points("late_unruled", {9}), std::nullopt, "raw");  // withheld
    part.messages().note("late note");
    late_done.arrive_and_wait();
  });
  late_done.arrive_and_wait();
  {
    FileSink::Part part = sink.part(1, early_notes);
    part.layer(counted_points("early", {2, 8}), rules);          // 1 of 2 suppressed
    part.file("early.csv", "a,b\n", "unchecked counts");         // withheld
    part.file("early_summary.txt", "two places\n");              // written
    part.messages().note("early note");
  }
  late.join();

  const std::vector<privacy::SuppressionReport> reports = sink.suppression();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].layer, "early");
  EXPECT_EQ(reports[0].features_suppressed, 1u);
  EXPECT_EQ(reports[1].layer, "late");
  EXPECT_EQ(reports[1].features_suppressed, 1u);
  EXPECT_EQ(sink.withheld(), (std::vector<std::string>{"early.csv: unchecked counts", "late.csv: unchecked counts",
                                                       "late_unruled: raw"}));
  // Each part's notes are its own; the sink's messages heard nothing.
  EXPECT_EQ(early_notes.notes, std::vector<std::string>{"early note"});
  EXPECT_EQ(late_notes.notes, std::vector<std::string>{"late note"});
  EXPECT_TRUE(sink_notes.notes.empty());
  // Both parts' layers are found, and go into the GeoPackage in the layout's order.
  ASSERT_NE(sink.find_layer("early"), nullptr);
  ASSERT_NE(sink.find_layer("late"), nullptr);
  EXPECT_EQ(sink.find_layer("late")->features.size(), 2u);

  sink.commit();
  EXPECT_EQ(sink.written(), (std::vector<std::string>{"all.gpkg", "early.geojson", "early.qml", "early_summary.txt",
                                                      "late.geojson", "late.qml"}));
  const std::string path = (layout.folder / "all.gpkg").string();
  const std::unique_ptr<GDALDataset> gpkg(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_NE(gpkg, nullptr);
  ASSERT_EQ(gpkg->GetLayerCount(), 3);  // early, late, layer_styles
  EXPECT_STREQ(gpkg->GetLayer(0)->GetName(), "early");
  EXPECT_STREQ(gpkg->GetLayer(1)->GetName(), "late");
  EXPECT_EQ(gpkg->GetLayer(1)->GetFeatureCount(), 2);
}


/// A folder sink of layers "a", "b", "c" (GeoPackage in that order) that writes "c" first,
/// "a" from another thread, and never "b"; streamed or written at commit.
std::string geopackage_bytes(const std::filesystem::path& folder, bool streamed) {
  SilentMessages messages;
  FileSink sink("test", folder_with_geopackage(folder, {"a", "b", "c"}), PublishSettings{}, true, messages);
  if (streamed) sink.stream_geopackage();
  sink.layer(counted_points("c", {3, 4, 5}), std::nullopt);
  std::thread other([&] {
    FileSink::Part part = sink.part(1, messages);
    part.layer(counted_points("a", {1, 2}), std::nullopt);
  });
  other.join();
  if (streamed) sink.settle({"b"});
  sink.commit();
  return testing::read_text((folder / "all.gpkg").string());
}

TEST(FileSinkParts, AStreamedGeoPackageIsTheOneWrittenAtCommit) {
  const testing::ScratchDir dir("file_sink_stream");
  const std::string at_commit = geopackage_bytes(dir.path() / "commit", false);
  const std::string streamed = geopackage_bytes(dir.path() / "streamed", true);
  ASSERT_FALSE(at_commit.empty());
  EXPECT_TRUE(at_commit == streamed) << "the streamed GeoPackage differs from the one written at commit";
  const std::string path = (dir.path() / "streamed" / "all.gpkg").string();
  const std::unique_ptr<GDALDataset> gpkg(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_NE(gpkg, nullptr);
  ASSERT_EQ(gpkg->GetLayerCount(), 3);  // a, c, layer_styles
  EXPECT_STREQ(gpkg->GetLayer(0)->GetName(), "a");
  EXPECT_STREQ(gpkg->GetLayer(1)->GetName(), "c");
}

TEST(FileSinkParts, AStreamedGeoPackageLeavesNothingWhenTheRunFails) {
  const testing::ScratchDir dir("file_sink_stream_fail");
  {
    SilentMessages messages;
    FileSink sink("test", folder_with_geopackage(dir.path() / "out", {"a", "b"}), PublishSettings{}, true, messages);
    sink.stream_geopackage();
    sink.layer(counted_points("a", {1}), std::nullopt);
    // "b" never comes nor is settled: the sink goes without commit, as after an error.
  }
  // No GeoPackage, no staging folder, nothing half-written.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace hotspot::step
