// One sweep over xsimd batches equals a scalar loop over the same points (batch<double>, batch<float>).
#include <array>
#include <cmath>
#include <cstddef>

#include <catch2/catch.hpp>
#include <xsimd/xsimd.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto x = var<"x">;
constexpr auto y = var<"y">;

// Every op, with numbers on both sides; defined for x in [-2, 2], y in [0.5, 2].
auto const f = math::tanh(x * y) + pow<3>(x) / (y * y + 1) - math::exp(math::sigmoid(x)) * math::log(y) +
               math::sqrt(y) * math::relu(x) + math::abs(x - 0.3) / y + pow(y, 0.5) * pow(y, x) - 2.0 * -x;

template <class T>
void check_batch(double tol) {
  using batch = xsimd::batch<T>;
  constexpr std::size_t lanes = batch::size;
  alignas(64) std::array<T, lanes> xs{};
  alignas(64) std::array<T, lanes> ys{};
  for (std::size_t i = 0; i != lanes; ++i) {
    xs[i] = static_cast<T>(-1.9 + 3.7 * static_cast<double>(i) / lanes);
    ys[i] = static_cast<T>(0.6 + 1.3 * static_cast<double>(i) / lanes);
  }
  auto const r = grad(f, at<"x">(batch::load_aligned(xs.data())), at<"y">(batch::load_aligned(ys.data())));
  alignas(64) std::array<T, lanes> value{};
  alignas(64) std::array<T, lanes> dx{};
  alignas(64) std::array<T, lanes> dy{};
  r.value.store_aligned(value.data());
  r[x].store_aligned(dx.data());
  r[y].store_aligned(dy.data());
  for (std::size_t i = 0; i != lanes; ++i) {
    INFO("lane " << i << " of " << lanes << ": x = " << xs[i] << ", y = " << ys[i]);
    auto const s = grad(f, xs[i], ys[i]);  // the same points, one at a time, in T
    CHECK(close(value[i], s.value, tol));
    CHECK(close(dx[i], s[x], tol));
    CHECK(close(dy[i], s[y], tol));
  }
  // A plain number next to a batch is broadcast; the value-only path works too.
  auto const v = eval(x * y, batch::load_aligned(xs.data()), T(2));
  alignas(64) std::array<T, lanes> vs{};
  v.store_aligned(vs.data());
  for (std::size_t i = 0; i != lanes; ++i) CHECK(vs[i] == xs[i] * T(2));
}
}  // namespace

TEST_CASE("batch<double>: equals the scalar loop (xsimd vs std math: 1e-12 relative)", "[expr][batch]") {
  check_batch<double>(1e-12);
}

TEST_CASE("batch<float>: equals the scalar loop (xsimd vs std math: 1e-5 relative)", "[expr][batch]") {
  check_batch<float>(1e-5);
}
