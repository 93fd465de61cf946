// static_asserts only: every ctgrad::detail::constexpr_math function is constant-evaluable and agrees with
// glibc (building = testing).
#include <bit>
#include <cstdint>
#include <limits>

#include <ctgrad/detail/constexpr_math.hpp>

namespace {
namespace cm = ctgrad::detail::constexpr_math;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();

/// a and b are the same double: equal with equal signs (so -0 differs from +0), or both NaN.
constexpr bool same(double a, double b) {
  if (a != a || b != b) {
    return a != a && b != b;
  }
  return a == b && std::bit_cast<std::uint64_t>(a) >> 63 == std::bit_cast<std::uint64_t>(b) >> 63;
}
/// a and b are finite doubles of one sign at most one ulp apart.
constexpr bool within_1ulp(double a, double b) {
  const auto ia = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(a));
  const auto ib = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(b));
  return ia - ib <= 1 && ib - ia <= 1;
}
constexpr bool isnan(double a) { return a != a; }

// Values: each the double glibc 2.36 gives (where ours differs it is by one ulp, a case of rounding near a
// midpoint, and the assertion says so).
static_assert(same(cm::sin(0.5), 0x1.eaee8744b05fp-2), "sin(0.5) matches glibc");
static_assert(same(cm::sin(100.0), -0x1.03425b78c4db8p-1), "sin(100) matches glibc");
static_assert(same(cm::sin(1e22), -0x1.b453ab76bf397p-1), "sin(1e22) matches glibc (Payne-Hanek reduction)");
static_assert(same(cm::cos(0.5), 0x1.c1528065b7d5p-1), "cos(0.5) matches glibc");
static_assert(same(cm::cos(1e6), 0x1.df9df9906d32cp-1), "cos(1e6) matches glibc");
static_assert(same(cm::tan(0.5), 0x1.17b4f5bf3474ap-1), "tan(0.5) matches glibc");
static_assert(same(cm::tan(1.5707963267948966), 0x1.d02967c31cdb5p+53), "tan(double(pi/2)) is finite, as glibc's");
static_assert(same(cm::asin(0.5), 0x1.0c152382d7366p-1), "asin(0.5) matches glibc");
static_assert(within_1ulp(cm::asin(0.3), 0x1.380159e14f6ffp-2), "asin(0.3) is within 1 ulp of glibc");
static_assert(same(cm::acos(0.5), 0x1.0c152382d7366p+0), "acos(0.5) matches glibc");
static_assert(same(cm::acos(-0.7), 0x1.2c501446cd5f1p+1), "acos(-0.7) matches glibc");
static_assert(same(cm::atan(0.5), 0x1.dac670561bb4fp-2), "atan(0.5) matches glibc");
static_assert(same(cm::atan(3.0), 0x1.3fc176b7a856p+0), "atan(3) matches glibc");
static_assert(same(cm::atan2(1.0, -2.0), 0x1.56c6e7397f5aep+1), "atan2(1, -2) matches glibc");
static_assert(same(cm::atan2(-0.5, 0.25), -0x1.1b6e192ebbe44p+0), "atan2(-0.5, 0.25) matches glibc");
static_assert(same(cm::sinh(0.5), 0x1.0acd00fe63b97p-1), "sinh(0.5) matches glibc");
static_assert(same(cm::sinh(3.0), 0x1.40926e70949aep+3), "sinh(3) matches glibc");
static_assert(same(cm::cosh(0.5), 0x1.20ac1862ae8dp+0), "cosh(0.5) matches glibc");
static_assert(same(cm::cosh(3.0), 0x1.422a497d6185ep+3), "cosh(3) matches glibc");
static_assert(within_1ulp(cm::tanh(0.5), 0x1.d9353d7568af3p-2), "tanh(0.5) is within 1 ulp of glibc");
static_assert(same(cm::tanh(2.0), 0x1.ed9505e1bc3d4p-1), "tanh(2) matches glibc");
static_assert(same(cm::asinh(0.5), 0x1.ecc2caec5160ap-2), "asinh(0.5) matches glibc");
static_assert(same(cm::asinh(3.0), 0x1.d185b507edc0ep+0), "asinh(3) matches glibc");
static_assert(same(cm::acosh(1.5), 0x1.ecc2caec5160ap-1), "acosh(1.5) matches glibc");
static_assert(same(cm::acosh(10.0), 0x1.7f21ed1ce05d4p+1), "acosh(10) matches glibc");
static_assert(same(cm::atanh(0.5), 0x1.193ea7aad030bp-1), "atanh(0.5) matches glibc");
static_assert(same(cm::atanh(0.25), 0x1.058aefa811452p-2), "atanh(0.25) matches glibc");
static_assert(same(cm::exp(1.0), 0x1.5bf0a8b145769p+1), "exp(1) matches glibc");
static_assert(same(cm::exp(-3.5), 0x1.eec1018e4ff66p-6), "exp(-3.5) matches glibc");
static_assert(same(cm::exp(700.0), 0x1.d945df4f8ec8ep+1009), "exp(700) matches glibc");
static_assert(same(cm::exp(-740.0), 0x0.0000000000055p-1022), "exp(-740) is glibc's subnormal");
static_assert(same(cm::exp2(0.5), 0x1.6a09e667f3bcdp+0), "exp2(0.5) matches glibc");
static_assert(same(cm::exp2(-10.25), 0x1.ae89f995ad3adp-11), "exp2(-10.25) matches glibc");
static_assert(same(cm::expm1(1e-10), 0x1.b7cdfd9dda4e3p-34), "expm1(1e-10) matches glibc");
static_assert(same(cm::expm1(0.5), 0x1.4c2531c3c0d38p-1), "expm1(0.5) matches glibc");
static_assert(same(cm::log(2.0), 0x1.62e42fefa39efp-1), "log(2) matches glibc");
static_assert(same(cm::log(1e-310), -0x1.64e69394d9508p+9), "log of a subnormal matches glibc");
static_assert(same(cm::log2(10.0), 0x1.a934f0979a371p+1), "log2(10) matches glibc");
static_assert(same(cm::log10(2.0), 0x1.34413509f79ffp-2), "log10(2) matches glibc");
static_assert(same(cm::log1p(1e-10), 0x1.b7cdfd9d1d693p-34), "log1p(1e-10) matches glibc");
static_assert(same(cm::log1p(0.5), 0x1.9f323ecbf984cp-2), "log1p(0.5) matches glibc");
static_assert(same(cm::sqrt(2.0), 0x1.6a09e667f3bcdp+0), "sqrt(2) matches glibc");
static_assert(same(cm::sqrt(1e-310), 0x1.1297872d9cbaep-515), "sqrt of a subnormal matches glibc");
static_assert(same(cm::cbrt(2.0), 0x1.428a2f98d728bp+0), "cbrt(2) matches glibc");
static_assert(same(cm::cbrt(-27.0), -3.0), "cbrt(-27) is -3");
static_assert(same(cm::hypot(3.0, 4.0), 5.0), "hypot(3, 4) is 5");
static_assert(same(cm::hypot(1e300, 2e300), 0x1.ab629052228b2p+997), "hypot(1e300, 2e300) does not overflow");
static_assert(same(cm::erf(0.5), 0x1.0a7ef5c18edd2p-1), "erf(0.5) matches glibc");
static_assert(same(cm::erf(1.5), 0x1.eea5557137aep-1), "erf(1.5) matches glibc");
static_assert(same(cm::erfc(0.5), 0x1.eb02147ce245cp-2), "erfc(0.5) matches glibc");
static_assert(within_1ulp(cm::erfc(5.0), 0x1.b0c1a759f7739p-40), "erfc(5) is within 1 ulp of glibc");
static_assert(same(cm::erfc(26.0), 0x1.284bfe1cdea24p-981), "erfc(26) matches glibc deep in the tail");
static_assert(same(cm::pow(2.0, 0.5), 0x1.6a09e667f3bcdp+0), "pow(2, 0.5) matches glibc");
static_assert(same(cm::pow(1.5, 100.0), 0x1.69194f299cddap+58), "pow(1.5, 100) matches glibc");
static_assert(same(cm::pow(-3.0, 5.0), -243.0), "pow(-3, 5) is -243");
static_assert(same(cm::pow(10.0, -3.0), 0x1.0624dd2f1a9fcp-10), "pow(10, -3) matches glibc");

// float, and long double (computed through double).
static_assert(cm::sin(0.5f) == 0x1.eaee88p-2f, "sinf(0.5) matches glibc");
static_assert(cm::exp(1.0f) == 0x1.5bf0a8p+1f, "expf(1) matches glibc");
static_assert(cm::log(3.0f) == 0x1.193ea8p+0f, "logf(3) matches glibc");
static_assert(cm::tan(1.0f) == 0x1.8eb246p+0f, "tanf(1) matches glibc");
static_assert(cm::erfc(3.0f) == 0x1.729df6p-16f, "erfcf(3) matches glibc");
static_assert(cm::sqrt(2.0f) == 0x1.6a09e6p+0f, "sqrtf(2) matches glibc");
static_assert(cm::pow(2.5f, 3.0f) == 15.625f, "powf(2.5, 3) is exact");
static_assert(cm::exp(100.0f) == std::numeric_limits<float>::infinity(), "expf overflows to inf");
static_assert(cm::sqrt(2.0L) == static_cast<long double>(0x1.6a09e667f3bcdp+0), "long double goes through double");

// Special values.
static_assert(same(cm::sin(-0.0), -0.0) && same(cm::tan(-0.0), -0.0) && same(cm::cos(-0.0), 1.0), "signed zeros");
static_assert(isnan(cm::sin(inf)) && isnan(cm::cos(-inf)) && isnan(cm::tan(qnan)), "sin, cos, tan: inf and NaN give NaN");
static_assert(isnan(cm::asin(2.0)) && isnan(cm::acos(-1.5)) && same(cm::acos(1.0), 0.0), "asin, acos: domain");
static_assert(same(cm::atan(inf), 0x1.921fb54442d18p+0) && same(cm::atan(-0.0), -0.0), "atan at inf and -0");
static_assert(same(cm::atan2(0.0, -0.0), 0x1.921fb54442d18p+1) && same(cm::atan2(-0.0, 0.0), -0.0), "atan2 of zeros");
static_assert(same(cm::atan2(-inf, -inf), -0x1.2d97c7f3321d2p+1), "atan2(-inf, -inf) = -3pi/4");
static_assert(same(cm::sinh(1000.0), inf) && same(cm::sinh(-1000.0), -inf) && same(cm::cosh(-1000.0), inf), "sinh, cosh overflow");
static_assert(same(cm::tanh(-inf), -1.0) && same(cm::tanh(-0.0), -0.0), "tanh at -inf and -0");
static_assert(isnan(cm::acosh(0.5)) && same(cm::acosh(1.0), 0.0), "acosh: domain");
static_assert(same(cm::atanh(1.0), inf) && same(cm::atanh(-1.0), -inf) && isnan(cm::atanh(1.5)), "atanh: poles and domain");
static_assert(same(cm::exp(1000.0), inf) && same(cm::exp(-1000.0), 0.0) && cm::exp(-745.0) > 0, "exp overflow, underflow");
static_assert(same(cm::exp(qnan), qnan) && same(cm::exp(-inf), 0.0), "exp of NaN and -inf");
static_assert(same(cm::exp2(-1074.0), 0x1p-1074) && same(cm::exp2(1024.0), inf), "exp2 at its ends");
static_assert(same(cm::expm1(-0.0), -0.0) && same(cm::expm1(-inf), -1.0), "expm1 at -0 and -inf");
static_assert(same(cm::log(0.0), -inf) && isnan(cm::log(-1.0)) && same(cm::log(1.0), 0.0), "log: pole, domain, log(1)");
static_assert(same(cm::log2(0x1p-1074), -1074.0) && same(cm::log10(1000.0), 3.0), "exact logs");
static_assert(same(cm::log1p(-1.0), -inf) && same(cm::log1p(-0.0), -0.0) && isnan(cm::log1p(-2.0)), "log1p at -1, -0, -2");
static_assert(isnan(cm::sqrt(-1.0)) && same(cm::sqrt(-0.0), -0.0) && same(cm::sqrt(inf), inf), "sqrt special values");
static_assert(same(cm::hypot(inf, qnan), inf) && same(cm::hypot(3e-320, 4e-320), 5e-320), "hypot: inf wins, subnormals");
static_assert(same(cm::erf(-inf), -1.0) && same(cm::erfc(30.0), 0.0) && same(cm::erfc(-30.0), 2.0), "erf, erfc at the ends");
static_assert(same(cm::pow(qnan, 0.0), 1.0) && same(cm::pow(1.0, qnan), 1.0), "pow(x, 0) = pow(1, y) = 1, even for NaN");
static_assert(same(cm::pow(0.0, -1.0), inf) && same(cm::pow(-0.0, -3.0), -inf), "pow(0, negative) is a pole");
static_assert(isnan(cm::pow(-2.0, 0.5)) && same(cm::pow(-2.0, 3.0), -8.0), "pow: negative bases");
static_assert(same(cm::pow(-1.0, inf), 1.0) && same(cm::pow(0.5, -inf), inf), "pow with infinite exponents");
static_assert(same(cm::pow(2.0, 1023.0), 0x1p1023) && same(cm::pow(2.0, 1024.0), inf), "pow overflow");
static_assert(same(cm::pow(3.0, 40.0), 12157665459056928801.0), "pow with a large integer exponent");

// A dozen calls in one constant evaluation stay inside the compilers' step limits.
static_assert(cm::sin(1e300) + cm::cos(1e300) + cm::tan(1e300) + cm::pow(1.0000001, 1e9) + cm::erfc(20.0) +
                      cm::erf(2.0) + cm::atan2(1e-300, 3.0) + cm::asinh(1e300) + cm::acosh(1.0 + 1e-15) +
                      cm::log1p(1e-300) + cm::expm1(-1e-300) + cm::cbrt(1e-310) + cm::hypot(1e-310, 1e308) >
                  0,
              "a dozen calls, each on its most expensive path, in one static_assert");
}  // namespace
