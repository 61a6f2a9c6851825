#include "cli/repl/line_editor.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <histedit.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "cli/repl/terminal.hpp"

namespace scry::cli::repl {

struct LineEditor::State {
  EditLine* editor = nullptr;
  History* history = nullptr;
  std::string history_path;
  std::string prompt;
  Completer completer;
  FILE* out = nullptr;
  bool interrupted = false;  // the last read was interrupted by a signal (Ctrl-C)
};

namespace {

LineEditor::State* StateOf(EditLine* editor) {
  void* data = nullptr;
  el_get(editor, EL_CLIENTDATA, &data);
  return static_cast<LineEditor::State*>(data);
}

char* Prompt(EditLine* editor) {
  return StateOf(editor)->prompt.data();
}

// Waits for input on stdin; false when Ctrl-C came first. SIGINT is blocked but while ppoll
// waits, so a Ctrl-C pressed at any moment (during a completion, say) is seen, not only one
// that happens to interrupt a read.
bool WaitForInput() {
  sigset_t interrupt;
  sigset_t previous;
  sigemptyset(&interrupt);
  sigaddset(&interrupt, SIGINT);
  pthread_sigmask(SIG_BLOCK, &interrupt, &previous);
  bool ready = false;
  while (!InterruptFlag::flag().load()) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    int n = ppoll(&input, 1, nullptr, &previous);
    if (n > 0 || (n < 0 && errno != EINTR)) {
      ready = true;  // a read error is the read's to report
      break;
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return ready;
}

// Reads one character (UTF-8 decoded) from stdin. libedit's own reader retries a read that a
// signal interrupted, so Ctrl-C would not clear the line until the next key; this one gives up
// at once, and el_gets returns.
int ReadCharacter(EditLine* editor, wchar_t* c) {
  LineEditor::State* state = StateOf(editor);
  unsigned char bytes[4];
  size_t length = 1;
  for (size_t i = 0; i < length; ++i) {
    if (i == 0 && !WaitForInput()) {
      state->interrupted = true;
      return -1;
    }
    ssize_t n = 0;
    do {
      n = read(STDIN_FILENO, &bytes[i], 1);
    } while (n < 0 && errno == EINTR);
    if (n == 0) {
      return 0;
    }
    if (n < 0) {
      return -1;
    }
    if (i == 0) {
      length = bytes[0] < 0x80 ? 1 : bytes[0] >= 0xF0 ? 4 : bytes[0] >= 0xE0 ? 3 : 2;
    }
  }
  uint32_t code = length == 1 ? bytes[0] : bytes[0] & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    code = code << 6 | (bytes[i] & 0x3F);
  }
  *c = static_cast<wchar_t>(code);
  return 1;
}

// Tab: inserts the candidates' common prefix; when that adds nothing and there are several,
// lists them under the line and redraws it.
unsigned char CompleteWord(EditLine* editor, int /*key*/) {
  LineEditor::State* state = StateOf(editor);
  const LineInfo* line = el_line(editor);
  std::string_view before(line->buffer, static_cast<size_t>(line->cursor - line->buffer));
  Completion completion = state->completer(before);
  if (completion.candidates.empty()) {
    return CC_REFRESH_BEEP;
  }
  std::string typed(before.substr(completion.word_start));
  std::string common = CommonPrefix(completion.candidates);
  if (completion.candidates.size() == 1) {
    // A finished word gets its space, unless it is a call or a field path going on.
    if (common.back() != '(' && common.back() != '.') {
      common += ' ';
    }
  }
  if (common.size() > typed.size()) {
    std::string rest = common.substr(typed.size());
    el_insertstr(editor, rest.c_str());
    return CC_REFRESH;
  }
  std::string list = "\n";
  for (const std::string& candidate : completion.candidates) {
    list += candidate + "  ";
  }
  list += "\n";
  std::fputs(list.c_str(), state->out);
  std::fflush(state->out);
  return CC_REDISPLAY;
}

}  // namespace

LineEditor::LineEditor(const char* program, std::string history_path, Completer completer)
    : state_(std::make_unique<State>()) {
  state_->history_path = std::move(history_path);
  state_->completer = std::move(completer);
  state_->out = stdout;
  state_->history = history_init();
  HistEvent event;
  history(state_->history, &event, H_SETSIZE, 1000);
  history(state_->history, &event, H_SETUNIQUE, 1);
  if (!state_->history_path.empty()) {
    history(state_->history, &event, H_LOAD, state_->history_path.c_str());
  }
  state_->editor = el_init(program, stdin, stdout, stderr);
  el_set(state_->editor, EL_CLIENTDATA, state_.get());
  el_set(state_->editor, EL_EDITOR, "emacs");
  // Signals stay ours: Ctrl-C interrupts the read (ReadLine reports it), see repl_loop.cpp.
  el_set(state_->editor, EL_SIGNAL, 0);
  el_set(state_->editor, EL_PROMPT, &Prompt);
  el_set(state_->editor, EL_GETCFN, &ReadCharacter);
  el_set(state_->editor, EL_HIST, history, state_->history);
  // The wide call: the narrow one copies the name and help text and never frees the copies.
  el_wset(state_->editor, EL_ADDFN, L"scry-complete", L"complete a word", &CompleteWord);
  el_set(state_->editor, EL_BIND, "^I", "scry-complete", nullptr);
  el_source(state_->editor, nullptr);  // the user's ~/.editrc
}

LineEditor::~LineEditor() {
  el_end(state_->editor);
  history_end(state_->history);
}

LineEditor::Outcome LineEditor::ReadLine(const std::string& prompt, std::string& line) {
  state_->prompt = prompt;
  int count = 0;
  state_->interrupted = false;
  const char* text = el_gets(state_->editor, &count);
  if (text == nullptr) {
    if (state_->interrupted) {
      el_reset(state_->editor);
      return Outcome::kInterrupted;
    }
    return Outcome::kEnd;
  }
  line.assign(text, static_cast<size_t>(count));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  return Outcome::kLine;
}

void LineEditor::Remember(const std::string& entry) {
  HistEvent event;
  history(state_->history, &event, H_ENTER, entry.c_str());
}

void LineEditor::SaveHistory() {
  if (!state_->history_path.empty()) {
    HistEvent event;
    history(state_->history, &event, H_SAVE, state_->history_path.c_str());
  }
}

}  // namespace scry::cli::repl
