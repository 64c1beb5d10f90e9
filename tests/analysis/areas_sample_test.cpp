// The area summary on the bundled sample (Welwyn Hatfield and St Albans, 2018) by the 36
// MSOAs: every incident counted once or listed outside, recounted with an independent
// point-in-polygon per MSOA; and the worked example of docs/areas.md.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "hotspot/analysis/areas.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/trends/emerging_hotspots.hpp"

namespace hotspot {
namespace {

const std::string kSampleDir = HOTSPOT_SAMPLE_DIR;
const std::string kMsoas = kSampleDir + "/boundaries/welwyn_hatfield_st_albans_msoa.geojson";

const PreparedIncidents& sample(Focus focus) {
  static std::map<Focus, PreparedIncidents> cache;
  auto found = cache.find(focus);
  if (found == cache.end()) {
    PrepareOptions options;
    options.read.inputs = {kSampleDir + "/police_uk"};
    options.filter.within = AreaSource{kSampleDir + "/boundaries/herts_districts.geojson", "",
                                       "lad17nm IN ('Welwyn Hatfield', 'St Albans')"};
    options.focus = focus;
    found = cache.emplace(focus, prepare_incidents(options)).first;
  }
  return found->second;
}

AreasOptions msoa_options() {
  AreasOptions o;
  o.areas.path = kMsoas;
  o.name_field = "MSOA_name";
  o.period = "2018-07..2018-12";  // the sample holds 2018 only: no financial year is complete
  o.top_places = 10;
  return o;
}

TEST(AreasSample, EveryIncidentIsCountedOnceOrListedOutside) {
  const PreparedIncidents& p = sample(Focus::all);
  const AreasResult r = summarise_areas(p, msoa_options());
  ASSERT_EQ(r.areas.size(), 36u);
  EXPECT_EQ(r.periods.compare, (MonthRange{make_month(2018, 1), make_month(2018, 6)}));
  const AreaTable& all = r.tables.front();

  // The study area's totals are the incidents of each half year.
  std::uint64_t now = 0, before = 0;
  for (const MonthIndex m : p.incidents.month) {
    now += m >= make_month(2018, 7) ? 1 : 0;
    before += m <= make_month(2018, 6) ? 1 : 0;
  }
  EXPECT_EQ(now + before, 24838u);  // every incident of the sample has a month in 2018
  EXPECT_EQ(all.total.count, now);
  EXPECT_EQ(all.total.count_before, before);
  std::uint64_t summed = all.outside.count, summed_before = all.outside.count_before;
  for (const AreaFigures& f : all.areas) {
    summed += f.count;
    summed_before += f.count_before;
  }
  EXPECT_EQ(summed, now);
  EXPECT_EQ(summed_before, before);
  // The crime-type tables add up to the all-types table, area by area.
  for (std::size_t a = 0; a < r.areas.size(); ++a) {
    std::uint64_t by_type = 0;
    for (std::size_t t = 1; t < r.tables.size(); ++t) by_type += r.tables[t].areas[a].count;
    EXPECT_EQ(by_type, all.areas[a].count) << r.areas[a].name;
  }

  // An independent recount: each MSOA read on its own as a study area (GDAL's attribute filter,
  // the union of its parts, a prepared GEOS geometry), its incidents counted by containment.
  std::vector<std::string> notes;
  std::size_t inside_some = 0;
  std::vector<std::uint8_t> hits(p.incidents.size(), 0);
  for (std::size_t a = 0; a < r.areas.size(); ++a) {
    const StudyArea msoa = StudyArea::from_source({kMsoas, "", "MSOA_name = '" + r.areas[a].name + "'"}, p.crs.definition, notes);
    std::uint64_t count = 0;
    for (std::size_t i = 0; i < p.incidents.size(); ++i) {
      if (!msoa.contains(p.incidents.x[i], p.incidents.y[i])) continue;
      ++hits[i];
      count += p.incidents.month[i] >= make_month(2018, 7) ? 1 : 0;
      EXPECT_EQ(r.area_of[i], static_cast<std::int32_t>(a)) << i;  // no point lies in two MSOAs here
    }
    EXPECT_EQ(count, all.areas[a].count) << r.areas[a].name;
    EXPECT_NEAR(msoa.area_m2() / 1e6, r.areas[a].area_km2, 1e-9) << r.areas[a].name;
    // Rates for a year from 6 months: count x 2 per km².
    EXPECT_NEAR(all.areas[a].per_km2, static_cast<double>(count) * 2.0 / (msoa.area_m2() / 1e6), 1e-9);
  }
  for (std::size_t i = 0; i < p.incidents.size(); ++i) {
    ASSERT_LE(hits[i], 1) << i;
    inside_some += hits[i];
    EXPECT_EQ(hits[i] == 0, r.area_of[i] < 0) << i;
  }
  EXPECT_EQ(r.boundary_incidents, 0u);
  EXPECT_EQ(r.overlap_incidents, 0u);
  EXPECT_EQ(r.outside_incidents, p.incidents.size() - inside_some);
  // Ranks are a permutation of 1..36.
  std::vector<std::size_t> ranks;
  for (const AreaFigures& f : all.areas) ranks.push_back(f.rank);
  std::sort(ranks.begin(), ranks.end());
  for (std::size_t k = 0; k < ranks.size(); ++k) EXPECT_EQ(ranks[k], k + 1);
  // Named places carry an emerging hot spot pattern (docs/trends.md's labels).
  ASSERT_EQ(r.places.size(), 10u);
  for (const NamedPlace& place : r.places) {
    bool known = false;
    for (int k = 0; k <= static_cast<int>(trends::Pattern::historical_cold); ++k) {
      known = known || place.trend == trends::pattern_name(static_cast<trends::Pattern>(k));
    }
    EXPECT_TRUE(known) << place.trend;
  }
}

// The worked example of docs/areas.md: ASB in the two districts, July–December 2018 against
// January–June, by MSOA. HOTSPOT_PRINT_EXAMPLE=1 prints what the guide shows.
TEST(AreasSample, WorkedExampleOfTheGuide) {
  const PreparedIncidents& p = sample(Focus::asb);
  AreasOptions o = msoa_options();
  o.since = "2018-10";
  const AreasResult r = summarise_areas(p, o);
  const AreaTable& all = r.tables.front();
  if (std::getenv("HOTSPOT_PRINT_EXAMPLE") != nullptr) {
    std::printf("%s", areas_csv(r).c_str());
    std::printf("\n%s", named_places_csv(r).c_str());
    for (const std::string& s : areas_report(r).summary) std::printf("summary: %s\n", s.c_str());
    for (const std::string& n : r.notes) std::printf("note: %s\n", n.c_str());
    std::printf("dispersion chi2 %.4f obs %zu groups %zu estimate %.6f\n", all.dispersion.pearson_chi2,
                all.dispersion.observations, all.dispersion.groups, all.dispersion.estimate);
    std::printf("odi %zu/%zu increases %zu\n", all.dispersion_of_increase.contributing, all.dispersion_of_increase.areas,
                all.dispersion_of_increase.increases);
  }
  // The figures docs/areas.md quotes.
  EXPECT_EQ(all.total.count + all.total.count_before, 5909u);  // the README profile's ASB count
  EXPECT_EQ(r.tables.size(), 1u);                               // one type: no per-type tables
  EXPECT_EQ(all.total.count, 2982u);
  EXPECT_EQ(all.total.count_before, 2927u);
  EXPECT_EQ(all.total.change_text, "+1.9%");
  EXPECT_NEAR(all.total.p_value, 0.663, 0.0005);
  EXPECT_NEAR(all.dispersion.estimate, 2.463903, 1e-6);
  EXPECT_EQ(all.dispersion.observations, 432u);  // 36 MSOAs x 12 months
  EXPECT_EQ(all.dispersion.groups, 72u);         // 36 MSOAs x 2 half years
  EXPECT_EQ(all.dispersion_of_increase.contributing, 2u);
  EXPECT_EQ(all.dispersion_of_increase.increases, 18u);
  const auto named = [&](const std::string& name) {
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
      if (r.areas[a].name == name) return all.areas[a];
    }
    return AreaFigures{};
  };
  EXPECT_EQ(named("Hatfield North & West").rank, 1u);
  EXPECT_EQ(named("Hatfield North & West").count, 242u);
  EXPECT_EQ(named("Hatfield North & West").count_before, 280u);
  EXPECT_EQ(named("Harpenden East").change_text, "+80.6%");
  EXPECT_EQ(named("Wheathampstead").change_text, "+104.5%");
  EXPECT_NEAR(named("Wheathampstead").p_value, 0.108, 0.0005);
  EXPECT_FALSE(named("Wheathampstead").significant);
  ASSERT_GE(r.places.size(), 5u);
  EXPECT_EQ(r.places[0].location, "On or near Shopping Area");
  EXPECT_EQ(r.places[0].area, "Welwyn Garden City Central & Handside");
  EXPECT_EQ(r.places[0].count, 51u);
  EXPECT_EQ(r.places[0].trend, "Persistent Hot Spot");
  EXPECT_EQ(r.places[1].location, "On or near Pedestrian Subway");
  EXPECT_EQ(r.places[1].trend, "Intensifying Hot Spot");
  EXPECT_EQ(r.places[4].location, "On or near Parking Area");
  EXPECT_TRUE(r.places[4].new_to_list);
  EXPECT_EQ(r.places[4].rank_before, 12u);
  EXPECT_EQ(r.places_before, (MonthRange{make_month(2018, 4), make_month(2018, 9)}));
}

}  // namespace
}  // namespace hotspot
