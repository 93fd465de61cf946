// derivative<"x">(f): simplified types, printing, second derivatives, and a 3-variable Hessian.
#include <array>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr auto x = var<"x">;
constexpr auto y = var<"y">;
constexpr auto z = var<"z">;

template <class T, class U>
constexpr bool same_type(T const&, U const&) {
  return std::is_same_v<T, U>;
}
}  // namespace

TEST_CASE("derivative: types are simplified as they are built", "[expr][derivative]") {
  STATIC_REQUIRE(same_type(derivative<"x">(x), lit<1>));
  STATIC_REQUIRE(same_type(derivative<"x">(x + y), lit<1>));
  STATIC_REQUIRE(same_type(derivative<"x">(x * y), y));
  STATIC_REQUIRE(same_type(derivative<"y">(x * y), x));
  STATIC_REQUIRE(same_type(derivative<"x">(x - y), lit<1>));
  STATIC_REQUIRE(same_type(derivative<"y">(x - y), lit<-1>));
  STATIC_REQUIRE(same_type(derivative<"x">(-(-x)), lit<1>));  // -(-x) is x already
  STATIC_REQUIRE(same_type(-(-x), x));
  STATIC_REQUIRE(same_type(x * lit<1>, x));
  STATIC_REQUIRE(same_type(lit<0> + y, y));
  STATIC_REQUIRE(same_type(x * lit<0>, lit<0>));
  STATIC_REQUIRE(same_type(lit<2> * lit<3>, lit<6>));
  STATIC_REQUIRE(same_type(derivative<"x">(math::exp(x)), math::exp(x)));  // reuses f's node
  STATIC_REQUIRE(same_type(derivative<"x">(pow<3>(x)), lit<3> * pow<2>(x)));
  STATIC_REQUIRE(same_type(derivative<"x">(pow<2>(x)), lit<2> * x));
  STATIC_REQUIRE(same_type(derivative<"x">(-x), lit<-1>));
  STATIC_REQUIRE(same_type(pow<3>(pow<2>(x)), pow<6>(x)));
}

TEST_CASE("derivative: printing", "[expr][derivative][print]") {
  CHECK(to_string(derivative<"x">(x * x)) == "x + x");
  CHECK(to_string(derivative<"x">(pow<3>(x))) == "3 * x**2");
  CHECK(to_string(derivative<"x">(math::tanh(x))) == "1 - tanh(x)**2");
  CHECK(to_string(derivative<"x">(math::log(x))) == "1 / x");
  CHECK(to_string(derivative<"x">(math::sqrt(x))) == "1 / (2 * sqrt(x))");
  CHECK(to_string(derivative<"x">(math::relu(x))) == "step(x)");
  CHECK(to_string(derivative<"x">(math::abs(x))) == "sign(x)");
  CHECK(to_string(derivative<"x">(math::sigmoid(x))) == "sigmoid(x) * (1 - sigmoid(x))");
  CHECK(to_string(derivative<"x">(math::exp(2.0 * x))) == "exp(2 * x) * 2");
  CHECK(to_string(derivative<"x">(pow(x, 0.5))) == "0.5 * x**(-0.5)");
  CHECK(to_string(derivative<"x">(x / y)) == "1 / y");
  CHECK(to_string(derivative<"y">(x / y)) == "-(x / y / y)");  // (x / y) / y: no y**2 to overflow
  CHECK(to_string(derivative<"x">(pow(x, y))) == "y * x**(y - 1)");
  CHECK(to_string(derivative<"y">(pow(x, y))) == "x**y * log(x)");
}

TEST_CASE("derivative: its value is the gradient entry", "[expr][derivative]") {
  auto const f = math::tanh(x * y) + pow<3>(x) / (y * y + 1) + math::exp(math::sigmoid(x)) * math::log(y);
  for (double p : {-1.5, -0.3, 0.4, 1.7}) {
    for (double q : {0.3, 1.1, 2.5}) {
      auto const r = grad(f, p, q);
      CHECK(close(eval(derivative<"x">(f), p, q), r[x], 1e-12));
      CHECK(close(eval(derivative<"y">(f), p, q), r[y], 1e-12));
    }
  }
}

TEST_CASE("derivative: second derivatives by differentiating again", "[expr][derivative]") {
  auto const f = a * a * b;
  STATIC_REQUIRE(same_type(derivative<"b">(f), a * a));
  STATIC_REQUIRE(same_type(derivative<"a">(derivative<"b">(f)), a + a));
  STATIC_REQUIRE(same_type(derivative<"a">(derivative<"a">(f)), lit<2> * b));
  STATIC_REQUIRE(eval(derivative<"a">(derivative<"a">(f)), at<"b">(2.0)) == 4.0);
  STATIC_REQUIRE(grad(derivative<"b">(f), at<"a">(3.0))[a] == 6.0);

  auto const g = math::exp(a * b) + math::tanh(a) * pow<3>(b);
  std::array<double, 2> const p{0.7, -0.4};
  auto const fd = ctgrad::test::fd_hessian(g, p);
  CHECK(close(eval(derivative<"a">(derivative<"a">(g)), p), fd[0][0], 1e-6));
  CHECK(close(eval(derivative<"b">(derivative<"a">(g)), p), fd[0][1], 1e-6));
  CHECK(close(eval(derivative<"a">(derivative<"b">(g)), p), fd[1][0], 1e-6));
  CHECK(close(eval(derivative<"b">(derivative<"b">(g)), p), fd[1][1], 1e-6));
}

TEST_CASE("hessian: a 3-variable function against finite differences", "[expr][hessian]") {
  auto const f = x * x * y + math::tanh(y * z) + math::log(x * z + 3) + math::exp(x) * pow<3>(z) / (1 + y * y);
  for (auto const& p : {std::array<double, 3>{0.5, -1.2, 0.8}, std::array<double, 3>{-0.7, 0.4, 1.3},
                        std::array<double, 3>{1.1, 0.9, -0.6}}) {
    auto const h = hessian(f, p);
    auto const r = grad(f, p);
    auto const fd = ctgrad::test::fd_hessian(f, p);
    CHECK(h.value == r.value);
    CHECK(h.gradient == r.gradient);
    for (std::size_t i = 0; i != 3; ++i) {
      for (std::size_t j = 0; j != 3; ++j) {
        INFO("H[" << i << "][" << j << "] at (" << p[0] << ", " << p[1] << ", " << p[2] << ")");
        CHECK(close(h.matrix[i][j], fd[i][j], 1e-6));
        CHECK(close(h.matrix[i][j], h.matrix[j][i], 1e-12));
      }
    }
    CHECK(h(x, y) == h.matrix[0][1]);
    CHECK(h(z, z) == h.matrix[2][2]);
  }
  constexpr auto h = hessian(a * a * b, at<"a">(3.0), at<"b">(2.0));
  STATIC_REQUIRE(h(a, a) == 4.0);
  STATIC_REQUIRE(h(a, b) == 6.0);
  STATIC_REQUIRE(h(b, a) == 6.0);
  STATIC_REQUIRE(h(b, b) == 0.0);
}
