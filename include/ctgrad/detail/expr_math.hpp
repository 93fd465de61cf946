// ctgrad::expr::detail math kernels shared by the op rules, one spelling for float, double and xsimd batches.
// Private header: not part of the public API.
#pragma once

#include <cmath>
#include <type_traits>

#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/simd/detail/tanh.hpp>

namespace ctgrad::expr::detail {

/// The element type of a Scalar: `T` itself, or the `value_type` of a batch.
template <class S>
struct element {
  using type = S;
};
template <class T, class A>
struct element<xsimd::batch<T, A>> {
  using type = T;
};
template <class S>
using element_t = typename element<S>::type;

/// A plain number converted to the Scalar `S` (broadcast to every lane for a batch).
template <Scalar S, Number T>
[[nodiscard]] constexpr S broadcast(T x) noexcept {
  return S(static_cast<element_t<S>>(x));
}

/// `x > 0`, then `then` where it holds and `otherwise` elsewhere (lane-wise for a batch).
template <Scalar S>
[[nodiscard]] constexpr S where_positive(S x, S then, S otherwise) noexcept {
  if constexpr (std::is_floating_point_v<S>) {
    return x > S(0) ? then : otherwise;
  } else {
    return xsimd::select(x > S(0), then, otherwise);
  }
}

/// `x < 0`, then `then` where it holds and `otherwise` elsewhere (lane-wise for a batch).
template <Scalar S>
[[nodiscard]] constexpr S where_negative(S x, S then, S otherwise) noexcept {
  if constexpr (std::is_floating_point_v<S>) {
    return x < S(0) ? then : otherwise;
  } else {
    return xsimd::select(x < S(0), then, otherwise);
  }
}

template <Scalar S>
[[nodiscard]] inline S exp(S x) noexcept {
  if constexpr (std::is_floating_point_v<S>) return std::exp(x);
  else return xsimd::exp(x);
}

template <Scalar S>
[[nodiscard]] inline S log(S x) noexcept {
  if constexpr (std::is_floating_point_v<S>) return std::log(x);
  else return xsimd::log(x);
}

template <Scalar S>
[[nodiscard]] inline S tanh(S x) noexcept {
  if constexpr (std::is_floating_point_v<S>) return std::tanh(x);
  else return simd::detail::tanh_lanes(x);
}

template <Scalar S>
[[nodiscard]] inline S sqrt(S x) noexcept {
  if constexpr (std::is_floating_point_v<S>) return std::sqrt(x);
  else return xsimd::sqrt(x);
}

/// `|x|`, constexpr for plain floating-point types.
template <Scalar S>
[[nodiscard]] constexpr S abs(S x) noexcept {
  if constexpr (std::is_floating_point_v<S>) return x < S(0) ? -x : x;
  else return xsimd::abs(x);
}

/// `x` to an integer power by repeated squaring: exact, constexpr, and as fast as hand-written products.
template <int N, Scalar S>
[[nodiscard]] constexpr S ipow(S x) noexcept {
  if constexpr (N < 0) {
    return S(1) / ipow<-N>(x);
  } else if constexpr (N == 0) {
    return S(1);
  } else if constexpr (N == 1) {
    return x;
  } else {
    S const half = ipow<N / 2>(x);
    if constexpr (N % 2 == 0) return half * half;
    else return half * half * x;
  }
}

/// `x` to a real power `p`: `std::pow` / `xsimd::pow`; in constant evaluation an integral `p` is
/// computed by repeated multiplication, so `pow(x, 2)` can be checked with `static_assert`.
template <Scalar S>
[[nodiscard]] constexpr S pow(S x, S p) noexcept {
  if constexpr (std::is_floating_point_v<S>) {
    if (auto n = static_cast<long long>(p); std::is_constant_evaluated() && static_cast<S>(n) == p) {
      S base = n < 0 ? S(1) / x : x;
      S result = S(1);
      for (n = n < 0 ? -n : n; n > 0; n /= 2, base *= base) {
        if (n % 2 != 0) result *= base;
      }
      return result;
    }
    return std::pow(x, p);
  } else {
    return xsimd::pow(x, p);
  }
}

}  // namespace ctgrad::expr::detail
