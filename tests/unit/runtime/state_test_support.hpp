// Helpers for the state-store tests: reading a column family into a map, and running this
// test binary again as a child process (the crash and lock tests need a second process with
// its own RocksDB threads, which fork() alone would not give it).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/types.h>
#include <unistd.h>

#include "runtime/state/state_store.hpp"

extern char** environ;

namespace scry::runtime::testing {

using KeyValues = std::map<std::string, std::string>;

/// Every key and value of `op`; fails the test on a read error.
inline KeyValues ReadAllState(const StateStore& store, OperatorId op) {
  KeyValues out;
  auto read = store.ForEach(op, [&](std::string_view key, std::string_view value) {
    out.emplace(std::string(key), std::string(value));
  });
  EXPECT_TRUE(read) << read.error();
  return out;
}

/// Starts this test binary running only `test` (a "Suite.Name" filter) with `env` added to
/// the environment and its output discarded; the child test reads its arguments from `env`.
/// -1 when it cannot be started.
inline pid_t SpawnTestChild(const std::string& test, const std::vector<std::string>& env) {
  std::string filter = "--gtest_filter=" + test;
  std::string program = "/proc/self/exe";
  std::vector<char*> argv = {program.data(), filter.data(), nullptr};
  std::vector<std::string> env_storage = env;
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) {
    // Sharding or an XML report of the parent would make the child skip its test or
    // overwrite the report.
    if (std::string_view(*e).starts_with("GTEST_")) {
      continue;
    }
    envp.push_back(*e);
  }
  for (std::string& e : env_storage) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int failed = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return failed == 0 ? pid : -1;
}

/// Polls `condition` every few milliseconds for up to `seconds`; false on timeout.
template <typename Condition>
bool WaitFor(Condition condition, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace scry::runtime::testing
