#include "runtime/operators/aggregate_state.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "stdlib/number_parsing.hpp"
#include "stdlib/value_compare.hpp"
#include "stdlib/value_copy.hpp"

namespace scry::runtime {

using compiler::AggregateKind;

namespace {

struct ValueHash {
  size_t operator()(const Value& v) const { return HashValue(v); }
};
struct ValueEqual {
  bool operator()(const Value& a, const Value& b) const { return ValuesIdentical(a, b); }
};

}  // namespace

struct AggregateState::DistinctSet {
  std::unordered_set<Value, ValueHash, ValueEqual> seen;
  std::vector<Value> in_order;  // values(): first-seen order, deterministic output
};

AggregateState::AggregateState(AggregateKind kind, double percentile)
    : kind_(kind), percentile_(kind == AggregateKind::kMedian ? 50 : percentile) {
  if (kind == AggregateKind::kDcount || kind == AggregateKind::kValues) {
    distinct_ = std::make_unique<DistinctSet>();
  }
}
AggregateState::~AggregateState() = default;
AggregateState::AggregateState(AggregateState&&) noexcept = default;
AggregateState& AggregateState::operator=(AggregateState&&) noexcept = default;

namespace {

// Numbers in strings count as numbers, as comparisons coerce them; anything else gives null.
Value AsNumber(const Value& value) {
  if (value.kind != ValueKind::kString) {
    return value;
  }
  return ParseNumber(value.as_string()).value_or(Value::Null());
}

}  // namespace

void AggregateState::AddNumber(const Value& value) {
  Value number = AsNumber(value);
  switch (number.kind) {
    case ValueKind::kInt:
    case ValueKind::kDuration: {
      int64_t sum = 0;
      if (__builtin_add_overflow(int_sum_, number.i, &sum)) {
        // Past int64 the sum carries on in floating point rather than wrapping. (The builtin
        // stores the wrapped sum, so the float total is made from the operands.)
        float_sum_ += static_cast<double>(int_sum_) + static_cast<double>(number.i);
        int_sum_ = 0;
        saw_float_ = true;
      } else {
        int_sum_ = sum;
      }
      saw_duration_ = saw_duration_ || number.kind == ValueKind::kDuration;
      break;
    }
    case ValueKind::kFloat:
      float_sum_ += number.f;
      saw_float_ = true;
      break;
    default:
      return;
  }
  ++numeric_count_;
}

void AggregateState::Add(const Value& value, bool has_argument, Arena& arena) {
  switch (kind_) {
    case AggregateKind::kCount:
      if (!has_argument || !value.is_null()) {
        ++count_;
      }
      return;
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
      AddNumber(value);
      return;
    case AggregateKind::kMin:
    case AggregateKind::kMax: {
      if (value.is_null()) {
        return;
      }
      int order = extreme_.is_null() ? 0 : OrderValues(value, extreme_);
      bool better = extreme_.is_null() || (kind_ == AggregateKind::kMin ? order < 0 : order > 0);
      if (better) {
        extreme_ = CopyValue(value, arena);
      }
      return;
    }
    case AggregateKind::kPercentile:
    case AggregateKind::kMedian: {
      Value number = AsNumber(value);
      if (number.kind == ValueKind::kInt) {
        numbers_.push_back(static_cast<double>(number.i));
      } else if (number.kind == ValueKind::kFloat) {
        numbers_.push_back(number.f);
      }
      return;
    }
    case AggregateKind::kFirst:
    case AggregateKind::kLast:
      if (!value.is_null() && (!has_chosen_ || kind_ == AggregateKind::kLast)) {
        chosen_ = CopyValue(value, arena);
        has_chosen_ = true;
      }
      return;
    case AggregateKind::kDcount:
    case AggregateKind::kValues: {
      if (value.is_null()) {
        return;
      }
      // A list argument contributes its elements, so values(x) over list fields stays flat.
      auto add_one = [&](const Value& item) {
        if (item.is_null() || distinct_->seen.contains(item)) {
          return;
        }
        if (kind_ == AggregateKind::kValues && distinct_->in_order.size() >= kMaxListedValues) {
          return;
        }
        Value copy = CopyValue(item, arena);
        distinct_->seen.insert(copy);
        distinct_->in_order.push_back(copy);
      };
      if (value.kind == ValueKind::kList) {
        for (uint32_t i = 0; i < value.len; ++i) {
          add_one(value.items[i]);
        }
      } else {
        add_one(value);
      }
      return;
    }
  }
}

bool AggregateState::Mergeable(AggregateKind kind) {
  switch (kind) {
    case AggregateKind::kCount:
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
    case AggregateKind::kMin:
    case AggregateKind::kMax:
    case AggregateKind::kDcount:
      return true;
    default:
      return false;
  }
}

void AggregateState::Merge(const AggregateState& other, Arena& arena) {
  switch (kind_) {
    case AggregateKind::kCount:
      count_ += other.count_;
      return;
    case AggregateKind::kSum:
    case AggregateKind::kAvg: {
      int64_t sum = 0;
      if (__builtin_add_overflow(int_sum_, other.int_sum_, &sum)) {
        float_sum_ += static_cast<double>(int_sum_) + static_cast<double>(other.int_sum_);
        int_sum_ = 0;
        saw_float_ = true;
      } else {
        int_sum_ = sum;
      }
      float_sum_ += other.float_sum_;
      saw_float_ = saw_float_ || other.saw_float_;
      saw_duration_ = saw_duration_ || other.saw_duration_;
      numeric_count_ += other.numeric_count_;
      return;
    }
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      if (!other.extreme_.is_null()) {
        Add(other.extreme_, true, arena);
      }
      return;
    case AggregateKind::kDcount:
      for (const Value& value : other.distinct_->in_order) {
        Add(value, true, arena);
      }
      return;
    default:
      return;  // not Mergeable: the caller never merges these
  }
}

Value AggregateState::Result(Arena& arena) const {
  switch (kind_) {
    case AggregateKind::kCount:
      return Value::Int(count_);
    case AggregateKind::kSum:
      if (numeric_count_ == 0) {
        return Value::Null();
      }
      if (saw_duration_ && !saw_float_) {
        return Value::Duration(int_sum_);
      }
      return saw_float_ ? Value::Float(float_sum_ + static_cast<double>(int_sum_))
                        : Value::Int(int_sum_);
    case AggregateKind::kAvg: {
      if (numeric_count_ == 0) {
        return Value::Null();
      }
      double total = float_sum_ + static_cast<double>(int_sum_);
      if (saw_duration_ && !saw_float_) {
        return Value::Duration(int_sum_ / numeric_count_);
      }
      return Value::Float(total / static_cast<double>(numeric_count_));
    }
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      return extreme_;
    case AggregateKind::kDcount:
      return Value::Int(static_cast<int64_t>(distinct_->seen.size()));
    case AggregateKind::kPercentile:
    case AggregateKind::kMedian: {
      if (numbers_.empty()) {
        return Value::Null();
      }
      // Nearest rank: the smallest value with at least P% of the values at or below it.
      std::vector<double> sorted = numbers_;
      std::sort(sorted.begin(), sorted.end());
      auto rank = static_cast<size_t>(std::ceil(percentile_ / 100.0 * sorted.size()));
      double result = sorted[rank == 0 ? 0 : rank - 1];
      if (result == std::floor(result) && std::abs(result) < 9e15) {
        return Value::Int(static_cast<int64_t>(result));
      }
      return Value::Float(result);
    }
    case AggregateKind::kFirst:
    case AggregateKind::kLast:
      return chosen_;
    case AggregateKind::kValues: {
      auto n = static_cast<uint32_t>(distinct_->in_order.size());
      Value* items = arena.AllocateArray<Value>(n);
      std::copy(distinct_->in_order.begin(), distinct_->in_order.end(), items);
      return Value::List(items, n);
    }
  }
  return Value::Null();
}

}  // namespace scry::runtime
