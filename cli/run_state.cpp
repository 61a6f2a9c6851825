#include "cli/run_state.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace scry::cli {

namespace {

// The alert ids in `path` after byte `from`; the file is cut back to its last complete line (a
// killed run may have left half a line).
std::expected<void, std::string> AlertsAfter(const std::string& path, uint64_t from,
                                             std::unordered_map<std::string, uint32_t>& ids) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return {};
  }
  uint64_t size = std::filesystem::file_size(path, error);
  if (error || size < from) {
    return std::unexpected(
        fmt::format("{} is shorter than when the state was saved: it is not "
                    "the alert file of this run",
                    path));
  }
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  std::string line;
  uint64_t complete = from;
  const std::string key = "{\"alert_id\":\"";
  while (std::getline(in, line)) {
    if (in.eof()) {
      break;  // no newline: an unfinished line
    }
    complete += line.size() + 1;
    if (line.starts_with(key)) {
      ++ids[line.substr(key.size(), line.find('"', key.size()) - key.size())];
    }
  }
  if (complete < size) {
    std::filesystem::resize_file(path, complete, error);
    if (error) {
      return std::unexpected(fmt::format("cannot cut {} back: {}", path, error.message()));
    }
  }
  return {};
}

int64_t Counter(const runtime::Checkpoint& checkpoint, const char* name) {
  auto it = checkpoint.counters.find(name);
  return it == checkpoint.counters.end() ? 0 : std::stoll(it->second);
}

}  // namespace

std::expected<std::unique_ptr<RunState>, std::string> RunState::Open(
    const std::string& dir, const std::vector<std::string>& inputs, const std::string& output,
    runtime::CorrelationEngine* correlations) {
  auto state = std::make_unique<RunState>();
  state->inputs_ = inputs;
  state->correlations_ = correlations;
  std::vector<std::string> names;
  if (correlations != nullptr) {
    names = correlations->StateNames();
    correlations->TrackChanges();
  }
  names.emplace_back(runtime::CorrelationEngine::kPendingState);
  auto store = runtime::StateStore::Open(dir, names);
  if (!store) {
    return std::unexpected(store.error());
  }
  state->store_ = std::move(*store);
  for (const std::string& name : names) {
    state->ids_.push_back(*state->store_->Find(name));
  }
  const auto& checkpoint = state->store_->LastCheckpoint();
  if (!checkpoint) {
    return state;
  }
  // The inputs must be the same ones, in the same order, as far as the checkpoint got.
  const auto& done = checkpoint->inputs;
  if (done.empty() || done.size() > inputs.size()) {
    return std::unexpected(
        fmt::format("the state in {} was saved for other inputs; use another "
                    "--state directory for these",
                    dir));
  }
  for (size_t i = 0; i < done.size(); ++i) {
    if (done[i].input != inputs[i]) {
      return std::unexpected(
          fmt::format("the state in {} was saved for input '{}' where this run "
                      "has '{}'; use another --state directory",
                      dir, done[i].input, inputs[i]));
    }
  }
  state->finished_.assign(done.begin(), done.end() - 1);
  state->start_ = {done.size() - 1, {done.back().offset, done.back().line}};
  state->events_before_ = checkpoint->events;
  state->resumed_ = true;
  if (correlations != nullptr) {
    if (auto restored = correlations->RestoreState(*state->store_, state->ids_, *checkpoint);
        !restored) {
      return std::unexpected(fmt::format("{}: {}", dir, restored.error()));
    }
  }
  if (!output.empty()) {
    auto from = static_cast<uint64_t>(Counter(*checkpoint, "output_bytes"));
    if (auto read = AlertsAfter(output, from, state->written_); !read) {
      return std::unexpected(read.error());
    }
  }
  return state;
}

std::expected<void, std::string> RunState::Commit(const runtime::EventPump& pump, uint64_t events,
                                                  std::ostream* output) {
  runtime::Checkpoint checkpoint;
  runtime::PumpPosition position = pump.position();
  while (finished_.size() < position.input) {
    // An input read to its end since the last checkpoint; its exact end is not needed again.
    finished_.push_back({inputs_[finished_.size()], 0, 0});
  }
  checkpoint.inputs = finished_;
  checkpoint.inputs.push_back(
      {inputs_[position.input], position.position.offset, position.position.line});
  checkpoint.events = events;
  if (output != nullptr) {
    output->flush();
    if (!*output) {
      return std::unexpected("cannot write alerts");
    }
    checkpoint.counters["output_bytes"] = std::to_string(static_cast<int64_t>(output->tellp()));
  }
  runtime::StateBatch batch(*store_);
  if (correlations_ != nullptr) {
    correlations_->SaveState(batch, ids_, checkpoint);
  }
  ++commits_;
  return store_->Commit(batch, checkpoint);
}

}  // namespace scry::cli
