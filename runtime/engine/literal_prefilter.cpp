#include "runtime/engine/literal_prefilter.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <hs/hs.h>

#include "compiler/cache/object_cache.hpp"
#include "stdlib/case_fold.hpp"
#include "stdlib/content_hash.hpp"
#include "stdlib/hex_digit.hpp"
#include "stdlib/parallel_for.hpp"
#include "stdlib/string_match.hpp"

namespace scry::runtime {

namespace {

// Lists nest at most as deep as JSON does; deeper ones mark everything rather than recurse.
constexpr int kMaxListDepth = 64;

// Hyperscan ids of the sentinels of a database, above every literal id.
constexpr unsigned kEscapeSentinel = 0xFFFF'FFF0;  // `\u`: may spell a literal's character
constexpr unsigned kFoldSentinel = 0xFFFF'FFF1;    // reads as ASCII to some matching
// UTF-8 that case-insensitive matching may read as ASCII: what folds to ASCII, and U+017F (long
// s), which regexes fold to "s" and lowercasing does not.
constexpr std::string_view kLongS = "\xC5\xBF";
constexpr std::string_view kFoldSentinels[] = {kFoldsToAscii[0], kFoldsToAscii[1], kLongS};

// The `\\uXXXX` escape whose `u` is at record[at], if the backslashes before it are an odd run
// (an even run is escaped backslashes followed by a plain `u`, as in `C:\\\\users`): whether
// it may spell a character of a `*` literal (`chars`: their ASCII characters, both cases). A
// non-ASCII character may fold to an ASCII one (U+212A KELVIN SIGN is "k"), so any counts.
bool EscapeHidesLiteral(std::string_view record, size_t at, const std::array<bool, 128>& chars) {
  size_t run = 0;
  while (run < at && record[at - 1 - run] == '\\') {
    ++run;
  }
  if (run % 2 == 0) {
    return false;
  }
  unsigned code = 0;
  for (size_t k = at + 1; k < at + 5; ++k) {
    int digit = k < record.size() ? HexDigitValue(record[k]) : -1;
    code = digit >= 0 ? code * 16 + static_cast<unsigned>(digit) : 0x10000;
  }
  return code >= 128 || chars[code];
}

// What checking a short `*` literal directly needs to know of the record (scans learn the same
// from the sentinels of their database instead).
RecordText ReadRecordText(std::string_view record, const std::array<bool, 128>& chars) {
  RecordText text{.ascii = IsAscii(record), .hides = false};
  for (size_t i = record.find("\\u"); i != std::string_view::npos && !text.hides;
       i = record.find("\\u", i + 1)) {
    text.hides = EscapeHidesLiteral(record, i + 1, chars);
  }
  return text;
}

// Whether a field's value may contain `literal` (folded) as the prefilter understands it,
// ignoring ASCII case: strings and lists of them are searched; text that is not all ASCII may
// fold into the literal in ways lowercasing does not see (U+017F is "s" to a regex), so it
// may; null holds nothing; any other value may match through its text.
bool MayContain(const Value& value, std::string_view literal, int depth) {
  switch (value.kind) {
    case ValueKind::kNull:
      return false;
    case ValueKind::kString: {
      if ((value.flags & Value::kAsciiFlag) == 0 && !IsAscii(value.as_string())) {
        return true;
      }
      Value ascii = value;  // known to be ASCII now: the match need not check it again
      ascii.flags |= Value::kAsciiFlag;
      return MatchStringValue(ascii, literal, StringMatchOp::kContains, true);
    }
    case ValueKind::kList:
      if (depth >= kMaxListDepth) {
        return true;
      }
      for (uint32_t i = 0; i < value.len; ++i) {
        if (MayContain(value.items[i], literal, depth + 1)) {
          return true;
        }
      }
      return false;
    default:
      return true;
  }
}

}  // namespace

struct LiteralPrefilter::Database {
  hs_database_t* db = nullptr;
  bool ascii_only = true;  // every literal is ASCII
  ~Database() { hs_free_database(db); }
};

struct PrefilterScan::Scratch {
  hs_scratch_t* scratch = nullptr;
  ~Scratch() { hs_free_scratch(scratch); }
};

LiteralPrefilter::~LiteralPrefilter() {
  hs_free_scratch(static_cast<hs_scratch_t*>(scratch_prototype_));
}

size_t LiteralPrefilter::database_count() const {
  size_t count = 0;
  for (const auto& database : databases_) {
    count += database ? 1 : 0;
  }
  return count;
}

std::expected<std::unique_ptr<LiteralPrefilter>, std::string> LiteralPrefilter::Build(
    const std::vector<std::optional<compiler::LiteralRequirement>>& requirements,
    const std::vector<uint32_t>& group_of, const std::string& cache_dir) {
  if (hs_valid_platform() != HS_SUCCESS) {
    return std::unexpected("Hyperscan needs a CPU with SSSE3");
  }
  std::unique_ptr<LiteralPrefilter> prefilter(new LiteralPrefilter());
  prefilter->candidates_.resize(requirements.size());

  // A unit is a field as one group's rules see it: its database holds only their literals,
  // so a scan for one source's rules reports nothing the rules of another source need.
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> unit_of;  // (group, field) -> unit
  // Literal ids are shared by every clause that has the same text in the same unit.
  std::map<std::pair<uint32_t, std::string>, uint32_t> literal_ids;
  std::map<std::pair<uint32_t, std::string>, size_t> direct_ids;  // (field, text) -> literal
  std::vector<std::vector<std::pair<std::string, uint32_t>>> unit_literals;
  std::vector<std::vector<uint32_t>> literal_clauses;  // literal id -> the clauses it marks
  for (size_t c = 0; c < requirements.size(); ++c) {
    if (!requirements[c]) {
      continue;
    }
    for (const compiler::LiteralClause& literals : requirements[c]->clauses) {
      auto clause = static_cast<uint32_t>(prefilter->clauses_.size());
      prefilter->clauses_.emplace_back();
      bool first = prefilter->candidates_[c].empty();
      prefilter->candidates_[c].push_back(clause);
      for (const compiler::RequiredLiteral& literal : literals) {
        if (literal.slot == compiler::kRecordSlot) {
          for (char ch : literal.text) {
            auto byte = static_cast<unsigned char>(ch);
            if (byte < 128) {
              prefilter->record_chars_[std::tolower(byte)] = true;
              prefilter->record_chars_[std::toupper(byte)] = true;
            }
          }
        }
      }
      bool direct = std::any_of(literals.begin(), literals.end(), [](const auto& literal) {
        return literal.text.size() < kDirectBelow;
      });
      prefilter->clause_marks_.push_back(first && !direct ? kFirstClause | static_cast<uint32_t>(c)
                                                          : 0);
      for (const compiler::RequiredLiteral& literal : literals) {
        if (literal.text.size() < kDirectBelow) {
          // Folded: the search ignores case the way case-insensitive matching does.
          std::string folded = FoldCase(literal.text);
          auto [it, inserted] =
              direct_ids.try_emplace({literal.slot, folded}, prefilter->direct_literals_.size());
          if (inserted) {
            prefilter->direct_literals_.push_back({literal.slot, std::move(folded)});
          }
          prefilter->clauses_[clause].direct.push_back(static_cast<uint32_t>(it->second));
          continue;
        }
        auto [at, new_unit] =
            unit_of.try_emplace({group_of[c], literal.slot}, prefilter->unit_fields_.size());
        uint32_t unit = at->second;
        if (new_unit) {
          prefilter->unit_fields_.push_back(literal.slot);
          prefilter->unit_clauses_.emplace_back();
          unit_literals.emplace_back();
        }
        auto [it, inserted] = literal_ids.try_emplace({unit, literal.text}, literal_clauses.size());
        if (inserted) {
          literal_clauses.emplace_back();
          unit_literals[unit].emplace_back(literal.text, it->second);
        }
        auto& marks = literal_clauses[it->second];
        if (marks.empty() || marks.back() != clause) {
          marks.push_back(clause);
        }
        auto& units = prefilter->clauses_[clause].units;
        if (std::find(units.begin(), units.end(), unit) == units.end()) {
          units.push_back(unit);
          prefilter->unit_clauses_[unit].push_back(clause);
        }
      }
    }
  }
  prefilter->literal_clause_begin_.push_back(0);
  for (const std::vector<uint32_t>& clauses : literal_clauses) {
    prefilter->literal_clause_list_.insert(prefilter->literal_clause_list_.end(), clauses.begin(),
                                           clauses.end());
    prefilter->literal_clause_begin_.push_back(
        static_cast<uint32_t>(prefilter->literal_clause_list_.size()));
  }
  // The short direct literals of each event field, searched together.
  std::map<uint32_t, std::vector<uint32_t>> short_of_slot;
  for (uint32_t id = 0; id < prefilter->direct_literals_.size(); ++id) {
    const compiler::RequiredLiteral& literal = prefilter->direct_literals_[id];
    if (literal.slot != compiler::kRecordSlot && literal.text.size() < kDirectBelow) {
      short_of_slot[literal.slot].push_back(id);
    }
  }
  prefilter->short_field_of_.assign(prefilter->direct_literals_.size(), kNoShortField);
  prefilter->short_index_of_.assign(prefilter->direct_literals_.size(), 0);
  for (auto& [slot, ids] : short_of_slot) {
    std::vector<std::string> texts;
    for (uint32_t id : ids) {
      prefilter->short_field_of_[id] = static_cast<uint32_t>(prefilter->short_fields_.size());
      prefilter->short_index_of_[id] = static_cast<uint32_t>(texts.size());
      texts.push_back(prefilter->direct_literals_[id].text);
    }
    prefilter->short_fields_.push_back({slot, std::move(ids), ShortLiteralSearch(texts)});
  }

  // Compiling the databases is most of a warm start's time: they are compiled on every core
  // and kept in the object cache, keyed by their literals and this Hyperscan and CPU.
  std::unique_ptr<compiler::ObjectCache> cache;
  if (!cache_dir.empty()) {
    if (auto opened = compiler::ObjectCache::Open(std::filesystem::path(cache_dir) / "prefilter")) {
      cache = std::move(*opened);
    }
  }
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::vector<std::string> errors(unit_literals.size());
  std::atomic<size_t> loaded = 0;
  prefilter->databases_.resize(unit_literals.size());
  ParallelFor(unit_literals.size(), 0, [&](size_t unit) {
    const auto& literals = unit_literals[unit];
    auto database = std::make_unique<Database>();
    Hasher key;
    key.Add(std::string_view("scry hyperscan literal database 3"))
        .Add(std::string_view(hs_version()));
    key.Add(uint64_t{platform.tune}).Add(uint64_t{platform.cpu_features});
    std::vector<const char*> texts;
    std::vector<size_t> lengths;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (const auto& [text, id] : literals) {
      texts.push_back(text.data());
      lengths.push_back(text.size());
      // Not HS_FLAG_SINGLEMATCH: a database of thousands of literals is smaller and faster
      // without it; OnMatch ignores a literal's repeated reports instead.
      flags.push_back(HS_FLAG_CASELESS);
      ids.push_back(id);
      database->ascii_only = database->ascii_only && IsAscii(text);
      key.Add(text).Add(uint64_t{id});
    }
    // The sentinels: text that makes a scan prove nothing, found in the same pass instead of
    // by reading the text again. JSON escapes are a lowercase `\u` (every one is reported, to
    // look at the backslashes before it); the UTF-8 that folds to ASCII only matters where
    // every literal is ASCII (else the folded text is scanned too).
    auto add_sentinel = [&](std::string_view text, unsigned id, unsigned flag) {
      texts.push_back(text.data());
      lengths.push_back(text.size());
      flags.push_back(flag);
      ids.push_back(id);
      key.Add(text).Add(uint64_t{id});
    };
    if (prefilter->unit_fields_[unit] == compiler::kRecordSlot) {
      add_sentinel("\\u", kEscapeSentinel, 0);
    }
    if (database->ascii_only) {
      for (std::string_view text : kFoldSentinels) {
        add_sentinel(text, kFoldSentinel, HS_FLAG_SINGLEMATCH);
      }
    }
    ContentHash hash = key.Finish();
    if (cache) {
      compiler::ObjectCache::Entry entry = cache->Load(hash);
      if (!entry.object.empty()
          && hs_deserialize_database(entry.object.data(), entry.object.size(), &database->db)
                 == HS_SUCCESS) {
        ++loaded;
        prefilter->databases_[unit] = std::move(database);
        return;
      }
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(texts.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(texts.size()), HS_MODE_BLOCK, nullptr,
                             &database->db, &error)
        != HS_SUCCESS) {
      errors[unit] = error != nullptr ? error->message : "unknown error";
      hs_free_compile_error(error);
      return;
    }
    if (cache) {
      char* bytes = nullptr;
      size_t length = 0;
      if (hs_serialize_database(database->db, &bytes, &length) == HS_SUCCESS) {
        cache->Store(hash, std::string_view(bytes, length));
        std::free(bytes);
      }
    }
    prefilter->databases_[unit] = std::move(database);
  });
  prefilter->databases_loaded_ = loaded;
  for (const std::string& error : errors) {
    if (!error.empty()) {
      return std::unexpected(fmt::format("Hyperscan: {}", error));
    }
  }
  hs_scratch_t* scratch = nullptr;
  for (const auto& database : prefilter->databases_) {
    if (hs_alloc_scratch(database->db, &scratch) != HS_SUCCESS) {
      hs_free_scratch(scratch);
      return std::unexpected("Hyperscan: cannot allocate scratch space");
    }
  }
  prefilter->scratch_prototype_ = scratch;
  return prefilter;
}

PrefilterScan::PrefilterScan(const LiteralPrefilter& prefilter)
    : prefilter_(prefilter),
      scratch_(std::make_unique<Scratch>()),
      unit_epoch_(prefilter.databases_.size(), 0),
      literal_epoch_(prefilter.literal_count(), 0),
      direct_epoch_(prefilter.direct_literals_.size(), 0),
      direct_found_(prefilter.direct_literals_.size(), 0),
      short_epoch_(prefilter.short_fields_.size(), 0),
      short_found_(prefilter.short_fields_.size()) {
  for (size_t f = 0; f < short_found_.size(); ++f) {
    short_found_[f].resize(prefilter.short_fields_[f].ids.size());
  }
  clauses_.reserve(prefilter.clause_marks_.size());
  for (uint32_t mark : prefilter.clause_marks_) {
    clauses_.push_back({0, mark});
  }
  if (prefilter.scratch_prototype_ != nullptr) {
    hs_clone_scratch(static_cast<const hs_scratch_t*>(prefilter.scratch_prototype_),
                     &scratch_->scratch);
  }
}

PrefilterScan::~PrefilterScan() = default;

void PrefilterScan::Begin(std::string_view record, const Value* fields, Arena& arena) {
  record_ = record;
  record_text_.reset();
  fields_ = fields;
  arena_ = &arena;
  touched_.clear();
  if (++epoch_ == 0) {
    // After four billion events the epochs start over: none of the old ones may look current.
    std::fill(unit_epoch_.begin(), unit_epoch_.end(), 0);
    std::fill(literal_epoch_.begin(), literal_epoch_.end(), 0);
    std::fill(direct_epoch_.begin(), direct_epoch_.end(), 0);
    std::fill(short_epoch_.begin(), short_epoch_.end(), 0);
    for (ClauseState& clause : clauses_) {
      clause.epoch = 0;
    }
    epoch_ = 1;
  }
}

const RecordText& PrefilterScan::ReadRecord() {
  if (!record_text_) {
    record_text_ = ReadRecordText(record_, prefilter_.record_chars_);
  }
  return *record_text_;
}

void PrefilterScan::Mark(uint32_t clause) {
  ClauseState& state = clauses_[clause];
  if (state.epoch == epoch_) {
    return;
  }
  state.epoch = epoch_;
  if ((state.mark & LiteralPrefilter::kFirstClause) != 0) {
    touched_.push_back(state.mark & ~LiteralPrefilter::kFirstClause);
  }
}

bool PrefilterScan::MayMatch(uint32_t c) {
  for (uint32_t clause : prefilter_.candidates_[c]) {
    const LiteralPrefilter::Clause& info = prefilter_.clauses_[clause];
    for (uint32_t unit : info.units) {
      EnsureScanned(unit);
    }
    if (clauses_[clause].epoch != epoch_ && (info.direct.empty() || !FoundDirectly(info.direct))) {
      return false;
    }
  }
  return true;
}

bool PrefilterScan::SearchShort(const ShortLiteralSearch& search, const Value& value,
                                uint8_t* found, int depth) {
  // The same reading of values as MayContain; false: every literal may be there.
  switch (value.kind) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kString:
      if ((value.flags & Value::kAsciiFlag) == 0 && !IsAscii(value.as_string())) {
        return false;
      }
      search.Find(value.as_string(), found);
      return true;
    case ValueKind::kList:
      if (depth >= kMaxListDepth) {
        return false;
      }
      for (uint32_t i = 0; i < value.len; ++i) {
        if (!SearchShort(search, value.items[i], found, depth + 1)) {
          return false;
        }
      }
      return true;
    default:
      return false;
  }
}

void PrefilterScan::FindShortLiterals(uint32_t short_field) {
  const LiteralPrefilter::ShortField& field = prefilter_.short_fields_[short_field];
  std::vector<uint8_t>& found = short_found_[short_field];
  std::fill(found.begin(), found.end(), 0);
  if (!SearchShort(field.search, fields_[field.slot], found.data(), 0)) {
    std::fill(found.begin(), found.end(), 1);
  }
  short_epoch_[short_field] = epoch_;
}

bool PrefilterScan::FoundDirectly(std::span<const uint32_t> literals) {
  for (uint32_t id : literals) {
    if (uint32_t field = prefilter_.short_field_of_[id]; field != LiteralPrefilter::kNoShortField) {
      if (short_epoch_[field] != epoch_) {
        FindShortLiterals(field);
      }
      if (short_found_[field][prefilter_.short_index_of_[id]] != 0) {
        return true;
      }
      continue;
    }
    if (direct_epoch_[id] != epoch_) {
      const compiler::RequiredLiteral& literal = prefilter_.direct_literals_[id];
      bool found;
      if (literal.slot == compiler::kRecordSlot) {
        const RecordText& text = ReadRecord();
        Value record = Value::String(record_);
        record.flags |= Value::kAsciiFlag;  // (when it is: else it may hold anything)
        found = !text.ascii || text.hides
                || MatchStringValue(record, literal.text, StringMatchOp::kContains, true);
      } else {
        found = MayContain(fields_[literal.slot], literal.text, 0);
      }
      direct_epoch_[id] = epoch_;
      direct_found_[id] = found ? 1 : 0;
    }
    if (direct_found_[id] != 0) {
      return true;
    }
  }
  return false;
}

void PrefilterScan::EnsureScanned(uint32_t unit) {
  if (unit_epoch_[unit] == epoch_) {
    return;
  }
  unit_epoch_[unit] = epoch_;
  if (unit_nanoseconds_.empty()) {
    ScanUnit(unit);
    return;
  }
  auto start = std::chrono::steady_clock::now();
  ScanUnit(unit);
  unit_nanoseconds_[unit] += static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
}

void PrefilterScan::ScanUnit(uint32_t unit) {
  uint32_t field = prefilter_.unit_fields_[unit];
  if (field == compiler::kRecordSlot) {
    // Values of `*` are the record's strings unescaped: where JSON spells a character
    // differently (\u0041 for A) the escape sentinel finds it and marks everything.
    ScanString(unit, record_, false);
    return;
  }
  ScanValue(unit, fields_[field], 0);
}

void PrefilterScan::ScanString(uint32_t unit, std::string_view text, bool known_ascii) {
  ScanText(unit, text);
  if (prefilter_.databases_[unit]->ascii_only || known_ascii || IsAscii(text)) {
    // ASCII literals are found in the folded text only where they are in the text itself,
    // unless folding made ASCII out of something else: the fold sentinels saw to that.
    return;
  }
  if (text.contains(kLongS)) {
    MarkAll(unit);
    return;
  }
  std::string_view folded = FoldCase(text, *arena_);
  if (folded != text) {
    ScanText(unit, folded);
  }
}

void PrefilterScan::ScanValue(uint32_t unit, const Value& value, int depth) {
  switch (value.kind) {
    case ValueKind::kNull:
      return;
    case ValueKind::kString:
      ScanString(unit, value.as_string(), (value.flags & Value::kAsciiFlag) != 0);
      return;
    case ValueKind::kList:
      if (depth < kMaxListDepth) {
        for (uint32_t i = 0; i < value.len; ++i) {
          ScanValue(unit, value.items[i], depth + 1);
        }
        return;
      }
      MarkAll(unit);
      return;
    default:
      MarkAll(unit);
      return;
  }
}

void PrefilterScan::ScanText(uint32_t unit, std::string_view text) {
  ++scans_;
  bytes_ += text.size();
  scanning_unit_ = unit;
  scanning_text_ = text;
  hs_scan(prefilter_.databases_[unit]->db, text.data(), static_cast<unsigned>(text.size()), 0,
          scratch_->scratch, &PrefilterScan::OnMatch, this);
}

void PrefilterScan::MarkAll(uint32_t unit) {
  for (uint32_t clause : prefilter_.unit_clauses_[unit]) {
    Mark(clause);
  }
}

int PrefilterScan::OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
                           unsigned int /*flags*/, void* context) {
  auto* scan = static_cast<PrefilterScan*>(context);
  if (id >= kEscapeSentinel) {
    if (id == kEscapeSentinel
        && !EscapeHidesLiteral(scan->scanning_text_, static_cast<size_t>(to) - 1,
                               scan->prefilter_.record_chars_)) {
      return 0;
    }
    scan->MarkAll(scan->scanning_unit_);
    return 1;  // every clause is marked: the rest of the text can tell nothing more
  }
  if (scan->literal_epoch_[id] == scan->epoch_) {
    return 0;
  }
  scan->literal_epoch_[id] = scan->epoch_;
  const LiteralPrefilter& prefilter = scan->prefilter_;
  for (uint32_t i = prefilter.literal_clause_begin_[id];
       i < prefilter.literal_clause_begin_[id + 1]; ++i) {
    scan->Mark(prefilter.literal_clause_list_[i]);
  }
  return 0;
}

}  // namespace scry::runtime
