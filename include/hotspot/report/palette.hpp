#pragma once

#include <array>
#include <string_view>

/// Colours that readers with the common colour-vision deficiencies can still tell apart.
namespace hotspot::report::palette {

/// Okabe and Ito's eight colours ("Color Universal Design", 2008), for categories: blue,
/// orange, bluish green, vermilion, sky blue, reddish purple, yellow, black. The yellow is left
/// last: it is faint on white.
inline constexpr std::array<std::string_view, 8> kCategories = {"#0072b2", "#e69f00", "#009e73", "#d55e00",
                                                                 "#56b4e9", "#cc79a7", "#f0e442", "#000000"};
/// A neutral grey for "the rest" and for baselines.
inline constexpr std::string_view kOther = "#8c8c8c";

}  // namespace hotspot::report::palette
