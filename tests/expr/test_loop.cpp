// Loops: a compile-time sum of one pattern is one node (loop_sum) computed on SIMD lanes; it must equal the
// unrolled sum it stands for in value, gradient, Jacobian (both modes), JVP, VJP and Hessian, for every shape of
// index (strides 1, 2, 3, -1, pairs, fixed elements, scalars, data), sizes with and without a tail, batches and
// constant evaluation, and where several loops and ordinary nodes write one variable's gradient.
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

#include <ctgrad/detail/xsimd.hpp>
#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
template <class E>
constexpr bool is_loop(E const&) {
  return expr::detail::is_loop_v<E>;
}

/// The unrolled sum a loop stands for (an ordinary expression, computed node by node), or `e` itself.
template <class E>
constexpr auto unrolled(E const& e) {
  if constexpr (expr::detail::is_loop_v<E>) return expr::detail::unrolled_of(e);
  else return e;
}

template <std::size_t N>
constexpr std::array<double, N> points(double from, double step) {
  std::array<double, N> out{};
  for (std::size_t i = 0; i != N; ++i) out[i] = from + step * static_cast<double>(i);
  return out;
}

/// `a` and `b` agree to `tolerance` (relative) in every element.
template <class A, class B>
void check_same(A const& a, B const& b, double tolerance = 1e-13) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i != a.size(); ++i) {
    INFO("element " << i);
    CHECK(close(a[i], b[i], tolerance));
  }
}

constexpr auto x = var<"x", 37>;
constexpr auto y = var<"y", 37>;
constexpr auto w = var<"w">;
constexpr auto c = data<"c", 37>;
}  // namespace

TEST_CASE("loops: formed for one pattern, not for others", "[expr][loop]") {
  STATIC_REQUIRE(is_loop(sum<8>([](auto i) { return square(x[i]); })));
  STATIC_REQUIRE(is_loop(sum<16>([](auto i) { return x[idx<2 * i>] * x[idx<2 * i + 1>]; })));
  STATIC_REQUIRE(!is_loop(sum<3>([](auto i) { return square(x[i]); })));                // too few terms
  STATIC_REQUIRE(!is_loop(sum<6>([](auto i) { return square(x[idx<i * i>]); })));       // not affine in i
  STATIC_REQUIRE(!is_loop(sum<6>([](auto i) { return x[i] * 0.5; })));                  // a runtime constant
  STATIC_REQUIRE(!is_loop(sum<6>([](auto i) { return static_cast<double>(i) * 2.0; })));  // plain numbers
  CHECK(to_string(sum<8>([](auto i) { return square(x[idx<2 * i + 1>] - x[i]); })) == "sum(i < 8: (x[2i + 1] - x[i])**2)");
  CHECK(node_count(sum<8>([](auto i) { return square(x[i]); })) == 1);
}

TEST_CASE("loops: value and gradient equal the unrolled sum, for every kind of index", "[expr][loop]") {
  auto const px = points<37>(-1.3, 0.071);
  auto const py = points<37>(0.4, -0.033);
  auto const pc = points<37>(2.0, 0.5);
  auto const check = [&](auto const& f) {
    INFO(to_string(f));
    auto const r = grad(f, inputs(at<"x">(px), at<"y">(py), at<"w">(0.8), at<"c">(pc)));
    auto const u = grad(unrolled(f), inputs(at<"x">(px), at<"y">(py), at<"w">(0.8), at<"c">(pc)));
    CHECK(close(r.value, u.value, 1e-13));
    check_same(r.gradient, u.gradient);
  };
  check(sum<37>([](auto i) { return square(x[i]) * y[i]; }));                            // stride 1, a tail
  check(sum<18>([](auto i) { return x[idx<2 * i>] * square(x[idx<2 * i + 1>]); }));     // a stride-2 pair
  check(sum<19>([](auto i) { return exp(x[idx<2 * i>]); }));                            // stride 2 alone, ends at x[36]
  check(sum<12>([](auto i) { return x[idx<3 * i + 1>] * y[idx<3 * i>]; }));             // stride 3
  check(sum<20>([](auto i) { return x[idx<36 - i>] * y[i]; }));                         // stride -1
  check(sum<30>([](auto i) { return x[i] * x[idx<i + 1>]; }));                          // overlapping: x[i], x[i + 1]
  check(sum<16>([](auto i) { return w * tanh(x[i] - x[idx<0>]) + c[i] * y[i]; }));      // a scalar, a fixed element, data
  check(sum<8>([](auto i) { return select(x[i] > y[i], x[i], y[i] * w); }));            // a branch per lane
}

TEST_CASE("loops: several loops and ordinary nodes add to one variable's gradient", "[expr][loop]") {
  auto const px = points<37>(-0.9, 0.05);
  auto const py = points<37>(0.3, 0.02);
  auto const f = sum<37>([](auto i) { return square(x[i]); }) * sum<18>([](auto i) { return x[idx<2 * i>] * x[idx<2 * i + 1>]; }) +
                 sin(x[idx<5>]) * w + sum<10>([](auto i) { return x[idx<i + 3>] * y[i]; });
  auto const r = grad(f, at<"x">(px), at<"y">(py), at<"w">(1.7));
  auto const u = grad(unrolled(f), at<"x">(px), at<"y">(py), at<"w">(1.7));
  CHECK(close(r.value, u.value, 1e-13));
  check_same(r.gradient, u.gradient);
}

TEST_CASE("loops: Jacobian in both modes, JVP, VJP and Hessian", "[expr][loop]") {
  constexpr auto v = var<"v", 12>;
  auto const a = sum<12>([&](auto i) { return exp(v[i] * w); });
  auto const b = sum<6>([&](auto i) { return v[idx<2 * i>] * v[idx<2 * i + 1>]; });
  auto const f = outputs(a, b * w, a * b);
  auto const in = inputs(at<"v">(points<12>(-0.5, 0.09)), at<"w">(0.6));
  auto const reference = outputs(unrolled(a), unrolled(b) * w, unrolled(a) * unrolled(b));
  auto const Jr = jacobian_reverse(f, in);
  auto const Jf = jacobian_forward(f, in);
  auto const Ju = jacobian(reference, in);
  check_same(Jr.matrix, Ju.matrix);
  check_same(Jf.matrix, Ju.matrix);
  std::array<double, 13> direction{};
  for (std::size_t i = 0; i != 13; ++i) direction[i] = 0.1 * static_cast<double>(i) - 0.4;
  check_same(jvp(f, direction, in).tangent, jvp(reference, direction, in).tangent);
  check_same(vjp(f, std::array{1.0, -2.0, 0.5}, in).gradient, vjp(reference, std::array{1.0, -2.0, 0.5}, in).gradient);
  auto const h = hessian(a * w, in);
  auto const hu = hessian(unrolled(a) * w, in);
  for (std::size_t i = 0; i != 13; ++i) check_same(h.matrix[i], hu.matrix[i]);
}

TEST_CASE("loops: batches (one term at a time, points in the lanes), float, and constant evaluation", "[expr][loop]") {
  auto const f = sum<9>([](auto i) { return square(x[idx<2 * i + 1>] - x[idx<2 * i>]) * w; });
  using batch = xsimd::batch<double>;
  std::array<batch, 37> bx{};
  auto const px = points<37>(0.2, 0.11);
  for (std::size_t i = 0; i != 37; ++i) bx[i] = batch(px[i]) + batch(0.01);
  auto const rb = grad(f, at<"x">(bx), at<"w">(batch(1.5)));
  std::array<double, 37> shifted{};
  for (std::size_t i = 0; i != 37; ++i) shifted[i] = px[i] + 0.01;
  auto const rs = grad(f, at<"x">(shifted), at<"w">(1.5));
  CHECK(close(rb.value.get(batch::size - 1), rs.value, 1e-14));
  for (std::size_t i = 0; i != rs.gradient.size(); ++i) CHECK(close(rb.gradient[i].get(0), rs.gradient[i], 1e-14));
  std::array<float, 37> pf{};
  for (std::size_t i = 0; i != 37; ++i) pf[i] = static_cast<float>(shifted[i]);
  auto const rf = grad(f, at<"x">(pf), at<"w">(1.5f));
  CHECK(close(rf.value, rs.value, 1e-5));
  for (std::size_t i = 0; i != rs.gradient.size(); ++i) CHECK(close(rf.gradient[i], rs.gradient[i], 1e-4));
  constexpr auto z = var<"z", 8>;
  constexpr auto g = sum<8>([&](auto i) { return square(z[i]) * sin(z[i]); });
  constexpr auto at_points = std::array{0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5};
  static_assert(grad(g, at<"z">(at_points)).gradient[0] == 0.0);
  static_assert(grad(g * w, at<"z">(at_points), at<"w">(2.0))[w] == eval(g, at<"z">(at_points)));  // a loop below the root
  CHECK(grad(g, at<"z">(at_points)).gradient[2] == Approx(2 * std::sin(1.0) + std::cos(1.0)));
}

TEST_CASE("loops: a long loop recomputes its terms instead of keeping them", "[expr][loop]") {
  // 600 terms of 4 nodes on 8 lanes: 75 blocks x 4 x 64 bytes, more than the 16 KiB a loop keeps
  constexpr auto big = var<"big", 1200>;
  auto const f = sum<600>([&](auto i) { return exp(big[idx<2 * i>]) * big[idx<2 * i + 1>]; });
  static std::array<double, 1200> p{};
  for (std::size_t i = 0; i != p.size(); ++i) p[i] = 1e-3 * static_cast<double>(i % 97);
  auto const r = grad(f * w, at<"big">(p), at<"w">(1.0));  // not the root: the reverse sweep needs the terms again
  double value = 0;
  for (std::size_t i = 0; i != 600; ++i) value += std::exp(p[2 * i]) * p[2 * i + 1];
  CHECK(close(r.value, value, 1e-12));
  CHECK(close(r.gradient[0], std::exp(p[0]) * p[1], 1e-15));
  CHECK(close(r.gradient[1], std::exp(p[0]), 1e-15));
  CHECK(close(r.gradient[1200], value, 1e-12));  // d/dw (the last by label: big, w)
}
