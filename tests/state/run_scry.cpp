#include "run_scry.hpp"

#include <cstdlib>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace scry::testing {

namespace fs = std::filesystem;

int RunScry(const std::vector<std::string>& args, const fs::path& dir,
            const std::function<bool()>& kill_when) {
  std::vector<std::string> argv_strings = {SCRY_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string out = (dir / "stdout.txt").string();
  std::string err = (dir / "stderr.txt").string();
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // Compiled code is cached beside the test's files, never in the user's cache.
  setenv("SCRY_CACHE_DIR", (dir / "scry-cache").c_str(), 1);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return -1000;
  }
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      break;
    }
    if (kill_when && kill_when()) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

std::vector<std::string> AlertIds(const fs::path& file) {
  std::vector<std::string> ids;
  std::ifstream in(file);
  const std::string key = "{\"alert_id\":\"";
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key)) {
      ids.push_back(line.substr(key.size(), line.find('"', key.size()) - key.size()));
    } else {
      ids.push_back("<not an alert: " + line.substr(0, 80) + ">");
    }
  }
  return ids;
}

TempDir::TempDir(const std::string& name) {
  path_ = fs::temp_directory_path() / (name + "-" + std::to_string(getpid()));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

}  // namespace scry::testing
