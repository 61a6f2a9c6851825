// StringSink: an output stream buffer that appends whatever is written to a string, which can
// be changed between writes. A parallel worker's AlertWriter writes through it into the batch
// it is working on, so the writer thread can later put each batch's alerts out in input order.
#pragma once

#include <ios>
#include <streambuf>
#include <string>

namespace scry::runtime {

class StringSink : public std::streambuf {
 public:
  /// Where writes go from now on; nullptr drops them.
  void set_target(std::string* target) { target_ = target; }

 protected:
  // No put area: every write comes straight here, so nothing is held back between batches.
  int_type overflow(int_type c) override {
    if (c != traits_type::eof() && target_ != nullptr) {
      target_->push_back(traits_type::to_char_type(c));
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* data, std::streamsize n) override {
    if (target_ != nullptr) {
      target_->append(data, static_cast<size_t>(n));
    }
    return n;
  }

 private:
  std::string* target_ = nullptr;
};

}  // namespace scry::runtime
