#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotspot {

/// A named preset of crime types and weighting that every command applies the same way
/// (PrepareOptions::focus; docs/focus.md), so "the ASB picture" means the same incidents in
/// a density map, a camera plan and an area table.
enum class Focus { all, asb, violence, acquisitive, harm };

struct FocusPreset {
  Focus focus = Focus::all;
  std::string name;                ///< as typed: "asb"
  std::string title;               ///< for a reader: "Anti-social behaviour"
  std::vector<std::string> types;  ///< police.uk crime types kept, exactly as police.uk spells them; empty: all
  bool harm_weighted = false;      ///< incidents weigh their crime type's harm; otherwise the weighting is left as it is
  std::string description;         ///< what it keeps, for help texts and notes: "anti-social behaviour only"
};

/// The preset of `focus`.
[[nodiscard]] const FocusPreset& focus_preset(Focus focus);
/// Every preset, in the order of the enum.
[[nodiscard]] const std::vector<FocusPreset>& focus_presets();
/// The focus called `name` (case-insensitive). Throws Error(usage) naming the choices.
[[nodiscard]] Focus parse_focus(std::string_view name);

}  // namespace hotspot
