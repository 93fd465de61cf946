// ctgrad::viz::render: turn a .dot file into .svg or .png through Graphviz's `dot`, when it is installed.
#pragma once

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

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
  std::string type = "-T" + std::string{format};
  std::string in = dot_file.string();
  std::string out = result.image.string();
  std::string program = dot.string();
  std::string dash_o = "-o";
  char* argv[] = {program.data(), type.data(), in.data(), dash_o.data(), out.data(), nullptr};
  pid_t pid = 0;
  if (const int err = ::posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, environ); err != 0) {
    result.message = "could not start " + program + ": " + std::generic_category().message(err);
    return result;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      result.message = "lost track of " + program + ": " + std::generic_category().message(errno);
      return result;
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.message = program + " failed on " + in;
    return result;
  }
  result.ok = true;
  result.message = "wrote " + out;
  return result;
}

}  // namespace ctgrad::viz
