// ctgrad::expr::detail::number_text: a number as short text ("2", "0.5", "-3") without allocating.
// Private header: not part of the public API.
#pragma once

#include <charconv>
#include <cstddef>
#include <string_view>

namespace ctgrad::expr::detail {

/// Room for the shortest round-trip text of any double, and a view of it.
struct number_text {
  char chars[32]{};
  std::size_t length = 0;

  explicit number_text(double x) noexcept {
    auto const result = std::to_chars(chars, chars + sizeof chars, x);
    length = static_cast<std::size_t>(result.ptr - chars);
  }
  explicit number_text(long long x) noexcept {
    auto const result = std::to_chars(chars, chars + sizeof chars, x);
    length = static_cast<std::size_t>(result.ptr - chars);
  }
  number_text(number_text const&) = delete;  // the view points into this object
  number_text& operator=(number_text const&) = delete;

  [[nodiscard]] std::string_view view() const noexcept { return {chars, length}; }
};

}  // namespace ctgrad::expr::detail
