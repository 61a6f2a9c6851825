#include "rules/sigma/sigma_model.hpp"

namespace scry::sigma {

std::string LogSource::Describe() const {
  std::string out;
  auto add = [&](const char* key, const std::optional<std::string>& value) {
    if (value) {
      out += (out.empty() ? "" : " ") + std::string(key) + "=" + *value;
    }
  };
  add("product", product);
  add("category", category);
  add("service", service);
  return out.empty() ? "(empty)" : out;
}

std::string_view CorrelationTypeName(CorrelationType type) {
  switch (type) {
    case CorrelationType::kEventCount:
      return "event_count";
    case CorrelationType::kValueCount:
      return "value_count";
    case CorrelationType::kTemporal:
      return "temporal";
    case CorrelationType::kTemporalOrdered:
      return "temporal_ordered";
    case CorrelationType::kValueSum:
      return "value_sum";
    case CorrelationType::kValueAvg:
      return "value_avg";
    case CorrelationType::kValuePercentile:
      return "value_percentile";
    case CorrelationType::kValueMedian:
      return "value_median";
  }
  return "";
}

}  // namespace scry::sigma
