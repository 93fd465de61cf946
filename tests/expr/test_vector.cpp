// Vector variables and data, compile-time loops and reductions, bundles of inputs, Eigen-free array bindings.
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto x = var<"x", 6>;
constexpr auto w = var<"w">;
constexpr auto mu = data<"mu">;
constexpr auto c = data<"c", 6>;

/// The extended Rosenbrock function: pairs (x[2i], x[2i+1]).
template <std::size_t N, class X>
constexpr auto rosenbrock(X const& v) {
  return sum<N / 2>([&](auto i) {
    auto const a = v[idx<2 * i>];
    auto const b = v[idx<2 * i + 1>];
    return lit<100> * square(b - square(a)) + square(lit<1> - a);
  });
}

double rosenbrock_value(std::array<double, 6> const& p) {
  double f = 0;
  for (std::size_t i = 0; i < 3; ++i) f += 100 * std::pow(p[2 * i + 1] - p[2 * i] * p[2 * i], 2) + std::pow(1 - p[2 * i], 2);
  return f;
}
}  // namespace

TEST_CASE("vector variables: the gradient of a vector comes back as an array in element order", "[expr][vector]") {
  std::array<double, 6> const p{-1.2, 1.0, 0.5, -0.3, 2.0, 3.5};
  auto const f = rosenbrock<6>(x);
  auto const r = grad(f, at<"x">(p));
  CHECK(r.value == Approx(rosenbrock_value(p)).epsilon(1e-14));
  auto const g = r[x];
  for (std::size_t i = 0; i < 3; ++i) {
    double const a = p[2 * i], b = p[2 * i + 1];
    CHECK(close(g[2 * i], -400 * a * (b - a * a) - 2 * (1 - a), 1e-13));
    CHECK(close(g[2 * i + 1], 200 * (b - a * a), 1e-13));
  }
  CHECK(r[x[idx<3>]] == g[3]);
  // by position, in element order: x[0] ... x[5] (not x0 x1 x10 ...)
  auto const rp = grad(f, p);
  CHECK(rp.gradient == r.gradient);
}

TEST_CASE("vector variables: spans, std::vector and element types other than the call's", "[expr][vector]") {
  std::vector<double> const v{-1.2, 1.0, 0.5, -0.3, 2.0, 3.5};
  std::array<double, 6> p{};
  std::copy(v.begin(), v.end(), p.begin());
  auto const f = rosenbrock<6>(x);
  auto const expected = grad(f, at<"x">(p));
  CHECK(grad(f, at<"x">(std::span<double const, 6>(v.data(), 6))).gradient == expected.gradient);
  CHECK(grad(f, at<"x">(std::span<double const>(v))).gradient == expected.gradient);
  CHECK(grad(f, at<"x">(v)).gradient == expected.gradient);
  std::array<float, 6> pf{};
  for (std::size_t i = 0; i < 6; ++i) pf[i] = static_cast<float>(p[i]);
  auto const rf = grad(f, at<"x">(pf));  // all float: computes in float
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(rf.value)>, float>);
  CHECK(close(rf.value, expected.value, 1e-5));
  // a dynamic size is checked when the call runs
  std::vector<double> const short_vector{1.0, 2.0};
  CHECK_THROWS_AS(grad(f, at<"x">(short_vector)), std::length_error);
}

TEST_CASE("vector variables: reductions", "[expr][vector]") {
  constexpr auto y = var<"y", 4>;
  std::array<double, 4> const p{0.3, -1.2, 2.0, 0.7};
  double m = p[0], s = 0, sq = 0;
  for (double v : p) m = std::max(m, v);
  for (double v : p) s += std::exp(v - m), sq += v * v;
  double const lse = m + std::log(s);
  auto const r = grad(logsumexp(y) + dot(y, y) + norm(y) + sum(y), at<"y">(p));
  CHECK(close(r.value, lse + sq + std::sqrt(sq) + (p[0] + p[1] + p[2] + p[3]), 1e-14));
  auto const g = r[y];
  for (std::size_t i = 0; i < 4; ++i) CHECK(close(g[i], std::exp(p[i] - lse) + 2 * p[i] + p[i] / std::sqrt(sq) + 1, 1e-13));
  CHECK(eval(squared_norm(y), at<"y">(p)) == Approx(sq));
}

TEST_CASE("fold: Horner's scheme, a polynomial of degree 20 with data coefficients", "[expr][vector]") {
  constexpr auto t = var<"t">;
  constexpr auto k = data<"k", 21>;
  auto const p = fold<20>(k[idx<20>], [&](auto acc, auto i) { return acc * t + k[idx<19 - i>]; });
  std::array<double, 21> coefficients{};
  for (std::size_t i = 0; i < 21; ++i) coefficients[i] = 1.0 / static_cast<double>(i + 1);
  double const at_t = 0.7;
  double value = 0, slope = 0;
  for (std::size_t i = 0; i < 21; ++i) {
    value += coefficients[i] * std::pow(at_t, static_cast<double>(i));
    if (i > 0) slope += static_cast<double>(i) * coefficients[i] * std::pow(at_t, static_cast<double>(i - 1));
  }
  auto const r = grad(p, at<"t">(at_t), at<"k">(coefficients));
  CHECK(close(r.value, value, 1e-14));
  CHECK(close(r[t], slope, 1e-13));
  STATIC_REQUIRE(decltype(r)::size == 1);  // data has no gradient slot
}

TEST_CASE("data: bound by label, not differentiated, and shared by type like a variable", "[expr][data]") {
  auto const term = square(w - mu) * lit<1, 2>;
  auto const f = term + term * w;  // the same node twice: one node, since data holds no value
  CHECK(node_count(f) == node_count(term) + 2);  // term * w and the sum
  auto const r = grad(f, at<"w">(3.0), at<"mu">(1.0));
  CHECK(r.value == 2.0 + 6.0);
  CHECK(r[w] == Approx((3.0 - 1.0) + (3.0 - 1.0) * 3.0 + 2.0));
  STATIC_REQUIRE(decltype(r)::size == 1);
  // a plain number in the same place is a runtime constant: one node per occurrence
  auto const with_number = square(w - 1.0) * 0.5;
  CHECK(node_count(with_number + with_number * w) > node_count(f));
  // vector data beside a vector variable
  std::array<double, 6> const p{1, 2, 3, 4, 5, 6};
  std::array<double, 6> const q{6, 5, 4, 3, 2, 1};
  auto const rd = grad(dot(x, c), at<"x">(p), at<"c">(q));
  CHECK(rd.value == 56.0);
  CHECK(rd[x] == q);
}

TEST_CASE("inputs(...): one bundle binds a function and its derivatives", "[expr][bundle]") {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + math::sin(a) * mu;
  auto const in = inputs(at<"a">(0.5), at<"b">(2.0), at<"mu">(3.0));
  auto const d = derivative<"a">(f);  // b + cos(a) mu: no longer depends on... everything f does
  CHECK(close(eval(d, in), 2.0 + std::cos(0.5) * 3.0, 1e-15));
  CHECK(close(eval(f, in), 1.0 + std::sin(0.5) * 3.0, 1e-15));
  CHECK(grad(d, in)[b] == 1.0);
  STATIC_REQUIRE(eval(derivative<"a">(a * b), inputs(at<"a">(1.0), at<"b">(2.0))) == 2.0);
}

TEST_CASE("compile-time loops: the index of the body is a type, so x[i] is one element", "[expr][vector]") {
  std::array<double, 6> const p{1, 2, 3, 4, 5, 6};
  auto const weighted = sum<6>([&](auto i) { return lit<static_cast<long long>(i) + 1> * x[i]; });
  auto const r = grad(weighted, at<"x">(p));
  CHECK(r.value == 1 * 1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5 + 6 * 6);
  CHECK(r[x] == std::array<double, 6>{1, 2, 3, 4, 5, 6});
  // the same body on plain numbers
  CHECK(sum<4>([](auto i) { return static_cast<double>(i) * 2.0; }) == 12.0);
}
