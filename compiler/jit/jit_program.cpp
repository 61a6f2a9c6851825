#include "compiler/jit/jit_program.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>

#include "compiler/cache/object_cache.hpp"
#include "compiler/codegen/partition_frame.hpp"
#include "compiler/jit/compiler_fingerprint.hpp"
#include "compiler/jit/partition_compiler.hpp"
#include "compiler/jit/partitioner.hpp"
#include "stdlib/native_abi.hpp"
#include "stdlib/parallel_for.hpp"
#include "stdlib/value_compare.hpp"

namespace scry::compiler {

namespace {

using NativePredicate = bool (*)(const Value* fields, const Value* columns,
                                 const PartitionFrame* frame, EvalContext* ctx);
using NativeValueFunction = void (*)(const Value* fields, const Value* columns,
                                     const PartitionFrame* frame, EvalContext* ctx, Value* out);

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::string ErrorText(llvm::Error error) {
  return llvm::toString(std::move(error));
}

void InitializeLlvmOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

// A partition's frame and the storage it points into: copies of its constants (which point
// into the plan's pool), its objects and its field slots, by local number.
struct FrameStorage {
  std::vector<Value> values;
  std::vector<const void*> objects;
  std::vector<uint64_t> field_slots;
  PartitionFrame frame;
};

std::unique_ptr<FrameStorage> MakeFrame(Plan& plan, const CodeLayout& layout) {
  auto storage = std::make_unique<FrameStorage>();
  const ProgramConstants* pool = plan.constants.abi();
  for (uint32_t value : layout.values()) {
    storage->values.push_back(pool->values[value]);
  }
  for (uint32_t object : layout.objects()) {
    storage->objects.push_back(pool->objects[object]);
  }
  storage->field_slots.assign(layout.fields().begin(), layout.fields().end());
  storage->frame = {storage->values.data(), storage->objects.data(), storage->field_slots.data()};
  return storage;
}

class JitProgram final : public ExpressionProgram {
 public:
  struct Function {
    NativePredicate predicate = nullptr;
    NativeValueFunction value = nullptr;
    const PartitionFrame* frame = nullptr;
  };

  JitProgram(std::unique_ptr<llvm::orc::LLJIT> jit,
             std::vector<std::unique_ptr<FrameStorage>> frames, std::vector<Function> functions)
      : jit_(std::move(jit)), frames_(std::move(frames)), functions_(std::move(functions)) {}

  bool Test(ExprIndex expr, const RowView& row, EvalContext& ctx) const override {
    const Function& f = functions_[expr];
    if (f.predicate != nullptr) {
      return f.predicate(row.fields, row.columns, f.frame, &ctx);
    }
    Value value;
    f.value(row.fields, row.columns, f.frame, &ctx, &value);
    return IsTruthy(value);
  }

  void Evaluate(ExprIndex expr, const RowView& row, EvalContext& ctx, Value* out) const override {
    const Function& f = functions_[expr];
    if (f.value != nullptr) {
      f.value(row.fields, row.columns, f.frame, &ctx, out);
      return;
    }
    *out = Value::Bool(f.predicate(row.fields, row.columns, f.frame, &ctx));
  }

 private:
  std::unique_ptr<llvm::orc::LLJIT> jit_;  // owns the code the pointers below point into
  std::vector<std::unique_ptr<FrameStorage>> frames_;
  std::vector<Function> functions_;
};

// One object to produce: the first partition with its key stands for all that share it.
struct ObjectJob {
  const Partition* partition;
  std::string object;
  std::string ir;
};

// Fills every job's object from the cache or by compiling it, on `threads` threads.
std::expected<void, std::string> ProduceObjects(const Plan& plan, std::vector<ObjectJob>& jobs,
                                                ObjectCache* cache, bool read_cache,
                                                const llvm::orc::JITTargetMachineBuilder& target,
                                                const JitOptions& options, JitTimings& timings) {
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(jobs.size())));
  std::atomic<size_t> next = 0;
  std::mutex mutex;  // guards timings and error
  std::string error;
  auto work = [&] {
    std::unique_ptr<PartitionCompiler> compiler;  // made on the first miss
    JitTimings own;
    for (size_t i = next++; i < jobs.size(); i = next++) {
      ObjectJob& job = jobs[i];
      if (cache != nullptr && read_cache) {
        ObjectCache::Entry entry = cache->Load(job.partition->key);
        own.corrupt += entry.corrupt ? 1 : 0;
        if (!entry.object.empty()) {
          job.object = std::move(entry.object);
          ++own.loaded;
          continue;
        }
      }
      if (compiler == nullptr) {
        auto created = PartitionCompiler::Create(target, options.optimization_level);
        if (!created) {
          std::lock_guard lock(mutex);
          error = created.error();
          return;
        }
        compiler = std::move(*created);
      }
      auto compiled = compiler->Compile(plan, *job.partition, options.keep_ir);
      if (!compiled) {
        std::lock_guard lock(mutex);
        error = compiled.error();
        return;
      }
      ++own.compiled;
      own.codegen_ms += compiled->codegen_ms;
      own.optimize_ms += compiled->optimize_ms;
      own.compile_ms += compiled->machine_code_ms;
      if (cache != nullptr) {
        cache->Store(job.partition->key, compiled->object);
      }
      job.object = std::move(compiled->object);
      job.ir = std::move(compiled->ir);
    }
    std::lock_guard lock(mutex);
    timings.codegen_ms += own.codegen_ms;
    timings.optimize_ms += own.optimize_ms;
    timings.compile_ms += own.compile_ms;
    timings.compiled += own.compiled;
    timings.loaded += own.loaded;
    timings.corrupt += own.corrupt;
  };
  RunOnThreads(threads, work);
  if (!error.empty()) {
    return std::unexpected(error);
  }
  return {};
}

// CompileToNative, reading cached objects or (read_cache false) compiling all, then storing.
std::expected<JitResult, std::string> Compile(Plan& plan, const JitOptions& options,
                                              bool read_cache) {
  auto total_start = std::chrono::steady_clock::now();
  InitializeLlvmOnce();
  JitResult result;
  JitTimings& timings = result.timings;

  auto target = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!target) {
    return std::unexpected("cannot detect the host machine: " + ErrorText(target.takeError()));
  }
  // Below O2, FastISel (CodeGenOpt::None) turns IR into machine code several times faster than
  // SelectionDAG; rule code is mostly calls and branches, which it handles as well.
  target->setCodeGenOptLevel(options.optimization_level >= 2 ? llvm::CodeGenOpt::Default
                                                             : llvm::CodeGenOpt::None);

  auto start = std::chrono::steady_clock::now();
  CompilerFingerprint fingerprint = MakeCompilerFingerprint(*target, options.optimization_level);
  PartitionOptions partition_options;
  partition_options.average_size = options.partition_size;
  partition_options.max_size = options.partition_size * 4;
  std::vector<Partition> partitions = PartitionPlan(plan, fingerprint.hash, partition_options);
  // Partitions with equal keys have equal code: one object serves them all.
  std::map<std::pair<uint64_t, uint64_t>, size_t> job_of_key;
  std::vector<ObjectJob> jobs;
  for (const Partition& partition : partitions) {
    bool added =
        job_of_key.try_emplace({partition.key.high, partition.key.low}, jobs.size()).second;
    if (added) {
      jobs.push_back({&partition, {}, {}});
    }
  }
  timings.partitions = partitions.size();
  timings.objects = jobs.size();
  timings.key_ms = MillisecondsSince(start);

  std::unique_ptr<ObjectCache> cache;
  if (!options.cache_dir.empty() && !options.keep_ir) {
    auto opened = ObjectCache::Open(std::filesystem::path(options.cache_dir) / "objects");
    if (opened) {
      cache = std::move(*opened);
    } else {
      result.warnings.push_back("object cache not used: " + opened.error());
    }
  }
  start = std::chrono::steady_clock::now();
  if (auto produced =
          ProduceObjects(plan, jobs, cache.get(), read_cache, *target, options, timings);
      !produced) {
    return std::unexpected(produced.error());
  }
  timings.objects_ms = MillisecondsSince(start);
  for (const ObjectJob& job : jobs) {
    result.ir += job.ir;
  }

  start = std::chrono::steady_clock::now();
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*target)).create();
  if (!jit) {
    return std::unexpected("cannot start the JIT: " + ErrorText(jit.takeError()));
  }
  llvm::orc::SymbolMap symbols;
  for (const NativeSymbol& symbol : NativeSymbols()) {
    symbols[(*jit)->mangleAndIntern(symbol.name)] =
        llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(symbol.address),
                                 llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  }
  llvm::orc::JITDylib& dylib = (*jit)->getMainJITDylib();
  if (auto error = dylib.define(llvm::orc::absoluteSymbols(symbols))) {
    return std::unexpected("cannot register runtime symbols: " + ErrorText(std::move(error)));
  }
  for (ObjectJob& job : jobs) {
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(job.object, job.partition->key.Hex());
    if (auto error = (*jit)->addObjectFile(std::move(buffer))) {
      return std::unexpected("cannot add an object: " + ErrorText(std::move(error)));
    }
    job.object.clear();
    job.object.shrink_to_fit();
  }
  // One lookup for every function: the objects are linked in one pass.
  llvm::orc::SymbolLookupSet wanted;
  std::vector<llvm::orc::SymbolStringPtr> names(plan.expressions.size());
  for (size_t p = 0; p < partitions.size(); ++p) {
    const Partition& partition = partitions[p];
    for (size_t k = 0; k < partition.expressions.size(); ++k) {
      names[partition.expressions[k]] =
          (*jit)->mangleAndIntern(PartitionFunctionName(partition.key, k));
    }
  }
  for (const auto& name : names) {
    wanted.add(name, llvm::orc::SymbolLookupFlags::RequiredSymbol);
  }
  wanted.removeDuplicates();
  auto found = (*jit)->getExecutionSession().lookup(llvm::orc::makeJITDylibSearchOrder(&dylib),
                                                    std::move(wanted));
  if (!found) {
    return std::unexpected("cannot link the compiled code: " + ErrorText(found.takeError()));
  }
  std::vector<std::unique_ptr<FrameStorage>> frames;
  std::vector<JitProgram::Function> functions(plan.expressions.size());
  for (const Partition& partition : partitions) {
    frames.push_back(MakeFrame(plan, partition.layout));
    for (ExprIndex i : partition.expressions) {
      auto address = found->find(names[i]);
      if (address == found->end()) {
        return std::unexpected("cannot find compiled function " + (*names[i]).str());
      }
      void* pointer = llvm::jitTargetAddressToPointer<void*>(address->second.getAddress());
      JitProgram::Function& function = functions[i];
      function.frame = &frames.back()->frame;
      if (plan.is_condition[i]) {
        function.predicate = reinterpret_cast<NativePredicate>(pointer);
      } else {
        function.value = reinterpret_cast<NativeValueFunction>(pointer);
      }
    }
  }
  timings.link_ms = MillisecondsSince(start);
  timings.total_ms = MillisecondsSince(total_start);
  result.program =
      std::make_unique<JitProgram>(std::move(*jit), std::move(frames), std::move(functions));
  return result;
}

}  // namespace

std::expected<JitResult, std::string> CompileToNative(Plan& plan, const JitOptions& options) {
  auto result = Compile(plan, options, true);
  if (!result && !options.cache_dir.empty() && !options.keep_ir) {
    // Cached objects that do not link (which their keys should rule out) must not stop a
    // start: compile everything afresh, replacing the entries.
    auto fresh = Compile(plan, options, false);
    if (fresh) {
      fresh->warnings.push_back("cached code could not be used (" + result.error()
                                + "); compiled it again");
    }
    return fresh;
  }
  return result;
}

}  // namespace scry::compiler
