// LiteralPrefilter: one Hyperscan scan per field per event tells which rules can still match.
//
// Every rule's LiteralRequirement (compiler/plan/literal_requirement.hpp) is a conjunction of
// clauses, each "one of these literals occurs in this field". The literals of all rules are
// grouped by field into one Hyperscan literal database per field, matched ignoring ASCII case.
// For an event, a field is scanned the first time a rule needs it, and each literal found marks
// the clauses it belongs to; a rule is a candidate only if all its clauses are marked, and only
// candidates run their compiled predicate. The predicate decides; the prefilter only ever
// skips rules that cannot match, so results are the same with it on or off.
//
// What is scanned: a string field's text, and for text that is not all ASCII also its case
// folded form (case-insensitive operators compare folded text, which ASCII-only case-blindness
// does not cover); each string of a list. A field holding a number, boolean or object is
// matched by operators through its text form or `==` coercion, so it marks every clause on
// that field. Null marks nothing: no string operator matches null.
//
// The databases are built once and shared by all threads; each thread scans with its own
// PrefilterScan.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/plan/literal_requirement.hpp"
#include "runtime/engine/short_literal_search.hpp"
#include "stdlib/arena.hpp"
#include "stdlib/value.hpp"

namespace scry::runtime {

/// What scanning a record's raw text as `*` needs to know of it.
struct RecordText {
  bool ascii = true;   // all its bytes are ASCII
  bool hides = false;  // an escape may spell a character of a `*` literal: the text proves nothing
};

class LiteralPrefilter {
 public:
  /// `requirements[c]`: what candidate `c` (a rule) needs, or nullopt: it always runs;
  /// `group_of[c]`: its group (RuleIndex): each group's literals of a field get a database of
  /// their own, a "unit". Databases are compiled on every core, or loaded from the object
  /// cache in `cache_dir` ("" for none) where an earlier run stored them. Fails if Hyperscan
  /// rejects a database or this CPU (it needs SSSE3).
  static std::expected<std::unique_ptr<LiteralPrefilter>, std::string> Build(
      const std::vector<std::optional<compiler::LiteralRequirement>>& requirements,
      const std::vector<uint32_t>& group_of, const std::string& cache_dir = "");
  ~LiteralPrefilter();
  LiteralPrefilter(const LiteralPrefilter&) = delete;
  LiteralPrefilter& operator=(const LiteralPrefilter&) = delete;

  size_t candidate_count() const { return candidates_.size(); }
  /// Whether candidate `c` has a requirement at all.
  bool filters(uint32_t c) const { return !candidates_[c].empty(); }
  /// Whether it shows up in PrefilterScan::touched() when its first clause holds. Otherwise
  /// (no requirement, or only short literals) it is a candidate for every event of its source,
  /// to be checked with MayMatch.
  bool triggered(uint32_t c) const {
    return filters(c) && clauses_[candidates_[c].front()].direct.empty();
  }
  size_t literal_count() const { return literal_clause_begin_.size() - 1; }
  /// The units the first (most selective) clause of candidate `c` looks at.
  std::span<const uint32_t> first_clause_units(uint32_t c) const {
    return clauses_[candidates_[c].front()].units;
  }
  /// The field a unit scans: a FieldSlotTable slot, or compiler::kRecordSlot.
  uint32_t unit_field(uint32_t unit) const { return unit_fields_[unit]; }
  size_t database_count() const;
  /// Of those, how many came from the cache.
  size_t databases_loaded() const { return databases_loaded_; }

 private:
  friend class PrefilterScan;
  struct Database;
  // Literals this short are not scanned for: "-" or " /" are in almost every command line, and
  // a scanner pays for each place they occur. A clause with one is tested, after the others
  // held, by searching its fields for its short literals (its others are scanned for as usual).
  static constexpr size_t kDirectBelow = 3;
  struct Clause {
    std::vector<uint32_t> units;   // where its scanned literals are
    std::vector<uint32_t> direct;  // its short literals (direct_literals_)
  };
  // Per clause, what marking it does: kFirstClause | its candidate when it is the candidate's
  // first clause, else 0. Each PrefilterScan copies it beside the clause's epoch, which is all
  // the match callback reads.
  static constexpr uint32_t kFirstClause = 0x8000'0000;
  std::vector<uint32_t> clause_marks_;
  LiteralPrefilter() = default;

  std::vector<std::vector<uint32_t>> candidates_;  // candidate -> its clauses, best first
  std::vector<Clause> clauses_;                    //
  // Literal id -> the clauses it marks: literal_clause_list_[begin[id], begin[id + 1]).
  std::vector<uint32_t> literal_clause_begin_;
  std::vector<uint32_t> literal_clause_list_;
  // The literals tested directly, each once per event however many clauses have it.
  std::vector<compiler::RequiredLiteral> direct_literals_;
  // Those of one or two bytes on an event field, per field: all found in one pass.
  struct ShortField {
    uint32_t slot;
    std::vector<uint32_t> ids;  // direct literal ids, in ShortLiteralSearch order
    ShortLiteralSearch search;
  };
  static constexpr uint32_t kNoShortField = UINT32_MAX;
  std::vector<ShortField> short_fields_;
  std::vector<uint32_t> short_field_of_;  // per direct literal: its ShortField, or kNoShortField
  std::vector<uint32_t> short_index_of_;  // and its index there
  std::vector<uint32_t> unit_fields_;     // per unit: the field it scans
  std::vector<std::unique_ptr<Database>> databases_;  // per unit
  std::vector<std::vector<uint32_t>> unit_clauses_;   // per unit: the clauses with a literal there
  size_t databases_loaded_ = 0;
  std::array<bool, 128> record_chars_{};  // ASCII characters of `*` literals, both cases
  void* scratch_prototype_ = nullptr;     // hs_scratch_t big enough for every database
};

/// One thread's scanning state over a LiteralPrefilter.
class PrefilterScan {
 public:
  explicit PrefilterScan(const LiteralPrefilter& prefilter);
  ~PrefilterScan();
  PrefilterScan(const PrefilterScan&) = delete;
  PrefilterScan& operator=(const PrefilterScan&) = delete;

  /// A new event: `record` its JSON text, `fields` its slots; folded texts go into `arena`.
  /// All must stay valid until the next Begin.
  void Begin(std::string_view record, const Value* fields, Arena& arena);
  /// Scans these units (each once per event).
  void Scan(std::span<const uint32_t> units) {
    for (uint32_t unit : units) {
      EnsureScanned(unit);
    }
  }
  /// The candidates whose first clause the scans so far found, in no particular order: only
  /// these can match among those that have a requirement.
  std::span<const uint32_t> touched() const { return touched_; }
  /// Whether candidate `c` can match this event (scanning the fields it needs, once per event).
  bool MayMatch(uint32_t c);

  /// Time spent scanning each unit (LiteralPrefilter::unit_field), collected from the call
  /// on; for `scry explain --profile`.
  void EnableProfile() { unit_nanoseconds_.assign(unit_epoch_.size(), 0); }
  const std::vector<uint64_t>& unit_nanoseconds() const { return unit_nanoseconds_; }

  /// Makes the next event the `events`-th one since the epochs last started over, so that tests
  /// can reach the point where they start over again (after 2^32 events).
  void SkipEvents(uint32_t events) { epoch_ = events - 1; }

  /// Fields scanned so far (each once per event it was needed in), and their bytes.
  uint64_t scans() const { return scans_; }
  uint64_t bytes_scanned() const { return bytes_; }

 private:
  void EnsureScanned(uint32_t unit);
  void ScanUnit(uint32_t unit);
  void ScanValue(uint32_t unit, const Value& value, int depth);
  void ScanString(uint32_t unit, std::string_view text, bool known_ascii);
  void ScanText(uint32_t unit, std::string_view text);
  void MarkAll(uint32_t unit);
  bool FoundDirectly(std::span<const uint32_t> literals);
  void FindShortLiterals(uint32_t short_field);
  bool SearchShort(const ShortLiteralSearch& search, const Value& value, uint8_t* found, int depth);
  static int OnMatch(unsigned int id, unsigned long long from, unsigned long long to,
                     unsigned int flags, void* context);

  const LiteralPrefilter& prefilter_;
  struct Scratch;
  std::unique_ptr<Scratch> scratch_;
  std::string_view record_;
  uint32_t scanning_unit_ = 0;  // what ScanText is scanning, for the sentinels
  std::string_view scanning_text_;
  std::optional<RecordText> record_text_;  // what ReadRecord found, once per event
  const RecordText& ReadRecord();
  const Value* fields_ = nullptr;
  Arena* arena_ = nullptr;
  // Events are counted in 32 bits: the arrays indexed by clause and literal are read at random
  // for every match, and half the bytes is half the cache misses.
  using Epoch = uint32_t;
  Epoch epoch_ = 0;
  std::vector<Epoch> unit_epoch_;     // the event a unit was last scanned in
  std::vector<Epoch> literal_epoch_;  // the event a literal was last reported in
  struct ClauseState {
    Epoch epoch;    // the event the clause was last marked in
    uint32_t mark;  // LiteralPrefilter::clause_marks_
  };
  std::vector<ClauseState> clauses_;
  std::vector<uint32_t> touched_;
  std::vector<Epoch> direct_epoch_;  // per direct literal: the event its result is from
  std::vector<uint8_t> direct_found_;
  // Per ShortField: the event its literals were last searched in, and what was found.
  std::vector<Epoch> short_epoch_;
  std::vector<std::vector<uint8_t>> short_found_;
  void Mark(uint32_t clause);
  uint64_t scans_ = 0;
  uint64_t bytes_ = 0;
  std::vector<uint64_t> unit_nanoseconds_;
};

}  // namespace scry::runtime
