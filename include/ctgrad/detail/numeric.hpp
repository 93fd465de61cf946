// ctgrad::detail::numeric: the math the op rules compute with, one spelling for float, double, long double and
// xsimd batches, constant-evaluable. Private header: not part of the public API (users call ctgrad::math).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/constexpr_math.hpp>
#include <ctgrad/detail/xsimd.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/simd/detail/tanh.hpp>

namespace ctgrad::detail::numeric {

// Every function takes the three ways a value is computed:
// - a batch: xsimd's function, lane by lane (with the fixes noted where xsimd 8.1 differs from <cmath>);
// - a plain floating-point number in constant evaluation: ctgrad's own constexpr implementation
//   (detail/constexpr_math.hpp), within a few ulp of <cmath>, so gradients can be checked by static_assert;
// - a plain number at run time: <cmath>.

using expr::Scalar;

template <class S>
inline constexpr bool is_batch_v = expr::detail::is_batch<S>::value;

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
template <Scalar S, class T>
  requires std::is_arithmetic_v<T>
[[nodiscard]] constexpr S broadcast(T x) noexcept {
  return S(static_cast<element_t<S>>(x));
}

/// A plain number or a Scalar as the Scalar `S`: itself if it is one, else broadcast.
template <Scalar S, class T>
[[nodiscard]] constexpr S broadcast_or_same(T const& x) noexcept {
  if constexpr (std::is_same_v<S, T>) return x;
  else if constexpr (std::is_arithmetic_v<T>) return broadcast<S>(x);
  else return S(x);
}

/// The rational `n / d` in `S`, rounded once.
template <Scalar S>
[[nodiscard]] constexpr S rational(long long n, long long d) noexcept {
  using T = element_t<S>;
  return S(d == 1 ? static_cast<T>(n) : static_cast<T>(n) / static_cast<T>(d));
}

// ---- conditions: 1 where true and 0 where false, in the Scalar itself (lane-wise for a batch) ----------

/// `cond != 0 ? then : otherwise`, lane by lane.
template <Scalar S>
[[nodiscard]] constexpr S where(S cond, S then, S otherwise) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::select(cond != S(0), then, otherwise);
  else return cond != S(0) ? then : otherwise;
}

/// A comparison's result as a Scalar condition: 1 where it holds, 0 elsewhere.
template <Scalar S, class Mask>
[[nodiscard]] constexpr S condition(Mask holds) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::select(holds, S(1), S(0));
  else return holds ? S(1) : S(0);
}

/// `x > 0`, then `then` where it holds and `otherwise` elsewhere (lane-wise for a batch).
template <Scalar S>
[[nodiscard]] constexpr S where_positive(S x, S then, S otherwise) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::select(x > S(0), then, otherwise);
  else return x > S(0) ? then : otherwise;
}

/// `x < 0`, then `then` where it holds and `otherwise` elsewhere (lane-wise for a batch).
template <Scalar S>
[[nodiscard]] constexpr S where_negative(S x, S then, S otherwise) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::select(x < S(0), then, otherwise);
  else return x < S(0) ? then : otherwise;
}

// ---- the functions of <cmath> ---------------------------------------------------------------------

template <Scalar S>
[[nodiscard]] constexpr S sin(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::sin(x);
  else if (std::is_constant_evaluated()) return constexpr_math::sin(x);
  else return std::sin(x);
}
template <Scalar S>
[[nodiscard]] constexpr S cos(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::cos(x);
  else if (std::is_constant_evaluated()) return constexpr_math::cos(x);
  else return std::cos(x);
}
/// sin x and cos x together: one argument reduction for a batch (xsimd's sincos), the same values as `sin` and `cos`.
template <Scalar S>
[[nodiscard]] constexpr std::pair<S, S> sincos(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::sincos(x);
  else return {sin(x), cos(x)};
}
template <Scalar S>
[[nodiscard]] constexpr S tan(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::tan(x);
  else if (std::is_constant_evaluated()) return constexpr_math::tan(x);
  else return std::tan(x);
}
template <Scalar S>
[[nodiscard]] constexpr S asin(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::asin(x);
  else if (std::is_constant_evaluated()) return constexpr_math::asin(x);
  else return std::asin(x);
}
template <Scalar S>
[[nodiscard]] constexpr S acos(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::acos(x);
  else if (std::is_constant_evaluated()) return constexpr_math::acos(x);
  else return std::acos(x);
}
template <Scalar S>
[[nodiscard]] constexpr S atan(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::atan(x);
  else if (std::is_constant_evaluated()) return constexpr_math::atan(x);
  else return std::atan(x);
}
template <Scalar S>
[[nodiscard]] constexpr S atan2(S y, S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::atan2(y, x);
  else if (std::is_constant_evaluated()) return constexpr_math::atan2(y, x);
  else return std::atan2(y, x);
}
template <Scalar S>
[[nodiscard]] constexpr S sinh(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::sinh(x);
  else if (std::is_constant_evaluated()) return constexpr_math::sinh(x);
  else return std::sinh(x);
}
template <Scalar S>
[[nodiscard]] constexpr S cosh(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::cosh(x);
  else if (std::is_constant_evaluated()) return constexpr_math::cosh(x);
  else return std::cosh(x);
}
/// tanh: for batches, the kernels' tanh (simd/detail/tanh.hpp), which the layers use too.
template <Scalar S>
[[nodiscard]] constexpr S tanh(S x) noexcept {
  if constexpr (is_batch_v<S>) return simd::detail::tanh_lanes(x);
  else if (std::is_constant_evaluated()) return constexpr_math::tanh(x);
  else return std::tanh(x);
}
template <Scalar S>
[[nodiscard]] constexpr S asinh(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::asinh(x);
  else if (std::is_constant_evaluated()) return constexpr_math::asinh(x);
  else return std::asinh(x);
}
template <Scalar S>
[[nodiscard]] constexpr S acosh(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::acosh(x);
  else if (std::is_constant_evaluated()) return constexpr_math::acosh(x);
  else return std::acosh(x);
}
template <Scalar S>
[[nodiscard]] constexpr S atanh(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::atanh(x);
  else if (std::is_constant_evaluated()) return constexpr_math::atanh(x);
  else return std::atanh(x);
}
template <Scalar S>
[[nodiscard]] constexpr S exp(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::exp(x);
  else if (std::is_constant_evaluated()) return constexpr_math::exp(x);
  else return std::exp(x);
}
template <Scalar S>
[[nodiscard]] constexpr S exp2(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::exp2(x);
  else if (std::is_constant_evaluated()) return constexpr_math::exp2(x);
  else return std::exp2(x);
}
template <Scalar S>
[[nodiscard]] constexpr S expm1(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::expm1(x);
  else if (std::is_constant_evaluated()) return constexpr_math::expm1(x);
  else return std::expm1(x);
}
template <Scalar S>
[[nodiscard]] constexpr S log(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::log(x);
  else if (std::is_constant_evaluated()) return constexpr_math::log(x);
  else return std::log(x);
}
template <Scalar S>
[[nodiscard]] constexpr S log2(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::log2(x);
  else if (std::is_constant_evaluated()) return constexpr_math::log2(x);
  else return std::log2(x);
}
template <Scalar S>
[[nodiscard]] constexpr S log10(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::log10(x);
  else if (std::is_constant_evaluated()) return constexpr_math::log10(x);
  else return std::log10(x);
}
template <Scalar S>
[[nodiscard]] constexpr S log1p(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::log1p(x);
  else if (std::is_constant_evaluated()) return constexpr_math::log1p(x);
  else return std::log1p(x);
}
template <Scalar S>
[[nodiscard]] constexpr S sqrt(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::sqrt(x);
  else if (std::is_constant_evaluated()) return constexpr_math::sqrt(x);
  else return std::sqrt(x);
}
template <Scalar S>
[[nodiscard]] constexpr S cbrt(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::cbrt(x);
  else if (std::is_constant_evaluated()) return constexpr_math::cbrt(x);
  else return std::cbrt(x);
}
template <Scalar S>
[[nodiscard]] constexpr S hypot(S x, S y) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::hypot(x, y);
  else if (std::is_constant_evaluated()) return constexpr_math::hypot(x, y);
  else return std::hypot(x, y);
}
template <Scalar S>
[[nodiscard]] constexpr S erf(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::erf(x);
  else if (std::is_constant_evaluated()) return constexpr_math::erf(x);
  else return std::erf(x);
}
template <Scalar S>
[[nodiscard]] constexpr S erfc(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::erfc(x);
  else if (std::is_constant_evaluated()) return constexpr_math::erfc(x);
  else return std::erfc(x);
}

/// `a / b`, also where b is 0 in constant evaluation (which rejects a division by zero): there it gives what
/// IEEE division gives, ±inf (or NaN for 0 / 0), so a derivative that is infinite at a point (sqrt at 0) is
/// constant-evaluable too.
template <Scalar S>
[[nodiscard]] constexpr S quotient(S a, S b) noexcept {
  if constexpr (!is_batch_v<S>) {
    if (std::is_constant_evaluated() && b == S(0)) {
      if (a == S(0) || a != a) return std::numeric_limits<S>::quiet_NaN();
      bool const negative = (a < S(0)) != constexpr_math::impl::signbit(static_cast<double>(b));
      return negative ? -std::numeric_limits<S>::infinity() : std::numeric_limits<S>::infinity();
    }
  }
  return a / b;
}

/// `|x|`.
template <Scalar S>
[[nodiscard]] constexpr S abs(S x) noexcept {
  if constexpr (is_batch_v<S>) return xsimd::abs(x);
  else return x < S(0) ? -x : (x == S(0) ? S(0) : x);
}

/// `x` to a compile-time integer power by repeated squaring: exact, and as fast as hand-written products.
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

/// `x` to a real power `p`, with <cmath>'s special cases in every lane: xsimd 8.1 computes
/// exp(p log|x|), which gives 0 at x = 0 whatever p (so 0**0 = 0 and 0**-1 = 0), and loses digits for large
/// results; lanes with x = 0, p = 0 or x = 1 are set as std::pow sets them.
template <Scalar S>
[[nodiscard]] constexpr S pow(S x, S p) noexcept {
  if constexpr (is_batch_v<S>) {
    using T = element_t<S>;
    S const inf(std::numeric_limits<T>::infinity());
    S const odd_sign = xsimd::select(xsimd::abs(xsimd::fmod(p, S(2))) == S(1), xsimd::copysign(S(1), x), S(1));  // (-0)**odd
    S const at_zero = xsimd::select(p > S(0), S(0) * odd_sign, xsimd::select(p < S(0), inf * odd_sign, S(1)));
    S r = xsimd::pow(x, p);
    r = xsimd::select(x == S(0), at_zero, r);
    return xsimd::select(p == S(0) || x == S(1), S(1), r);
  } else if (std::is_constant_evaluated()) {
    return constexpr_math::pow(x, p);
  } else {
    return std::pow(x, p);
  }
}

}  // namespace ctgrad::detail::numeric
