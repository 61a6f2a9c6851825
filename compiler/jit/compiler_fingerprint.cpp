#include "compiler/jit/compiler_fingerprint.hpp"

#include <fmt/format.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>

namespace scry::compiler {

CompilerFingerprint MakeCompilerFingerprint(const llvm::orc::JITTargetMachineBuilder& target,
                                            int optimization_level) {
  CompilerFingerprint fingerprint;
  fingerprint.text =
      fmt::format("scry {} code format {} sources {} LLVM {} target {} cpu {} features {} opt {}",
                  SCRY_VERSION, kCodeFormatVersion, CodeGeneratorSourceHash(), LLVM_VERSION_STRING,
                  target.getTargetTriple().str(), target.getCPU(), target.getFeatures().getString(),
                  optimization_level);
  fingerprint.hash = HashBytes(fingerprint.text);
  return fingerprint;
}

}  // namespace scry::compiler
