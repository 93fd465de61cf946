// ctgrad::makemore output files: where a write lands (checked before any work), and writing it atomically, so
// that a failed, killed or interrupted run never leaves a half-written file, never replaces a device or a
// symlink, and never leaves its temporary file behind.
#pragma once

#include <cerrno>
#include <concepts>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <makemore/text.hpp>

namespace ctgrad::makemore {

/// A file that cannot be written, or a path that must not be: "<path>: <why>", the path escaped (text.hpp).
class output_error : public std::runtime_error {
 public:
  output_error(const std::string& path, const std::string& what) : std::runtime_error{escaped(path) + ": " + what} {}
};

/// The file a write to `path` replaces: `path` itself, or for a symlink (a chain of them) the file it points to,
/// which is written while the link stays. Throws output_error when that is not a regular file (a directory, a
/// device, a FIFO, a socket), when its directory does not exist or is not writable, or for a loop of links.
inline std::filesystem::path output_target(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const std::string name = path.string();
  std::error_code ec;
  fs::path target = path;
  for (int links = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++links) {
    if (links == 40) throw output_error{name, "cannot write: too many levels of symbolic links"};
    const fs::path next = fs::read_symlink(target, ec);
    if (ec) throw output_error{name, "cannot write: cannot read the symbolic link: " + ec.message()};
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  const fs::file_status status = fs::status(target, ec);
  if (fs::exists(status)) {
    const char* kind = fs::is_directory(status) ? "a directory"
                       : fs::is_character_file(status) || fs::is_block_file(status) ? "a device"
                       : fs::is_fifo(status) ? "a FIFO"
                       : fs::is_socket(status) ? "a socket"
                       : nullptr;
    if (kind != nullptr || !fs::is_regular_file(status)) {
      throw output_error{name, std::string{"cannot write: it is "} + (kind != nullptr ? kind : "not a regular file") +
                                   "; give the path of a regular file"};
    }
  }
  const fs::path dir = target.parent_path().empty() ? fs::path{"."} : target.parent_path();
  if (!fs::is_directory(dir, ec)) throw output_error{name, "cannot write: directory " + escaped(dir.string()) + " does not exist"};
  if (::access(dir.c_str(), W_OK) != 0) throw output_error{name, "cannot write: directory " + escaped(dir.string()) + " is not writable"};
  return target;
}

namespace detail {
/// The temporary file being written, for the signal handler to remove; empty when none.
inline char pending_temp[4096];
inline volatile std::sig_atomic_t has_pending_temp = 0;

extern "C" inline void remove_pending_temp(int signal) {
  if (has_pending_temp != 0) ::unlink(pending_temp);  // async-signal-safe
  std::signal(signal, SIG_DFL);
  std::raise(signal);  // die of the signal, as without the handler
}

/// While alive: SIGINT and SIGTERM remove `temp` before the process dies of them.
class temp_file_guard {
 public:
  explicit temp_file_guard(const std::filesystem::path& temp) {
    const std::string& s = temp.native();
    if (s.size() >= sizeof pending_temp) return;  // too long to hand to the handler: no cleanup on a signal
    std::memcpy(pending_temp, s.c_str(), s.size() + 1);
    has_pending_temp = 1;
    struct sigaction action {};
    action.sa_handler = remove_pending_temp;
    sigemptyset(&action.sa_mask);
    installed_ = ::sigaction(SIGINT, &action, &old_int_) == 0 && ::sigaction(SIGTERM, &action, &old_term_) == 0;
  }
  temp_file_guard(const temp_file_guard&) = delete;
  temp_file_guard& operator=(const temp_file_guard&) = delete;
  ~temp_file_guard() {
    if (installed_) {
      ::sigaction(SIGINT, &old_int_, nullptr);
      ::sigaction(SIGTERM, &old_term_, nullptr);
    }
    has_pending_temp = 0;
  }

 private:
  bool installed_ = false;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

/// The prefix of the temporary files of writes to `target`: ".<name>.tmp-".
inline std::string temp_prefix(const std::filesystem::path& target) {
  std::string prefix{"."};  // appended piecewise: GCC 12 warns (-Wrestrict) on "." + string
  prefix += target.filename().string();
  prefix += ".tmp-";
  return prefix;
}
}  // namespace detail

/// Removes the temporary files a killed write to `path` left beside its target (".<name>.tmp-<8 hex digits>")
/// and returns how many there were.
inline std::size_t remove_stale_temporaries(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const fs::path target = output_target(path);
  const fs::path dir = target.parent_path().empty() ? fs::path{"."} : target.parent_path();
  const std::string prefix = detail::temp_prefix(target);
  std::size_t removed = 0;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator{dir, ec}) {
    const std::string leaf = entry.path().filename().string();
    if (leaf.size() == prefix.size() + 8 && leaf.compare(0, prefix.size(), prefix) == 0 &&
        leaf.find_first_not_of("0123456789abcdef", prefix.size()) == std::string::npos &&
        entry.is_regular_file(ec) && fs::remove(entry.path(), ec)) {
      ++removed;
    }
  }
  return removed;
}

/// Writes a file so that a crash, an error or a signal never leaves a half-written file under `path`: `write`
/// fills a temporary file beside the target (see output_target: a symlink's target is written, the link
/// kept), which is flushed to disk and then renamed over it (atomic on POSIX file systems). If `write` throws,
/// any step fails, or SIGINT or SIGTERM arrives, the temporary is removed and whatever was there is untouched;
/// errors propagate (I/O errors as output_error naming `path`). Temporaries of earlier killed writes to the
/// same file are removed first.
///
///     write_file_atomically("out.txt", [](std::ostream& out) { out << "hello\n"; });
template <std::invocable<std::ostream&> Write>
void write_file_atomically(const std::filesystem::path& path, Write&& write) {
  namespace fs = std::filesystem;
  const std::string name = path.string();
  const fs::path target = output_target(path);
  const fs::path dir = target.parent_path().empty() ? fs::path{"."} : target.parent_path();
  remove_stale_temporaries(path);
  std::random_device entropy;
  std::error_code ec;
  fs::path temp;
  do {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(entropy()));
    temp = dir / (detail::temp_prefix(target) + suffix);
  } while (fs::exists(temp, ec));
  const detail::temp_file_guard guard{temp};
  try {
    {
      std::ofstream out{temp, std::ios::binary | std::ios::trunc};
      if (!out) throw output_error{name, "cannot write: cannot create " + escaped(temp.string()) + ": " + std::strerror(errno)};
      write(static_cast<std::ostream&>(out));
      out.flush();
      if (!out) throw output_error{name, "cannot write: writing " + escaped(temp.string()) + " failed"};
    }
    // Data on disk before the rename makes it visible: otherwise a power cut could leave an empty file.
    const int fd = ::open(temp.c_str(), O_RDONLY);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!synced) throw output_error{name, "cannot write: flushing " + escaped(temp.string()) + " to disk failed"};
    fs::rename(temp, target, ec);
    if (ec) throw output_error{name, "cannot write: renaming the temporary file failed: " + ec.message()};
  } catch (...) {
    fs::remove(temp, ec);
    throw;
  }
  if (const int dfd = ::open(dir.c_str(), O_RDONLY); dfd >= 0) {  // make the rename itself durable
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace ctgrad::makemore
