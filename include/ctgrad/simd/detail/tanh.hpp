// ctgrad/simd/detail/tanh.hpp (private): tanh of every lane of a register: `tanh_lanes`, which the kernels
// and the expression templates call.
//
// In double, xsimd's tanh takes a rational approximation below |x| = 0.625 and 1 − 2/(1 + exp(2|x|)) above,
// with a division in each and one inside exp, and a branch on which lanes need which. A small network's step
// waits for three tanh in a row (one per layer), so their latency is the step's. `tanh_double` has one
// division and every lane takes the same path:
//
//     a = min(|x|, 20)                     tanh(20) rounds to 1
//     −2a = k·ln 2 + r,  |r| ≤ ln 2 / 2    k an integer, r by Cody and Waite's two-constant reduction
//     u = expm1(−2a) = 2ᵏ·expm1(r) + (2ᵏ − 1)    expm1(r) by its Taylor series in Estrin's scheme
//     tanh(a) = −u / (2 + u)               a < 1: (1 − e^(−2a)) / (1 + e^(−2a)) rearranged
//     tanh(a) = 1 − 2e / (2 + u)           a ≥ 1, e = e^(−2a) = 1 + u: the rounding of the small
//                                          quotient 2e/(1 + e) stays far below an ulp of the result
//
// expm1 rather than exp keeps the relative error small as x → 0 (where 1 − e^(−2a) would cancel): for |x|
// below ln 2 / 4, k = 0 and u = expm1(r) with r = −2a exactly. Both branches share the one division. The sign
// is put back by copysign, so tanh(−0) = −0; NaN gives NaN. Error against std::tanh in long double
// (tests/simd/test_tanh.cpp checks ≤ 3 ulp): measured at most 2.4 ulp, near |x| = ln 2 / 4 where k first
// becomes −1 (xsimd's: 1.2 ulp). On Zen 4 (AVX-512) one tanh's latency measured 18% lower than xsimd's, its
// throughput 4% higher.
//
// In float, xsimd's tanh stays: its |x| < 0.625 branch is a polynomial without division, and over 6,400
// elements (makemore's hidden layer) it measured 20% faster than this scheme carried over to float.
#pragma once

#include <ctgrad/detail/inline.hpp>
#include <ctgrad/simd/detail/lanes.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ctgrad::simd::detail {

struct tanh_constants_double {
  static constexpr double saturate = 20.0;  // 1 − tanh(20) ≈ 8.5e−18 < 2⁻⁵³
  static constexpr double log2e = 1.4426950408889634;
  // ln 2 split so that k·ln2_hi is exact for |k| < 2¹¹ (fdlibm's constants).
  static constexpr double ln2_hi = 6.93147180369123816490e-01;
  static constexpr double ln2_lo = 1.90821492927058770002e-10;
  static constexpr int mantissa_bits = 52;
  static constexpr int exponent_bias = 1023;
  // 1/(i+1)!, i = 0..12: expm1(r) = r·Σ rⁱ/(i+1)!, truncated after r¹³/13! (|r|¹³/14! < 2e−17 relative).
  static constexpr double c[13] = {1.0,
                                   1.0 / 2,
                                   1.0 / 6,
                                   1.0 / 24,
                                   1.0 / 120,
                                   1.0 / 720,
                                   1.0 / 5040,
                                   1.0 / 40320,
                                   1.0 / 362880,
                                   1.0 / 3628800,
                                   1.0 / 39916800,
                                   1.0 / 479001600,
                                   1.0 / 6227020800};
};

/// Σ c[i]·rⁱ for i in [First, First + Count), by Estrin's scheme: pairs c[i] + c[i+1]·r, then pairs of
/// pairs with r², and so on, so the latency grows with log₂ of the degree rather than with the degree.
template <std::size_t First, std::size_t Count, class B, class C>
CTGRAD_INLINE B estrin(B r, B r2, const C& c) noexcept {
  if constexpr (Count == 1) {
    return B(c[First]);
  } else if constexpr (Count == 2) {
    return xsimd::fma(B(c[First + 1]), r, B(c[First]));
  } else {
    // Split at the largest power of two below Count: low part + r^half · high part.
    constexpr std::size_t half = std::bit_floor(Count - 1);
    B rh = r2;
    for (std::size_t p = 2; p < half; p *= 2) rh = rh * rh;
    return xsimd::fma(estrin<First + half, Count - half>(r, r2, c), rh, estrin<First, half>(r, r2, c));
  }
}

/// tanh of every lane of a register of doubles (see the top of this file).
template <class A>
CTGRAD_INLINE batch<double, A> tanh_double(batch<double, A> x) noexcept {
  using T = double;
  using B = batch<T, A>;
  using K = tanh_constants_double;
  using I = std::int64_t;
  const B a = xsimd::min(xsimd::abs(x), B(K::saturate));
  const B y = B(T(-2)) * a;
  const B k = xsimd::nearbyint(y * B(K::log2e));
  B r = xsimd::fnma(k, B(K::ln2_hi), y);
  r = xsimd::fnma(k, B(K::ln2_lo), r);
  const B r2 = r * r;
  constexpr std::size_t terms = sizeof(K::c) / sizeof(K::c[0]);
  // r + r²·(1/2 + r/6 + ...): the exact leading term added last, so the polynomial's rounding error is
  // scaled down by |r|/2 ≤ 0.18.
  const B expm1_r = xsimd::fma(r2, estrin<1, terms - 1>(r, r2, K::c), r);
  // 2ᵏ from the bits, without a float-to-integer conversion: adding 1.5·2^mantissa_bits puts the integer
  // k + bias in the low bits of the sum's mantissa, and the shift moves them into the exponent field
  // (k ∈ [−2c/ln 2 − 1, 0], so k + bias fits the field and the sign bit stays 0).
  constexpr T shifter = T(1.5) * T(I{1} << K::mantissa_bits) + T(K::exponent_bias);
  using J = xsimd::batch<I, A>;
  const B scale = xsimd::bitwise_cast<B>(xsimd::bitwise_cast<J>(k + B(shifter)) << K::mantissa_bits);
  const B u = xsimd::fma(scale, expm1_r, scale - B(T(1)));
  const B e = xsimd::fma(scale, expm1_r, scale);
  const auto small = a < B(T(1));
  const B q = xsimd::select(small, -u, e + e) / (B(T(2)) + u);
  const B t = xsimd::select(small, q, B(T(1)) - q);
  return xsimd::select(xsimd::isnan(x), x, xsimd::copysign(t, x));
}

/// tanh of every lane: `tanh_double` for double, xsimd's tanh for float.
template <class T, class A>
CTGRAD_INLINE batch<T, A> tanh_lanes(batch<T, A> x) noexcept {
  if constexpr (std::is_same_v<T, double>) {
    return tanh_double(x);
  } else {
    return xsimd::tanh(x);
  }
}

}  // namespace ctgrad::simd::detail
