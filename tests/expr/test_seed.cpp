// The micrograd seed chain l = (a + b) * c + e: value, gradient, binding styles, printing.
#include <array>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

namespace {
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr auto c = var<"c">;
constexpr auto e = var<"e">;
}  // namespace

TEST_CASE("seed chain: value and gradient from one call, bound by label", "[expr][seed]") {
  auto const l = (a + b) * c + e;  // d = a + b = -1, f = d * c = -5, l = f + e = 5
  auto const r = grad(l, at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
  CHECK(r.value == 5.0);
  CHECK(r[a] == 5.0);   // dl/da = c
  CHECK(r[b] == 5.0);   // dl/db = c
  CHECK(r[c] == -1.0);  // dl/dc = d
  CHECK(r[e] == 1.0);   // dl/de = 1
}

TEST_CASE("seed chain: labels bind in any order; positions follow variables_of (sorted labels)", "[expr][seed]") {
  auto const l = (a + b) * c + e;
  STATIC_REQUIRE(variables_of(l) == std::array<std::string_view, 4>{"a", "b", "c", "e"});
  STATIC_REQUIRE(variables_of(e * c + b * a) == std::array<std::string_view, 4>{"a", "b", "c", "e"});
  auto const r1 = grad(l, at<"e">(10.0), at<"c">(5.0), at<"a">(2.0), at<"b">(-3.0));
  auto const r2 = grad(l, 2.0, -3.0, 5.0, 10.0);
  auto const r3 = grad(l, std::array<double, 4>{2.0, -3.0, 5.0, 10.0});
  auto const r4 = grad(l, 2, -3, 5, 10);  // integers are promoted to double
  for (auto const& r : {r1, r2, r3, r4}) {
    CHECK(r.value == 5.0);
    CHECK(r.gradient == std::array<double, 4>{5.0, 5.0, -1.0, 1.0});
  }
  STATIC_REQUIRE(std::is_same_v<decltype(r4.value), double>);
  CHECK(eval(l, 2.0, -3.0, 5.0, 10.0) == 5.0);
  CHECK(eval(l, at<"b">(-3.0), at<"a">(2.0), at<"e">(10.0), at<"c">(5.0)) == 5.0);
}

TEST_CASE("seed chain: float inputs compute in float", "[expr][seed]") {
  auto const r = grad((a + b) * c + e, 2.0f, -3.0f, 5.0f, 10.0f);
  STATIC_REQUIRE(std::is_same_v<decltype(r.value), float>);
  CHECK(r.value == 5.0f);
  CHECK(r[c] == -1.0f);
}

TEST_CASE("seed chain: constexpr value and gradient", "[expr][seed]") {
  constexpr auto r = grad((a + b) * c + e, 2.0, -3.0, 5.0, 10.0);
  STATIC_REQUIRE(r.value == 5.0);
  STATIC_REQUIRE(r[a] == 5.0);
  STATIC_REQUIRE(r[c] == -1.0);
  STATIC_REQUIRE(grad(a * a * b, at<"a">(3.0), at<"b">(2.0))[a] == 12.0);
}

TEST_CASE("seed chain: printing and the derivative", "[expr][seed][print]") {
  auto const l = (a + b) * c + e;
  CHECK(to_string(l) == "(a + b) * c + e");
  auto const dl_da = derivative<"a">(l);
  STATIC_REQUIRE(std::is_same_v<std::remove_const_t<decltype(dl_da)>, std::remove_const_t<decltype(c)>>);
  CHECK(to_string(dl_da) == "c");
  CHECK(to_string(derivative<"c">(l)) == "a + b");
  CHECK(to_string(derivative<"e">(l)) == "1");
}

TEST_CASE("printing: minimal parentheses, numbers, functions, powers", "[expr][print]") {
  CHECK(to_string(a - (b - c)) == "a - (b - c)");
  CHECK(to_string(a - b - c) == "a - b - c");
  CHECK(to_string(a * (b + c)) == "a * (b + c)");
  CHECK(to_string(a / (b * c)) == "a / (b * c)");
  CHECK(to_string(a * b / c) == "a * b / c");
  CHECK(to_string(2.0 * a + 1) == "2 * a + 1");
  CHECK(to_string(a * 0.5) == "a * 0.5");
  CHECK(to_string(-a * b) == "-a * b");
  CHECK(to_string(-(a * b)) == "-(a * b)");
  CHECK(to_string(-(a + b)) == "-(a + b)");
  CHECK(to_string(math::exp(a + b)) == "exp(a + b)");
  CHECK(to_string(math::relu(a) * math::tanh(b)) == "relu(a) * tanh(b)");
  CHECK(to_string(pow<3>(a + b)) == "(a + b)**3");
  CHECK(to_string(pow<3>(a) * b) == "a**3 * b");
  CHECK(to_string(-pow<2>(a)) == "-a**2");
  CHECK(to_string(pow<2>(-a)) == "(-a)**2");
  CHECK(to_string(pow(a, 0.5)) == "a**0.5");
  CHECK(to_string(pow(a, -1.5)) == "a**(-1.5)");
  CHECK(to_string(pow(a, b)) == "a**b");
  CHECK(to_string(a + -2.0) == "a + -2");
  CHECK(to_string(1 / a) == "1 / a");
  CHECK(to_string(math::sqrt(math::abs(a)) + math::log(math::sigmoid(b))) == "sqrt(abs(a)) + log(sigmoid(b))");
}

TEST_CASE("math ops are found by argument-dependent lookup and leave plain numbers alone", "[expr]") {
  using std::exp;
  CHECK(exp(0.0) == 1.0);                      // std::exp: not hijacked
  CHECK(to_string(exp(a)) == "exp(a)");        // the expression op, found by ADL
  CHECK(to_string(tanh(a) + log(b)) == "tanh(a) + log(b)");
  CHECK(to_string(pow(a, 3)) == "a**3");       // runtime exponent
  CHECK(to_string(pow<3>(a)) == "a**3");       // compile-time exponent
  CHECK(to_string(pow(a, lit<3>)) == "a**3");  // a literal exponent is the compile-time power
  STATIC_REQUIRE(std::is_same_v<decltype(pow(a, lit<3>)), decltype(pow<3>(a))>);
  STATIC_REQUIRE(!std::is_same_v<decltype(pow(a, 3)), decltype(pow<3>(a))>);
  using namespace ctgrad::expr::literals;
  STATIC_REQUIRE(std::is_same_v<decltype(a * 2_c), decltype(a * lit<2>)>);
}
