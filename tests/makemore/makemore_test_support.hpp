// Test support for the makemore suite: scratch directories, files written byte for byte, names.txt, generated
// word lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <makemore/makemore.hpp>
#include <ctgrad/random.hpp>

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

/// `n` words of 2 to 7 letters over "abcdefgh", with a bias towards some letter pairs (so a bigram model
/// has something to learn), from a seeded generator.
inline std::vector<std::string> generated_words(std::size_t n, std::uint64_t seed) {
  ctgrad::generator gen{seed};
  std::vector<std::string> out;
  const std::string letters = "abcdefgh";
  for (std::size_t i = 0; i < n; ++i) {
    const auto length = 2 + static_cast<std::size_t>(gen.below(6));
    std::string w;
    char c = letters[gen.below(letters.size())];
    for (std::size_t k = 0; k < length; ++k) {
      w.push_back(c);
      c = gen.uniform() < 0.5 ? letters[(static_cast<std::size_t>(c - 'a') + 1) % letters.size()] : letters[gen.below(letters.size())];
    }
    out.push_back(w);
  }
  return out;
}

/// A generated word list split 80/10/10 by seed 42, its vocabulary, and the train and dev examples with
/// contexts of `block` tokens.
struct generated_split {
  std::vector<std::string> words;
  ctgrad::makemore::vocabulary vocab;
  ctgrad::makemore::word_split parts;
  ctgrad::makemore::example_set train, dev;

  generated_split(std::size_t n, std::uint64_t seed, std::size_t block)
      : words{generated_words(n, seed)},
        vocab{ctgrad::makemore::vocabulary::from_words(words)},
        parts{ctgrad::makemore::split_words(words, 42)},
        train{ctgrad::makemore::build_examples(parts.train, vocab, block)},
        dev{ctgrad::makemore::build_examples(parts.dev, vocab, block)} {}
};

}  // namespace makemore_test
