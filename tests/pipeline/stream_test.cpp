// Streaming (--stream): reading the sample one monthly file at a time gives the same row
// accounting, the same profile and the same weighted locations as reading it all at once,
// while holding one file's incidents; the CLI's streamed Gi* and density are byte-identical.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "../test_support.hpp"
#include "hotspot/analysis/profile.hpp"
#include "hotspot/pipeline/stream.hpp"

namespace hotspot {
namespace {

const std::string kSample = HOTSPOT_SAMPLE_DIR;

PrepareOptions sample_options() {
  PrepareOptions options;
  options.read.inputs = {kSample + "/police_uk"};
  options.working_crs = "EPSG:27700";
  options.weight = WeightMode::harm;
  options.filter.within = AreaSource{kSample + "/boundaries/herts_districts.geojson", "", "lad17nm = 'St Albans'"};
  return options;
}

TEST(Stream, OneFileAtATimeGivesTheSameAccountProfileAndLocations) {
  const PrepareOptions options = sample_options();
  const PreparedIncidents all = prepare_incidents(options);

  ProfileBuilder builder;
  LocationTotals totals;
  std::size_t batches = 0, largest_seen = 0;
  StreamSummary s = stream_incidents(options, 1, [&](const Incidents& batch, const PreparedIncidents& context) {
    ++batches;
    largest_seen = std::max(largest_seen, batch.size());
    EXPECT_EQ(batch.crs, "EPSG:27700");
    builder.add(batch, context.harm);
    totals.add(batch);
  });
  EXPECT_EQ(s.batches, 12U);  // one monthly file each
  EXPECT_EQ(batches, 12U);
  EXPECT_EQ(s.largest_batch_rows, largest_seen);
  EXPECT_LT(s.largest_batch_rows, all.incidents.size() / 6);  // one month, not the year

  // Row accounting: the same rows read, used and rejected for each reason.
  EXPECT_EQ(s.context.account.read, all.account.read);
  EXPECT_EQ(s.context.account.used(), all.account.used());
  EXPECT_EQ(s.context.account.read, s.context.account.used() + s.context.account.rejected());
  for (std::size_t r = 0; r < kRejectReasonCount; ++r) {
    EXPECT_EQ(s.context.account.rejected_by_reason[r], all.account.rejected_by_reason[r]) << r;
  }
  // The profile: every count, harm, location and concentration figure the same, to the byte.
  EXPECT_EQ(profile_to_json(builder.finish(s.context)), profile_to_json(profile_incidents(all)));

  // Locations: the same points in the same order with the same summed weights.
  const WeightedPoints expected = collapse_locations(all.incidents);
  const Incidents collapsed = totals.collapsed("EPSG:27700");
  EXPECT_EQ(totals.incidents(), all.incidents.size());
  ASSERT_EQ(collapsed.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    ASSERT_EQ(collapsed.x[k], expected.x[k]) << k;
    ASSERT_EQ(collapsed.y[k], expected.y[k]) << k;
    ASSERT_EQ(collapsed.weight[k], expected.weight[k]) << k;
  }
}

TEST(Stream, AutomaticCrsComesFromTheFirstBatchWithANote) {
  PrepareOptions options = sample_options();
  options.working_crs.clear();
  const StreamSummary s = stream_incidents(options, 4, [](const Incidents&, const PreparedIncidents&) {});
  EXPECT_EQ(s.batches, 3U);
  EXPECT_EQ(s.context.crs.definition, "EPSG:27700");
  EXPECT_NE(std::find(s.context.notes.begin(), s.context.notes.end(),
                      "streaming: the working CRS was chosen from the first batch of sources"),
            s.context.notes.end());
}

TEST(Stream, TypesWithoutAHarmWeightGetOneNoteWithTheCountsOfAllBatches) {
  testing::ScratchDir dir("stream_harm");
  testing::write_text(dir.file("a.csv"), "lon,lat,type\n-0.2,51.7,Fly-tipping\n-0.2,51.7,Burglary\n-0.2,51.7,Noise\n");
  testing::write_text(dir.file("b.csv"), "lon,lat,type\n-0.2,51.7,Fly-tipping\n-0.21,51.7,Fly-tipping\n");
  PrepareOptions options;
  options.read.inputs = {dir.file("a.csv"), dir.file("b.csv")};
  options.read.x_field = "lon";
  options.read.y_field = "lat";
  options.read.category_field = "type";
  options.working_crs = "EPSG:27700";
  options.weight = WeightMode::harm;
  double total = 0;
  const StreamSummary s = stream_incidents(options, 1, [&](const Incidents& batch, const PreparedIncidents&) {
    for (const double w : batch.weight) total += w;
  });
  EXPECT_EQ(s.batches, 2U);
  EXPECT_DOUBLE_EQ(total, 250 + 1 + 1 + 1 + 1);  // burglary, then four unweighted rows at 1
  std::vector<std::string> harm_notes;
  for (const std::string& note : s.context.notes) {
    if (note.find("harm table") != std::string::npos) harm_notes.push_back(note);
  }
  ASSERT_EQ(harm_notes.size(), 1U);
  EXPECT_EQ(harm_notes[0],
            "2 crime types have no weight in the harm table (bundled crime-harm-weights.csv) and weigh 1 each: "
            "\"Fly-tipping\" (3 incidents), \"Noise\" (1 incident)");
}

TEST(StreamCli, StreamedGiStarAndDensityAreByteIdentical) {
  using testing::cli;
  using testing::run;
  testing::ScratchDir dir("stream");
  const std::string in = " '" + kSample + "/police_uk' --working-crs EPSG:27700 --weight harm ";
  for (const char* stream : {"", "--stream --stream-batch 5 "}) {
    const std::string tag = *stream ? "b" : "a";
    ASSERT_EQ(run(cli() + " gistar" + in + stream + "-o '" + dir.file("g" + tag + ".geojson") + "'").exit_code, 0);
    ASSERT_EQ(run(cli() + " density" + in + stream + "--cell 50 -o '" + dir.file("d" + tag + ".tif") + "'").exit_code, 0);
  }
  EXPECT_TRUE(testing::read_text(dir.file("ga.geojson")) == testing::read_text(dir.file("gb.geojson")));
  EXPECT_TRUE(testing::read_text(dir.file("da.tif")) == testing::read_text(dir.file("db.tif")));
  const auto profile = run(cli() + " profile" + in + "--stream --stream-batch 5 --quiet");
  EXPECT_EQ(profile.exit_code, 0) << profile.out;
  EXPECT_NE(profile.out.find("streamed 3 batches"), std::string::npos) << profile.out;  // 12 files, 5 a batch
  // What needs the rows themselves is refused, not silently wrong.
  const auto cv = run(cli() + " density" + in + "--stream --bandwidth cv -o '" + dir.file("x.tif") + "'");
  EXPECT_EQ(cv.exit_code, 2) << cv.out;
  EXPECT_NE(cv.out.find("not with --stream"), std::string::npos) << cv.out;
}

}  // namespace
}  // namespace hotspot
