// ctgrad::makemore words data set: one word per line, checked against an explicit vocabulary policy.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <makemore/text.hpp>

namespace ctgrad::makemore {

/// A data file that cannot be used: missing, not text, a character outside the policy, no words. The
/// message reads `file:line: what is wrong` (no line when the problem is the whole file), so a person can
/// open the file at the right place; the file name and any text of the file in it are escaped (text.hpp).
class data_error : public std::runtime_error {
 public:
  data_error(std::string file, std::size_t line, const std::string& what)
      : std::runtime_error{(line == 0 ? escaped(file) : escaped(file) + ':' + std::to_string(line)) + ": " + what},
        file_{std::move(file)},
        line_{line} {}

  /// The file (or name of the text) the problem is in.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// Its 1-based line, or 0 when the problem concerns the whole file.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

/// Which characters a word may contain, and how a line is normalised before it is checked.
///
/// Allowed characters are printable ASCII other than space and `.`, which the vocabulary reserves for
/// the start/end of a word. Everything else (another character, a control character, a NUL byte, bytes
/// that are not UTF-8) makes the loader throw `data_error`.
///
///     auto strict = vocabulary_policy{};                         // makemore's names.txt: a-z only
///     auto names = vocabulary_policy::parse("a-z-", true);       // "Ann-Marie" -> "ann-marie"
struct vocabulary_policy {
  /// The allowed characters, sorted, each once.
  std::string allowed = "abcdefghijklmnopqrstuvwxyz";
  /// Fold `A`-`Z` to `a`-`z` before checking (the only normalisation besides trimming blanks).
  bool fold_case = false;

  /// A policy from a character-set spec in the style of a regex bracket without the brackets: `a-z`
  /// is a range, any other character stands for itself, a `-` first or last is literal (`a-z'-`).
  /// Throws std::invalid_argument for an empty set, a reversed range, or a character that cannot be allowed.
  static vocabulary_policy parse(std::string_view spec, bool fold_case = false) {
    std::string chars;
    for (std::size_t i = 0; i < spec.size();) {
      if (i + 2 < spec.size() && spec[i + 1] == '-') {
        if (spec[i] > spec[i + 2]) {
          throw std::invalid_argument{"character set " + quoted(spec) + ": reversed range " +
                                      std::string{spec.substr(i, 3)}};
        }
        for (int c = spec[i]; c <= spec[i + 2]; ++c) chars.push_back(static_cast<char>(c));
        i += 3;
      } else {
        chars.push_back(spec[i]);
        ++i;
      }
    }
    if (chars.empty()) throw std::invalid_argument{"character set " + quoted(spec) + " is empty"};
    for (const char c : chars) {
      if (!allowable(c)) {
        throw std::invalid_argument{"character set " + quoted(spec) + ": " + describe_byte(c) +
                                    " cannot be in a vocabulary (printable ASCII other than space and '.')"};
      }
    }
    std::sort(chars.begin(), chars.end());
    chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    return vocabulary_policy{std::move(chars), fold_case};
  }

  /// The policy for the default data (English first names): case folded, letters a-z and the hyphen of
  /// double names such as "Ann-Marie".
  static vocabulary_policy english_first_names() { return parse("a-z-", true); }

  /// The set as a spec `parse` accepts, ranges collapsed: `a-z-`, plus ", case folded" when it folds.
  [[nodiscard]] std::string describe() const {
    std::string out;
    std::string tail;  // a '-' goes last, where it is literal
    for (std::size_t i = 0; i < allowed.size();) {
      std::size_t j = i;
      while (j + 1 < allowed.size() && allowed[j + 1] == allowed[j] + 1) ++j;
      if (allowed[i] == '-' && j == i) {
        tail = "-";
      } else if (j - i >= 2) {
        out += allowed[i];
        out += '-';
        out += allowed[j];
      } else {
        out.append(allowed, i, j - i + 1);
      }
      i = j + 1;
    }
    out += tail;
    return fold_case ? out + ", case folded" : out;
  }

  /// Whether a vocabulary may contain `c` at all.
  [[nodiscard]] static constexpr bool allowable(char c) noexcept { return c > ' ' && c < 0x7f && c != '.'; }

  /// Whether the policy admits `c` (after folding).
  [[nodiscard]] bool admits(char c) const noexcept { return std::binary_search(allowed.begin(), allowed.end(), c); }

  /// `c` as a person reads it in an error message: `'x'`, or a code such as `U+0007`.
  [[nodiscard]] static std::string describe_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u > ' ' && u < 0x7f) return std::string{'\''} + c + '\'';
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", u);
    return buf;
  }
};

namespace detail {

inline bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Checks one line (already trimmed) against the policy and returns the word it holds.
inline std::string checked_word(std::string_view line, const vocabulary_policy& policy, const std::string& source,
                                std::size_t line_number) {
  std::string word;
  word.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(line, i, cp);
    if (n == 0) {
      char byte_hex[8];
      std::snprintf(byte_hex, sizeof byte_hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(line[i])));
      throw data_error{source, line_number, std::string{"invalid UTF-8 (byte "} + byte_hex + " at column " +
                                                std::to_string(i + 1) + "): not a text file"};
    }
    if (cp == 0) throw data_error{source, line_number, "NUL byte at column " + std::to_string(i + 1) + ": not a text file"};
    if (cp < 0x20 || cp == 0x7F) {
      throw data_error{source, line_number, "control character " + code_point_name(cp) + " at column " +
                                                std::to_string(i + 1) + ": not a text file"};
    }
    char c = line[i];
    if (policy.fold_case && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (n > 1 || !policy.admits(c)) {
      const std::string shown = cp == ' ' ? "a space" : "'" + escaped(line, i, i + n) + "' " + code_point_name(cp);
      throw data_error{source, line_number, "character " + shown + " at column " + std::to_string(i + 1) + " in " +
                                                quoted(line, i) + " is outside the vocabulary policy (" +
                                                policy.describe() + ")"};
    }
    word.push_back(c);
    i += n;
  }
  return word;
}

}  // namespace detail

/// The words of a text, one per line. Handles CRLF line ends, a UTF-8 byte-order mark, blanks around a
/// word and empty lines; every other problem throws `data_error` naming `source` and the line.
///
///     auto words = parse_words("emma\r\nolivia\n\n", "inline");   // {"emma", "olivia"}
///
/// @param text    the file's bytes
/// @param source  the name errors give (normally the file's path)
/// @param policy  the characters a word may contain, and whether case is folded
inline std::vector<std::string> parse_words(std::string_view text, std::string_view source,
                                            const vocabulary_policy& policy = {}) {
  const std::string name{source};
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string> words;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    while (!line.empty() && detail::is_blank(line.front())) line.remove_prefix(1);
    while (!line.empty() && detail::is_blank(line.back())) line.remove_suffix(1);
    if (line.empty()) continue;
    words.push_back(detail::checked_word(line, policy, name, line_number));
  }
  if (words.empty()) throw data_error{name, 0, "no words (the data set is empty or holds only blank lines)"};
  return words;
}

/// The words of the file at `path` (see `parse_words`). A missing or unreadable file throws `data_error`.
///
///     auto words = ctgrad::makemore::load_words("names.txt");   // makemore's 32,033 names
inline std::vector<std::string> load_words(const std::filesystem::path& path, const vocabulary_policy& policy = {}) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw data_error{name, 0, "is a directory, not a words file"};
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    const int err = errno;
    throw data_error{name, 0, std::string{"cannot open: "} + (err != 0 ? std::strerror(err) : "unknown error")};
  }
  std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (in.bad()) throw data_error{name, 0, "read error"};
  return parse_words(text, name, policy);
}

/// The words without repetitions, each kept where it first occurs (so the order stays reproducible).
inline std::vector<std::string> unique_words(std::span<const std::string> words) {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;
  for (const auto& w : words) {
    if (seen.insert(w).second) out.push_back(w);
  }
  return out;
}

}  // namespace ctgrad::makemore
