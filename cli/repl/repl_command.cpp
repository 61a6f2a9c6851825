// `scry repl [--input PATH|GLOB...] [--rules PATH...]`: reads entries (queries, `:commands`)
// and hands them to a Session. On a terminal through the line editor, with a prompt, history
// and completion; otherwise line by line from stdin, so a script of queries runs the same way.
#include <clocale>
#include <iostream>
#include <string>

#include <unistd.h>

#include "cli/command_support.hpp"
#include "cli/repl/input_continuation.hpp"
#include "cli/repl/line_editor.hpp"
#include "cli/repl/repl_session.hpp"
#include "cli/repl/stdin_spool.hpp"
#include "cli/repl/terminal.hpp"

namespace scry::cli {

namespace {

constexpr const char* kPrompt = "scry> ";
constexpr const char* kMorePrompt = "  ... ";

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  return home != nullptr && *home != '\0' ? std::string(home) + "/.scry_history" : "";
}

// libedit edits wide characters and converts lines back with the C library, which in the "C"
// locale cannot spell anything but ASCII: a UTF-8 locale lets `where User == "Jürgen"` through.
void UseUtf8Characters() {
  const char* locale = std::setlocale(LC_CTYPE, "");
  if (locale == nullptr || std::string_view(locale).find("UTF-8") == std::string_view::npos) {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
}

int Interactive(repl::Session& session) {
  repl::InterruptFlag interrupts;
  UseUtf8Characters();
  repl::LineEditor editor("scry", HistoryPath(), [&](std::string_view before_cursor) {
    return repl::Complete(before_cursor, session.vocabulary());
  });
  std::cout << "scry repl: type a query, :help for commands, Ctrl-D to leave\n";
  std::cout.flush();
  std::string entry;
  std::string line;
  while (true) {
    auto outcome = editor.ReadLine(entry.empty() ? kPrompt : kMorePrompt, line);
    if (outcome == repl::LineEditor::Outcome::kInterrupted) {
      // As in a shell: the line (and any lines before it of the same entry) is dropped.
      repl::InterruptFlag::Take();
      std::cout << "^C\n";
      std::cout.flush();
      entry.clear();
      continue;
    }
    if (outcome == repl::LineEditor::Outcome::kEnd) {
      std::cout << '\n';
      break;
    }
    entry += entry.empty() ? line : "\n" + line;
    if (repl::IsBlankEntry(entry)) {
      entry.clear();
      continue;
    }
    bool command = entry.front() == ':';
    if (!command && repl::NeedsMoreInput(entry)) {
      continue;
    }
    // One history entry per query, on one line, however many lines it was typed on.
    std::string remembered = entry;
    for (char& c : remembered) {
      c = c == '\n' ? ' ' : c;
    }
    editor.Remember(remembered);
    editor.SaveHistory();
    bool go_on = session.Handle(entry);
    entry.clear();
    if (!go_on) {
      break;
    }
  }
  editor.SaveHistory();
  std::cout.flush();
  return kExitOk;
}

int Scripted(repl::Session& session) {
  repl::InterruptFlag interrupts;
  std::string entry;
  std::string line;
  while (std::getline(std::cin, line)) {
    entry += entry.empty() ? line : "\n" + line;
    if (repl::IsBlankEntry(entry)) {
      entry.clear();
      continue;
    }
    if (entry.front() != ':' && repl::NeedsMoreInput(entry)) {
      continue;
    }
    bool go_on = session.Handle(entry);
    entry.clear();
    if (!go_on) {
      return kExitOk;
    }
  }
  if (!entry.empty()) {
    session.Handle(entry);  // an unfinished last entry gets its error message
  }
  return kExitOk;
}

}  // namespace

int RunRepl(const ReplOptions& options) {
  ReplOptions opened = options;
  std::unique_ptr<repl::StdinSpool> spool;
  for (std::string& input : opened.inputs) {
    if (input != "-") {
      continue;
    }
    if (!spool) {
      auto taken = repl::StdinSpool::Take();
      if (!taken) {
        return Fail(kExitUsage, taken.error());
      }
      spool = std::move(*taken);
    }
    input = spool->path();
  }
  bool interactive = repl::IsTerminal(STDIN_FILENO);
  auto session = repl::Session::Open(opened, interactive);
  if (!session) {
    return Fail(kExitUsage, session.error());
  }
  return interactive ? Interactive(**session) : Scripted(**session);
}

}  // namespace scry::cli
