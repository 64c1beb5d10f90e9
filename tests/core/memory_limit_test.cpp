#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/memory_limit.hpp"

namespace hotspot {
namespace {

TEST(MemoryLimit, SizesReadAsUsersWriteThem) {
  EXPECT_EQ(parse_memory_size("6G"), 6000000000u);
  EXPECT_EQ(parse_memory_size("512M"), 512000000u);
  EXPECT_EQ(parse_memory_size("2.5GB"), 2500000000u);
  EXPECT_EQ(parse_memory_size("1GiB"), std::uint64_t{1} << 30);
  EXPECT_EQ(parse_memory_size("1500"), 1500u);
  if (physical_memory() > 0) {
    EXPECT_EQ(parse_memory_size("50%"), physical_memory() / 2);
  }
  for (const char* bad : {"", "lots", "0", "-1G", "6X", "200%", "1e300"}) {
    EXPECT_THROW((void)parse_memory_size(bad), Error) << bad;
  }
}

TEST(MemoryLimit, TheDefaultIsThreeQuartersOfTheMachine) {
  set_max_memory(0);
  if (physical_memory() > 0) {
    EXPECT_EQ(max_memory(), physical_memory() / 4 * 3);
  }
  set_max_memory(123456789);
  EXPECT_EQ(max_memory(), 123456789u);
  set_max_memory(0);
}

TEST(MemoryLimit, CheckNamesWhatHowMuchAndTheRemedy) {
  set_max_memory(1000000000);
  EXPECT_NO_THROW(check_memory(999e6, "s", "a thing", "make it smaller"));
  try {
    check_memory(2.5e9, "density", "a grid of 5 x 5 cells", "use a larger cell size");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "density: a grid of 5 x 5 cells needs about 2.5 GB of memory, more than the memory limit of 1.0 GB; "
                 "use a larger cell size, or raise the memory limit");
  }
  EXPECT_THROW(check_memory(1e300, "s", "x", "y"), Error);  // never wraps around
  set_max_memory(0);
}

}  // namespace
}  // namespace hotspot
