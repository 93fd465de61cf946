// ctgrad::detail::fixed_string: a compile-time string usable as a template argument (variable labels).
// Private header: not part of the public API.
#pragma once

#include <cstddef>
#include <string_view>

namespace ctgrad::detail {

/// A string literal captured by value so it can be a template argument: `var<"a">` holds
/// `fixed_string<1>{"a"}`. Structural (all members public), so two equal labels are one type.
template <std::size_t N>
struct fixed_string {
  char chars[N + 1]{};

  constexpr fixed_string(char const (&text)[N + 1]) noexcept {  // NOLINT: implicit on purpose
    for (std::size_t i = 0; i != N + 1; ++i) chars[i] = text[i];
  }

  /// From a view of exactly `N` characters (used to turn a label read from a graph back into a type).
  constexpr explicit fixed_string(std::string_view text) noexcept {
    for (std::size_t i = 0; i != N && i != text.size(); ++i) chars[i] = text[i];
  }

  [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N}; }
  [[nodiscard]] static constexpr std::size_t size() noexcept { return N; }

  template <std::size_t M>
  [[nodiscard]] friend constexpr bool operator==(fixed_string const& x, fixed_string<M> const& y) noexcept {
    return x.view() == y.view();
  }
};

template <std::size_t M>
fixed_string(char const (&)[M]) -> fixed_string<M - 1>;

}  // namespace ctgrad::detail
