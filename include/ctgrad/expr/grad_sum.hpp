// ctgrad::expr::grad_sum: value and gradient of a sum of one expression over many points, SIMD-wide.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include <ctgrad/detail/xsimd.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/grad.hpp>
#include <ctgrad/expr/graph.hpp>

namespace ctgrad::expr {

/// The value and gradient of `F = sum_i f(v_0[i], v_1[i], ...)`: one expression summed over `n` points.
///
/// `inputs[k]` holds variable k's value at every point and `gradients[k]` receives d F / d v_k[i] =
/// (d f / d v_k) at point i, variables in the order of `variables_of(f)`. Each step differentiates `f` at
/// a whole `xsimd::batch` of points with one generated sweep, so the work is the hand-written SIMD loop:
/// `sum_xy` below is the dot product of x and y together with d/dx = y and d/dy = x.
///
///     std::vector<double> x(1000), y(1000), dx(1000), dy(1000);
///     using in = std::span<const double>;
///     using out = std::span<double>;
///     double sum_xy = grad_sum(var<"x"> * var<"y">, {in{x}, in{y}}, {out{dx}, out{dy}});
struct grad_sum_fn {
  template <Expression F, std::floating_point T, std::size_t N>
    requires(N == detail::graph<F>::variable_count)
  T operator()(F const& f, std::span<const T> const (&inputs)[N], std::span<T> const (&gradients)[N]) const {
    const std::size_t n = inputs[0].size();
    for (std::size_t k = 0; k < N; ++k) {
      if (inputs[k].size() != n || gradients[k].size() != n)
        throw std::invalid_argument("ctgrad::grad_sum(f, inputs, gradients): variable " +
                                    std::string{variables_of(f)[k]} + " has " + std::to_string(inputs[k].size()) +
                                    " values and " + std::to_string(gradients[k].size()) + " gradient slots, expected " +
                                    std::to_string(n));
    }
    // Plain pointers in locals: the compiler then knows the stores below cannot move the spans.
    std::array<const T*, N> in;
    std::array<T*, N> out;
    for (std::size_t k = 0; k < N; ++k) {
      in[k] = inputs[k].data();
      out[k] = gradients[k].data();
    }
    using batch = xsimd::batch<T>;
    constexpr std::size_t w = batch::size;
    batch sum0(T(0)), sum1(T(0));  // two accumulators: additions in flight overlap
    std::size_t i = 0;
    const auto step = [&](std::size_t at, batch& sum) {
      std::array<batch, N> x;
      for (std::size_t k = 0; k < N; ++k) x[k] = batch::load_unaligned(in[k] + at);
      const auto r = grad(f, x);
      for (std::size_t k = 0; k < N; ++k) r.gradient[k].store_unaligned(out[k] + at);
      sum += r.value;
    };
    for (; i + 2 * w <= n; i += 2 * w) {
      step(i, sum0);
      step(i + w, sum1);
    }
    if (i + w <= n) {
      step(i, sum0);
      i += w;
    }
    T total = xsimd::hadd(sum0 + sum1);
    for (; i < n; ++i) {  // the last points, one at a time
      std::array<T, N> x;
      for (std::size_t k = 0; k < N; ++k) x[k] = in[k][i];
      const auto r = grad(f, x);
      for (std::size_t k = 0; k < N; ++k) out[k][i] = r.gradient[k];
      total += r.value;
    }
    return total;
  }

  template <Expression F, std::floating_point T, std::size_t N>
    requires(N != detail::graph<F>::variable_count)
  auto operator()(F const&, std::span<const T> const (&)[N], std::span<T> const (&)[N]) const {
    static_assert(N == detail::graph<F>::variable_count,
                  "ctgrad::grad_sum(f, inputs, gradients): give one input span and one gradient span per variable of f");
  }
};
inline constexpr grad_sum_fn grad_sum{};

}  // namespace ctgrad::expr

namespace ctgrad {
using expr::grad_sum;
}  // namespace ctgrad
