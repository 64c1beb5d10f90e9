#include "hotspot/report/data_caveats.hpp"

#include <algorithm>
#include <cctype>

#include "hotspot/report/readable_text.hpp"

namespace hotspot::report {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

DataFacts facts_of(const Incidents& in) {
  DataFacts facts;
  std::size_t located = 0, on_or_near = 0;
  std::vector<signed char> snap_text(in.locations.size(), -1);
  bool any_time = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.time[i] != kNoTime) any_time = true;
    const std::uint32_t l = in.location[i];
    if (l == Incidents::kNoCode || l >= in.locations.size()) continue;
    if (snap_text[l] < 0) snap_text[l] = in.locations[l].rfind("On or near", 0) == 0 ? 1 : 0;
    ++located;
    on_or_near += static_cast<std::size_t>(snap_text[l]);
  }
  facts.snap_points = located > 0 && 2 * on_or_near >= located;
  facts.months_only = !any_time;
  for (std::size_t c = 0; c < in.categories.size(); ++c) {
    if (lower(in.categories[static_cast<std::uint32_t>(c)]) == "anti-social behaviour") facts.has_asb = true;
  }
  return facts;
}

std::vector<std::string> data_caveats(const DataFacts& facts) {
  std::vector<std::string> out;
  if (facts.snap_points) {
    out.push_back(
        "Locations are approximate. To protect the people involved, police.uk moves every incident to the nearest "
        "of a fixed set of anonymous map points (the middle of a street, a car park, a station), so many incidents "
        "share one point and an \u201cOn or near \u2026\u201d name is that point\u2019s, not an address. Read the maps "
        "at street level, not house by house.");
  }
  if (facts.months_only) {
    out.push_back(
        "Dates are months only. police.uk gives the month of each incident, not the day or the time, so this report "
        "cannot say which days or hours are busiest; patrol peak times need the force\u2019s own records.");
  }
  if (facts.has_asb) {
    out.push_back(
        "Anti-social behaviour is not a crime. The police record ASB reports under their own rules, apart from "
        "crimes, and councils and housing providers hold much ASB that never reaches police.uk. Compare ASB with "
        "ASB over time, not with crime counts.");
  }
  if (facts.harm_weighted) {
    std::string harm =
        facts.bundled_harm_table
            ? "\u201cHarm\u201d weighs each incident by how serious its crime type is, from the Cambridge Crime Harm "
              "Index (about the days in prison a first offender would be sentenced to)"
            : "\u201cHarm\u201d weighs each incident by how serious its crime type is, from the partnership\u2019s own "
              "table of weights";
    if (!facts.harm_examples.empty()) {
      harm += ": ";
      for (std::size_t i = 0; i < facts.harm_examples.size(); ++i) {
        const auto& [type, weight] = facts.harm_examples[i];
        if (i > 0) harm += i + 1 == facts.harm_examples.size() ? " and " : ", ";
        harm += lower(type) + " " + rounded_text(weight);
      }
    }
    harm += ". Plans weighted by harm follow the most serious crimes, not the most frequent, so a place with many "
            "minor incidents can rank below one with a few violent ones.";
    out.push_back(harm);
  }
  return out;
}

}  // namespace hotspot::report
