// The prelude: the log-source declarations shipped in rules/sources/, compiled into the binary
// and added to every compilation, so rules can say `from windows.process_creation` anywhere.
#pragma once

#include <span>

namespace scry::rules {

struct PreludeFile {
  const char* name;  // "<prelude>/rules/sources/windows.scry"
  const char* text;
};

std::span<const PreludeFile> PreludeFiles();

}  // namespace scry::rules
