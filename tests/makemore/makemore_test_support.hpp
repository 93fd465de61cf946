// Test support for the makemore suite: scratch directories, files written byte for byte, names.txt.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace makemore_test {

/// A fresh directory under the system's temporary directory, removed with everything in it at scope exit.
class scratch_dir {
 public:
  scratch_dir() {
    std::random_device entropy;
    path_ = std::filesystem::temp_directory_path() / ("ctgrad-makemore-" + std::to_string(entropy()) + std::to_string(entropy()));
    std::filesystem::create_directories(path_);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

  /// Number of entries in the directory (to see that no temporary file is left behind).
  [[nodiscard]] std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator{path_}) ++n;
    return n;
  }

 private:
  std::filesystem::path path_;
};

/// Writes `bytes` to `path` exactly (binary).
inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out{path, std::ios::binary | std::ios::trunc};
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The whole file as bytes.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

/// makemore's names.txt (32,033 names) shared next to the repository, when it is there.
inline std::filesystem::path names_txt() { return CTGRAD_NAMES_TXT; }
inline bool have_names_txt() {
  std::error_code ec;
  return std::filesystem::is_regular_file(names_txt(), ec);
}

}  // namespace makemore_test
