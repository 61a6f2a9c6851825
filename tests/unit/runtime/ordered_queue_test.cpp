// The bounded ordered queue of the parallel engine: items come out in push order whatever
// order the workers finish them in, and a consumer that does not pop stops the producer at
// the bound.
#include "runtime/engine/ordered_queue.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace scry::runtime {
namespace {

using namespace std::chrono_literals;

// Workers that finish items out of order: some items take much longer than others.
std::vector<std::thread> StartWorkers(OrderedQueue<int>& queue, int count) {
  std::vector<std::thread> workers;
  for (int w = 0; w < count; ++w) {
    workers.emplace_back([&queue] {
      while (auto ticket = queue.Take()) {
        if (ticket->item % 7 == 0) {
          std::this_thread::sleep_for(200us);
        }
        queue.Finish(ticket->sequence, ticket->item * 10);
      }
    });
  }
  return workers;
}

TEST(OrderedQueueTest, ItemsComeOutInPushOrder) {
  OrderedQueue<int> queue(5);
  auto workers = StartWorkers(queue, 4);
  std::thread producer([&queue] {
    for (int i = 0; i < 2000; ++i) {
      ASSERT_TRUE(queue.Push(i));
    }
    queue.Close();
  });
  std::vector<int> popped;
  while (auto item = queue.Pop()) {
    popped.push_back(*item);
  }
  producer.join();
  for (auto& worker : workers) {
    worker.join();
  }
  ASSERT_EQ(popped.size(), 2000U);
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(popped[i], i * 10) << "at " << i;
  }
}

TEST(OrderedQueueTest, SlowConsumerStopsProducerAtTheBound) {
  constexpr int kCapacity = 3;
  OrderedQueue<int> queue(kCapacity);
  auto workers = StartWorkers(queue, 2);
  std::atomic<int> pushed = 0;
  std::thread producer([&] {
    for (int i = 0; i < 10; ++i) {
      if (!queue.Push(i)) {
        return;
      }
      ++pushed;
    }
    queue.Close();
  });
  // Nothing popped yet: the producer gets exactly `capacity` items in and waits there.
  auto wait_for = [&](int n) {
    for (int tries = 0; tries < 2000 && pushed.load() < n; ++tries) {
      std::this_thread::sleep_for(1ms);
    }
  };
  wait_for(kCapacity);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(pushed.load(), kCapacity);
  // Each pop makes room for one more.
  ASSERT_EQ(queue.Pop(), 0);
  wait_for(kCapacity + 1);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(pushed.load(), kCapacity + 1);
  std::vector<int> rest;
  while (auto item = queue.Pop()) {
    rest.push_back(*item);
  }
  producer.join();
  for (auto& worker : workers) {
    worker.join();
  }
  EXPECT_EQ(pushed.load(), 10);
  EXPECT_EQ(rest, (std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90}));
}

TEST(OrderedQueueTest, ClosedEmptyQueueEndsWorkersAndConsumer) {
  OrderedQueue<int> queue(2);
  queue.Close();
  EXPECT_FALSE(queue.Take().has_value());
  EXPECT_FALSE(queue.Pop().has_value());
}

TEST(OrderedQueueTest, StopReleasesABlockedProducer) {
  OrderedQueue<int> queue(1);
  ASSERT_TRUE(queue.Push(1));
  std::atomic<bool> second = true;
  std::thread producer([&] { second = queue.Push(2); });
  std::this_thread::sleep_for(20ms);
  queue.Stop();
  producer.join();
  EXPECT_FALSE(second.load());
  EXPECT_FALSE(queue.Pop().has_value());
}

}  // namespace
}  // namespace scry::runtime
