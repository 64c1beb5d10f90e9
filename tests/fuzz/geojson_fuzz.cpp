#include "fuzz_input.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/prepare.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hotspot::fuzzing::MemoryFile file("/vsimem/fuzz/incidents.geojson", data, size);
  hotspot::PrepareOptions options;
  options.read.inputs = {file.path()};
  options.read.format = hotspot::SourceFormat::ogr;
  options.read.time_field = "when";
  options.read.category_field = "type";
  options.read.threads = 1;
  try {
    const auto prepared = hotspot::prepare_incidents(options);
    if (prepared.incidents.size() != prepared.account.used()) __builtin_trap();
  } catch (const hotspot::Error&) {
  }
  return 0;
}
