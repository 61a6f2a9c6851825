// OrderedQueue: hands items from one producer to several workers and on to one consumer, who
// gets them back in the order they were pushed, whatever order the workers finish in.
//
// It is what keeps a parallel `scry run` byte-identical to a one-thread run: the reader pushes
// batches of records, workers evaluate them concurrently, and the writer pops each batch only
// when every batch before it has been popped. It is bounded: at most `capacity` items are
// between Push and Pop, so when the workers or the writer fall behind the producer waits in
// Push (back-pressure) and memory stays bounded, whatever the input's size.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace scry::runtime {

template <typename T>
class OrderedQueue {
 public:
  /// An item taken by a worker, with its place in push order (to give back to Finish).
  struct Ticket {
    uint64_t sequence;
    T item;
  };

  explicit OrderedQueue(size_t capacity) : slots_(std::max<size_t>(capacity, 1)) {}

  /// Producer: adds `item` after the ones pushed before. Waits while `capacity` items are in
  /// the queue. False (the item dropped) once the queue is stopped.
  bool Push(T item) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return stopped_ || pushed_ - popped_ < slots_.size(); });
    if (stopped_) {
      return false;
    }
    Slot& slot = slots_[pushed_ % slots_.size()];
    slot.item = std::move(item);
    slot.finished = false;
    ++pushed_;
    work_.notify_one();
    return true;
  }

  /// Producer: nothing more comes. Workers and the consumer drain what is in the queue.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    work_.notify_all();
    done_.notify_all();
  }

  /// Any thread: everyone stops waiting now; Push fails, Take and Pop return nothing. For a
  /// consumer that gives up (or a producer that must not block on one that did).
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    room_.notify_all();
    work_.notify_all();
    done_.notify_all();
  }

  /// Worker: the oldest item no worker has taken yet. Waits for one; nothing once the queue
  /// is closed and every item taken, or stopped.
  std::optional<Ticket> Take() {
    std::unique_lock lock(mutex_);
    work_.wait(lock, [&] { return stopped_ || taken_ < pushed_ || closed_; });
    if (stopped_ || taken_ == pushed_) {
      return std::nullopt;
    }
    uint64_t sequence = taken_++;
    return Ticket{sequence, std::move(slots_[sequence % slots_.size()].item)};
  }

  /// Worker: the item taken as `sequence` is done; the consumer gets it in its turn.
  void Finish(uint64_t sequence, T item) {
    std::lock_guard lock(mutex_);
    Slot& slot = slots_[sequence % slots_.size()];
    slot.item = std::move(item);
    slot.finished = true;
    if (sequence == popped_) {
      done_.notify_all();
    }
  }

  /// Consumer: the next item in push order, once a worker has finished it. Nothing once the
  /// queue is closed and every item popped, or stopped.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] {
      return stopped_ || (popped_ < pushed_ && slots_[popped_ % slots_.size()].finished)
             || (closed_ && popped_ == pushed_);
    });
    if (stopped_ || popped_ == pushed_) {
      return std::nullopt;
    }
    Slot& slot = slots_[popped_ % slots_.size()];
    slot.finished = false;
    T item = std::move(slot.item);
    ++popped_;
    room_.notify_one();
    return item;
  }

  size_t capacity() const { return slots_.size(); }

 private:
  struct Slot {
    T item{};
    bool finished = false;
  };

  std::mutex mutex_;
  std::condition_variable room_;  // the producer waits for a free slot
  std::condition_variable work_;  // workers wait for an item to take
  std::condition_variable done_;  // the consumer waits for the next item in order
  std::vector<Slot> slots_;       // item `sequence` lives in slots_[sequence % capacity]
  uint64_t pushed_ = 0;
  uint64_t taken_ = 0;
  uint64_t popped_ = 0;
  bool closed_ = false;
  bool stopped_ = false;
};

}  // namespace scry::runtime
