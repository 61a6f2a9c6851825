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

}  // namespace scry::sigma
