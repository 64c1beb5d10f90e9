// Settings files are checked before they are parsed (issue 21: `--config /dev/zero` read 4 GB,
// `/dev/urandom` hung).

#include <gtest/gtest.h>

#include <sys/stat.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/config_file.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

std::string refusal(const std::string& path, std::uint64_t max_bytes = kMaxConfigFileBytes) {
  try {
    check_config_file(path, max_bytes);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    return e.what();
  }
  return "";
}

TEST(ConfigFile, DevicesPipesAndFoldersAreRefused) {
  EXPECT_NE(refusal("/dev/zero").find("not a regular file"), std::string::npos);
  EXPECT_NE(refusal("/dev/urandom").find("not a regular file"), std::string::npos);
  testing::ScratchDir dir("config");
  const std::string fifo = dir.file("settings.toml");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  EXPECT_NE(refusal(fifo).find("not a regular file"), std::string::npos);
  EXPECT_NE(refusal(dir.path().string()).find("is a folder"), std::string::npos);
  EXPECT_NE(refusal(dir.file("missing.toml")).find("cannot read"), std::string::npos);
}

TEST(ConfigFile, SizeIsBounded) {
  testing::ScratchDir dir("config");
  const std::string file = dir.file("big.toml");
  testing::write_text(file, std::string(2000, '#'));
  EXPECT_NE(refusal(file, 1000).find("is 2000 bytes; a settings file may hold at most 1000 bytes"), std::string::npos);
  EXPECT_EQ(refusal(file), "");
}

}  // namespace
}  // namespace hotspot
