#include "rules/sigma/sigma_batch_loader.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iterator>
#include <limits>
#include <thread>

#include "rules/sigma/sigma_loader.hpp"

namespace scry::sigma {

namespace {

struct FileResult {
  SigmaDocuments documents;
  // Uncapped: the caller's list applies its own cap as results are appended, in file order, as
  // it would have loading the files one by one.
  lang::DiagnosticList diagnostics{std::numeric_limits<size_t>::max()};
};

template <typename T>
void MoveAppend(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void LoadSigmaFiles(const std::vector<const lang::Source*>& files, SigmaDocuments& documents,
                    lang::DiagnosticList& diagnostics, unsigned threads) {
  if (threads == 0) {
    threads = std::thread::hardware_concurrency();
  }
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(files.size())));
  if (threads <= 1) {
    for (const lang::Source* file : files) {
      LoadSigmaFile(*file, documents, diagnostics);
    }
    return;
  }
  std::vector<FileResult> results(files.size());
  std::atomic<size_t> next = 0;
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      LoadSigmaFile(*files[i], results[i].documents, results[i].diagnostics);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread& thread : pool) {
    thread.join();
  }
  for (FileResult& result : results) {
    MoveAppend(documents.rules, result.documents.rules);
    MoveAppend(documents.filters, result.documents.filters);
    MoveAppend(documents.correlations, result.documents.correlations);
    MoveAppend(documents.failed_documents, result.documents.failed_documents);
    documents.failed += result.documents.failed;
    diagnostics.Append(result.diagnostics);
  }
}

}  // namespace scry::sigma
