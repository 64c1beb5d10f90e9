#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/harm/harm_weights.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto table = hotspot::HarmWeights::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    for (const auto& [type, weight] : table.entries()) {
      if (!(weight >= 0)) __builtin_trap();
    }
  } catch (const hotspot::Error&) {
  }
  return 0;
}
