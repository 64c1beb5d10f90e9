#include "fuzz_input.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hotspot::fuzzing::MemoryFile file("/vsimem/fuzz/2021-01-fuzz-street.csv", data, size);
  hotspot::ReadOptions options;
  options.inputs = {file.path()};
  options.threads = 1;
  try {
    const auto result = hotspot::read_incidents(options);
    // Accounting must hold for any input.
    std::uint64_t kept = 0;
    for (const auto& part : result.parts) kept += part.incidents.size();
    if (kept != result.account.used()) __builtin_trap();
  } catch (const hotspot::Error&) {
  }
  return 0;
}
