// examples/rosenbrock.hpp: the extended Rosenbrock function, written once for the static graph, the tape and numbers.
#pragma once

#include <cstddef>

#include <ctgrad/expr.hpp>

namespace example {

/// f(x) = sum_{i < N/2} 100 (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2, the extended Rosenbrock function of N
/// variables (N even), minimal (0) at x = (1, ..., 1). `x[idx<i>]` must name element i: a vector variable
/// `var<"x", N>` (then f is an expression), or a `std::array`/`std::span` of tape values, numbers or batches (the
/// literals are then plain numbers).
///
///     constexpr auto f = example::rosenbrock<16>(ctgrad::var<"x", 16>);
///     auto r = ctgrad::grad(f, ctgrad::at<"x">(x));   // r.value, r.gradient
template <std::size_t N, class X>
[[nodiscard]] constexpr auto rosenbrock(X const& x) {
  static_assert(N >= 2 && N % 2 == 0, "example::rosenbrock<N>(x): N must be even");
  return ctgrad::sum<N / 2>([&](auto i) {
    constexpr std::size_t even = 2 * decltype(i)::value;
    auto const& x0 = x[ctgrad::idx<even>];
    auto const& x1 = x[ctgrad::idx<even + 1>];
    return ctgrad::lit<100> * ctgrad::math::square(x1 - ctgrad::math::square(x0)) +
           ctgrad::math::square(ctgrad::lit<1> - x0);
  });
}

}  // namespace example
