// The command-line number the training examples take (their step count), checked.
#pragma once

#include <charconv>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <makemore/text.hpp>

namespace example {

/// `text` as a positive whole number; anything else throws std::invalid_argument naming `what` and the text.
inline std::size_t parse_positive(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n == 0) {
    throw std::invalid_argument{std::string{what} + " must be a positive whole number, not " + ctgrad::makemore::quoted(text)};
  }
  return n;
}

}  // namespace example
