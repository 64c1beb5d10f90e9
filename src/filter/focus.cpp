#include "hotspot/filter/focus.hpp"

#include "hotspot/core/error.hpp"
#include "hotspot/harm/harm_weights.hpp"

namespace hotspot {

const std::vector<FocusPreset>& focus_presets() {
  // Robbery is both violent and acquisitive, so it is in both presets, as in the Home Office's
  // "serious violence" and "acquisitive crime" groupings. Public order offences are disorder,
  // not violence against a person, and stay out of `violence`.
  static const std::vector<FocusPreset> kPresets{
      {Focus::all, "all", "All crime and ASB", {}, false,
       "every crime type"},
      {Focus::asb, "asb", "Anti-social behaviour", {"Anti-social behaviour"}, false,
       "anti-social behaviour only"},
      {Focus::violence, "violence", "Violence", {"Violence and sexual offences", "Robbery", "Possession of weapons"}, false,
       "violence and sexual offences, robbery and possession of weapons"},
      {Focus::acquisitive,
       "acquisitive",
       "Acquisitive crime",
       {"Burglary", "Robbery", "Vehicle crime", "Theft from the person", "Bicycle theft", "Shoplifting", "Other theft"},
       false,
       "burglary, robbery, vehicle crime, theft from the person, bicycle theft, shoplifting and other theft"},
      {Focus::harm, "harm", "All crime and ASB, weighted by harm", {}, true,
       "every crime type"},
  };
  return kPresets;
}

const FocusPreset& focus_preset(Focus focus) { return focus_presets().at(static_cast<std::size_t>(focus)); }

Focus parse_focus(std::string_view name) {
  const std::string key = normalise_type_name(name);
  std::string choices;
  for (const FocusPreset& preset : focus_presets()) {
    if (preset.name == key) return preset.focus;
    choices += (choices.empty() ? "" : ", ") + preset.name;
  }
  throw Error(ErrorCode::usage, "filters.focus", "the focus \"" + std::string(name) + "\" is none of " + choices);
}

}  // namespace hotspot
