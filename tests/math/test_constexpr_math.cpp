// Runtime tests of ctgrad::detail::constexpr_math: dense sweeps against glibc, and the IEEE special values.
#include <ctgrad/detail/constexpr_math.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

namespace cm = ctgrad::detail::constexpr_math;

namespace {

using dlim = std::numeric_limits<double>;
using flim = std::numeric_limits<float>;
constexpr double inf = dlim::infinity();
constexpr double qnan = dlim::quiet_NaN();

// ---- inputs ----------------------------------------------------------------------------------------------

/// A fixed pseudo-random stream (splitmix64), so every run sweeps the same points.
class stream {
 public:
  explicit stream(std::uint64_t seed = 42) : state_(seed) {}
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
  bool coin() { return (next() >> 63) != 0; }

 private:
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e37'79b9'7f4a'7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

/// Points of a sweep: each adder appends n of them.
struct points {
  std::vector<double> xs;
  stream rng{42};

  /// Uniform in [lo, hi].
  points& linear(double lo, double hi, int n) {
    for (int i = 0; i < n; ++i) {
      xs.push_back(lo + (hi - lo) * rng.uniform());
    }
    return *this;
  }
  /// Log-uniform magnitudes in [lo, hi] (lo > 0), both signs unless positive_only.
  points& logarithmic(double lo, double hi, int n, bool positive_only = false) {
    const double a = std::log2(lo);
    const double b = std::log2(hi);
    for (int i = 0; i < n; ++i) {
      const double x = std::exp2(a + (b - a) * rng.uniform());
      xs.push_back(positive_only || rng.coin() ? x : -x);
    }
    return *this;
  }
  /// center + d, |d| log-uniform in [2^-60, spread] relative to center, both sides.
  points& near(double center, double spread, int n) {
    for (int i = 0; i < n; ++i) {
      const double d = std::exp2(-60 + (std::log2(spread) + 60) * rng.uniform());
      xs.push_back(center + (rng.coin() ? d : -d) * (center == 0 ? 1 : std::fabs(center)));
    }
    return *this;
  }
  points& add(std::initializer_list<double> v) {
    xs.insert(xs.end(), v);
    return *this;
  }
};

// ---- ulp errors ------------------------------------------------------------------------------------------

/// |got - ref| in ulps of T at ref; a wrong NaN or infinity counts as a huge error.
template <class T>
double ulp_error(T got, long double ref) {
  using lim = std::numeric_limits<T>;
  if (std::isnan(ref) || std::isnan(got)) {
    return std::isnan(ref) && std::isnan(got) ? 0 : 1e9;
  }
  if (std::isinf(static_cast<T>(ref)) || std::isinf(got)) {  // ref beyond T's range, or got overflowed
    return got == static_cast<T>(ref) ? 0 : 1e9;
  }
  const long double g = got;
  int e = ref == 0 ? lim::min_exponent - 1 : std::ilogb(ref);
  e = std::clamp(e, lim::min_exponent - 1, lim::max_exponent - 1);
  return static_cast<double>(std::fabs(g - ref) / std::ldexp(1.0L, e - (lim::digits - 1)));
}

struct worst {
  double err = 0;
  double x = 0;
  double y = 0;
};

/// The largest ulp error of f against ref (called in long double) over xs.
template <class F, class R>
worst sweep(const std::vector<double>& xs, F f, R ref) {
  worst w;
  for (const double x : xs) {
    const double e = ulp_error<double>(f(x), ref(static_cast<long double>(x)));
    if (e > w.err) {
      w = {e, x, 0};
    }
  }
  return w;
}
template <class F, class R>
worst sweep2(const std::vector<double>& xs, const std::vector<double>& ys, F f, R ref) {
  worst w;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const long double ref_value = ref(static_cast<long double>(xs[i]), static_cast<long double>(ys[i]));
    const double e = ulp_error<double>(f(xs[i], ys[i]), ref_value);
    if (e > w.err) {
      w = {e, xs[i], ys[i]};
    }
  }
  return w;
}

/// float: the largest ulp error of f against ref called in double, over xs rounded to float.
template <class F, class R>
worst sweep_float(const std::vector<double>& xs, F f, R ref) {
  worst w;
  for (const double xd : xs) {
    const float x = static_cast<float>(xd);
    const double e = ulp_error<float>(f(x), ref(static_cast<double>(x)));
    if (e > w.err) {
      w = {e, x, 0};
    }
  }
  return w;
}

template <class F, class R>
worst sweep2_float(const std::vector<double>& xs, const std::vector<double>& ys, F f, R ref) {
  worst w;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const float x = static_cast<float>(xs[i]);
    const float y = static_cast<float>(ys[i]);
    const double e = ulp_error<float>(f(x, y), ref(static_cast<double>(x), static_cast<double>(y)));
    if (e > w.err) {
      w = {e, x, y};
    }
  }
  return w;
}

void check_worst(const char* what, worst w, double bound) {
  INFO(what << ": max ulp error " << w.err << " at x = " << std::hexfloat << w.x << ", y = " << w.y);
  CHECK(w.err <= bound);
}

// Ours and std's, as generic callables: called with a float, a double or a long double.
constexpr auto cm_sin = [](auto x) { return cm::sin(x); };
constexpr auto std_sin = [](auto x) { return std::sin(x); };
constexpr auto cm_cos = [](auto x) { return cm::cos(x); };
constexpr auto std_cos = [](auto x) { return std::cos(x); };
constexpr auto cm_tan = [](auto x) { return cm::tan(x); };
constexpr auto std_tan = [](auto x) { return std::tan(x); };
constexpr auto cm_asin = [](auto x) { return cm::asin(x); };
constexpr auto std_asin = [](auto x) { return std::asin(x); };
constexpr auto cm_acos = [](auto x) { return cm::acos(x); };
constexpr auto std_acos = [](auto x) { return std::acos(x); };
constexpr auto cm_atan = [](auto x) { return cm::atan(x); };
constexpr auto std_atan = [](auto x) { return std::atan(x); };
constexpr auto cm_sinh = [](auto x) { return cm::sinh(x); };
constexpr auto std_sinh = [](auto x) { return std::sinh(x); };
constexpr auto cm_cosh = [](auto x) { return cm::cosh(x); };
constexpr auto std_cosh = [](auto x) { return std::cosh(x); };
constexpr auto cm_tanh = [](auto x) { return cm::tanh(x); };
constexpr auto std_tanh = [](auto x) { return std::tanh(x); };
constexpr auto cm_asinh = [](auto x) { return cm::asinh(x); };
constexpr auto std_asinh = [](auto x) { return std::asinh(x); };
constexpr auto cm_acosh = [](auto x) { return cm::acosh(x); };
constexpr auto std_acosh = [](auto x) { return std::acosh(x); };
constexpr auto cm_atanh = [](auto x) { return cm::atanh(x); };
constexpr auto std_atanh = [](auto x) { return std::atanh(x); };
constexpr auto cm_exp = [](auto x) { return cm::exp(x); };
constexpr auto std_exp = [](auto x) { return std::exp(x); };
constexpr auto cm_exp2 = [](auto x) { return cm::exp2(x); };
constexpr auto std_exp2 = [](auto x) { return std::exp2(x); };
constexpr auto cm_expm1 = [](auto x) { return cm::expm1(x); };
constexpr auto std_expm1 = [](auto x) { return std::expm1(x); };
constexpr auto cm_log = [](auto x) { return cm::log(x); };
constexpr auto std_log = [](auto x) { return std::log(x); };
constexpr auto cm_log2 = [](auto x) { return cm::log2(x); };
constexpr auto std_log2 = [](auto x) { return std::log2(x); };
constexpr auto cm_log10 = [](auto x) { return cm::log10(x); };
constexpr auto std_log10 = [](auto x) { return std::log10(x); };
constexpr auto cm_log1p = [](auto x) { return cm::log1p(x); };
constexpr auto std_log1p = [](auto x) { return std::log1p(x); };
constexpr auto cm_sqrt = [](auto x) { return cm::sqrt(x); };
constexpr auto std_sqrt = [](auto x) { return std::sqrt(x); };
constexpr auto cm_cbrt = [](auto x) { return cm::cbrt(x); };
constexpr auto std_cbrt = [](auto x) { return std::cbrt(x); };
constexpr auto cm_erf = [](auto x) { return cm::erf(x); };
constexpr auto std_erf = [](auto x) { return std::erf(x); };
constexpr auto cm_erfc = [](auto x) { return cm::erfc(x); };
constexpr auto std_erfc = [](auto x) { return std::erfc(x); };
constexpr auto cm_atan2 = [](auto x, auto y) { return cm::atan2(x, y); };
constexpr auto std_atan2 = [](auto x, auto y) { return std::atan2(x, y); };
constexpr auto cm_hypot = [](auto x, auto y) { return cm::hypot(x, y); };
constexpr auto std_hypot = [](auto x, auto y) { return std::hypot(x, y); };
constexpr auto cm_pow = [](auto x, auto y) { return cm::pow(x, y); };
constexpr auto std_pow = [](auto x, auto y) { return std::pow(x, y); };

// ---- special values --------------------------------------------------------------------------------------

/// Same value as std's, bit for bit where the value is a zero, an infinity or a NaN (any NaN); within 1 ulp
/// for other finite values.
bool agrees(double got, double want) {
  if (std::isnan(want) || std::isnan(got)) {
    return std::isnan(want) && std::isnan(got);
  }
  if (want == 0 || std::isinf(want) || got == 0 || std::isinf(got)) {
    return got == want && std::signbit(got) == std::signbit(want);
  }
  return ulp_error<double>(got, want) <= 1;
}

const std::vector<double> special_inputs{
    0.0, -0.0, inf, -inf, qnan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 0.75, 1e-300, -1e-300,
    dlim::denorm_min(), -dlim::denorm_min(), 0x1p-1040, dlim::min(), -dlim::min(), dlim::max(), -dlim::max(),
    1e300, -1e300, 100.0, -100.0, 1000.0, -1000.0, 709.0, 710.0, -745.0, -746.0, 1.0 + 0x1p-52,
    1.0 - 0x1p-53, -1.0 - 0x1p-52, -1.0 + 0x1p-53, 1.5707963267948966, 3.141592653589793, 0x1p-30, 30.0};

template <class F, class R>
void check_specials(F f, R ref) {
  for (const double x : special_inputs) {
    INFO("x = " << std::hexfloat << x << ": got " << f(x) << ", std gives " << ref(x));
    CHECK(agrees(f(x), ref(x)));
  }
}

template <class F, class R>
void check_specials2(F f, R ref) {
  for (const double x : special_inputs) {
    for (const double y : special_inputs) {
      INFO("(" << std::hexfloat << x << ", " << y << "): got " << f(x, y) << ", std gives " << ref(x, y));
      CHECK(agrees(f(x, y), ref(x, y)));
    }
  }
}

/// Our float function over xs, against std's double function.
template <class F, class R>
void check_float(const char* what, const std::vector<double>& xs, F f, R ref) {
  check_worst(what, sweep_float(xs, f, ref), 1.0);
}

constexpr int n = 60'000;  // points per part of a double sweep: 200k-300k per function
constexpr int nf = 20'000;  // per part of a float sweep

}  // namespace

TEST_CASE("sin, cos, tan: sweeps over a wide range and near multiples of pi/2", "[constexpr_math]") {
  points p;
  p.linear(-10, 10, n).logarithmic(0x1p-30, 0x1p20, n).logarithmic(0x1p20, 1e308, n / 2);
  stream rng;
  for (int i = 0; i < n; ++i) {  // k pi/2 for k up to 2^21, then a few ulps either side
    double x = std::nearbyint(std::exp2(21 * rng.uniform())) * 1.5707963267948966;
    for (int j = 0; j < static_cast<int>(8 * rng.uniform()); ++j) {
      x = std::nextafter(x, rng.coin() ? inf : -inf);
    }
    p.xs.push_back(rng.coin() ? x : -x);
  }
  p.add({0x1.921fb54442d18p0, 0x1.921fb54442d18p1, 0x1.2d97c7f3321d2p2, 1e22, 0x1.6ac5b262ca1ffp849});

  check_worst("sin", sweep(p.xs, cm_sin, std_sin), 1.0);
  check_worst("cos", sweep(p.xs, cm_cos, std_cos), 1.0);
  check_worst("tan", sweep(p.xs, cm_tan, std_tan), 1.0);
  check_specials(cm_sin, std_sin);
  check_specials(cm_cos, std_cos);
  check_specials(cm_tan, std_tan);

  points pf;
  pf.linear(-10, 10, nf).logarithmic(0x1p-30, 3e38, nf);
  check_float("sinf", pf.xs, cm_sin, std_sin);
  check_float("cosf", pf.xs, cm_cos, std_cos);
  check_float("tanf", pf.xs, cm_tan, std_tan);

  CHECK(std::signbit(cm::sin(-0.0)));
  CHECK(std::isnan(cm::sin(inf)));
  CHECK(std::isfinite(cm::tan(1.5707963267948966)));
}

TEST_CASE("asin, acos, atan", "[constexpr_math]") {
  points p;
  p.linear(-1, 1, n).logarithmic(0x1p-40, 1, n).near(1, 0.01, n / 2).near(-1, 0.01, n / 2).near(0.5, 0.01, n / 2);
  p.xs.erase(std::remove_if(p.xs.begin(), p.xs.end(), [](double x) { return std::fabs(x) > 1; }), p.xs.end());
  check_worst("asin", sweep(p.xs, cm_asin, std_asin), 1.0);
  check_worst("acos", sweep(p.xs, cm_acos, std_acos), 1.0);

  points q;
  q.linear(-4, 4, n).logarithmic(0x1p-40, 0x1p70, 2 * n).near(0.4375, 0.01, n / 4).near(0.6875, 0.01, n / 4);
  check_worst("atan", sweep(q.xs, cm_atan, std_atan), 1.0);

  check_specials(cm_asin, std_asin);
  check_specials(cm_acos, std_acos);
  check_specials(cm_atan, std_atan);

  points pf;
  pf.linear(-1, 1, nf).logarithmic(0x1p-40, 1, nf);
  check_float("asinf", pf.xs, cm_asin, std_asin);
  check_float("acosf", pf.xs, cm_acos, std_acos);
  pf.logarithmic(1, 3e38, nf);
  check_float("atanf", pf.xs, cm_atan, std_atan);

  CHECK(std::isnan(cm::asin(2.0)));
  CHECK(std::isnan(cm::acos(-1.5)));
}

TEST_CASE("atan2 over all quadrants and ratios", "[constexpr_math]") {
  points ys;
  points xs{{}, stream{7}};
  ys.logarithmic(1e-300, 1e300, 2 * n);
  xs.logarithmic(1e-300, 1e300, 2 * n);
  ys.logarithmic(0.25, 4, 2 * n);  // ratios near 1: the reductions' breakpoints
  xs.logarithmic(0.25, 4, 2 * n);
  check_worst("atan2", sweep2(ys.xs, xs.xs, cm_atan2, std_atan2), 1.0);
  check_specials2(cm_atan2, std_atan2);
  points yf;
  points xf{{}, stream{7}};
  yf.logarithmic(1e-30, 1e30, 2 * nf);
  xf.logarithmic(1e-30, 1e30, 2 * nf);
  check_worst("atan2f", sweep2_float(yf.xs, xf.xs, cm_atan2, std_atan2), 1.0);
  CHECK(cm::atan2(-0.0, -1.0) == -3.141592653589793);
  CHECK(std::signbit(cm::atan2(-0.0, 1.0)));
}

TEST_CASE("sinh, cosh, tanh", "[constexpr_math]") {
  points p;
  p.linear(-2, 2, n).logarithmic(0x1p-30, 711, 2 * n).linear(705, 711, n / 2).linear(-711, -705, n / 2);
  check_worst("sinh", sweep(p.xs, cm_sinh, std_sinh), 1.0);
  check_worst("cosh", sweep(p.xs, cm_cosh, std_cosh), 1.0);
  check_worst("tanh", sweep(p.xs, cm_tanh, std_tanh), 1.0);
  check_specials(cm_sinh, std_sinh);
  check_specials(cm_cosh, std_cosh);
  check_specials(cm_tanh, std_tanh);

  points pf;
  pf.linear(-2, 2, nf).logarithmic(0x1p-30, 100, nf);
  check_float("sinhf", pf.xs, cm_sinh, std_sinh);
  check_float("coshf", pf.xs, cm_cosh, std_cosh);
  check_float("tanhf", pf.xs, cm_tanh, std_tanh);

  CHECK(cm::sinh(1000.0) == inf);
  CHECK(cm::sinh(-1000.0) == -inf);
  CHECK(cm::cosh(-1000.0) == inf);
}

TEST_CASE("asinh, acosh, atanh", "[constexpr_math]") {
  points p;
  p.linear(-2, 2, n).logarithmic(0x1p-40, 1e300, 2 * n);
  check_worst("asinh", sweep(p.xs, cm_asinh, std_asinh), 1.0);

  points c;
  c.near(1, 1, 2 * n).logarithmic(1, 1e300, n, true).linear(1, 3, n);
  check_worst("acosh", sweep(c.xs, cm_acosh, std_acosh), 1.0);

  points t;
  t.linear(-1, 1, n).logarithmic(0x1p-40, 1, n).near(1, 0.5, n / 2).near(-1, 0.5, n / 2);
  t.xs.erase(std::remove_if(t.xs.begin(), t.xs.end(), [](double x) { return std::fabs(x) >= 1; }), t.xs.end());
  check_worst("atanh", sweep(t.xs, cm_atanh, std_atanh), 1.0);

  check_specials(cm_asinh, std_asinh);
  check_specials(cm_acosh, std_acosh);
  check_specials(cm_atanh, std_atanh);

  points pf;
  pf.linear(-1, 1, nf).logarithmic(0x1p-30, 1, nf).near(1, 0.01, nf);
  check_float("atanhf", pf.xs, cm_atanh, std_atanh);
  pf.logarithmic(1, 3e38, nf);
  check_float("asinhf", pf.xs, cm_asinh, std_asinh);
  check_float("acoshf", pf.xs, cm_acosh, std_acosh);

  CHECK(std::isnan(cm::acosh(0.5)));
  CHECK(cm::atanh(1.0) == inf);
  CHECK(cm::atanh(-1.0) == -inf);
}

TEST_CASE("exp, exp2, expm1, including overflow and underflow", "[constexpr_math]") {
  points p;
  p.linear(-746, 710, n).logarithmic(0x1p-60, 2, n).linear(-2, 2, n).linear(700, 710, n / 2);
  p.linear(-746, -700, n / 2);
  check_worst("exp", sweep(p.xs, cm_exp, std_exp), 1.0);
  check_worst("expm1", sweep(p.xs, cm_expm1, std_expm1), 1.0);
  points q;
  q.linear(-1080, 1025, 2 * n).logarithmic(0x1p-60, 2, n).linear(-1080, -1020, n);
  check_worst("exp2", sweep(q.xs, cm_exp2, std_exp2), 1.0);

  check_specials(cm_exp, std_exp);
  check_specials(cm_exp2, std_exp2);
  check_specials(cm_expm1, std_expm1);

  points pf;
  pf.linear(-104, 89, nf).logarithmic(0x1p-30, 2, nf);
  check_float("expf", pf.xs, cm_exp, std_exp);
  check_float("expm1f", pf.xs, cm_expm1, std_expm1);
  pf.linear(-150, 128, nf);
  check_float("exp2f", pf.xs, cm_exp2, std_exp2);

  CHECK(cm::exp(1000.0) == inf);
  CHECK(cm::exp(-1000.0) == 0);
  CHECK(cm::exp(-745.0) > 0);  // a subnormal
  CHECK(cm::exp(1000.0f) == static_cast<float>(inf));
}

TEST_CASE("log, log2, log10, log1p, subnormals included", "[constexpr_math]") {
  points p;
  p.logarithmic(dlim::denorm_min(), dlim::max(), 2 * n, true).near(1, 0.3, 2 * n).linear(0.5, 2, n);
  check_worst("log", sweep(p.xs, cm_log, std_log), 1.0);
  check_worst("log2", sweep(p.xs, cm_log2, std_log2), 1.0);
  check_worst("log10", sweep(p.xs, cm_log10, std_log10), 1.0);
  points q;
  q.logarithmic(0x1p-60, 1e300, 2 * n).near(-1, 0.5, n).linear(-1, 1, n);
  q.xs.erase(std::remove_if(q.xs.begin(), q.xs.end(), [](double x) { return x <= -1; }), q.xs.end());
  check_worst("log1p", sweep(q.xs, cm_log1p, std_log1p), 1.0);

  check_specials(cm_log, std_log);
  check_specials(cm_log2, std_log2);
  check_specials(cm_log10, std_log10);
  check_specials(cm_log1p, std_log1p);

  points pf;
  pf.logarithmic(flim::denorm_min(), flim::max(), nf, true).near(1, 0.3, nf);
  check_float("logf", pf.xs, cm_log, std_log);
  check_float("log2f", pf.xs, cm_log2, std_log2);
  check_float("log10f", pf.xs, cm_log10, std_log10);
  pf.near(-1, 0.5, nf).linear(-1, 1, nf);
  pf.xs.erase(std::remove_if(pf.xs.begin(), pf.xs.end(), [](double x) { return x <= -1; }), pf.xs.end());
  check_float("log1pf", pf.xs, cm_log1p, std_log1p);

  CHECK(cm::log(0.0) == -inf);
  CHECK(std::isnan(cm::log(-1.0)));
  CHECK(cm::log2(0x1p-1074) == -1074);
  CHECK(cm::log10(1000.0) == 3);
}

TEST_CASE("sqrt, cbrt, hypot", "[constexpr_math]") {
  points p;
  p.logarithmic(dlim::denorm_min(), dlim::max(), 3 * n).linear(0, 4, n);
  std::vector<double> positive;
  for (const double x : p.xs) {
    positive.push_back(std::fabs(x));
  }
  check_worst("sqrt", sweep(positive, cm_sqrt, std_sqrt), 0.5);
  check_worst("cbrt", sweep(p.xs, cm_cbrt, std_cbrt), 1.0);

  points xs;
  points ys{{}, stream{7}};
  xs.logarithmic(dlim::denorm_min(), dlim::max(), 2 * n);
  ys.logarithmic(dlim::denorm_min(), dlim::max(), 2 * n);
  xs.logarithmic(1e-10, 1e10, 2 * n);
  ys.logarithmic(1e-10, 1e10, 2 * n);
  check_worst("hypot", sweep2(xs.xs, ys.xs, cm_hypot, std_hypot), 1.0);

  check_specials(cm_sqrt, std_sqrt);
  check_specials(cm_cbrt, std_cbrt);
  check_specials2(cm_hypot, std_hypot);
  points xf;
  points yf{{}, stream{7}};
  xf.logarithmic(flim::denorm_min(), flim::max(), 2 * nf);
  yf.logarithmic(flim::denorm_min(), flim::max(), 2 * nf);
  check_worst("hypotf", sweep2_float(xf.xs, yf.xs, cm_hypot, std_hypot), 1.0);

  points pf;
  pf.logarithmic(flim::denorm_min(), flim::max(), 2 * nf);
  check_float("cbrtf", pf.xs, cm_cbrt, std_cbrt);
  for (double& x : pf.xs) {
    x = std::fabs(x);
  }
  check_float("sqrtf", pf.xs, cm_sqrt, std_sqrt);

  CHECK(std::isnan(cm::sqrt(-1.0)));
  CHECK(cm::sqrt(0x1p-1074) == 0x1p-537);
  CHECK(cm::hypot(1e300, 1e300) == std::hypot(1e300, 1e300));
  CHECK(cm::hypot(3e-320, 4e-320) == std::hypot(3e-320, 4e-320));
}

TEST_CASE("erf, erfc, with erfc's tail to its underflow", "[constexpr_math]") {
  points p;
  p.linear(-6.5, 6.5, 2 * n).logarithmic(0x1p-40, 6.5, n);
  check_worst("erf", sweep(p.xs, cm_erf, std_erf), 1.0);
  p.linear(-6.5, 27.5, n).linear(20, 27.3, n);
  check_worst("erfc", sweep(p.xs, cm_erfc, std_erfc), 1.0);

  check_specials(cm_erf, std_erf);
  check_specials(cm_erfc, std_erfc);

  points pf;
  pf.linear(-4, 11, 2 * nf).logarithmic(0x1p-30, 4, nf);
  check_float("erff", pf.xs, cm_erf, std_erf);
  check_float("erfcf", pf.xs, cm_erfc, std_erfc);

  CHECK(cm::erfc(30.0) == 0);
  CHECK(cm::erfc(-30.0) == 2);
}

TEST_CASE("pow over magnitudes up to overflow and underflow, negative bases, special cases", "[constexpr_math]") {
  stream rng;
  std::vector<double> xs;
  std::vector<double> ys;
  for (int i = 0; i < 3 * n; ++i) {  // x^y with the result anywhere in range
    const double x = std::exp2(-1000 + 2000 * rng.uniform());
    const double t = -1074 + 2098 * rng.uniform();
    xs.push_back(x);
    ys.push_back(t / std::log2(x));
  }
  for (int i = 0; i < n; ++i) {  // x near 1, large y
    const double x = 1 + (rng.uniform() - 0.5) * std::exp2(-40 * rng.uniform());
    xs.push_back(x);
    ys.push_back((rng.coin() ? 1 : -1) * std::exp2(60 * rng.uniform()));
  }
  for (int i = 0; i < n; ++i) {  // negative bases, integer exponents
    xs.push_back(-std::exp2(-20 + 40 * rng.uniform()));
    ys.push_back(std::nearbyint(-60 + 120 * rng.uniform()));
  }
  check_worst("pow", sweep2(xs, ys, cm_pow, std_pow), 1.0);

  check_specials2(cm_pow, std_pow);
  std::vector<double> xf;
  std::vector<double> yf;
  for (int i = 0; i < 2 * nf; ++i) {  // float results anywhere in range
    const double x = std::exp2(-60 + 120 * rng.uniform());
    xf.push_back(x);
    yf.push_back((-149 + 277 * rng.uniform()) / std::log2(x));
  }
  check_worst("powf", sweep2_float(xf, yf, cm_pow, std_pow), 1.0);
  CHECK(cm::pow(qnan, 0.0) == 1);
  CHECK(cm::pow(1.0, qnan) == 1);
  CHECK(cm::pow(-2.0, 3.0) == -8);
  CHECK(std::isnan(cm::pow(-2.0, 0.5)));
  CHECK(cm::pow(0.0, -1.0) == inf);
  CHECK(cm::pow(-0.0, -3.0) == -inf);
  CHECK(cm::pow(3.0, 40.0) == std::pow(3.0, 40.0));
  CHECK(cm::pow(10.0, 22.0) == 1e22);
  CHECK(cm::pow(2.0, -1074.0) == dlim::denorm_min());
  CHECK(cm::pow(2.5f, 3.0f) == 15.625f);
}
