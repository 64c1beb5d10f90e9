#include "fuzz_input.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/prepare.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hotspot::fuzzing::MemoryFile file("/vsimem/fuzz/log.csv", data, size);
  hotspot::PrepareOptions options;
  options.read.inputs = {file.path()};
  options.read.format = hotspot::SourceFormat::csv;
  options.read.x_field = "x";
  options.read.y_field = "y";
  options.read.crs = "EPSG:27700";
  options.read.time_field = "when";
  options.read.category_field = "type";
  options.read.weight_field = "w";
  options.read.threads = 1;
  options.weight = hotspot::WeightMode::field;
  try {
    const auto prepared = hotspot::prepare_incidents(options);
    if (prepared.incidents.size() != prepared.account.used()) __builtin_trap();
  } catch (const hotspot::Error&) {
  }
  return 0;
}
