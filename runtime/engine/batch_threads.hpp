// The thread plumbing shared by the parallel engines (ParallelDetector for `scry run`,
// ScanQuery for queries): a pool of spare batches, so their buffers stop growing once a run has
// warmed up, and a group of threads that are stopped and joined on every way out of a run.
#pragma once

#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace scry::runtime {

/// Batches the output stage has finished with, for the reader to fill again. With a bounded
/// queue it keeps the number of batches (and their buffers) fixed after warm-up.
template <typename Batch>
class SpareBatches {
 public:
  std::unique_ptr<Batch> Take() {
    std::lock_guard lock(mutex_);
    if (spare_.empty()) {
      return std::make_unique<Batch>();
    }
    auto batch = std::move(spare_.back());
    spare_.pop_back();
    return batch;
  }
  /// `batch` must be cleared by the caller.
  void Give(std::unique_ptr<Batch> batch) {
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(batch));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Batch>> spare_;
};

/// On every way out of a run, an exception included: no thread is left waiting or unjoined.
/// `Queue` is an OrderedQueue; Stop() wakes every thread waiting on it.
template <typename Queue>
class ThreadGroup {
 public:
  explicit ThreadGroup(Queue& queue) : queue_(queue) {}
  ~ThreadGroup() {
    queue_.Stop();  // a no-op for threads that have finished
    for (std::thread& thread : threads_) {
      thread.join();
    }
  }
  ThreadGroup(const ThreadGroup&) = delete;
  ThreadGroup& operator=(const ThreadGroup&) = delete;

  template <typename F>
  void Start(F&& body) {
    threads_.emplace_back(std::forward<F>(body));
  }

 private:
  Queue& queue_;
  std::vector<std::thread> threads_;
};

}  // namespace scry::runtime
