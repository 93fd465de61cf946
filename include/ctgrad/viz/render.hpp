// ctgrad::viz::render: turn a .dot file into .svg or .png through Graphviz's `dot`, when it is installed; and
// run_program, which starts such a tool without a shell.
#pragma once

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

extern char** environ;  // POSIX: the process environment, handed to `dot`

namespace ctgrad::viz {

/// What `render` did: `ok` and the image's path, or `ok == false` and a sentence saying why not.
struct render_result {
  bool ok = false;
  std::filesystem::path image;
  std::string message;
};

/// The full path of program `name` on $PATH, or an empty path when it is not there.
inline std::filesystem::path find_program(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    const auto colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    if (!dir.empty()) {
      std::filesystem::path candidate = std::filesystem::path{dir} / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
  }
  return {};
}

/// Runs `program` with the arguments `args`, directly (no shell: nothing in them is interpreted), and waits for
/// it. Its standard input, output and error are the descriptors `in`, `out` and `err`, or this process's own
/// where one is negative. Returns an empty string when it exited with status 0, else a sentence saying why not.
inline std::string run_program(const std::filesystem::path& program, const std::vector<std::string>& args, int in = -1,
                               int out = -1, int err = -1) {
  std::vector<std::string> words{program.string()};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  if (::posix_spawn_file_actions_init(&actions) != 0) return "could not start " + words[0];
  const int fds[] = {in, out, err};
  for (int target = 0; target != 3; ++target) {
    if (fds[target] >= 0) ::posix_spawn_file_actions_adddup2(&actions, fds[target], target);
  }
  pid_t pid = 0;
  const int started = ::posix_spawn(&pid, words[0].c_str(), &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (started != 0) return "could not start " + words[0] + ": " + std::generic_category().message(started);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return "lost track of " + words[0] + ": " + std::generic_category().message(errno);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return words[0] + " failed";
  return {};
}

/// Runs `dot -T<format> <dot_file> -o <dot_file with the format's extension>`; format is "svg" or "png".
/// Never throws for a missing Graphviz: the result says so, so a program can carry on with its .dot file.
inline render_result render(const std::filesystem::path& dot_file, std::string_view format = "svg") {
  render_result result;
  result.image = dot_file;
  result.image.replace_extension(std::string{format});
  const std::filesystem::path dot = find_program("dot");
  if (dot.empty()) {
    result.message = "Graphviz's `dot` is not installed (Debian: apt-get install graphviz); wrote only " +
                     dot_file.string();
    return result;
  }
  const std::string failed = run_program(dot, {"-T" + std::string{format}, dot_file.string(), "-o", result.image.string()});
  if (!failed.empty()) {
    result.message = failed + " on " + dot_file.string();
    return result;
  }
  result.ok = true;
  result.message = "wrote " + result.image.string();
  return result;
}

}  // namespace ctgrad::viz
