#include "rules/sigma/sigma_batch_loader.hpp"

#include <iterator>
#include <limits>

#include "rules/sigma/sigma_loader.hpp"
#include "rules/sigma/yaml_document.hpp"
#include "stdlib/parallel_for.hpp"

namespace scry::sigma {

namespace {

struct FileResult {
  SigmaDocuments documents;
  // Uncapped: the caller's list applies its own cap as results are appended, in file order, as
  // it would have loading the files one by one.
  lang::DiagnosticList diagnostics{std::numeric_limits<size_t>::max()};
};

// LoadSigmaFile through the cache: a cached file's documents are checked as read last time; a
// parsed file's are remembered when reading its YAML gave no diagnostic (then a cached load
// reports exactly what a parsed one does: only the checks' diagnostics).
void LoadCached(const lang::Source& file, SigmaDocuments& documents,
                lang::DiagnosticList& diagnostics, YamlTreeCache& cache) {
  if (auto cached = cache.Find(file)) {
    for (const YamlDocument& document : *cached) {
      LoadSigmaDocument(file, document, documents, diagnostics);
    }
    return;
  }
  size_t before = diagnostics.all().size();
  size_t from_checks = 0;
  bool clean = true;
  std::string encoded;
  std::vector<YamlDocument> read;
  ReadYamlDocuments(file, diagnostics, [&](YamlDocument& document) {
    size_t checks_before = diagnostics.all().size();
    LoadSigmaDocument(file, document, documents, diagnostics);
    from_checks += diagnostics.all().size() - checks_before;
    clean = clean && !document.failed;
    read.push_back(std::move(document));
  });
  if (clean && diagnostics.all().size() - before == from_checks) {
    std::vector<const YamlDocument*> pointers;
    for (const YamlDocument& document : read) {
      pointers.push_back(&document);
    }
    cache.Remember(file, pointers);
  }
}

template <typename T>
void MoveAppend(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void LoadSigmaFiles(const std::vector<const lang::Source*>& files, SigmaDocuments& documents,
                    lang::DiagnosticList& diagnostics, unsigned threads, YamlTreeCache* cache) {
  if (cache == nullptr && (threads == 1 || files.size() <= 1)) {
    for (const lang::Source* file : files) {
      LoadSigmaFile(*file, documents, diagnostics);
    }
    return;
  }
  std::vector<FileResult> results(files.size());
  ParallelFor(files.size(), threads, [&](size_t i) {
    if (cache != nullptr) {
      LoadCached(*files[i], results[i].documents, results[i].diagnostics, *cache);
    } else {
      LoadSigmaFile(*files[i], results[i].documents, results[i].diagnostics);
    }
  });
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
