// The per-event hot paths must not allocate: counts every operator new in this binary.
#include <atomic>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "stdlib/case_fold.hpp"
#include "stdlib/string_match.hpp"
#include "stdlib/value_compare.hpp"
#include "stdlib/value_set.hpp"

namespace {

std::atomic<size_t> allocations{0};

}  // namespace

void* operator new(size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, size_t) noexcept {
  std::free(p);
}

namespace scry {
namespace {

/// Allocations made by `fn` after it has run once (thread-local buffers may grow on first use).
template <typename Fn>
size_t AllocationsOf(Fn fn) {
  fn();
  size_t before = allocations.load();
  for (int k = 0; k < 100; ++k) {
    fn();
  }
  return allocations.load() - before;
}

TEST(AllocationTest, CounterSeesAllocations) {
  EXPECT_GT(AllocationsOf([] { (void)FoldCase("LONGER THAN THE SMALL STRING BUFFER"); }), 0u);
}

TEST(AllocationTest, MatchStringAsciiPathDoesNotAllocate) {
  std::string_view text = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\POWERSHELL.EXE -enc";
  std::string pattern = FoldCase("powershell.exe");
  bool sink = false;
  EXPECT_EQ(AllocationsOf([&] {
              for (StringMatchOp op : {StringMatchOp::kEquals, StringMatchOp::kContains,
                                       StringMatchOp::kStartsWith, StringMatchOp::kEndsWith}) {
                sink ^= MatchString(text, pattern, op, true);
                sink ^= MatchString(text, pattern, op, false);
                sink ^= MatchStringValue(Value::String(text), pattern, op, true);
              }
            }),
            0u);
  (void)sink;
}

TEST(AllocationTest, NonAsciiFoldingReusesItsBuffer) {
  std::string_view text = "ÄRGER IM BÜRO: POWERSHELL.EXE";
  std::string pattern = FoldCase("powershell");
  EXPECT_EQ(
      AllocationsOf([&] { (void)MatchString(text, pattern, StringMatchOp::kContains, true); }), 0u);
}

TEST(AllocationTest, CompareAndSetLookupsDoNotAllocate) {
  auto set = ValueSet::Build({Value::String("cmd.exe"), Value::String("powershell.exe")}, true);
  Value a = Value::String("PowerShell.EXE");
  Value b = Value::String("powershell.exe");
  Value n = Value::String("4624");
  Value i = Value::Int(4624);
  bool sink = false;
  EXPECT_EQ(AllocationsOf([&] {
              sink ^= CompareValues(a, b, CompareOp::kEq, true);
              sink ^= CompareValues(n, i, CompareOp::kEq, false);
              sink ^= set->Contains(a);
            }),
            0u);
  (void)sink;
}

}  // namespace
}  // namespace scry
