// ctgrad::detail::constexpr_math: sin, cos, exp, log, pow, erf... that also run in constant evaluation.
// Private header: not part of the public API.
//
// Why: the <cmath> functions are not constexpr in C++20 (g++ 12, clang 14), and ctgrad evaluates and
// differentiates expressions inside static_assert. The library calls these functions only when
// std::is_constant_evaluated(); at run time it calls std:: or xsimd. So they aim at accuracy and at a small
// constant-evaluation cost (no loop runs more than a few dozen times), not at run-time speed.
//
// How: every function is computed in double, with argument reduction, a short polynomial and, where a
// rounding error would show in the result, double-double ("dd", an unevaluated sum hi + lo) arithmetic.
// Polynomial coefficients and split constants were generated with mpmath at 400 bits: Taylor coefficients
// (k! and Bernoulli-number based) and, for erfc, Chebyshev expansions of erfcx(x) = exp(x^2) erfc(x) on
// [0,0.5], [0.5,1], [1,2], [2,4], [4,8], [8,16], [16,28].
//   float:       computed in double and rounded once more, so within 1 ulp (mostly correctly rounded).
//   long double: computed through double too, so it has double's precision and range (about 2^11 long
//                double ulps), not long double's.
// Constant evaluation rejects any operation that makes a NaN (clang) or overflows or divides by zero
// (gcc), so NaN, infinity and overflowing results are returned as constants, never computed.
//
// Measured max error against glibc's long double functions (double) and double functions (float), in ulps,
// by the dense sweeps of tests/math/test_constexpr_math.cpp (200k-300k points per double function):
//
//   function      double  float    function      double  float
//   sin           0.71    0.50     exp           0.74    0.50
//   cos           0.73    0.50     exp2          0.76    0.50
//   tan           0.81    0.50     expm1         0.77    0.50
//   asin          0.60    0.50     log           0.50    0.50
//   acos          0.60    0.50     log2          0.50    0.50
//   atan          0.63    0.50     log10         0.50    0.50
//   atan2         0.62    0.50     log1p         0.66    0.50
//   sinh          0.74    0.50     sqrt          0.50    0.50
//   cosh          0.55    0.50     cbrt          0.50    0.50
//   tanh          0.78    0.50     hypot         0.50    0.50
//   asinh         0.61    0.50     erf           0.76    0.50
//   acosh         0.50    0.50     erfc          0.82    0.50
//   atanh         0.64    0.50     pow           0.74    0.50
//
// The tests assert at most 1 ulp for each. The float errors are those of rounding an accurate double once
// more; the double errors above 0.5 ulp come from the terms evaluated in plain double arithmetic (up to
// about 0.3 ulp) on top of the final rounding, and for exp, exp2, pow and erfc from rounding twice when the
// result is subnormal.
//
// sin, cos, tan reduce their argument with a 4-part pi/2 (Cody-Waite) for |x| < 2^20 and with the bits of
// 2/pi (Payne-Hanek) beyond, so the error bound holds over all finite doubles.
#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace ctgrad::detail::constexpr_math {
namespace impl {

// ---- bits, classification, exact scaling --------------------------------------------------------------

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
inline constexpr std::uint64_t sign_mask = 0x8000'0000'0000'0000ull;
inline constexpr std::uint64_t exp_mask = 0x7ff0'0000'0000'0000ull;
inline constexpr std::uint64_t mant_mask = 0x000f'ffff'ffff'ffffull;

[[nodiscard]] constexpr std::uint64_t bits(double x) noexcept { return std::bit_cast<std::uint64_t>(x); }
[[nodiscard]] constexpr double from_bits(std::uint64_t b) noexcept { return std::bit_cast<double>(b); }

[[nodiscard]] constexpr bool isnan(double x) noexcept { return (bits(x) & ~sign_mask) > exp_mask; }
[[nodiscard]] constexpr bool isinf(double x) noexcept { return (bits(x) & ~sign_mask) == exp_mask; }
[[nodiscard]] constexpr bool isfinite(double x) noexcept { return (bits(x) & exp_mask) != exp_mask; }
[[nodiscard]] constexpr bool signbit(double x) noexcept { return (bits(x) & sign_mask) != 0; }
[[nodiscard]] constexpr double fabs(double x) noexcept { return from_bits(bits(x) & ~sign_mask); }
[[nodiscard]] constexpr double copysign(double x, double s) noexcept {
  return from_bits((bits(x) & ~sign_mask) | (bits(s) & sign_mask));
}

/// 2^n for a normal power of two, -1022 <= n <= 1023.
[[nodiscard]] constexpr double pow2(int n) noexcept {
  return from_bits(static_cast<std::uint64_t>(n + 1023) << 52);
}

/// The exponent e of a finite nonzero x, 2^e <= |x| < 2^(e+1), subnormals included.
[[nodiscard]] constexpr int ilogb(double x) noexcept {
  const int e = static_cast<int>((bits(x) & exp_mask) >> 52);
  if (e == 0) {
    return static_cast<int>((bits(x * 0x1p54) & exp_mask) >> 52) - 1023 - 54;
  }
  return e - 1023;
}

/// x * 2^n, rounded once (so exact unless the result is subnormal); overflow gives inf without computing it.
[[nodiscard]] constexpr double ldexp(double x, int n) noexcept {
  if (x == 0 || !isfinite(x)) {
    return x;
  }
  std::uint64_t b = bits(x);
  int e = static_cast<int>((b & exp_mask) >> 52);
  if (e == 0) {  // subnormal: normalise first
    b = bits(x * 0x1p54);
    e = static_cast<int>((b & exp_mask) >> 52) - 54;
  }
  n = n > 4000 ? 4000 : (n < -4000 ? -4000 : n);
  const int ne = e + n;
  const std::uint64_t sign_and_mantissa = b & ~exp_mask;
  if (ne >= 2047) {
    return copysign(inf, x);
  }
  if (ne >= 1) {
    return from_bits(sign_and_mantissa | (static_cast<std::uint64_t>(ne) << 52));
  }
  if (ne <= -53) {  // below half the smallest subnormal
    return copysign(0.0, x);
  }
  // Subnormal result: one multiplication, so one rounding.
  return from_bits(sign_and_mantissa | (static_cast<std::uint64_t>(ne + 54) << 52)) * 0x1p-54;
}

/// The integer nearest to v (ties to even), for |v| < 2^51.
[[nodiscard]] constexpr double nearest_int(double v) noexcept { return (v + 0x1.8p52) - 0x1.8p52; }

/// Whether a finite y is an integer, and whether it is an odd one.
[[nodiscard]] constexpr bool is_integer(double y) noexcept {
  const int e = static_cast<int>((bits(y) & exp_mask) >> 52) - 1023;
  if (e < 0) {
    return y == 0;
  }
  if (e >= 52) {
    return true;
  }
  return (bits(y) & (mant_mask >> e)) == 0;
}
[[nodiscard]] constexpr bool is_odd_integer(double y) noexcept {
  const int e = static_cast<int>((bits(y) & exp_mask) >> 52) - 1023;
  if (e < 0 || e > 52 || !is_integer(y)) {
    return false;
  }
  const std::uint64_t m = (bits(y) & mant_mask) | (1ull << 52);
  return ((m >> (52 - e)) & 1) != 0;
}

/// c[0] + c[1] x + ... + c[N-1] x^(N-1).
template <std::size_t N>
[[nodiscard]] constexpr double horner(const double (&c)[N], double x) noexcept {
  double r = c[N - 1];
  for (std::size_t i = N - 1; i-- > 0;) {
    r = r * x + c[i];
  }
  return r;
}

// ---- double-double arithmetic ----------------------------------------------------------------------------
// The splitting for exact products masks bits instead of Dekker's multiply-by-(2^27+1), so a compiler that
// contracts a*b+c into an fma cannot break it.

struct dd {
  double hi;
  double lo;
};

[[nodiscard]] constexpr dd two_sum(double a, double b) noexcept {
  const double s = a + b;
  const double bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
/// Requires |a| >= |b| (or a == 0).
[[nodiscard]] constexpr dd fast_two_sum(double a, double b) noexcept {
  const double s = a + b;
  return {s, b - (s - a)};
}
/// a rounded to 26 significant bits, so that a - split_hi(a) has at most 26 too.
[[nodiscard]] constexpr double split_hi(double a) noexcept {
  return from_bits((bits(a) + (1ull << 26)) & ~((1ull << 27) - 1));
}
/// a * b exactly, as hi + lo (no overflow or underflow assumed).
[[nodiscard]] constexpr dd two_prod(double a, double b) noexcept {
  const double p = a * b;
  const double ah = split_hi(a);
  const double al = a - ah;
  const double bh = split_hi(b);
  const double bl = b - bh;
  return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}
[[nodiscard]] constexpr dd operator-(dd a) noexcept { return {-a.hi, -a.lo}; }
[[nodiscard]] constexpr dd operator+(dd a, dd b) noexcept {
  const dd s = two_sum(a.hi, b.hi);
  return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}
[[nodiscard]] constexpr dd operator+(dd a, double b) noexcept {
  const dd s = two_sum(a.hi, b);
  return fast_two_sum(s.hi, s.lo + a.lo);
}
[[nodiscard]] constexpr dd operator-(dd a, dd b) noexcept { return a + -b; }
[[nodiscard]] constexpr dd operator*(dd a, dd b) noexcept {
  const dd p = two_prod(a.hi, b.hi);
  return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
[[nodiscard]] constexpr dd operator*(dd a, double b) noexcept {
  const dd p = two_prod(a.hi, b);
  return fast_two_sum(p.hi, p.lo + a.lo * b);
}
[[nodiscard]] constexpr dd operator/(dd a, dd b) noexcept {
  const double q = a.hi / b.hi;
  const dd p = two_prod(q, b.hi);
  const double r = (((a.hi - p.hi) - p.lo) + a.lo) - q * b.lo;
  return fast_two_sum(q, r / b.hi);
}
[[nodiscard]] constexpr double to_double(dd a) noexcept { return a.hi + a.lo; }

// ---- constants (generated with mpmath; see the top of the file) -----------------------------------------
// pio2_1..4: pi/2 in four parts, the first three of 33 bits; ln2_hi, log10_2_hi: 42 bits, so that k * hi is
// exact for any exponent k; *_dd: a constant as hi + lo; two_over_pi_bits: the first 1408 bits of 2/pi.
// Polynomials, lowest degree first: sin_c, sinh_c, asin_c, asinh_c, atan_c, atanh_c, tanh_c: f(x) = x + x z P(z),
// z = x^2; cos_c, cosh_c: the z^2 onwards terms; expm1_c: the x^2 onwards, exp_c: the x^3 onwards terms of e^x;
// log_tail_c: log(1+f) = 2s + 2s^3/3 + s^5 P(s^2); erf_c: erf(x) = x + x P(x^2); erfcx_*: Chebyshev coefficients.

inline constexpr double pio2_1 = 1.5707963267341256;
inline constexpr double pio2_2 = 6.077100506303966e-11;
inline constexpr double pio2_3 = 2.0222662487111665e-21;
inline constexpr double pio2_4 = 8.4784276603689e-32;
inline constexpr double two_over_pi = 0.6366197723675814;
inline constexpr dd pio2_dd{1.5707963267948966, 6.123233995736766e-17};
inline constexpr dd pi_dd{3.141592653589793, 1.2246467991473532e-16};
inline constexpr dd pio4_dd{0.7853981633974483, 3.061616997868383e-17};
inline constexpr dd atan_half_dd{0.4636476090008061, 2.2698777452961687e-17};
inline constexpr double ln2_hi = 0.6931471805598903;
inline constexpr double ln2_lo = 5.497923018708371e-14;
inline constexpr dd ln2_dd{0.6931471805599453, 2.3190468138462996e-17};
inline constexpr double inv_ln2 = 1.4426950408889634;
inline constexpr dd inv_ln2_dd{1.4426950408889634, 2.0355273740931033e-17};
inline constexpr dd inv_ln10_dd{0.4342944819032518, 1.098319650216765e-17};
inline constexpr double log10_2_hi = 0.30102999566395283;
inline constexpr double log10_2_lo = 2.8363394551044964e-14;
inline constexpr dd two_thirds_dd{0.6666666666666666, 3.700743415417188e-17};
inline constexpr double three_pio4 = 2.356194490192345;
inline constexpr double sqrt2 = 1.4142135623730951;
inline constexpr std::uint64_t two_over_pi_bits[] = {
    0xa2f9836e4e441529ull, 0xfc2757d1f534ddc0ull, 0xdb6295993c439041ull,
    0xfe5163abdebbc561ull, 0xb7246e3a424dd2e0ull, 0x06492eea09d1921cull,
    0xfe1deb1cb129a73eull, 0xe88235f52ebb4484ull, 0xe99c7026b45f7e41ull,
    0x3991d639835339f4ull, 0x9c845f8bbdf9283bull, 0x1ff897ffde05980full,
    0xef2f118b5a0a6d1full, 0x6d367ecf27cb09b7ull, 0x4f463f669e5fea2dull,
    0x7527bac7ebe5f17bull, 0x3d0739f78a5292eaull, 0x6bfb5fb11f8d5d08ull,
    0x56033046fc7b6babull, 0xf0cfbc209af4361dull, 0xa9e391615ee61b08ull,
    0x6599855f14a06840ull,
};
inline constexpr double sin_c[] = {
    -0.16666666666666666, 0.008333333333333333, -0.0001984126984126984, 2.7557319223985893e-06,
    -2.505210838544172e-08, 1.6059043836821613e-10, -7.647163731819816e-13, 2.8114572543455206e-15,
    -8.22063524662433e-18, 1.9572941063391263e-20,
};
inline constexpr double cos_c[] = {
    0.041666666666666664, -0.001388888888888889, 2.48015873015873e-05, -2.755731922398589e-07,
    2.08767569878681e-09, -1.1470745597729725e-11, 4.779477332387385e-14, -1.5619206968586225e-16,
    4.110317623312165e-19, -8.896791392450574e-22,
};
inline constexpr double expm1_c[] = {
    0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
    0.0001984126984126984, 2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07,
    2.505210838544172e-08, 2.08767569878681e-09, 1.6059043836821613e-10, 1.1470745597729725e-11,
    7.647163731819816e-13, 4.779477332387385e-14, 2.8114572543455206e-15,
};
inline constexpr double exp_c[] = {
    0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
    0.0001984126984126984, 2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07,
    2.505210838544172e-08, 2.08767569878681e-09, 1.6059043836821613e-10, 1.1470745597729725e-11,
    7.647163731819816e-13, 4.779477332387385e-14, 2.8114572543455206e-15,
};
inline constexpr double asin_c[] = {
    0.16666666666666666, 0.075, 0.044642857142857144, 0.030381944444444444, 0.022372159090909092,
    0.017352764423076924, 0.01396484375, 0.011551800896139705, 0.009761609529194078, 0.008390335809616815,
    0.0073125258735988454, 0.006447210311889649, 0.005740037670841924, 0.005153309682319905,
    0.004660143486915096, 0.004240907093679363, 0.003880964558837669, 0.0035692053938259347,
    0.003297059503473485, 0.0030578216492580306, 0.002846178401108942, 0.00265787063820729,
    0.0024894486782468836, 0.002338091892111975, 0.0022014739737101384, 0.0020776610325181676,
    0.0019650336162772837,
};
inline constexpr double asinh_c[] = {
    -0.16666666666666666, 0.075, -0.044642857142857144, 0.030381944444444444, -0.022372159090909092,
    0.017352764423076924, -0.01396484375, 0.011551800896139705, -0.009761609529194078, 0.008390335809616815,
    -0.0073125258735988454, 0.006447210311889649, -0.005740037670841924, 0.005153309682319905,
    -0.004660143486915096, 0.004240907093679363, -0.003880964558837669, 0.0035692053938259347,
    -0.003297059503473485, 0.0030578216492580306, -0.002846178401108942, 0.00265787063820729,
    -0.0024894486782468836, 0.002338091892111975, -0.0022014739737101384, 0.0020776610325181676,
    -0.0019650336162772837,
};
inline constexpr double atan_c[] = {
    -0.3333333333333333, 0.2, -0.14285714285714285, 0.1111111111111111, -0.09090909090909091,
    0.07692307692307693, -0.06666666666666667, 0.058823529411764705, -0.05263157894736842,
    0.047619047619047616, -0.043478260869565216, 0.04, -0.037037037037037035, 0.034482758620689655,
    -0.03225806451612903, 0.030303030303030304, -0.02857142857142857, 0.02702702702702703,
    -0.02564102564102564, 0.024390243902439025, -0.023255813953488372, 0.022222222222222223,
    -0.02127659574468085,
};
inline constexpr double atanh_c[] = {
    0.3333333333333333, 0.2, 0.14285714285714285, 0.1111111111111111, 0.09090909090909091, 0.07692307692307693,
    0.06666666666666667, 0.058823529411764705, 0.05263157894736842, 0.047619047619047616, 0.043478260869565216,
    0.04, 0.037037037037037035, 0.034482758620689655, 0.03225806451612903, 0.030303030303030304,
    0.02857142857142857, 0.02702702702702703, 0.02564102564102564, 0.024390243902439025, 0.023255813953488372,
    0.022222222222222223, 0.02127659574468085, 0.02040816326530612, 0.0196078431372549, 0.018867924528301886,
    0.01818181818181818,
};
inline constexpr double sinh_c[] = {
    0.16666666666666666, 0.008333333333333333, 0.0001984126984126984, 2.7557319223985893e-06,
    2.505210838544172e-08, 1.6059043836821613e-10, 7.647163731819816e-13, 2.8114572543455206e-15,
    8.22063524662433e-18, 1.9572941063391263e-20,
};
inline constexpr double cosh_c[] = {
    0.041666666666666664, 0.001388888888888889, 2.48015873015873e-05, 2.755731922398589e-07,
    2.08767569878681e-09, 1.1470745597729725e-11, 4.779477332387385e-14, 1.5619206968586225e-16,
    4.110317623312165e-19,
};
inline constexpr double log_tail_c[] = {
    0.4, 0.2857142857142857, 0.2222222222222222, 0.18181818181818182, 0.15384615384615385, 0.13333333333333333,
    0.11764705882352941, 0.10526315789473684, 0.09523809523809523, 0.08695652173913043, 0.08,
    0.07407407407407407,
};
inline constexpr double erf_c[] = {
    0.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252, 0.005223977625442188,
    -0.0008548327023450853, 0.00012055332981789664, -1.492565035840625e-05, 1.6462114365889248e-06,
    -1.6365844691234924e-07, 1.4807192815879218e-08, -1.2290555301717928e-09, 9.422759064650411e-11,
    -6.7113668551641105e-12, 4.4632242632864775e-13, -2.7835162072109215e-14, 1.6342614095367152e-15,
    -9.063970842808673e-17,
};
inline constexpr double tanh_c[] = {
    -0.3333333333333333, 0.13333333333333333, -0.05396825396825397, 0.021869488536155203,
    -0.008863235529902197, 0.003592128036572481, -0.0014558343870513183, 0.000590027440945586,
    -0.00023912911424355248, 9.691537956929451e-05, -3.927832388331683e-05, 1.5918905069328964e-05,
    -6.451689215655431e-06, 2.6147711512907546e-06, -1.0597268320104654e-06, 4.294911078273806e-07,
    -1.7406618963571648e-07, 7.054636946400968e-08, -2.859136662305254e-08,
};
inline constexpr double erfcx_0_0[] = {
    0.7889742043298319, -0.19054959076559183, 0.018748766414046564, -0.0015967385395194618,
    0.00012165370853879293, -8.465560707954155e-06, 5.457634580553603e-07, -3.293608532171683e-08,
    1.8753468988852802e-09, -1.0137357663517625e-10, 5.228450565255384e-12, -2.5835414602093493e-13,
    1.227302524636248e-14, -5.62155789122863e-16, 2.489018856803021e-17, -1.067630235028189e-18,
};
inline constexpr double erfcx_0_0_lo = -2.0520835537223178e-17;  // c[0] - double(c[0])
inline constexpr double erfcx_0_5[] = {
    0.5142540300448141, -0.09353436157631646, 0.007349543567965961, -0.0005170287683170955,
    3.327489181039832e-05, -1.9877609419315706e-06, 1.1137198399251981e-07, -5.898649609389129e-09,
    2.9712990142852805e-10, -1.430488185776257e-11, 6.608616284265577e-13, -2.9395552899978545e-14,
    1.2625028540389158e-15, -5.2483535009959205e-17, 2.1162858025358237e-18,
};
inline constexpr double erfcx_0_5_lo = -9.526160555036572e-18;  // c[0] - double(c[0])
inline constexpr double erfcx_1_0[] = {
    0.331427281639452, -0.0850021377067432, 0.009951127341466115, -0.0010810888102208325,
    0.0001102324363119495, -1.0636830518218601e-05, 9.775012680479055e-07, -8.597922867888315e-08,
    7.2677084117248425e-09, -5.923543840592542e-10, 4.6683928572294154e-11, -3.56612770156775e-12,
    2.6458779519104523e-13, -1.9101658673527567e-14, 1.343976588479829e-15, -9.228790549094326e-17,
    6.19267308464391e-18, -4.0652224326488762e-19,
};
inline constexpr double erfcx_1_0_lo = -2.6334509630345477e-17;  // c[0] - double(c[0])
inline constexpr double erfcx_2_0[] = {
    0.1874295690262241, -0.05794652883669097, 0.008595247387396534, -0.0012284613640242594,
    0.00016974366686180488, -2.2738329337044562e-05, 2.959844378804878e-06, -3.7513575581379714e-07,
    4.6372828761738244e-08, -5.599455392564088e-09, 6.613160896679916e-10, -7.648271522199816e-11,
    8.670904325876594e-12, -9.645456274382108e-13, 1.0536827959360625e-13, -1.1312630906760667e-14,
    1.1945180669174577e-15, -1.241310752580407e-16, 1.270246323185436e-17, -1.280725873663855e-18,
    1.2729426443953689e-19,
};
inline constexpr double erfcx_2_0_lo = -3.4703275778481595e-18;  // c[0] - double(c[0])
inline constexpr double erfcx_4_0[] = {
    0.09799557556862198, -0.03261716242283879, 0.005354444513048941, -0.0008675085617618387,
    0.0001387834577332989, -2.1933248302183236e-05, 3.425716824410705e-06, -5.289955530513349e-07,
    8.079076527537946e-08, -1.2207511691612988e-08, 1.8255151508559988e-09, -2.7024969193563974e-10,
    3.961752303537055e-11, -5.752619043200236e-12, 8.275752891382595e-13, -1.1798167744445412e-13,
    1.6671816868045593e-14, -2.335628745546585e-15, 3.244620004495789e-16, -4.470390173206754e-17,
    6.10980111227626e-18, -8.284830681274416e-19, 1.114773431757112e-19,
};
inline constexpr double erfcx_4_0_lo = -2.9123942323615545e-18;  // c[0] - double(c[0])
inline constexpr double erfcx_8_0[] = {
    0.0496402148021428, -0.016897808070160118, 0.0028652408255077657, -0.00048403293647937437,
    8.146859582420295e-05, -1.3662340878975885e-05, 2.2829539932731383e-06, -3.801224444355858e-07,
    6.30697220062995e-08, -1.0428112493713957e-08, 1.7182796156078595e-09, -2.8216353600775824e-10,
    4.617874055248115e-11, -7.532381371020102e-12, 1.2245769587090083e-12, -1.984347172176958e-13,
    3.2050951925946495e-14, -5.160235538551778e-15, 8.281647822511873e-16, -1.3249383610142047e-16,
    2.1130951179180252e-17, -3.3596913788621183e-18, 5.325359678865873e-19, -8.415496414540931e-20,
};
inline constexpr double erfcx_8_0_lo = 2.155722436655472e-18;  // c[0] - double(c[0])
inline constexpr double erfcx_16_0[] = {
    0.02662225841633657, -0.007383992027743297, 0.001022887240286231, -0.000141542269424412,
    1.9564467191737548e-05, -2.7013134796105483e-06, 3.725706484118733e-07, -5.132991790968682e-08,
    7.064189793939203e-09, -9.711483363753687e-10, 1.33364965838576e-10, -1.8295002094541714e-11,
    2.5070281917056934e-12, -3.4318124054450167e-13, 4.6927448125973975e-14, -6.4101901194094565e-15,
    8.746956014816124e-16, -1.1923026538316901e-16, 1.6235328464207095e-17, -2.20842219771334e-18,
    3.0008965739712835e-19, -4.0735146754049134e-20,
};
inline constexpr double erfcx_16_0_lo = 1.5203254052988349e-18;  // c[0] - double(c[0])

/// c[0] + c0_lo + sum c[k] T_k(u), -1 <= u <= 1, by Clenshaw's recurrence in double-double (its rounding
/// errors would otherwise cost an ulp or two).
template <std::size_t N>
[[nodiscard]] constexpr dd chebyshev(const double (&c)[N], double c0_lo, double u) noexcept {
  dd b1{0, 0};
  dd b2{0, 0};
  for (std::size_t k = N - 1; k >= 1; --k) {
    const dd b0 = (b1 * (2 * u) + c[k]) - b2;
    b2 = b1;
    b1 = b0;
  }
  return ((b1 * u + c[0]) + c0_lo) - b2;
}

// ---- sqrt, cbrt, hypot -------------------------------------------------------------------------------

/// Correctly rounded in practice: Newton's iteration on a mantissa in [1, 4), then one correction from the
/// exact residual m - y^2.
[[nodiscard]] constexpr double sqrt(double x) noexcept {
  if (isnan(x) || x == 0 || x == inf) {
    return x;
  }
  if (x < 0) {
    return qnan;
  }
  const int e = ilogb(x) & ~1;  // even, so sqrt(2^e) = 2^(e/2)
  const double m = ldexp(x, -e);  // [1, 4), exact
  double y = 0.5 * (1 + m);
  for (int i = 0; i < 5; ++i) {
    y = 0.5 * (y + m / y);
  }
  const dd yy = two_prod(y, y);
  y += ((m - yy.hi) - yy.lo) / (2 * y);
  return ldexp(y, e / 2);
}

/// sqrt(a) as a double-double, for a >= 0.
[[nodiscard]] constexpr dd sqrt(dd a) noexcept {
  if (a.hi == 0) {
    return {0, 0};
  }
  const double s = sqrt(a.hi);
  const dd ss = two_prod(s, s);
  return fast_two_sum(s, (((a.hi - ss.hi) - ss.lo) + a.lo) / (2 * s));
}

[[nodiscard]] constexpr double cbrt(double x) noexcept {
  if (isnan(x) || x == 0 || isinf(x)) {
    return x;
  }
  const double ax = fabs(x);
  const int e = ilogb(ax);
  const int q = (e >= 0 ? e : e - 2) / 3;  // floor(e / 3)
  const double m = ldexp(ax, -3 * q);  // [1, 8), exact
  double y = 1 + (m - 1) / 7;
  for (int i = 0; i < 6; ++i) {
    y = (2 * y + m / (y * y)) / 3;
  }
  const dd yyy = two_prod(y, y) * y;
  y += ((m - yyy.hi) - yyy.lo) / (3 * y * y);
  return copysign(ldexp(y, q), x);
}

[[nodiscard]] constexpr double hypot(double x, double y) noexcept {
  if (isinf(x) || isinf(y)) {
    return inf;
  }
  if (isnan(x) || isnan(y)) {
    return qnan;
  }
  double a = fabs(x);
  double b = fabs(y);
  if (a < b) {
    const double t = a;
    a = b;
    b = t;
  }
  if (b == 0) {
    return a;
  }
  const int ea = ilogb(a);
  if (ea - ilogb(b) > 60) {
    return a + b;
  }
  // Scaled so that neither square can overflow or underflow; the squares and their sum are exact-ish dds.
  const double as = ldexp(a, -ea);
  const double bs = ldexp(b, -ea);
  const dd r = sqrt(two_prod(as, as) + two_prod(bs, bs));
  return ldexp(to_double(r), ea);
}

// ---- exp family ------------------------------------------------------------------------------------------

/// exp(t.hi + t.lo) = 2^n * m: n = round(t / ln 2), m = exp(r) in [0.7, 1.42] as a dd, accurate to about
/// 2^-60. Requires |t.hi| < 750.
struct scaled {
  dd m;
  int n;
};
[[nodiscard]] constexpr scaled exp_core(double th, double tl) noexcept {
  const double nd = nearest_int(th * inv_ln2);
  // nd * ln2_hi is exact (ln2_hi has 42 bits), and so is the subtraction (Sterbenz).
  const dd r = two_sum(th - nd * ln2_hi, tl - nd * ln2_lo);
  // exp(r.hi + r.lo) = 1 + r.hi + r.hi^2/2 + r.hi^3 Q(r.hi) + r.lo (1 + r.hi) + O(2^-106), the first three
  // terms exact
  const dd r2 = two_prod(r.hi, r.hi);
  const double tail = r2.hi * r.hi * horner(exp_c, r.hi) + r.lo * (1 + r.hi);
  return {(two_sum(1.0, r.hi) + dd{0.5 * r2.hi, 0.5 * r2.lo}) + tail, static_cast<int>(nd)};
}

[[nodiscard]] constexpr double exp(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (x > 710) {
    return inf;
  }
  if (x < -746) {
    return 0;
  }
  const scaled e = exp_core(x, 0);
  return ldexp(e.m.hi, e.n);
}

[[nodiscard]] constexpr double exp2(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (x >= 1024) {
    return inf;
  }
  if (x < -1076) {
    return 0;
  }
  const double nd = nearest_int(x);
  const double f = x - nd;  // exact, |f| <= 1/2
  const dd t = two_prod(f, ln2_dd.hi) + f * ln2_dd.lo;
  const scaled e = exp_core(t.hi, t.lo);  // e.n == 0
  return ldexp(e.m.hi, static_cast<int>(nd) + e.n);
}

[[nodiscard]] constexpr double expm1(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (x > 710) {
    return inf;
  }
  if (x < -40) {
    return -1;
  }
  if (fabs(x) < 0x1p-54) {  // keeps expm1(-0) = -0
    return x;
  }
  if (fabs(x) < 0.3465) {  // no reduction: keeps the relative accuracy near 0
    return x + x * x * horner(expm1_c, x);
  }
  const scaled e = exp_core(x, 0);
  if (e.n > 60) {
    return ldexp(e.m.hi, e.n);
  }
  // 2^n m - 1, with 2^n m exact and the subtraction exact in a two_sum.
  const double s = pow2(e.n);
  const dd d = two_sum(e.m.hi * s, -1.0);
  return d.hi + (d.lo + e.m.lo * s);
}

// ---- log family ------------------------------------------------------------------------------------------

/// x = 2^k m with m in [sqrt(2)/2, sqrt(2)], for a finite x > 0.
struct mantissa_split {
  double m;
  int k;
};
[[nodiscard]] constexpr mantissa_split split_sqrt2(double x) noexcept {
  const int e = ilogb(x);
  double m = ldexp(x, -e);  // [1, 2), exact
  if (m > sqrt2) {
    return {0.5 * m, e + 1};
  }
  return {m, e};
}

/// log(1 + f) for f = m - 1, m in [sqrt(2)/2, sqrt(2)], as a dd accurate to about 2^-66 relative:
/// log(1 + f) = 2 atanh(s) = 2s + 2s^3/3 + s^5 (2/5 + 2s^2/7 + ...), s = f / (2 + f), |s| < 0.172.
[[nodiscard]] constexpr dd log1p_core(double f) noexcept {
  const dd d = two_sum(2.0, f);
  const double sh = f / d.hi;
  const dd p = two_prod(sh, d.hi);
  const dd s{sh, (((f - p.hi) - p.lo) - sh * d.lo) / d.hi};
  const dd s2 = fast_two_sum(s.hi * s.hi, two_prod(s.hi, s.hi).lo + 2 * s.hi * s.lo);
  const dd s3 = s2 * s;
  const double z = s.hi * s.hi;
  const double tail = s3.hi * z * horner(log_tail_c, z);
  return (dd{2 * s.hi, 2 * s.lo} + s3 * two_thirds_dd) + tail;
}

/// log(x) as a dd, for a finite x > 0.
[[nodiscard]] constexpr dd log_dd(double x) noexcept {
  const mantissa_split v = split_sqrt2(x);
  const dd l = log1p_core(v.m - 1);
  const double k = v.k;
  const dd s = two_sum(k * ln2_hi, l.hi);  // k * ln2_hi is exact
  return fast_two_sum(s.hi, s.lo + (l.lo + k * ln2_lo));
}

/// log(a.hi + a.lo) as a dd, for a.hi > 0.
[[nodiscard]] constexpr dd log_dd(dd a) noexcept { return log_dd(a.hi) + a.lo / a.hi; }

[[nodiscard]] constexpr double log(double x) noexcept {
  if (isnan(x) || x == inf) {
    return x;
  }
  if (x == 0) {
    return -inf;
  }
  if (x < 0) {
    return qnan;
  }
  return to_double(log_dd(x));
}

[[nodiscard]] constexpr double log2(double x) noexcept {
  if (isnan(x) || x == inf) {
    return x;
  }
  if (x == 0) {
    return -inf;
  }
  if (x < 0) {
    return qnan;
  }
  const mantissa_split v = split_sqrt2(x);
  return to_double(log1p_core(v.m - 1) * inv_ln2_dd + static_cast<double>(v.k));
}

[[nodiscard]] constexpr double log10(double x) noexcept {
  if (isnan(x) || x == inf) {
    return x;
  }
  if (x == 0) {
    return -inf;
  }
  if (x < 0) {
    return qnan;
  }
  const mantissa_split v = split_sqrt2(x);
  const double k = v.k;
  return to_double(log1p_core(v.m - 1) * inv_ln10_dd + dd{k * log10_2_hi, k * log10_2_lo});
}

[[nodiscard]] constexpr double log1p(double x) noexcept {
  if (isnan(x) || x == inf) {
    return x;
  }
  if (x == -1) {
    return -inf;
  }
  if (x < -1) {
    return qnan;
  }
  if (fabs(x) < 0x1p-54) {
    return x;
  }
  return to_double(log_dd(two_sum(1.0, x)));  // 1 + x exactly, as a dd
}

// ---- pow -------------------------------------------------------------------------------------------------

/// The special cases of C's Annex F, then exp(y log|x|) with log|x| and the product as dds.
[[nodiscard]] constexpr double pow(double x, double y) noexcept {
  if (y == 0 || x == 1) {
    return 1;
  }
  if (isnan(x) || isnan(y)) {
    return qnan;
  }
  const double ax = fabs(x);
  if (isinf(y)) {
    if (ax == 1) {
      return 1;
    }
    return (ax > 1) == (y > 0) ? inf : 0.0;
  }
  const bool odd = is_odd_integer(y);
  if (x == 0) {
    if (y < 0) {
      return odd ? copysign(inf, x) : inf;
    }
    return odd ? x : 0.0;
  }
  if (isinf(x)) {
    if (y < 0) {
      return odd ? copysign(0.0, x) : 0.0;
    }
    return odd ? x : inf;
  }
  if (x < 0 && !is_integer(y)) {
    return qnan;
  }
  const double sign = x < 0 && odd ? -1.0 : 1.0;
  if (ax == 1) {
    return sign;
  }
  // |log x| >= 2^-53 for x != 1, so beyond |y| = 2^64 the result is 0 or inf (and y is even).
  if (fabs(y) > 0x1p64) {
    return (ax > 1) == (y > 0) ? inf : 0.0;
  }
  const dd l = log_dd(ax);
  const dd yl = two_prod(y, l.hi);
  const dd t = fast_two_sum(yl.hi, yl.lo + y * l.lo);
  if (t.hi > 710) {
    return copysign(inf, sign);
  }
  if (t.hi < -746) {
    return copysign(0.0, sign);
  }
  const scaled e = exp_core(t.hi, t.lo);
  return sign * ldexp(e.m.hi, e.n);
}

// ---- trigonometric ---------------------------------------------------------------------------------------

/// x = (4k + q) pi/2 + r, |r| <= pi/4 (a little more for huge x), r as a dd.
struct reduced {
  int q;
  dd r;
};

/// Bits start .. start+63 of 2/pi as an integer; bit 1 is the first after the binary point.
[[nodiscard]] constexpr std::uint64_t two_over_pi_window(int start) noexcept {
  if (start + 63 < 1) {
    return 0;
  }
  if (start < 1) {
    return two_over_pi_bits[0] >> (1 - start);
  }
  const int idx = (start - 1) / 64;
  const int off = (start - 1) % 64;
  std::uint64_t w = two_over_pi_bits[idx] << off;
  if (off != 0) {
    w |= two_over_pi_bits[idx + 1] >> (64 - off);
  }
  return w;
}

/// Payne-Hanek reduction of a finite x >= 2^20: x (2/pi) mod 4 from the 192 bits of 2/pi that matter,
/// multiplied in 32-bit limbs.
[[nodiscard]] constexpr reduced reduce_large(double x) noexcept {
  constexpr std::uint64_t low32 = 0xffff'ffffull;
  const std::uint64_t mant = (bits(x) & mant_mask) | (1ull << 52);
  const int e = static_cast<int>((bits(x) & exp_mask) >> 52) - 1075;  // x = mant 2^e
  // Bit j of 2/pi contributes mant 2^(e-j) to x (2/pi): a multiple of 4 for j < e - 1. With bits
  // e-1 .. e+190 as a 192-bit integer W, x (2/pi) mod 4 = mant W 2^-190 mod 4, up to 2^-137.
  const int j0 = e - 1;
  const std::uint64_t w0 = two_over_pi_window(j0);
  const std::uint64_t w1 = two_over_pi_window(j0 + 64);
  const std::uint64_t w2 = two_over_pi_window(j0 + 128);
  const std::uint64_t a[2] = {mant & low32, mant >> 32};
  const std::uint64_t b[6] = {w2 & low32, w2 >> 32, w1 & low32, w1 >> 32, w0 & low32, w0 >> 32};
  std::uint64_t c[8] = {};
  for (int i = 0; i < 2; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < 6; ++j) {
      const std::uint64_t t = a[i] * b[j] + c[i + j] + carry;
      c[i + j] = t & low32;
      carry = t >> 32;
    }
    c[i + 6] = carry;
  }
  // Bit 190 (bit 30 of c[5]) is the units bit; below it, the 190-bit fraction.
  int q = static_cast<int>((c[5] >> 30) & 3);
  c[5] &= 0x3fff'ffffull;
  const bool upper_half = ((c[5] >> 29) & 1) != 0;
  if (upper_half) {  // fraction - 1, negated: 2^190 - fraction, in two's complement
    std::uint64_t carry = 1;
    for (int i = 0; i < 6; ++i) {
      const std::uint64_t t = (~c[i] & low32) + carry;
      c[i] = t & low32;
      carry = t >> 32;
    }
    c[5] &= 0x3fff'ffffull;
    q = (q + 1) & 3;
  }
  dd f = two_sum(static_cast<double>(c[2]) * 0x1p-126, static_cast<double>(c[1]) * 0x1p-158);
  f = f + static_cast<double>(c[3]) * 0x1p-94;
  f = f + static_cast<double>(c[4]) * 0x1p-62;
  f = f + static_cast<double>(c[5]) * 0x1p-30;
  const dd r = f * pio2_dd;
  return {q, upper_half ? -r : r};
}

[[nodiscard]] constexpr reduced reduce_pio2(double x) noexcept {
  const double ax = fabs(x);
  if (ax <= pio4_dd.hi) {
    return {0, {x, 0}};
  }
  if (ax < 0x1p20) {  // Cody-Waite: nd < 2^20, so each nd * pio2_i (33-bit parts) is exact
    const double nd = nearest_int(x * two_over_pi);
    dd r = two_sum(x - nd * pio2_1, -nd * pio2_2);
    r = r + -nd * pio2_3;
    r = r + -nd * pio2_4;
    return {static_cast<int>(static_cast<std::int64_t>(nd) & 3), r};
  }
  const reduced p = reduce_large(ax);
  return x < 0 ? reduced{(4 - p.q) & 3, -p.r} : p;
}

/// sin(r) and cos(r) for |r| <= pi/4 (plus a little), as unevaluated sums.
[[nodiscard]] constexpr dd sin_kernel(dd r) noexcept {
  const double z = r.hi * r.hi;
  return fast_two_sum(r.hi, r.hi * z * horner(sin_c, z) + r.lo * (1 - 0.5 * z));
}
[[nodiscard]] constexpr dd cos_kernel(dd r) noexcept {
  const dd z = two_prod(r.hi, r.hi);
  const double hz = 0.5 * z.hi;
  const double w = 1 - hz;  // 1 - w is exact
  const double tail = ((1 - w) - hz) + (z.hi * z.hi * horner(cos_c, z.hi) - 0.5 * z.lo - r.hi * r.lo);
  return fast_two_sum(w, tail);
}

[[nodiscard]] constexpr double sin(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (isinf(x)) {
    return qnan;
  }
  if (fabs(x) < 0x1p-27) {
    return x;
  }
  const reduced v = reduce_pio2(x);
  switch (v.q) {
    case 0: return to_double(sin_kernel(v.r));
    case 1: return to_double(cos_kernel(v.r));
    case 2: return -to_double(sin_kernel(v.r));
    default: return -to_double(cos_kernel(v.r));
  }
}

[[nodiscard]] constexpr double cos(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (isinf(x)) {
    return qnan;
  }
  if (fabs(x) < 0x1p-27) {
    return 1;
  }
  const reduced v = reduce_pio2(x);
  switch (v.q) {
    case 0: return to_double(cos_kernel(v.r));
    case 1: return -to_double(sin_kernel(v.r));
    case 2: return -to_double(cos_kernel(v.r));
    default: return to_double(sin_kernel(v.r));
  }
}

[[nodiscard]] constexpr double tan(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (isinf(x)) {
    return qnan;
  }
  if (fabs(x) < 0x1p-27) {
    return x;
  }
  const reduced v = reduce_pio2(x);
  const dd s = sin_kernel(v.r);
  const dd c = cos_kernel(v.r);
  return (v.q & 1) == 0 ? to_double(s / c) : -to_double(c / s);
}

// ---- inverse trigonometric -------------------------------------------------------------------------------

/// asin(s) for 0 <= s <= 1/2, s a dd: s + s^3 A(s^2), plus s.lo / sqrt(1 - s^2).
[[nodiscard]] constexpr dd asin_kernel(dd s) noexcept {
  const double z = s.hi * s.hi;
  return fast_two_sum(s.hi, s.hi * z * horner(asin_c, z) + s.lo * (1 + 0.5 * z));
}

/// 2 asin(sqrt((1 - a) / 2)) = acos(a), for 1/2 <= a <= 1.
[[nodiscard]] constexpr dd acos_upper(double a) noexcept {
  const dd s = sqrt(dd{0.5 * (1 - a), 0});  // 1 - a and the halving are exact
  const dd r = asin_kernel(s);
  return {2 * r.hi, 2 * r.lo};
}

[[nodiscard]] constexpr double asin(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax > 1) {
    return qnan;
  }
  if (ax < 0x1p-27) {
    return x;
  }
  if (ax < 0.5) {
    return to_double(asin_kernel(dd{x, 0}));
  }
  return copysign(to_double(pio2_dd - acos_upper(ax)), x);
}

[[nodiscard]] constexpr double acos(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax > 1) {
    return qnan;
  }
  if (ax < 0.5) {
    return to_double(pio2_dd - asin_kernel(dd{x, 0}));
  }
  if (x > 0) {
    return to_double(acos_upper(x));
  }
  return to_double(pi_dd - acos_upper(ax));
}

/// atan(t) for 0 <= t <= 1, t a dd, as a dd: atan(c) + atan((t - c) / (1 + t c)) with c in {0, 1/2, 1}, so
/// the series runs on |u| < 7/16.
[[nodiscard]] constexpr dd atan_unit(dd t) noexcept {
  dd base{0, 0};
  dd u = t;
  if (t.hi >= 0.6875) {
    u = two_sum(t.hi - 1, t.lo) / (two_sum(1.0, t.hi) + t.lo);
    base = pio4_dd;
  } else if (t.hi >= 0.4375) {
    u = two_sum(t.hi - 0.5, t.lo) / (two_sum(1.0, 0.5 * t.hi) + 0.5 * t.lo);
    base = atan_half_dd;
  }
  const double z = u.hi * u.hi;
  return base + fast_two_sum(u.hi, u.hi * z * horner(atan_c, z) + u.lo / (1 + z));
}

/// a / b as a dd.
[[nodiscard]] constexpr dd quotient(double a, double b) noexcept {
  const double q = a / b;
  const dd p = two_prod(q, b);
  return {q, ((a - p.hi) - p.lo) / b};
}

[[nodiscard]] constexpr double atan(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax < 0x1p-27) {
    return x;
  }
  if (ax > 0x1p60) {  // includes inf
    return copysign(pio2_dd.hi, x);
  }
  const dd r = ax <= 1 ? atan_unit(dd{ax, 0}) : pio2_dd - atan_unit(quotient(1.0, ax));
  return copysign(to_double(r), x);
}

[[nodiscard]] constexpr double atan2(double y, double x) noexcept {
  if (isnan(x) || isnan(y)) {
    return qnan;
  }
  if (y == 0) {
    return signbit(x) ? copysign(pi_dd.hi, y) : y;
  }
  if (x == 0) {
    return copysign(pio2_dd.hi, y);
  }
  if (isinf(x)) {
    if (isinf(y)) {
      return copysign(x > 0 ? pio4_dd.hi : three_pio4, y);
    }
    return x > 0 ? copysign(0.0, y) : copysign(pi_dd.hi, y);
  }
  if (isinf(y)) {
    return copysign(pio2_dd.hi, y);
  }
  const double ax = fabs(x);
  const double ay = fabs(y);
  const int ex = ilogb(ax);
  const int ey = ilogb(ay);
  if (ey - ex > 60) {
    return copysign(pio2_dd.hi, y);
  }
  if (ey - ex < -60) {
    return x > 0 ? y / x : copysign(pi_dd.hi, y);
  }
  const double xs = ldexp(ax, -ex);  // [1, 2); the ratio is unchanged and ys stays normal
  const double ys = ldexp(ay, -ex);
  dd r = ys <= xs ? atan_unit(quotient(ys, xs)) : pio2_dd - atan_unit(quotient(xs, ys));
  if (x < 0) {
    r = pi_dd - r;
  }
  return copysign(to_double(r), y);
}

// ---- hyperbolic ------------------------------------------------------------------------------------------

/// e^a as a dd, for 0 <= a < 45 (so the scaling by 2^n is exact).
[[nodiscard]] constexpr dd exp_dd(double a) noexcept {
  const scaled e = exp_core(a, 0);
  const double s = pow2(e.n);
  return {e.m.hi * s, e.m.lo * s};
}

[[nodiscard]] constexpr double sinh(double x) noexcept {
  if (isnan(x) || isinf(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax < 0x1p-27) {
    return x;
  }
  if (ax < 1) {
    const double z = x * x;
    return x + x * z * horner(sinh_c, z);
  }
  if (ax > 711) {
    return copysign(inf, x);
  }
  if (ax < 37) {  // (e^a - e^-a) / 2
    const dd p = exp_dd(ax);
    return copysign(0.5 * to_double(p - dd{1, 0} / p), x);
  }
  const scaled e = exp_core(ax, 0);  // e^-a is below 2^-106 e^a
  return copysign(ldexp(e.m.hi, e.n - 1), x);
}

[[nodiscard]] constexpr double cosh(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (isinf(x) || ax > 711) {
    return inf;
  }
  if (ax < 0x1p-27) {
    return 1;
  }
  if (ax < 1) {  // 1 + z/2 + z^2 C(z), with z = x^2 exact
    const dd z = two_prod(x, x);
    return to_double((dd{1, 0} + dd{0.5 * z.hi, 0.5 * z.lo}) + z.hi * z.hi * horner(cosh_c, z.hi));
  }
  if (ax < 37) {
    const dd p = exp_dd(ax);
    return 0.5 * to_double(p + dd{1, 0} / p);
  }
  const scaled e = exp_core(ax, 0);
  return ldexp(e.m.hi, e.n - 1);
}

[[nodiscard]] constexpr double tanh(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax < 0x1p-27) {
    return x;
  }
  if (ax >= 22) {  // includes inf: 1 - tanh(22) < 2^-60
    return copysign(1.0, x);
  }
  if (ax < 0.55) {
    const double z = x * x;
    return x + x * z * horner(tanh_c, z);
  }
  // 1 - 2 / (e^2a + 1)
  const dd q = dd{2, 0} / (exp_dd(2 * ax) + 1.0);
  return copysign(to_double(dd{1, 0} - q), x);
}

[[nodiscard]] constexpr double asinh(double x) noexcept {
  if (isnan(x) || isinf(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax < 0x1p-27) {
    return x;
  }
  if (ax < 0.5) {
    const double z = x * x;
    return x + x * z * horner(asinh_c, z);
  }
  if (ax >= 0x1p28) {  // log(2a), as sqrt(a^2 + 1) = a to within 2^-57
    return copysign(to_double(log_dd(ax) + ln2_dd), x);
  }
  // log(a + sqrt(a^2 + 1))
  const dd w = sqrt(two_prod(ax, ax) + 1.0) + ax;
  return copysign(to_double(log_dd(w)), x);
}

[[nodiscard]] constexpr double acosh(double x) noexcept {
  if (isnan(x) || x == inf) {
    return x;
  }
  if (x < 1) {
    return qnan;
  }
  if (x == 1) {
    return 0;
  }
  if (x >= 0x1p28) {
    return to_double(log_dd(x) + ln2_dd);
  }
  // log(x + sqrt((x - 1)(x + 1))), every step a dd so that x near 1 keeps its digits
  const dd w = sqrt(two_sum(x, -1.0) * two_sum(x, 1.0)) + x;
  return to_double(log_dd(w));
}

[[nodiscard]] constexpr double atanh(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax > 1) {
    return qnan;
  }
  if (ax == 1) {
    return copysign(inf, x);
  }
  if (ax < 0x1p-27) {
    return x;
  }
  if (ax < 0.5) {
    const double z = x * x;
    return x + x * z * horner(atanh_c, z);
  }
  // log((1 + a) / (1 - a)) / 2; 1 - a is exact
  const dd l = log_dd(two_sum(1.0, ax) / dd{1 - ax, 0});
  return copysign(0.5 * to_double(l), x);
}

// ---- erf, erfc -------------------------------------------------------------------------------------------

/// erf(x) for |x| < 3/4: x + x E(x^2), E(0) = 2/sqrt(pi) - 1.
[[nodiscard]] constexpr double erf_small(double x) noexcept { return x + x * horner(erf_c, x * x); }

/// erfcx(x) = exp(x^2) erfc(x) for 0 <= x <= 28, as a dd, from its Chebyshev expansion on the piece holding x.
[[nodiscard]] constexpr dd erfcx(double x) noexcept {
  if (x < 0.5) {
    return chebyshev(erfcx_0_0, erfcx_0_0_lo, 4 * x - 1);
  }
  if (x < 1) {
    return chebyshev(erfcx_0_5, erfcx_0_5_lo, 4 * x - 3);
  }
  if (x < 2) {
    return chebyshev(erfcx_1_0, erfcx_1_0_lo, 2 * x - 3);
  }
  if (x < 4) {
    return chebyshev(erfcx_2_0, erfcx_2_0_lo, x - 3);
  }
  if (x < 8) {
    return chebyshev(erfcx_4_0, erfcx_4_0_lo, 0.5 * x - 3);
  }
  if (x < 16) {
    return chebyshev(erfcx_8_0, erfcx_8_0_lo, 0.25 * x - 3);
  }
  return chebyshev(erfcx_16_0, erfcx_16_0_lo, (x - 22) / 6);
}

/// erfc(x) for x >= 1/4 as 2^n m, m a dd: exp(-x^2) erfcx(x), with x^2 exact so that exp(-x^2) keeps its
/// relative accuracy.
[[nodiscard]] constexpr scaled erfc_pos(double x) noexcept {
  const dd xx = two_prod(x, x);
  const scaled e = exp_core(-xx.hi, -xx.lo);
  return {e.m * erfcx(x), e.n};
}

[[nodiscard]] constexpr double erf(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  const double ax = fabs(x);
  if (ax < 0.75) {
    return erf_small(x);
  }
  if (ax >= 6) {  // includes inf: 1 - erf(6) < 2^-55
    return copysign(1.0, x);
  }
  const scaled c = erfc_pos(ax);
  return copysign(to_double(dd{1, 0} - dd{ldexp(c.m.hi, c.n), ldexp(c.m.lo, c.n)}), x);
}

[[nodiscard]] constexpr double erfc(double x) noexcept {
  if (isnan(x)) {
    return x;
  }
  if (x < 0.25) {
    if (x > -0.75) {
      return 1 - erf_small(x);
    }
    if (x <= -6) {
      return 2;
    }
    const scaled c = erfc_pos(-x);
    return to_double(dd{2, 0} - dd{ldexp(c.m.hi, c.n), ldexp(c.m.lo, c.n)});
  }
  if (x > 27.3) {  // erfc(27.3) < 2^-1080
    return 0;
  }
  const scaled c = erfc_pos(x);
  return ldexp(to_double(c.m), c.n);
}

}  // namespace impl

// ---- the functions, for float, double and long double ------------------------------------------------
// Each takes and returns T; float and long double are computed through double (see the top of the file).

/// Sine of x (radians). `sin(0.5) == 0x1.eaee8744b05fp-2`
template <std::floating_point T>
[[nodiscard]] constexpr T sin(T x) noexcept {
  return static_cast<T>(impl::sin(static_cast<double>(x)));
}
/// Cosine of x (radians).
template <std::floating_point T>
[[nodiscard]] constexpr T cos(T x) noexcept {
  return static_cast<T>(impl::cos(static_cast<double>(x)));
}
/// Tangent of x (radians).
template <std::floating_point T>
[[nodiscard]] constexpr T tan(T x) noexcept {
  return static_cast<T>(impl::tan(static_cast<double>(x)));
}
/// Arc sine, in [-pi/2, pi/2]; NaN outside [-1, 1].
template <std::floating_point T>
[[nodiscard]] constexpr T asin(T x) noexcept {
  return static_cast<T>(impl::asin(static_cast<double>(x)));
}
/// Arc cosine, in [0, pi]; NaN outside [-1, 1].
template <std::floating_point T>
[[nodiscard]] constexpr T acos(T x) noexcept {
  return static_cast<T>(impl::acos(static_cast<double>(x)));
}
/// Arc tangent, in [-pi/2, pi/2].
template <std::floating_point T>
[[nodiscard]] constexpr T atan(T x) noexcept {
  return static_cast<T>(impl::atan(static_cast<double>(x)));
}
/// The angle of the point (x, y), in [-pi, pi], with the signs of zeros as in std::atan2.
template <std::floating_point T>
[[nodiscard]] constexpr T atan2(T y, T x) noexcept {
  return static_cast<T>(impl::atan2(static_cast<double>(y), static_cast<double>(x)));
}
/// Hyperbolic sine.
template <std::floating_point T>
[[nodiscard]] constexpr T sinh(T x) noexcept {
  return static_cast<T>(impl::sinh(static_cast<double>(x)));
}
/// Hyperbolic cosine.
template <std::floating_point T>
[[nodiscard]] constexpr T cosh(T x) noexcept {
  return static_cast<T>(impl::cosh(static_cast<double>(x)));
}
/// Hyperbolic tangent.
template <std::floating_point T>
[[nodiscard]] constexpr T tanh(T x) noexcept {
  return static_cast<T>(impl::tanh(static_cast<double>(x)));
}
/// Inverse hyperbolic sine.
template <std::floating_point T>
[[nodiscard]] constexpr T asinh(T x) noexcept {
  return static_cast<T>(impl::asinh(static_cast<double>(x)));
}
/// Inverse hyperbolic cosine; NaN below 1.
template <std::floating_point T>
[[nodiscard]] constexpr T acosh(T x) noexcept {
  return static_cast<T>(impl::acosh(static_cast<double>(x)));
}
/// Inverse hyperbolic tangent; +-inf at +-1, NaN beyond.
template <std::floating_point T>
[[nodiscard]] constexpr T atanh(T x) noexcept {
  return static_cast<T>(impl::atanh(static_cast<double>(x)));
}
/// e^x. `exp(1.0) == 0x1.5bf0a8b145769p+1`
template <std::floating_point T>
[[nodiscard]] constexpr T exp(T x) noexcept {
  return static_cast<T>(impl::exp(static_cast<double>(x)));
}
/// 2^x.
template <std::floating_point T>
[[nodiscard]] constexpr T exp2(T x) noexcept {
  return static_cast<T>(impl::exp2(static_cast<double>(x)));
}
/// e^x - 1, accurate near 0.
template <std::floating_point T>
[[nodiscard]] constexpr T expm1(T x) noexcept {
  return static_cast<T>(impl::expm1(static_cast<double>(x)));
}
/// Natural logarithm; -inf at 0, NaN below.
template <std::floating_point T>
[[nodiscard]] constexpr T log(T x) noexcept {
  return static_cast<T>(impl::log(static_cast<double>(x)));
}
/// Base-2 logarithm.
template <std::floating_point T>
[[nodiscard]] constexpr T log2(T x) noexcept {
  return static_cast<T>(impl::log2(static_cast<double>(x)));
}
/// Base-10 logarithm.
template <std::floating_point T>
[[nodiscard]] constexpr T log10(T x) noexcept {
  return static_cast<T>(impl::log10(static_cast<double>(x)));
}
/// log(1 + x), accurate near 0.
template <std::floating_point T>
[[nodiscard]] constexpr T log1p(T x) noexcept {
  return static_cast<T>(impl::log1p(static_cast<double>(x)));
}
/// Square root, correctly rounded; NaN below 0.
template <std::floating_point T>
[[nodiscard]] constexpr T sqrt(T x) noexcept {
  return static_cast<T>(impl::sqrt(static_cast<double>(x)));
}
/// Cube root.
template <std::floating_point T>
[[nodiscard]] constexpr T cbrt(T x) noexcept {
  return static_cast<T>(impl::cbrt(static_cast<double>(x)));
}
/// sqrt(x^2 + y^2) without intermediate overflow or underflow.
template <std::floating_point T>
[[nodiscard]] constexpr T hypot(T x, T y) noexcept {
  return static_cast<T>(impl::hypot(static_cast<double>(x), static_cast<double>(y)));
}
/// The error function, 2/sqrt(pi) times the integral of exp(-t^2) from 0 to x.
template <std::floating_point T>
[[nodiscard]] constexpr T erf(T x) noexcept {
  return static_cast<T>(impl::erf(static_cast<double>(x)));
}
/// 1 - erf(x), with its relative accuracy kept in the tail.
template <std::floating_point T>
[[nodiscard]] constexpr T erfc(T x) noexcept {
  return static_cast<T>(impl::erfc(static_cast<double>(x)));
}
/// x^y, with the special cases of std::pow (pow(x, 0) = 1 even for a NaN x, a negative x only with an
/// integer y...).
template <std::floating_point T>
[[nodiscard]] constexpr T pow(T x, T y) noexcept {
  return static_cast<T>(impl::pow(static_cast<double>(x), static_cast<double>(y)));
}

}  // namespace ctgrad::detail::constexpr_math
