#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/evaluation/intervention.hpp"
#include "hotspot/evaluation/intervention_report.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "hotspot/qgis/style.hpp"
#include "hotspot/report/html_report.hpp"
#include "test_support.hpp"

namespace hotspot::evaluation::intervention_test {
namespace {

using hotspot::testing::ScratchDir;
using hotspot::testing::write_text;

// A synthetic town in British National Grid metres: the treated area is the square
// [0, 100] × [0, 100]; the buffer (100 m) reaches out to 100 m beyond it; the study area is
// [−1000, 1100]². Locations: T (50, 50) inside, edge (100, 50) on the treated boundary
// (inside), B (150, 50) in the buffer, C (800, 800) in the control, far (−900, −900) too.
constexpr double kTx = 50, kTy = 50, kBx = 150, kBy = 50, kCx = 800, kCy = 800;

std::string square_wkb(double x0, double y0, double x1, double y1) {
  const std::vector<std::vector<std::pair<double, double>>> rings{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}};
  return wkb_polygon(rings);
}

void add(Incidents& in, double x, double y, MonthIndex month, const std::string& type, int n) {
  const std::uint32_t code = in.categories.intern(type);
  for (int i = 0; i < n; ++i) in.push_back(IncidentRecord{.x = x, .y = y, .month = month, .category = code});
}

// 2020-01..2020-12. Treated: ASB 20 a month before July, 10 after; burglary 5 a month
// throughout; one ASB on the boundary in 2020-03. Buffer: ASB 8 a month before, 10 after.
// Control: ASB 100 a month, burglary 50 a month, throughout (and 1 ASB far away in 2020-05).
Incidents town() {
  Incidents in;
  in.crs = "EPSG:27700";
  for (int m = 1; m <= 12; ++m) {
    const MonthIndex month = make_month(2020, m);
    add(in, kTx, kTy, month, "Anti-social behaviour", m < 7 ? 20 : 10);
    add(in, kTx, kTy, month, "Burglary", 5);
    add(in, kBx, kBy, month, "Anti-social behaviour", m < 7 ? 8 : 10);
    add(in, kCx, kCy, month, "Anti-social behaviour", 100);
    add(in, kCx, kCy, month, "Burglary", 50);
  }
  add(in, 100, 50, make_month(2020, 3), "Anti-social behaviour", 1);
  add(in, -900, -900, make_month(2020, 5), "Anti-social behaviour", 1);
  return in;
}

StudyArea town_area() {
  std::vector<std::string> notes;
  return StudyArea::from_wkb(square_wkb(-1000, -1000, 1100, 1100), "EPSG:27700", notes);
}

Intervention square_intervention(InterventionDate start, std::optional<InterventionDate> end = std::nullopt) {
  Intervention iv;
  iv.name = "the market square";
  iv.kind = "PSPO";
  iv.wkb = square_wkb(0, 0, 100, 100);
  iv.shape = "the polygon given";
  iv.start = start;
  iv.end = end;
  return iv;
}

EvaluateOptions town_options() {
  EvaluateOptions o;
  o.buffer_m = 100;
  o.study_area_name = "Town";
  return o;
}

const EvaluationRow& row_named(const InterventionEvaluation& ev, const std::string& name) {
  for (const auto& r : ev.rows) {
    if (r.crime_type == name) return r;
  }
  throw std::runtime_error("no row " + name);
}

// Counts by hand from the layout above, with the windows shortened to 6 months each (the data
// hold 6 months before July 2020).
TEST(InterventionEvaluate, CountsEachAreaPeriodAndType) {
  const Incidents in = town();
  const StudyArea area = town_area();
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, town_options());
  ASSERT_EQ(r.interventions.size(), 1u);
  const InterventionEvaluation& ev = r.interventions[0];
  EXPECT_EQ(ev.periods.before_first, make_month(2020, 1));
  EXPECT_EQ(ev.periods.before_last, make_month(2020, 6));
  EXPECT_EQ(ev.periods.after_first, make_month(2020, 7));
  EXPECT_EQ(ev.periods.after_last, make_month(2020, 12));
  EXPECT_EQ(ev.periods.months, 6);
  EXPECT_EQ(ev.months.size(), 12u);
  ASSERT_EQ(ev.rows.size(), 4u);
  EXPECT_EQ(ev.rows[0].crime_type, "All incidents");
  EXPECT_EQ(ev.rows[1].crime_type, "Anti-social behaviour");
  EXPECT_EQ(ev.rows[2].crime_type, "All crime (not ASB)");
  EXPECT_EQ(ev.rows[3].crime_type, "Burglary");

  const EvaluationRow& asb = row_named(ev, "Anti-social behaviour");
  EXPECT_EQ(asb.treatment.counts.before, 6 * 20 + 1);  // + the boundary incident
  EXPECT_EQ(asb.treatment.counts.after, 6 * 10);
  EXPECT_EQ(asb.buffer.counts.before, 6 * 8);
  EXPECT_EQ(asb.buffer.counts.after, 6 * 10);
  EXPECT_EQ(asb.control.counts.before, 6 * 100 + 1);   // + the far one, in the study area
  EXPECT_EQ(asb.control.counts.after, 6 * 100);
  const EvaluationRow& all = ev.rows[0];
  EXPECT_EQ(all.treatment.counts.before, 121 + 30);
  EXPECT_EQ(all.treatment.counts.after, 60 + 30);
  EXPECT_EQ(all.control.counts.before, 601 + 300);
  const EvaluationRow& crime = row_named(ev, "All crime (not ASB)");
  EXPECT_EQ(crime.treatment.counts.before, 30);
  EXPECT_EQ(crime.treatment.counts.after, 30);
  EXPECT_EQ(crime.buffer.counts.before + crime.buffer.counts.after, 0);
  EXPECT_EQ(row_named(ev, "Burglary").treatment.counts.before, 30);
  EXPECT_EQ(asb.treatment.monthly[2], 21);  // 2020-03 with the boundary incident

  // The measures are the statistics of these counts: the monthly counts are flat, so no
  // over-dispersion; the WDD's control is scaled to each area's level before.
  EXPECT_EQ(asb.treatment_dispersion.value, 1.0);
  const OddsRatioResult o = odds_ratio({{121, 60}, {601, 600}, 1, 1});
  EXPECT_DOUBLE_EQ(asb.odds_ratio.odds_ratio, o.odds_ratio);
  EXPECT_DOUBLE_EQ(asb.odds_ratio.low, o.low);
  EXPECT_TRUE(asb.odds_ratio.significant);
  EXPECT_EQ(asb.verdict, Verdict::fell);
  WddInput w;
  w.treatment = {121, 60};
  w.control = {601, 600};
  w.displacement = {48, 60};
  w.shared_control = true;
  w.control_weight = 601.0 / 121.0;
  w.displacement_control_weight = 601.0 / 48.0;
  EXPECT_DOUBLE_EQ(asb.wdd.total, wdd(w).total);
  EXPECT_DOUBLE_EQ(asb.wdd.total_se, wdd(w).total_se);
  const WdqResult q = wdq({121, 60}, {48, 60}, {601, 600});
  ASSERT_TRUE(asb.wdq.wdq.has_value());
  EXPECT_DOUBLE_EQ(*asb.wdq.wdq, *q.wdq);
  // Burglary did not change anywhere: no clear change, and nothing "too few" about 30 vs 30
  // only if a halving would be detected; with 30 before it would not.
  EXPECT_EQ(crime.verdict, Verdict::too_few);
  EXPECT_NE(crime.too_few_reason.find("with 30 incidents before"), std::string::npos);

  EXPECT_EQ(ev.treatment_snap_points, 2u);
  EXPECT_EQ(ev.buffer_snap_points, 1u);
  EXPECT_NEAR(ev.treatment_area_m2, 10000, 1e-6);
  EXPECT_EQ(r.control_name, "the rest of Town");
  EXPECT_NE(ev.notes.front().find("shortened to 6 months"), std::string::npos);
}

// The findings read as the partnership asked, with numbers from the rows.
TEST(InterventionEvaluate, FindingsInPlainEnglish) {
  const Incidents in = town();
  const StudyArea area = town_area();
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, town_options());
  const InterventionEvaluation& ev = r.interventions[0];
  const std::string asb = row_finding(r, ev, row_named(ev, "Anti-social behaviour"));
  EXPECT_EQ(asb.rfind("Anti-social behaviour in the market square fell 50% (from 121 to 60) after the PSPO started in "
                      "2020-07; in the rest of Town it stayed about the same. The difference is larger than chance would give: ",
                      0),
            0u)
      << asb;
  // OR = (121·600)/(60·601) = 2.0133, se = sqrt(1/121 + 1/60 + 1/601 + 1/600) = 0.16811 (flat
  // months: no over-dispersion; too few copies for local variation): interval 1.4482 to 2.7991,
  // i.e. 1/2.7991 − 1 = 64% fewer to 1/1.4482 − 1 = 31% fewer.
  EXPECT_NE(asb.find("50% fewer than the trend elsewhere predicts (95% interval: 64% fewer to 31% fewer)."),
            std::string::npos)
      << asb;
  const std::string crime = row_finding(r, ev, row_named(ev, "All crime (not ASB)"));
  EXPECT_NE(crime.find("too few incidents to tell (30 in the 6 months before, 30 in the 6 months after; with 30 "
                       "incidents before, only a fall of "),
            std::string::npos)
      << crime;
  const std::string buffer = buffer_finding(r, ev, row_named(ev, "Anti-social behaviour"));
  EXPECT_EQ(buffer.rfind("In the 100 m around the market square, anti-social behaviour rose 25% (from 48 to 60), ", 0), 0u)
      << buffer;
  const auto findings = evaluation_findings(r);
  ASSERT_GE(findings.size(), 3u);
  EXPECT_EQ(findings[1], asb);
}

TEST(InterventionEvaluate, MidMonthStartAndRedeploymentPeriods) {
  const Incidents in = town();
  const StudyArea area = town_area();
  // Installed on 15 March: March is left out; removed 31 May (the month's last day): April and
  // May are the after months, February and January the before months.
  const std::vector<Intervention> ivs{square_intervention({2020, 3, 15}, InterventionDate{2020, 5, 31})};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, town_options());
  const EvaluationPeriods& p = r.interventions[0].periods;
  EXPECT_EQ(p.after_first, make_month(2020, 4));
  EXPECT_EQ(p.after_last, make_month(2020, 5));
  EXPECT_EQ(p.before_first, make_month(2020, 1));
  EXPECT_EQ(p.before_last, make_month(2020, 2));
  EXPECT_EQ(p.months, 2);
  // Removed on 20 May: May is partly treated and left out too.
  const std::vector<Intervention> early{square_intervention({2020, 3, 15}, InterventionDate{2020, 5, 20})};
  const EvaluationPeriods q = evaluate_interventions(in, &area, early, town_options()).interventions[0].periods;
  EXPECT_EQ(q.after_first, make_month(2020, 4));
  EXPECT_EQ(q.after_last, make_month(2020, 4));
  EXPECT_EQ(q.before_first, make_month(2020, 2));

  // A gap of 2 months after a July start: after = September..December (4), before = March..June.
  EvaluateOptions gap = town_options();
  gap.gap_months = 2;
  const std::vector<Intervention> july{square_intervention({2020, 7, 0})};
  const EvaluationPeriods g = evaluate_interventions(in, &area, july, gap).interventions[0].periods;
  EXPECT_EQ(g.after_first, make_month(2020, 9));
  EXPECT_EQ(g.after_last, make_month(2020, 12));
  EXPECT_EQ(g.before_first, make_month(2020, 3));
  EXPECT_EQ(g.before_last, make_month(2020, 6));
}

TEST(InterventionEvaluate, SameMonthsLastYear) {
  Incidents in = town();
  // Add 2019 so there is a year before: control only.
  for (int m = 1; m <= 12; ++m) add(in, kCx, kCy, make_month(2019, m), "Anti-social behaviour", 90);
  const StudyArea area = town_area();
  EvaluateOptions o = town_options();
  o.period = PeriodDesign::same_months_last_year;
  o.after_months = 3;
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  const EvaluationPeriods p = evaluate_interventions(in, &area, ivs, o).interventions[0].periods;
  EXPECT_EQ(p.after_first, make_month(2020, 7));
  EXPECT_EQ(p.after_last, make_month(2020, 9));
  EXPECT_EQ(p.before_first, make_month(2019, 7));
  EXPECT_EQ(p.before_last, make_month(2019, 9));
  // Without the year before, same-months-last-year cannot be done: a clear error.
  try {
    (void)evaluate_interventions(town(), &area, ivs, o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("same months last year"), std::string::npos) << e.what();
  }
}

// A gap in the archive (no incident anywhere in July and August 2020) is no data, not zero
// incidents: windows stop at it.
TEST(InterventionEvaluate, WindowsStopAtGapsInTheData) {
  Incidents in;
  in.crs = "EPSG:27700";
  for (int m = 1; m <= 12; ++m) {
    if (m == 7 || m == 8) continue;
    add(in, kCx, kCy, make_month(2020, m), "Anti-social behaviour", 50);
    add(in, kTx, kTy, make_month(2020, m), "Anti-social behaviour", 10);
  }
  const StudyArea area = town_area();
  const std::vector<Intervention> october{square_intervention({2020, 10, 0})};
  const EvaluationPeriods p = evaluate_interventions(in, &area, october, town_options()).interventions[0].periods;
  EXPECT_EQ(p.before_first, make_month(2020, 9));  // not back into the gap
  EXPECT_EQ(p.after_last, make_month(2020, 10));
  EXPECT_EQ(p.months, 1);
  const std::vector<Intervention> june{square_intervention({2020, 5, 0})};
  const EvaluationPeriods q = evaluate_interventions(in, &area, june, town_options()).interventions[0].periods;
  EXPECT_EQ(q.after_first, make_month(2020, 5));
  EXPECT_EQ(q.after_last, make_month(2020, 6));  // stops before the gap
  EXPECT_EQ(q.before_first, make_month(2020, 3));
  const std::vector<Intervention> july{square_intervention({2020, 7, 0})};
  try {
    (void)evaluate_interventions(in, &area, july, town_options());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a gap in the data"), std::string::npos) << e.what();
  }
}

// Bad input: dates outside the data's months, a control overlapping the treated area, a zero cell.
TEST(InterventionEvaluate, OutsideTheMonthsIsAnErrorOrASkip) {
  const Incidents in = town();
  const StudyArea area = town_area();
  for (const InterventionDate start : {InterventionDate{2020, 1, 0}, InterventionDate{2019, 5, 0},
                                       InterventionDate{2021, 2, 0}, InterventionDate{2020, 12, 10}}) {
    const std::vector<Intervention> ivs{square_intervention(start)};
    try {
      (void)evaluate_interventions(in, &area, ivs, town_options());
      FAIL() << format_intervention_date(start);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::data);
      EXPECT_NE(std::string(e.what()).find("the market square"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("to compare"), std::string::npos) << e.what();
    }
  }
  EvaluateOptions skip = town_options();
  skip.skip_outside_months = true;
  const std::vector<Intervention> two{square_intervention({2021, 2, 0}), square_intervention({2020, 7, 0})};
  const EvaluationResult r = evaluate_interventions(in, &area, two, skip);
  EXPECT_EQ(r.interventions.size(), 1u);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.back().find("was not evaluated"), std::string::npos);
}

TEST(InterventionEvaluate, ControlOverlappingTheTreatedAreaIsRefused) {
  ScratchDir dir("evaluate-control");
  const std::string control = dir.file("control.geojson");
  // A square in EPSG:27700 coordinates that overlaps the treated square.
  write_text(control,
             R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)"
             R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":)"
             R"([[[50,50],[600,50],[600,600],[50,600],[50,50]]]}}]})");
  EvaluateOptions o = town_options();
  o.control = ControlKind::polygon;
  o.control_area = AreaSource{control, "", ""};
  const StudyArea area = town_area();
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  try {
    (void)evaluate_interventions(town(), &area, ivs, o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("overlaps the treated area of the market square"), std::string::npos) << e.what();
  }
  // A control clear of the treated area but reaching into its buffer loses that part, noted.
  write_text(control,
             R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)"
             R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":)"
             R"([[[150,0],[1000,0],[1000,1000],[150,1000],[150,0]]]}}]})");
  const EvaluationResult r = evaluate_interventions(town(), &area, ivs, o);
  const auto& ev = r.interventions[0];
  EXPECT_EQ(row_named(ev, "Anti-social behaviour").control.counts.before, 600);  // C, not B (in the buffer)
  bool noted = false;
  for (const auto& n : ev.notes) noted = noted || n.find("left out of the control") != std::string::npos;
  EXPECT_TRUE(noted);
}

// Nothing in the treated area after, or at all: no division by zero, a rough result flagged,
// "too few incidents to tell".
TEST(InterventionEvaluate, ZeroCellsGiveNotesNotCrashes) {
  Incidents in;
  in.crs = "EPSG:27700";
  for (int m = 1; m <= 12; ++m) {
    add(in, kCx, kCy, make_month(2020, m), "Anti-social behaviour", 30);
    if (m < 7) add(in, kTx, kTy, make_month(2020, m), "Anti-social behaviour", 1);
  }
  const StudyArea area = town_area();
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, town_options());
  const EvaluationRow& row = r.interventions[0].rows[0];
  EXPECT_EQ(row.treatment.counts.before, 6);
  EXPECT_EQ(row.treatment.counts.after, 0);
  EXPECT_TRUE(row.odds_ratio.continuity_corrected);
  EXPECT_TRUE(std::isfinite(row.odds_ratio.odds_ratio));
  EXPECT_EQ(row.verdict, Verdict::too_few);
  EXPECT_TRUE(std::isnan(row.buffer.change()));  // nothing in the buffer before: no percentage
  const std::string csv = evaluation_csv(r);
  EXPECT_EQ(csv.find("nan"), std::string::npos);
  EXPECT_EQ(csv.find("inf"), std::string::npos);
}

// A matched control: copies of the treated square on its own lattice, the ones with a before
// level and trend like the treated area's chosen, none touching the treated area or its buffer.
TEST(InterventionEvaluate, MatchedControlPicksLikeAreas) {
  Incidents in = town();
  // Copies (the lattice is aligned on the treated square, 100 m) at (550, 550) and (−450, 450)
  // with the treated area's level and trend before; one at (250, 50) would match but lies in the
  // buffer; one at (−650, −650) has ten times as many.
  for (int m = 1; m <= 12; ++m) {
    const MonthIndex month = make_month(2020, m);
    add(in, 550, 550, month, "Anti-social behaviour", 25);
    add(in, -450, 450, month, "Anti-social behaviour", 24);
    add(in, 150, 60, month, "Anti-social behaviour", 25);
    add(in, -650, -650, month, "Anti-social behaviour", 250);
  }
  const StudyArea area = town_area();
  EvaluateOptions o = town_options();
  o.control = ControlKind::matched;
  o.matched_units = 2;
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, o);
  const auto& ev = r.interventions[0];
  const EvaluationRow& all = ev.rows[0];
  EXPECT_EQ(all.control.counts.before, 6 * 25 + 6 * 24);
  EXPECT_NEAR(ev.control_area_m2, 2 * 10000, 1e-6);
  EXPECT_NE(ev.control_description.find("2 areas of the same size and shape most like it in the 6 months before"),
            std::string::npos)
      << ev.control_description;
  EXPECT_EQ(r.control_name, "the matched comparison areas");
}

// Local variation: 40 copies of the treated square (on its 100 m lattice, clear of its buffer)
// each with 30 incidents a month before; after, half have 45 a month and half 20: their log
// ratios are ±ln 1.5. τ² is DerSimonian–Laird over the copies with variances 1/Tb + 1/Ta (flat
// months: no over-dispersion), and it widens the treated area's interval.
TEST(InterventionEvaluate, LocalVariationFromCopiesOfTheTreatedArea) {
  Incidents in;
  in.crs = "EPSG:27700";
  std::vector<LogEffect> expected;
  for (int col = 3; col <= 12; ++col) {
    for (int line = 3; line <= 6; ++line) {
      const bool up = (col + line) % 2 == 0;
      for (int m = 1; m <= 12; ++m) {
        add(in, col * 100.0 + 50, line * 100.0 + 50, make_month(2020, m), "Burglary", m < 7 ? 30 : (up ? 45 : 20));
      }
      const double before = 180, after = up ? 270 : 120;
      expected.push_back({std::log(after / before), 1 / before + 1 / after});
    }
  }
  for (int m = 1; m <= 12; ++m) add(in, kTx, kTy, make_month(2020, m), "Burglary", m < 7 ? 20 : 10);
  // A copy reaching into the buffer (the lattice cell east of the treated square) is no
  // "place like it": it is left out, whatever its change.
  for (int m = 1; m <= 12; ++m) add(in, kBx, kBy, make_month(2020, m), "Burglary", m < 7 ? 30 : 90);
  const StudyArea area = town_area();
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0})};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, town_options());
  const EvaluationRow& row = r.interventions[0].rows[0];
  EXPECT_EQ(row.local_copies, 40u);
  const double tau2 = pool_random_effects(expected).tau2;
  EXPECT_NEAR(tau2, 0.16, 0.01);  // (ln 1.5)² = 0.164, less the Poisson part
  EXPECT_NEAR(row.local_variance, tau2, 1e-12);
  const OddsRatioResult plain = odds_ratio({row.treatment.counts, row.control.counts, 1, 1});
  EXPECT_NEAR(row.odds_ratio.se * row.odds_ratio.se, plain.se * plain.se + tau2, 1e-12);
  EvaluateOptions off = town_options();
  off.local_variation = false;
  EXPECT_EQ(evaluate_interventions(in, &area, ivs, off).interventions[0].rows[0].local_variance, 0.0);
}

TEST(InterventionRead, DeploymentsCsvWithErrorsNamingRowAndField) {
  ScratchDir dir("evaluate-read");
  const std::string csv = dir.file("deployments.csv");
  write_text(csv,
             "name,longitude,latitude,installed,removed\n"
             "Kennelwood Lane car park,-0.224871,51.763317,2018-03-01,2018-05-31\n"
             "Queensway,-0.227296,51.762068,2018-06,\n");
  EvaluateOptions o;
  o.deployments = AreaSource{csv, "", ""};
  std::vector<std::string> notes;
  const auto ivs = read_interventions(o, "EPSG:27700", notes);
  ASSERT_EQ(ivs.size(), 2u);
  EXPECT_EQ(ivs[0].name, "Kennelwood Lane car park");
  EXPECT_EQ(ivs[0].kind, "camera");
  EXPECT_EQ(ivs[0].start, (InterventionDate{2018, 3, 1}));
  ASSERT_TRUE(ivs[0].end.has_value());
  EXPECT_EQ(*ivs[0].end, (InterventionDate{2018, 5, 31}));
  EXPECT_FALSE(ivs[1].end.has_value());
  EXPECT_EQ(ivs[1].row, 2u);
  EXPECT_EQ(ivs[0].shape, "a 50 m circle round the site");
  std::vector<std::string> n2;
  const StudyArea circle = StudyArea::from_wkb(ivs[0].wkb, "EPSG:27700", n2);
  EXPECT_NEAR(circle.area_m2(), std::numbers::pi * 50 * 50, 0.01 * std::numbers::pi * 50 * 50);  // 64-gon
  // The site in British National Grid, as gdaltransform -s_srs EPSG:4326 -t_srs EPSG:27700 gives it.
  EXPECT_NEAR(0.5 * (circle.bounds().min_x + circle.bounds().max_x), 522600.98, 0.5);
  EXPECT_NEAR(0.5 * (circle.bounds().min_y + circle.bounds().max_y), 208672.00, 0.5);

  write_text(csv, "name,longitude,latitude,installed,removed\nA,-0.22,51.76,2018-06-01,2018-04-30\n");
  try {
    (void)read_interventions(o, "EPSG:27700", notes);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.context().row, 1u);
    EXPECT_EQ(e.context().field, "removed");
    EXPECT_NE(std::string(e.what()).find("deployments.csv row 1: removed 2018-04-30 is before installed 2018-06-01"),
              std::string::npos)
        << e.what();
  }
  write_text(csv, "name,longitude,latitude,installed,removed\nA,-0.22,51.76,2018-13,\n");
  EXPECT_THROW((void)read_interventions(o, "EPSG:27700", notes), Error);
  write_text(csv, "name,longitude,latitude,installed\nA,-0.22,51.76,\n");
  try {
    (void)read_interventions(o, "EPSG:27700", notes);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("has no start date"), std::string::npos) << e.what();
  }
  write_text(csv, "name,longitude,latitude,installed,radius_m\nA,-0.22,51.76,2018-03,-5\n");
  try {
    (void)read_interventions(o, "EPSG:27700", notes);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.context().field, "radius_m");
  }
}

TEST(InterventionRead, PolygonLayerAndBadGeometry) {
  ScratchDir dir("evaluate-areas");
  const std::string layer = dir.file("pspo.geojson");
  write_text(layer,
             R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Hatfield town centre",)"
             R"("kind":"PSPO","installed":"2018-07"},"geometry":{"type":"Polygon","coordinates":[[[-0.2310,51.7612],)"
             R"([-0.2240,51.7612],[-0.2240,51.7648],[-0.2310,51.7648],[-0.2310,51.7612]]]}}]})");
  EvaluateOptions o;
  o.areas = AreaSource{layer, "", ""};
  std::vector<std::string> notes;
  const auto ivs = read_interventions(o, "EPSG:27700", notes);
  ASSERT_EQ(ivs.size(), 1u);
  EXPECT_EQ(ivs[0].kind, "PSPO");
  EXPECT_EQ(ivs[0].start, (InterventionDate{2018, 7, 0}));
  write_text(layer,
             R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"installed":"2018-07"},)"
             R"("geometry":{"type":"LineString","coordinates":[[-0.23,51.76],[-0.22,51.77]]}}]})");
  try {
    (void)read_interventions(o, "EPSG:27700", notes);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("row 1: is a LineString, not a point or a polygon"), std::string::npos) << e.what();
  }
}

TEST(InterventionRead, Dates) {
  EXPECT_EQ(parse_intervention_date("2018-07"), (InterventionDate{2018, 7, 0}));
  EXPECT_EQ(parse_intervention_date(" 2018-07-15 "), (InterventionDate{2018, 7, 15}));
  EXPECT_EQ(parse_intervention_date("15/07/2018"), (InterventionDate{2018, 7, 15}));
  EXPECT_EQ(parse_intervention_date("2018-07-15T09:30"), (InterventionDate{2018, 7, 15}));
  EXPECT_EQ(parse_intervention_date("1969-12-31"), (InterventionDate{1969, 12, 31}));
  EXPECT_FALSE(parse_intervention_date("2018-02-30").has_value());
  EXPECT_FALSE(parse_intervention_date("July 2018").has_value());
  EXPECT_EQ(format_intervention_date({2018, 7, 0}), "2018-07");
  EXPECT_EQ(format_intervention_date({2018, 7, 5}), "2018-07-05");
}

// Two interventions: pooled rows, CSV, layer, style and a report that renders.
TEST(InterventionOutputs, CsvLayerStyleAndReport) {
  Incidents in = town();
  for (int m = 1; m <= 12; ++m) add(in, 550, 550, make_month(2020, m), "Anti-social behaviour", m < 7 ? 30 : 22);
  const StudyArea area = town_area();
  Intervention second = square_intervention({2020, 7, 0});
  second.name = "Station Road, \"the bridge\"";
  second.kind = "camera";
  second.wkb = circle_wkb(550, 550, 50);
  const std::vector<Intervention> ivs{square_intervention({2020, 7, 0}), second};
  const EvaluationResult r = evaluate_interventions(in, &area, ivs, town_options());
  ASSERT_EQ(r.interventions.size(), 2u);
  ASSERT_FALSE(r.pooled.empty());
  EXPECT_EQ(r.pooled[0].crime_type, "All incidents");
  EXPECT_EQ(r.pooled[0].pooled.studies, 2u);

  const std::string csv = evaluation_csv(r);
  std::size_t lines = 0;
  for (char c : csv) lines += c == '\n';
  EXPECT_EQ(lines, 1 + r.interventions[0].rows.size() + r.interventions[1].rows.size());
  EXPECT_NE(csv.find("\"Station Road, \"\"the bridge\"\"\""), std::string::npos);
  EXPECT_EQ(csv, evaluation_csv(evaluate_interventions(in, &area, ivs, town_options())));  // same bytes
  EXPECT_NE(evaluation_pooled_csv(r).find("\nAll incidents,2,0,"), std::string::npos);

  const VectorLayer layer = evaluation_areas_layer(r);
  EXPECT_EQ(layer.features.size(), 6u);
  EXPECT_EQ(layer.geometry, GeometryKind::multipolygon);
  for (const auto& f : layer.features) EXPECT_EQ(wkb_geometry_kind(f.wkb), GeometryKind::multipolygon);
  const qgis::LayerStyle style = qgis::standard_style(layer);
  EXPECT_EQ(style.field, "area");
  const std::string qml = qgis::layer_qml(style);
  EXPECT_NE(qml.find("categorizedSymbol"), std::string::npos);
  EXPECT_NE(qml.find("displacement buffer"), std::string::npos);

  const EvaluationReport parts = evaluation_report(r);
  report::Report page;
  page.title = "Evaluation";
  page.summary = parts.summary;
  page.sections = parts.sections;
  page.charts = parts.charts;
  page.layers.push_back(evaluation_map_layer(layer));
  page.footnotes = parts.footnotes;
  const std::string html = report::render_html(page);
  EXPECT_NE(html.find("evaluation-forest"), std::string::npos);
  EXPECT_NE(html.find("All interventions together"), std::string::npos);
  EXPECT_NE(html.find("(PSPO in)"), std::string::npos);

  ScratchDir dir("evaluate-out");
  const VectorLayer* layers[] = {&layer};
  write_geopackage(layers, dir.file("evaluation.gpkg"));
  write_geojson(layer, dir.file("evaluation.geojson"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("evaluation.gpkg")));
}

}  // namespace
}  // namespace hotspot::evaluation::intervention_test
