// static_asserts only: derivative types and constexpr gradient values of the static graph (building = testing).
#include <array>
#include <string_view>
#include <type_traits>

#include <ctgrad/expr.hpp>

namespace {
using namespace ctgrad;
using expr::lit;

constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr auto c = var<"c">;
constexpr auto e = var<"e">;
constexpr auto x = var<"x">;

template <class T, class U>
constexpr bool same(T const&, U const&) {
  return std::is_same_v<T, U>;
}

// The seed chain: value and gradient in one constexpr call.
constexpr auto l = (a + b) * c + e;
constexpr auto r = grad(l, at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
static_assert(r.value == 5.0, "the seed chain's value is 5");
static_assert(r[a] == 5.0 && r[b] == 5.0 && r[c] == -1.0 && r[e] == 1.0, "the seed chain's gradient is (c, c, d, 1)");
static_assert(grad(l, 2.0, -3.0, 5.0, 10.0).gradient == std::array<double, 4>{5.0, 5.0, -1.0, 1.0}, "positional inputs follow the sorted labels");
static_assert(variables_of(l) == std::array<std::string_view, 4>{"a", "b", "c", "e"}, "variables are listed by sorted label");
static_assert(eval(l, 2.0, -3.0, 5.0, 10.0) == 5.0, "eval is the forward pass of grad");

// Sharing.
static_assert(grad(a + a, 3.0)[a] == 2.0, "a + a has gradient 2: one node used twice");
static_assert(node_count(a + a) == 2, "a + a has two distinct nodes");
static_assert(grad(a * a * b, at<"a">(3.0), at<"b">(2.0))[a] == 12.0, "d(a a b)/da = 2 a b");
static_assert(grad(a * 2.0 + a * 3.0, 1.0)[a] == 5.0, "equal-typed nodes with different constants stay apart");
static_assert(node_count(a * 2.0 + a * 3.0) == 6, "a * 2.0 and a * 3.0 are two nodes");

// Rational ops and integer powers are constexpr.
static_assert(grad(pow<3>(x) - 2.0 / x, 2.0)[x] == 12.5, "d(x^3 - 2/x)/dx = 3x^2 + 2/x^2");
static_assert(grad(pow(x, 2), 3.0)[x] == 6.0, "an integral runtime exponent is constexpr");
static_assert(grad(-x * math::relu(x) + math::abs(x), -2.0)[x] == -1.0, "relu and abs are constexpr");
static_assert(grad(x / (x * x + lit<1>), 1.0)[x] == 0.0, "d(x / (x^2 + 1))/dx vanishes at 1");

// Derivative types: simplified as they are built.
static_assert(same(derivative<"a">(l), c), "d l / d a is c");
static_assert(same(derivative<"c">(l), a + b), "d l / d c is a + b");
static_assert(same(derivative<"e">(l), lit<1>), "d l / d e is 1");
static_assert(same(derivative<"x">(x * x), x + x), "d(x x)/dx is x + x");
static_assert(same(derivative<"x">(pow<3>(x)), lit<3> * pow<2>(x)), "d x^3 / dx is 3 x^2");
static_assert(same(derivative<"x">(derivative<"x">(pow<3>(x))), lit<6> * x), "d2 x^3 / dx2 is 6 x");
static_assert(same(derivative<"x">(math::exp(x)), math::exp(x)), "d exp(x)/dx is exp(x) itself");
static_assert(same(x * lit<1>, x) && same(lit<0> + x, x) && same(x * lit<0>, lit<0>) && same(-(-x), x),
              "x * 1, 0 + x, x * 0 and -(-x) fold while building");
static_assert(same(lit<6> / lit<3>, lit<2>) && same(lit<2> - lit<2>, lit<0>), "literal arithmetic folds");
static_assert(grad(derivative<"a">(derivative<"b">(a * a * b)), 3.0)[a] == 2.0, "second derivatives differentiate again");

// Hessian.
constexpr auto h = hessian(a * a * b, at<"a">(3.0), at<"b">(2.0));
static_assert(h(a, a) == 4.0 && h(a, b) == 6.0 && h(b, a) == 6.0 && h(b, b) == 0.0, "the Hessian of a a b is [[2b, 2a], [2a, 0]]");

// Concepts.
static_assert(Expression<decltype(l)> && !Expression<double>, "Expression accepts nodes only");
static_assert(Scalar<float> && Scalar<double> && !Scalar<int>, "Scalar is a floating type or a batch");
static_assert(Input<int> && !Input<bool>, "inputs are numbers other than bool");
}  // namespace
