// ctgrad::makemore::vocabulary: characters <-> token indices, with '.' (start and end of a word) as 0.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <makemore/words.hpp>

namespace ctgrad::makemore {

/// A token: a character's index in a vocabulary.
using token = std::int32_t;

/// makemore's `stoi`/`itos`: `.` is token 0 and marks both the start and the end of a word; the data's
/// characters follow in sorted (byte) order, so makemore's names.txt gives 27 tokens (`.`, a..z).
///
///     auto vocab = vocabulary::from_words(words);
///     vocab.size();           // 27
///     vocab.index('a');       // 1
///     vocab.character(26);    // 'z'
class vocabulary {
 public:
  /// The start/end marker, token 0.
  static constexpr char boundary = '.';

  /// A vocabulary of `.` plus the given characters (any order, repeats ignored). Each must be printable
  /// ASCII other than space and `.`; otherwise std::invalid_argument.
  explicit vocabulary(std::string_view characters) {
    std::string chars{characters};
    std::sort(chars.begin(), chars.end());
    chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    if (chars.empty()) throw std::invalid_argument{"a vocabulary needs at least one character besides '.'"};
    index_.fill(-1);
    itos_.push_back(boundary);
    index_[static_cast<unsigned char>(boundary)] = 0;
    for (const char c : chars) {
      if (!vocabulary_policy::allowable(c)) {
        throw std::invalid_argument{"vocabulary: " + vocabulary_policy::describe_byte(c) +
                                    " cannot be a token (printable ASCII other than space and '.')"};
      }
      index_[static_cast<unsigned char>(c)] = static_cast<token>(itos_.size());
      itos_.push_back(c);
    }
  }

  /// The characters that occur in `words`, sorted, after `.`.
  static vocabulary from_words(std::span<const std::string> words) {
    std::array<bool, 256> seen{};
    for (const auto& w : words) {
      for (const char c : w) seen[static_cast<unsigned char>(c)] = true;
    }
    std::string chars;
    for (std::size_t c = 0; c < seen.size(); ++c) {
      if (seen[c]) chars.push_back(static_cast<char>(c));
    }
    return vocabulary{chars};
  }

  /// Number of tokens, `.` included.
  [[nodiscard]] std::size_t size() const noexcept { return itos_.size(); }

  /// The characters after `.`, in token order (what a checkpoint stores).
  [[nodiscard]] std::string_view characters() const noexcept { return std::string_view{itos_}.substr(1); }

  /// Whether `c` has a token.
  [[nodiscard]] bool contains(char c) const noexcept { return index_[static_cast<unsigned char>(c)] >= 0; }

  /// The token of `c`, or -1 when `c` is not in the vocabulary.
  [[nodiscard]] token index(char c) const noexcept { return index_[static_cast<unsigned char>(c)]; }

  /// The character of token `t` (0 <= t < size()).
  [[nodiscard]] char character(token t) const { return itos_.at(static_cast<std::size_t>(t)); }

  /// The tokens of `word` (without the `.` markers). A character outside the vocabulary throws
  /// std::invalid_argument naming the word and the character.
  [[nodiscard]] std::vector<token> encode(std::string_view word) const {
    std::vector<token> out;
    out.reserve(word.size());
    for (const char c : word) {
      const token t = index(c);
      if (t <= 0) {
        throw std::invalid_argument{"word \"" + std::string{word} + "\": " + vocabulary_policy::describe_byte(c) +
                                    " is not in the vocabulary (" + std::string{characters()} + ")"};
      }
      out.push_back(t);
    }
    return out;
  }

  /// The word spelled by `tokens` (0 tokens, the markers, are skipped).
  [[nodiscard]] std::string decode(std::span<const token> tokens) const {
    std::string out;
    for (const token t : tokens) {
      if (t != 0) out.push_back(character(t));
    }
    return out;
  }

  friend bool operator==(const vocabulary& a, const vocabulary& b) noexcept { return a.itos_ == b.itos_; }

 private:
  std::string itos_;
  std::array<token, 256> index_{};
};

}  // namespace ctgrad::makemore
