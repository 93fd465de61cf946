// The vectorised tanh (ctgrad/simd/detail/tanh.hpp) against std::tanh in long double: its error in units in
// the last place over dense sweeps of both signs, and its special values, on the build's default instruction
// set and on AVX2 when the build has AVX-512. The sweep is of ctgrad's own double tanh; the special values
// also hold for float (xsimd's).
#include <ctgrad/simd/detail/tanh.hpp>

#include "simd_test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace {

namespace detail = ctgrad::simd::detail;

/// tanh of every element of `xs`, a register at a time (the last one padded with zeros).
template <class T, class A>
std::vector<T> tanh_of(const std::vector<T>& xs) {
  using B = xsimd::batch<T, A>;
  std::vector<T> in = xs;
  in.resize((xs.size() + B::size - 1) / B::size * B::size, T(0));
  std::vector<T> out(in.size());
  for (std::size_t i = 0; i < in.size(); i += B::size) detail::tanh_lanes(B::load_unaligned(in.data() + i)).store_unaligned(out.data() + i);
  out.resize(xs.size());
  return out;
}

/// |y − tanh(x)| in units of the last place of the correctly rounded tanh(x).
template <class T>
double ulp_error(T x, T y) {
  const long double exact = std::tanh(static_cast<long double>(x));
  const T rounded = static_cast<T>(exact);
  const long double ulp = static_cast<long double>(std::nextafter(std::abs(rounded), std::numeric_limits<T>::infinity())) - std::abs(rounded);
  return static_cast<double>(std::abs(static_cast<long double>(y) - exact) / ulp);
}

/// Every x the sweep checks: [−30, 30] in steps of 2⁻¹⁰ (both branches of the reduction, every k, and the
/// saturation), and ±x for x from the smallest subnormal up to 1 in steps of 0.1% (where tanh(x) ≈ x and
/// the relative error is what counts).
template <class T>
std::vector<T> sweep() {
  std::vector<T> xs;
  for (int i = -30 * 1024; i <= 30 * 1024; ++i) xs.push_back(static_cast<T>(i) / T(1024));
  for (long double x = std::numeric_limits<T>::denorm_min(); x < 1; x *= 1.001L) {
    xs.push_back(static_cast<T>(x));
    xs.push_back(static_cast<T>(-x));
  }
  return xs;
}

}  // namespace

TEST_CASE("tanh of doubles is within 3 ulp of the correctly rounded value, and odd", "[simd][tanh]") {
  using T = double;
  const std::vector<T> xs = sweep<T>();
  std::vector<T> negated(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) negated[i] = -xs[i];
  simd_test::for_each_arch([&](auto arch) {
    using A = decltype(arch);
    const std::vector<T> ys = tanh_of<T, A>(xs);
    const std::vector<T> odd = tanh_of<T, A>(negated);
    double worst = 0;
    T worst_x = 0;
    std::size_t not_odd = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double e = ulp_error(xs[i], ys[i]);
      if (e > worst) {
        worst = e;
        worst_x = xs[i];
      }
      if (odd[i] != -ys[i]) ++not_odd;
    }
    INFO(A::name() << ": worst error " << worst << " ulp at x = " << worst_x);
    CHECK(worst <= 3.0);
    CHECK(not_odd == 0);
  });
}

TEMPLATE_TEST_CASE("tanh keeps the sign of zero, saturates to ±1 and passes NaN through", "[simd][tanh]", float, double) {
  using T = TestType;
  using limits = std::numeric_limits<T>;
  // One register mixing every case, so a lane cannot borrow another lane's path.
  const std::vector<T> xs{T(0), -T(0), limits::infinity(), -limits::infinity(), limits::max(), -limits::lowest() / 2, T(40), T(-40),
                          limits::quiet_NaN(), limits::denorm_min(), -limits::min(), T(0.25)};
  simd_test::for_each_arch([&](auto arch) {
    using A = decltype(arch);
    INFO(A::name());
    const std::vector<T> ys = tanh_of<T, A>(xs);
    CHECK(ys[0] == T(0));
    CHECK_FALSE(std::signbit(ys[0]));
    CHECK(ys[1] == T(0));
    CHECK(std::signbit(ys[1]));
    CHECK(ys[2] == T(1));
    CHECK(ys[3] == T(-1));
    CHECK(ys[4] == T(1));
    CHECK(ys[5] == T(1));
    CHECK(ys[6] == T(1));
    CHECK(ys[7] == T(-1));
    CHECK(std::isnan(ys[8]));
    CHECK(ys[9] == limits::denorm_min());  // tanh(x) = x to within half an ulp for |x| < 2⁻²⁸
    CHECK(ys[10] == -limits::min());
    CHECK(ulp_error(xs[11], ys[11]) <= 3.0);
  });
}
