// ParallelFor: runs a loop body for indices 0..count-1 on several threads, for the start-up
// work that splits into independent pieces (loading rule files, transpiling rules). Threads
// take the next index as they finish one, so uneven pieces balance. The body must only touch
// what belongs to its index (or be otherwise thread-safe).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace scry {

/// Runs `work` on `threads` threads at once, the calling thread being one of them, and returns
/// when all have returned.
template <typename Work>
void RunOnThreads(unsigned threads, const Work& work) {
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread& thread : pool) {
    thread.join();
  }
}

/// `threads` 0: one per core. With one thread (or one index) the loop runs on the caller's.
template <typename Body>
void ParallelFor(size_t count, unsigned threads, const Body& body) {
  if (threads == 0) {
    threads = std::max(1u, std::thread::hardware_concurrency());
  }
  threads = static_cast<unsigned>(std::min<size_t>(threads, count));
  std::atomic<size_t> next = 0;
  RunOnThreads(threads, [&] {
    for (size_t i = next++; i < count; i = next++) {
      body(i);
    }
  });
}

}  // namespace scry
