#include <gtest/gtest.h>

#include <thread>

#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot {
namespace {

int cores() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

TEST(Threads, AHugeRequestIsCappedWithANote) {
  const ThreadChoice choice = choose_threads(100000);
  EXPECT_EQ(choice.threads, kThreadsPerCore * cores());
  EXPECT_NE(choice.note.find("100000 threads asked for"), std::string::npos) << choice.note;
  EXPECT_EQ(effective_threads(100000), kThreadsPerCore * cores());
}

TEST(Threads, ASaneRequestIsKeptSilently) {
  const ThreadChoice choice = choose_threads(1);
  EXPECT_EQ(choice.threads, 1);
  EXPECT_TRUE(choice.note.empty());
  EXPECT_GE(choose_threads(0).threads, 1);
  EXPECT_TRUE(choose_threads(0).note.empty());
}

TEST(Threads, ANegativeRequestIsAUsageError) {
  try {
    (void)choose_threads(-3);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("-3"), std::string::npos);
  }
  EXPECT_GE(effective_threads(-3), 1);
}

}  // namespace
}  // namespace hotspot
