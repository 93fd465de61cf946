// A user's op, written with the same mechanism as the library's: static graph, tape, batches, derivative, draw text.
#include <cmath>
#include <numbers>
#include <string_view>

#include <catch2/catch.hpp>

#include <ctgrad/detail/xsimd.hpp>
#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
// softplus(x) = log(1 + e^x), written for any number type with ctgrad::math, with its symbolic derivative.
struct softplus_op {
  static constexpr std::string_view name = "softplus";
  template <class T>
  static constexpr T value(T x) {
    return math::log1p(math::exp(x));
  }
  template <class T>
  static constexpr T derivative(T x, T) {
    return 1 / (1 + math::exp(-x));
  }
  template <class X, class Out>
  static constexpr auto symbolic(X const& x, Out const&) {
    return math::sigmoid(x);
  }
};
constexpr function<softplus_op> softplus{};

// log Phi(x), the log of the normal CDF, written for double only: batches go lane by lane.
struct log_ndtr_op {
  static constexpr std::string_view name = "log_ndtr";
  static double value(double x) { return std::log(0.5 * std::erfc(-x / std::sqrt(2.0))); }
  static double derivative(double x, double out) { return std::exp(-0.5 * x * x - out) / std::sqrt(2 * std::numbers::pi); }
};
constexpr function<log_ndtr_op> log_ndtr{};

constexpr auto x = var<"x">;
constexpr auto y = var<"y">;
}  // namespace

TEST_CASE("a user's op: numbers, static graph, tape and finite differences agree", "[expr][custom]") {
  STATIC_REQUIRE(softplus(0.0) == math::log1p(1.0));  // plain numbers, constant-evaluable
  auto const f = softplus(x * y) + log_ndtr(x);
  for (double p : {-2.0, -0.3, 0.8, 3.1}) {
    auto const r = grad(f, at<"x">(p), at<"y">(1.5));
    auto const fd = ctgrad::test::fd_gradient(f, std::array<double, 2>{p, 1.5});
    CHECK(close(r[x], fd[0], 1e-7));
    CHECK(close(r[y], fd[1], 1e-7));
    tape::graph g;
    tape::value tx = g.leaf(p), ty = g.leaf(1.5);
    tape::value tf = softplus(tx * ty) + log_ndtr(tx);
    tf.backward();
    CHECK(close(tf.data(), r.value, 1e-15));
    CHECK(close(tx.grad(), r[x], 1e-15));
    CHECK(close(ty.grad(), r[y], 1e-15));
  }
}

TEST_CASE("a user's op: symbolic derivative, printing and its name on the tape", "[expr][custom]") {
  CHECK(to_string(softplus(x) * y) == "softplus(x) * y");
  CHECK(to_string(derivative<"x">(softplus(x) * y)) == "y * sigmoid(x)");
  STATIC_REQUIRE(grad(softplus(x), 0.0)[x] == 0.5);
  tape::graph g;
  CHECK(log_ndtr(g.leaf(0.5)).op_text() == "log_ndtr");
}

TEST_CASE("a user's op on batches: a template value runs on the batch, a double-only value lane by lane", "[expr][custom]") {
  using batch = xsimd::batch<double>;
  alignas(64) std::array<double, batch::size> xs{};
  for (std::size_t i = 0; i != batch::size; ++i) xs[i] = -2.0 + 0.5 * static_cast<double>(i);
  auto const f = softplus(x) * log_ndtr(x);
  auto const r = grad(f, batch::load_aligned(xs.data()));
  alignas(64) std::array<double, batch::size> v{}, d{};
  r.value.store_aligned(v.data());
  r.gradient[0].store_aligned(d.data());
  for (std::size_t i = 0; i != batch::size; ++i) {
    auto const s = grad(f, xs[i]);
    CHECK(close(v[i], s.value, 1e-14));
    CHECK(close(d[i], s.gradient[0], 1e-14));
  }
}
