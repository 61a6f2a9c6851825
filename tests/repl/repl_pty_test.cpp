// `scry repl` on a pseudo-terminal, as a person uses it: a query typed and its table read off
// the screen, Tab completing a word, a syntax error with its caret (and the REPL going on),
// Ctrl-C stopping a scan that would never end, and the history found again next time.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pty_session.hpp"

namespace scry::testing_pty {
namespace {

namespace fs = std::filesystem;

const std::string kEvents = SCRY_SHARED_DIR "/events/dev/attack.ndjson";

class ReplPty : public testing::Test {
 protected:
  void SetUp() override {
    home_ = fs::temp_directory_path()
            / ("scry_repl_pty_" + std::to_string(getpid()) + "_"
               + testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(home_);
    fs::create_directories(home_);
  }
  void TearDown() override { fs::remove_all(home_); }

  std::unique_ptr<PtySession> Start(std::vector<std::string> args, unsigned short columns = 100) {
    args.insert(args.begin(), "repl");
    args.push_back("--cache-dir");
    args.push_back((home_ / "cache").string());
    auto session = std::make_unique<PtySession>(args, home_.string(), home_.string(), columns);
    EXPECT_TRUE(session->WaitFor("scry> ")) << session->screen();
    return session;
  }

  void Quit(PtySession& session) {
    session.TypeAtPrompt(":quit\r");
    EXPECT_EQ(session.WaitForExit(), 0) << session.screen();
  }

  fs::path home_;
};

TEST_F(ReplPty, QueryShowsATable) {
  auto repl = Start({"--input", kEvents});
  repl->TypeAtPrompt("where EventID == 1 | summarize n = count() by EventID\r");
  ASSERT_TRUE(repl->WaitFor("EventID")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("-------")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("1 row in ")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor(" s (2909 events scanned)")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> "));
  Quit(*repl);
}

TEST_F(ReplPty, TableFitsTheTerminal) {
  auto repl = Start({"--input", kEvents}, 60);
  repl->TypeAtPrompt(
      "where CommandLine contains \"powershell\" | project Image, CommandLine | head 3\r");
  ASSERT_TRUE(repl->WaitFor("head 3\n")) << repl->screen();  // the typed line (may be wider)
  ASSERT_TRUE(repl->WaitFor("Image")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("3 rows in")) << repl->screen();
  std::string table = repl->screen();
  table = table.substr(table.rfind("head 3\n") + 7);
  table = table.substr(0, table.find("3 rows in"));
  EXPECT_NE(table.find("…"), std::string::npos) << table;
  std::istringstream lines(table);
  size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    size_t code_points = 0;
    for (unsigned char c : line) {
      code_points += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    EXPECT_LE(code_points, 60U) << line;
  }
  EXPECT_EQ(count, 5U) << "header, rule and three rows: " << table;
  Quit(*repl);
}

TEST_F(ReplPty, TabCompletesKeywordsAndFields) {
  auto repl = Start({"--input", kEvents});
  // `summ` + Tab: the keyword; `Comp` + Tab: the field Computer, sampled from the input.
  repl->TypeAtPrompt("summ\t");
  ASSERT_TRUE(repl->WaitFor("summarize")) << repl->screen();
  repl->TypeAtPrompt("n = count() by Chan\t");
  ASSERT_TRUE(repl->WaitFor("Channel")) << repl->screen();
  repl->TypeAtPrompt("| sort n desc | head 1\r");
  ASSERT_TRUE(repl->WaitFor("Channel")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("Security")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("1 row in")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> "));
  // Several candidates: Tab lists them.
  repl->TypeAtPrompt("where Parent\t");
  ASSERT_TRUE(repl->WaitFor("ParentCommandLine")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("ParentImage")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> where Parent")) << "the line is drawn again";
  repl->TypeAtPrompt("\x03");
  ASSERT_TRUE(repl->WaitFor("^C\nscry> ")) << repl->screen();
  Quit(*repl);
}

TEST_F(ReplPty, SyntaxErrorShowsTheCaretAndTheReplGoesOn) {
  auto repl = Start({"--input", kEvents});
  repl->TypeAtPrompt("where EventID = = 1\r");
  ASSERT_TRUE(repl->WaitFor("<query>:1:")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("error:")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("where EventID = = 1")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("^")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> ")) << repl->screen();
  repl->TypeAtPrompt("where EventID == 4688 | head 2\r");
  ASSERT_TRUE(repl->WaitFor("2 rows in")) << repl->screen();
  Quit(*repl);
}

TEST_F(ReplPty, MultiLineEntry) {
  auto repl = Start({"--input", kEvents});
  repl->TypeAtPrompt("where EventID == 1 |\r");
  ASSERT_TRUE(repl->WaitFor("  ... ")) << repl->screen();
  repl->TypeAtPrompt("head 2\r");
  ASSERT_TRUE(repl->WaitFor("2 rows in")) << repl->screen();
  Quit(*repl);
}

TEST_F(ReplPty, CtrlCAtThePromptClearsTheLine) {
  auto repl = Start({"--input", kEvents});
  repl->TypeAtPrompt("where this is not finished");
  ASSERT_TRUE(repl->WaitFor("not finished"));
  repl->TypeAtPrompt("\x03");
  ASSERT_TRUE(repl->WaitFor("^C")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> ")) << repl->screen();
  repl->TypeAtPrompt("where EventID == 4688 | head 1\r");
  ASSERT_TRUE(repl->WaitFor("1 row in")) << repl->screen();
  EXPECT_EQ(repl->screen().find("error"), std::string::npos) << "the dropped line never ran";
  Quit(*repl);
}

// Events written into a pipe without end: the scan runs until Ctrl-C stops it.
class EndlessEvents {
 public:
  explicit EndlessEvents(const fs::path& fifo) : fifo_(fifo) {
    mkfifo(fifo.c_str(), 0600);
    writer_ = std::thread([this] {
      int fd = open(fifo_.c_str(), O_WRONLY);  // waits for the REPL's scan to open it
      if (fd < 0) {
        return;
      }
      std::string batch;
      for (int i = 0; i < 1000; ++i) {
        batch += R"({"EventID": 4688, "Image": "C:\\Windows\\cmd.exe", "n": )" + std::to_string(i)
                 + "}\n";
      }
      while (!stop_) {
        if (write(fd, batch.data(), batch.size()) < 0) {
          break;  // the reader closed the pipe (EPIPE: SIGPIPE is ignored)
        }
      }
      close(fd);
    });
  }
  ~EndlessEvents() {
    stop_ = true;
    // If the REPL never opened the pipe, open the reading end so the writer's open returns.
    int fd = open(fifo_.c_str(), O_RDONLY | O_NONBLOCK);
    writer_.join();
    if (fd >= 0) {
      close(fd);
    }
  }

 private:
  fs::path fifo_;
  std::atomic<bool> stop_{false};
  std::thread writer_;
};

TEST_F(ReplPty, CtrlCStopsALongScanAndTheReplGoesOn) {
  std::signal(SIGPIPE, SIG_IGN);
  fs::path fifo = home_ / "endless.ndjson";
  EndlessEvents events(fifo);
  auto repl = Start({"--input", fifo.string()});
  repl->TypeAtPrompt("where Image endswith \"cmd.exe\" | summarize count()\r");
  // The progress line appears once the scan has run half a second.
  ASSERT_TRUE(repl->WaitFor("events/s")) << repl->screen();
  repl->Type("\x03");  // while the query runs: the terminal is in line mode, Ctrl-C a signal
  ASSERT_TRUE(repl->WaitFor("cancelled after ")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> ")) << repl->screen();
  repl->TypeAtPrompt(":save stopped.csv\r");
  ASSERT_TRUE(repl->WaitFor("no result to save")) << "a stopped query has no result";
  ASSERT_TRUE(repl->WaitFor("scry> ")) << repl->screen();
  repl->TypeAtPrompt(":help\r");
  ASSERT_TRUE(repl->WaitFor(":backtest")) << "still running commands: " << repl->screen();
  Quit(*repl);
}

TEST_F(ReplPty, HistoryIsKeptAcrossSessions) {
  {
    auto repl = Start({"--input", kEvents});
    repl->TypeAtPrompt("where EventID == 4688 | head 3\r");
    ASSERT_TRUE(repl->WaitFor("3 rows in")) << repl->screen();
    ASSERT_TRUE(repl->WaitFor("scry> "));
    repl->TypeAtPrompt("\x04");  // Ctrl-D on an empty line leaves
    ASSERT_EQ(repl->WaitForExit(), 0) << repl->screen();
  }
  std::ifstream history(home_ / ".scry_history");
  std::stringstream text;
  text << history.rdbuf();
  EXPECT_NE(text.str().find("4688"), std::string::npos) << text.str();

  auto repl = Start({"--input", kEvents});
  repl->TypeAtPrompt("\x1b[A");  // Up: the last query of the session before
  ASSERT_TRUE(repl->WaitFor("head 3")) << repl->screen();
  repl->TypeAtPrompt("\r");
  ASSERT_TRUE(repl->WaitFor("3 rows in")) << repl->screen();
  Quit(*repl);
}

TEST_F(ReplPty, EventsOnStdinQueriesFromTheTerminal) {
  // `scry repl --input - < events`: the events are kept for every query, the keys still come
  // from the terminal.
  auto repl = std::make_unique<PtySession>(
      std::vector<std::string>{"repl", "--input", "-", "--cache-dir", (home_ / "cache").string()},
      home_.string(), home_.string(), 100, kEvents);
  ASSERT_TRUE(repl->WaitFor("scry> ")) << repl->screen();
  repl->TypeAtPrompt("summarize n = count()\r");
  ASSERT_TRUE(repl->WaitFor("2909")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> ")) << repl->screen();
  repl->TypeAtPrompt("where EventID == 1 | summarize n = count()\r");
  ASSERT_TRUE(repl->WaitFor("866")) << "read again for the second query: " << repl->screen();
  Quit(*repl);
}

TEST_F(ReplPty, CommandsAndSave) {
  auto repl = Start({"--input", kEvents});
  repl->TypeAtPrompt(":set\r");
  ASSERT_TRUE(repl->WaitFor("lateness")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("scry> "));
  repl->TypeAtPrompt(":set lateness 1m\r");
  ASSERT_TRUE(repl->WaitFor("scry> "));
  repl->TypeAtPrompt(":set\r");
  ASSERT_TRUE(repl->WaitFor("lateness  1m")) << repl->screen();
  repl->TypeAtPrompt(":fields\r");
  ASSERT_TRUE(repl->WaitFor("CommandLine")) << repl->screen();
  ASSERT_TRUE(repl->WaitFor("in the first 1000 events")) << repl->screen();
  repl->TypeAtPrompt("where EventID == 4688 | project EventID, NewProcessName | head 2\r");
  ASSERT_TRUE(repl->WaitFor("2 rows in")) << repl->screen();
  repl->TypeAtPrompt(":save out.csv\r");
  ASSERT_TRUE(repl->WaitFor("saved 2 rows to out.csv")) << repl->screen();
  std::ifstream saved(home_ / "out.csv");
  std::string header;
  std::getline(saved, header);
  EXPECT_EQ(header, "EventID,NewProcessName");
  repl->TypeAtPrompt(":frobnicate\r");
  ASSERT_TRUE(repl->WaitFor("unknown command ':frobnicate'")) << repl->screen();
  Quit(*repl);
}

}  // namespace
}  // namespace scry::testing_pty
