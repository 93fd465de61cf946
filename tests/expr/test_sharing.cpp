// Shared subexpressions are one node (computed once, adjoints added); runtime constants are never merged; a unary
// op reads its local derivative from a node the graph already computes, and computes that node's value with its
// own when it can (sin and cos).
#include <array>
#include <cmath>
#include <numbers>
#include <string>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>
#include <xsimd/xsimd.hpp>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

namespace {
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;

/// The micrograd op texts of the distinct nodes, in topological order.
template <class F, class... In>
std::vector<std::string> node_texts(F const& f, In... in) {
  std::vector<std::string> out;
  for_each_node(f, [&](auto const& n) { out.emplace_back(n.text); }, in...);
  return out;
}
}  // namespace

TEST_CASE("sharing: a + a is one variable used twice (micrograd's bug is impossible)", "[expr][sharing]") {
  STATIC_REQUIRE(grad(a + a, 3.0)[a] == 2.0);
  STATIC_REQUIRE(grad(a * a, 3.0)[a] == 6.0);
  STATIC_REQUIRE(node_count(a + a) == 2);
  CHECK(node_texts(a + a, 3.0) == std::vector<std::string>{"a", "+"});
}

TEST_CASE("sharing: d * d computes d once", "[expr][sharing]") {
  auto const d = a * b + math::tanh(a);
  auto const f = d * d;
  STATIC_REQUIRE(node_count(f) == 6);  // a, b, a*b, tanh(a), +, *
  CHECK(node_texts(f, 0.5, 2.0) == std::vector<std::string>{"a", "b", "*", "tanh", "+", "*"});
  auto const r = grad(f, 0.5, 2.0);
  double const dv = 0.5 * 2.0 + std::tanh(0.5);
  CHECK(r.value == Approx(dv * dv));
  CHECK(r[a] == Approx(2 * dv * (2.0 + 1 - std::tanh(0.5) * std::tanh(0.5))));
  CHECK(r[b] == Approx(2 * dv * 0.5));
}

TEST_CASE("sharing: micrograd's c = a + b; c = c + c + 1", "[expr][sharing]") {
  auto const c = a + b;
  auto const c2 = c + c + 1;
  STATIC_REQUIRE(node_count(c2) == 6);  // a, b, c, c + c, 1, + 1
  auto const r = grad(c2, 2.0, -3.0);
  CHECK(r.value == -1.0);
  CHECK(r[a] == 2.0);
  CHECK(r[b] == 2.0);
}

TEST_CASE("sharing: same type, different runtime constants are never merged", "[expr][sharing]") {
  auto const two_a = a * 2.0;
  auto const three_a = a * 3.0;
  STATIC_REQUIRE(std::is_same_v<decltype(two_a), decltype(three_a)>);  // equal types ...
  auto const f = two_a + three_a;                                      // ... different values
  STATIC_REQUIRE(node_count(f) == 6);  // a, 2, a*2, 3, a*3, +
  CHECK(node_texts(f, 1.0) == std::vector<std::string>{"a", "2", "*", "3", "*", "+"});
  constexpr auto r = grad(a * 2.0 + a * 3.0, 1.0);
  STATIC_REQUIRE(r.value == 5.0);
  STATIC_REQUIRE(r[a] == 5.0);
  CHECK(grad(f, 1.5).value == 7.5);
  CHECK(grad(f, 1.5)[a] == 5.0);
  // Deeper: equal-typed subtrees holding constants, under shared pure nodes.
  auto const g = math::exp(a) * 2.0 - math::exp(a) * 0.5;
  CHECK(node_count(g) == 7);  // a, exp(a) shared; 2, *, 0.5, *, -
  CHECK(grad(g, 0.0)[a] == Approx(1.5));
  // Compile-time literals are part of the type, so those subexpressions can be shared.
  auto const h = a * lit<2> + a * lit<2>;
  STATIC_REQUIRE(node_count(h) == 4);  // a, 2, a*2, +
  STATIC_REQUIRE(grad(h, 1.0)[a] == 4.0);
}

TEST_CASE("sharing: for_each_node shows each node once with its value, gradient and operands", "[expr][sharing][visit]") {
  auto const l = (a + b) * a;
  struct seen {
    std::size_t index;
    bool leaf;
    std::string text;
    double value;
    double grad;
    std::vector<std::size_t> children;
  };
  std::vector<seen> nodes;
  auto const r = for_each_node(l, [&](auto const& n) {
    nodes.push_back({n.index, n.is_leaf, std::string(n.text), n.value, n.grad, {n.children.begin(), n.children.end()}});
  }, at<"a">(2.0), at<"b">(-3.0));
  CHECK(r.value == -2.0);
  REQUIRE(nodes.size() == 4);
  CHECK(nodes[0].text == "a");
  CHECK(nodes[0].leaf);
  CHECK(nodes[0].grad == r[a]);
  CHECK(nodes[1].text == "b");
  CHECK(nodes[2].text == "+");
  CHECK(nodes[2].children == std::vector<std::size_t>{0, 1});
  CHECK(nodes[2].value == -1.0);
  CHECK(nodes[2].grad == 2.0);
  CHECK(nodes[3].text == "*");
  CHECK(nodes[3].children == std::vector<std::size_t>{2, 0});
  CHECK(nodes[3].grad == 1.0);
  for (std::size_t i = 0; i != nodes.size(); ++i) CHECK(nodes[i].index == i);
}

TEST_CASE("sharing: a unary op reads its local derivative from a node the graph computes anyway", "[expr][sharing]") {
  using expr::detail::graph;
  using expr::detail::no_slot;
  constexpr auto rotation = outputs(math::sin(a), math::cos(a));  // as a rotation by angle a has
  using G = graph<std::remove_cvref_t<decltype(rotation)>>;
  constexpr std::size_t sin_slot = G::roots[0], cos_slot = G::roots[1];
  STATIC_REQUIRE(G::table.derivative[sin_slot] == cos_slot);  // d sin = cos
  STATIC_REQUIRE(!G::table.derivative_negated[sin_slot]);
  STATIC_REQUIRE(G::table.derivative[cos_slot] == sin_slot);  // d cos = -sin
  STATIC_REQUIRE(G::table.derivative_negated[cos_slot]);

  using Alone = graph<std::remove_cvref_t<decltype(math::sin(a) * b)>>;  // no cos node: the op's own rule
  STATIC_REQUIRE(Alone::table.derivative[Alone::table.operand[0][Alone::root]] == no_slot);

  // the values read are the ones the op's rule computes, in every mode
  for (double const x : {-2.5, -0.3, 0.0, 0.7, 3.0}) {
    auto const J = jacobian_reverse(rotation, at<"a">(x));
    auto const Jf = jacobian_forward(rotation, at<"a">(x));
    CHECK(J(0, 0) == std::cos(x));
    CHECK(J(1, 0) == -std::sin(x));
    CHECK(Jf.matrix == J.matrix);
    CHECK(grad(math::sin(a) + math::cos(a), x)[a] == std::cos(x) - std::sin(x));
  }
  STATIC_REQUIRE(jacobian(rotation, at<"a">(0.0))(1, 0) == 0.0);
}

TEST_CASE("sharing: sin and cos of one operand are computed together, by the first of them", "[expr][sharing]") {
  using expr::detail::graph;
  constexpr auto sin_first = outputs(math::sin(a), math::cos(a));
  constexpr auto cos_first = outputs(math::cos(a), math::sin(a));
  using S = graph<std::remove_cvref_t<decltype(sin_first)>>;
  using C = graph<std::remove_cvref_t<decltype(cos_first)>>;
  STATIC_REQUIRE(S::table.joint[S::roots[0]]);
  STATIC_REQUIRE(S::table.joint_done[S::roots[1]]);
  STATIC_REQUIRE(!S::table.joint[S::roots[1]]);
  STATIC_REQUIRE(C::table.joint[C::roots[0]]);
  STATIC_REQUIRE(C::table.joint_done[C::roots[1]]);

  // not on the same operand, not the op's derivative node itself (-sin(a) is a negation of sin(a)), or no
  // value_and_derivative (tanh): each node's own rule
  using Other = graph<std::remove_cvref_t<decltype(outputs(math::sin(a), math::cos(b)))>>;
  using Negation = graph<std::remove_cvref_t<decltype(outputs(math::cos(a), -math::sin(a)))>>;
  using Tanh = graph<std::remove_cvref_t<decltype(outputs(math::tanh(a), 1 - math::tanh(a) * math::tanh(a)))>>;
  constexpr auto none = [](auto const& table) {
    for (bool const j : table.joint) if (j) return false;
    for (bool const j : table.joint_done) if (j) return false;
    return true;
  };
  STATIC_REQUIRE(none(Other::table));
  STATIC_REQUIRE(none(Negation::table));
  STATIC_REQUIRE(none(Tanh::table));

  // the values are the ones each op's own rule gives: std:: at run time, ctgrad's constexpr ones in a
  // static_assert, xsimd's on a batch; the derivatives follow
  for (double const x : {-7.0, -2.5, -0.3, 0.0, 1e-9, 0.7, 3.0, 40.0}) {
    auto const Js = jacobian(sin_first, at<"a">(x));
    auto const Jc = jacobian(cos_first, at<"a">(x));
    CHECK(Js.value == std::array{std::sin(x), std::cos(x)});
    CHECK(Jc.value == std::array{std::cos(x), std::sin(x)});
    CHECK(Js(0, 0) == std::cos(x));
    CHECK(Js(1, 0) == -std::sin(x));
    CHECK(Jc(0, 0) == -std::sin(x));
    CHECK(Jc(1, 0) == std::cos(x));
    CHECK(grad(math::cos(a) * math::sin(a), x)[a] == Approx(std::cos(2 * x)).margin(1e-15));
  }
  STATIC_REQUIRE(jacobian(cos_first, at<"a">(0.5)).value[1] == math::sin(0.5));
  STATIC_REQUIRE(jacobian(sin_first, at<"a">(0.5)).value[1] == math::cos(0.5));

  using batch = xsimd::batch<double>;
  std::array<double, batch::size> lanes{};
  for (std::size_t l = 0; l != batch::size; ++l) lanes[l] = -3.0 + 1.7 * static_cast<double>(l);
  batch const x = batch::load_unaligned(lanes.data());
  auto const Js = jacobian(sin_first, at<"a">(x));
  auto const Jc = jacobian(cos_first, at<"a">(x));
  CHECK(xsimd::all(Js.value[0] == xsimd::sin(x)));
  CHECK(xsimd::all(Js.value[1] == xsimd::cos(x)));
  CHECK(xsimd::all(Jc.value[0] == xsimd::cos(x)));
  CHECK(xsimd::all(Jc.value[1] == xsimd::sin(x)));
  CHECK(xsimd::all(Js(1, 0) == -xsimd::sin(x)));
  CHECK(xsimd::all(Jc(0, 0) == -xsimd::sin(x)));
}

TEST_CASE("sharing: irrational constants of derivatives are literals, so erfc reuses exp(-x**2) of its derivative", "[expr][sharing]") {
  using expr::detail::graph;
  constexpr auto x = var<"x">;
  constexpr auto f = outputs(math::erfc(x), derivative<"x">(math::erfc(x)));  // as a price and its delta
  using G = graph<std::remove_cvref_t<decltype(f)>>;
  STATIC_REQUIRE(G::constant_count == 0);
  STATIC_REQUIRE(G::table.derivative[G::roots[0]] == G::roots[1]);
  CHECK(to_string(derivative<"x">(math::erfc(x))) == "-1.1283791670955126 * exp(-x**2)");
  CHECK(to_string(derivative<"x">(math::log2(x))) == "1.4426950408889634 / x");
  for (double const v : {-1.5, 0.0, 0.3, 2.0}) {
    double const d = -2 / std::sqrt(std::numbers::pi) * std::exp(-v * v);
    CHECK(jacobian(f, at<"x">(v))(0, 0) == Approx(d).epsilon(1e-15));
    CHECK(grad(math::erfc(x), v)[x] == Approx(d).epsilon(1e-15));
  }
}
