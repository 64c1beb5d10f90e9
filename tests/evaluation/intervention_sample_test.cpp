// The worked example of docs/evaluate.md on the bundled sample (police.uk, Welwyn Hatfield,
// 2018): a camera in the car park police.uk calls "On or near Parking Area" at (−0.224871,
// 51.763317), off Kennelwood Lane in Hatfield town centre, installed in July 2018 (a made-up
// date: nothing is known to have been done there), and a Hatfield town-centre polygon drawn
// from real coordinates round Queensway, the Asda store and Robin Hood Lane, treated from July
// 2018. The test recounts the treated areas' incidents independently and prints the findings
// and numbers quoted in the docs.

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/evaluation/intervention.hpp"
#include "hotspot/evaluation/intervention_report.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace hotspot::evaluation::sample_test {
namespace {

PreparedIncidents welwyn_hatfield() {
  PrepareOptions p;
  p.read.inputs = {std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk"};
  p.filter.within = AreaSource{std::string(HOTSPOT_SAMPLE_DIR) + "/boundaries/herts_districts.geojson", "",
                               "lad17nm = 'Welwyn Hatfield'"};
  return prepare_incidents(p);
}

std::pair<double, double> bng(double lon, double lat) {
  CoordinateTransformer t("EPSG:4326", "EPSG:27700");
  EXPECT_TRUE(t.transform(lon, lat));
  return {lon, lat};
}

// The town-centre polygon, corners in WGS84 (clockwise from the south-west).
std::string town_centre_wkb() {
  const double corners[][2] = {{-0.2312, 51.7608}, {-0.2312, 51.7650}, {-0.2262, 51.7650}, {-0.2262, 51.7608}};
  std::vector<std::vector<std::pair<double, double>>> rings(1);
  for (const auto& c : corners) rings[0].push_back(bng(c[0], c[1]));
  rings[0].push_back(rings[0].front());
  return wkb_polygon(rings);
}

void print(const EvaluationResult& r) {
  for (const auto& s : evaluation_findings(r)) std::printf("  finding: %s\n", s.c_str());
  for (const auto& ev : r.interventions) {
    for (const auto& n : ev.notes) std::printf("  note: %s\n", n.c_str());
    std::printf("  control: %s; treated %.0f m2, %zu snap points; buffer %zu snap points\n", ev.control_description.c_str(),
                ev.treatment_area_m2, ev.treatment_snap_points, ev.buffer_snap_points);
    for (const auto& row : ev.rows) {
      const auto& o = row.odds_ratio;
      std::printf("  | %s | %.0f → %.0f | %.0f → %.0f | %.0f → %.0f | %.2f / %.2f | %.3f | %.2f (%.2f–%.2f) | %+.0f%% | "
                  "%.1f (z %.2f; %.2f with D) | %s | %.0f%% | %s |\n",
                  row.crime_type.c_str(), row.treatment.counts.before, row.treatment.counts.after,
                  row.buffer.counts.before, row.buffer.counts.after, row.control.counts.before,
                  row.control.counts.after, row.treatment_dispersion.value, row.control_dispersion.value,
                  row.local_variance, o.odds_ratio, o.low, o.high, 100 * o.relative_change, row.wdd.total, row.wdd.z,
                  row.wdd_dispersed.z, row.wdq.wdq ? std::to_string(*row.wdq.wdq).substr(0, 5).c_str() : "–",
                  100 * row.smallest_detectable_reduction, verdict_text(row.verdict).c_str());
    }
  }
}

TEST(InterventionSample, CarParkCameraAndTownCentre) {
  const PreparedIncidents p = welwyn_hatfield();
  ASSERT_EQ(p.incidents.crs, "EPSG:27700");
  const auto [cx, cy] = bng(-0.224871, 51.763317);

  Intervention camera;
  camera.name = "the Kennelwood Lane car park";
  camera.kind = "camera";
  camera.wkb = circle_wkb(cx, cy, 50);
  camera.shape = "a 50 m circle round the camera";
  camera.start = {2018, 7, 0};
  EvaluateOptions o;
  o.study_area_name = "Welwyn Hatfield";
  const std::vector<Intervention> cameras{camera};
  const EvaluationResult r = evaluate_interventions(p.incidents, p.area.get(), cameras, o);
  std::printf("Camera, rest of Welwyn Hatfield as control:\n");
  print(r);

  // Independent recount of the treated area: incidents within 50 m of the camera (the 64-gon
  // lies within 0.06 m of the circle), by month window.
  double before = 0, after = 0;
  for (std::size_t i = 0; i < p.incidents.size(); ++i) {
    if (std::hypot(p.incidents.x[i] - cx, p.incidents.y[i] - cy) > 50) continue;
    const MonthIndex m = p.incidents.month[i];
    before += m >= make_month(2018, 1) && m <= make_month(2018, 6);
    after += m >= make_month(2018, 7) && m <= make_month(2018, 12);
  }
  const EvaluationRow& all = r.interventions[0].rows[0];
  EXPECT_EQ(all.treatment.counts.before, before);
  EXPECT_EQ(all.treatment.counts.after, after);
  EXPECT_GT(before + after, 0);
  // The control is the rest of the district: every incident that is neither treated nor in the buffer.
  const double total = static_cast<double>(p.incidents.size());
  EXPECT_EQ(all.treatment.counts.before + all.treatment.counts.after + all.buffer.counts.before +
                all.buffer.counts.after + all.control.counts.before + all.control.counts.after,
            total);

  Intervention centre;
  centre.name = "Hatfield town centre";
  centre.kind = "PSPO";
  centre.wkb = town_centre_wkb();
  centre.shape = "the polygon drawn round the town centre";
  centre.start = {2018, 7, 0};
  const std::vector<Intervention> centres{centre};
  const EvaluationResult t = evaluate_interventions(p.incidents, p.area.get(), centres, o);
  std::printf("Town centre, rest of Welwyn Hatfield as control:\n");
  print(t);
  std::vector<std::string> notes;
  const StudyArea polygon = StudyArea::from_wkb(centre.wkb, "EPSG:27700", notes);
  double inside = 0;
  for (std::size_t i = 0; i < p.incidents.size(); ++i) inside += polygon.contains(p.incidents.x[i], p.incidents.y[i]);
  const EvaluationRow& centre_all = t.interventions[0].rows[0];
  EXPECT_EQ(centre_all.treatment.counts.before + centre_all.treatment.counts.after, inside);

  EvaluateOptions matched = o;
  matched.control = ControlKind::matched;
  const EvaluationResult m = evaluate_interventions(p.incidents, p.area.get(), centres, matched);
  std::printf("Town centre, 5 matched copies as control:\n");
  print(m);
  matched.matched_candidates = AreaSource{std::string(HOTSPOT_SAMPLE_DIR) + "/boundaries/welwyn_hatfield_st_albans_msoa.geojson",
                                          "", "district_name = 'Welwyn Hatfield'"};
  matched.name_field = "MSOA_name";
  matched.matched_units = 3;
  const EvaluationResult msoa = evaluate_interventions(p.incidents, p.area.get(), centres, matched);
  std::printf("Town centre, 3 matched MSOAs as control:\n");
  print(msoa);

  // Both at once (two interventions: pooled rows, the forest plot's data).
  const std::vector<Intervention> both{camera, centre};
  const EvaluationResult b = evaluate_interventions(p.incidents, p.area.get(), both, o);
  ASSERT_EQ(b.interventions.size(), 2u);
  std::printf("Pooled camera + town centre:\n%s", evaluation_pooled_csv(b).c_str());
}

}  // namespace
}  // namespace hotspot::evaluation::sample_test
