// Static graph = tape: random expressions (depth 6, shared subexpressions, every op) at many points, rebuilt on
// the tape node by node through each node's own op definition; a user's ops, detach, data and numbers the same way.
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/tape.hpp>
#include <expr/random_expr.hpp>
#include <support/replay_on_tape.hpp>

namespace {

/// The op texts of every node on `g`.
void collect_ops(ctgrad::tape::graph const& g, std::set<std::string>& ops) {
  for (std::uint32_t i = 0; i != g.size(); ++i) {
    if (!g[i].is_leaf()) ops.insert(g.op_text(g[i]));
  }
}

template <std::uint64_t Seed>
void compare_at_points(int& compared, std::set<std::string>& ops) {
  constexpr auto f = ctgrad::test::random_expr<Seed, 6>();
  constexpr std::size_t n = ctgrad::variables_of(f).size();
  ctgrad::generator gen{Seed};
  for (int point = 0; point < 8; ++point) {
    std::array<double, n> x{};
    for (double& v : x) v = gen.uniform(-2.0, 2.0);
    const auto r = ctgrad::grad(f, x);

    ctgrad::tape::graph g;
    std::array<ctgrad::tape::value, n> leaves{};
    const ctgrad::tape::value root = ctgrad::test::replay(f, g, x, leaves);
    root.backward();
    collect_ops(g, ops);

    INFO("seed " << Seed << ", f = " << ctgrad::to_string(f) << ", point " << point);
    REQUIRE(std::isfinite(r.value));
    CHECK(r.value == Approx(root.data()).epsilon(1e-12).margin(1e-12));
    for (std::size_t i = 0; i < n; ++i) {
      INFO("d f / d " << ctgrad::variables_of(f)[i]);
      REQUIRE(std::isfinite(r.gradient[i]));
      CHECK(r.gradient[i] == Approx(leaves[i].grad()).epsilon(1e-10).margin(1e-12));
    }
    ++compared;
  }
}

template <std::uint64_t... Seeds>
int compare_all(std::integer_sequence<std::uint64_t, Seeds...>, std::set<std::string>& ops) {
  int compared = 0;
  (compare_at_points<Seeds * 7919 + 13>(compared, ops), ...);
  return compared;
}

// A user's ops, defined as function.hpp describes: replay knows nothing of them.
struct softplus_op {
  static constexpr std::string_view name = "softplus";
  template <class T>
  static constexpr T value(T x) {
    return ctgrad::math::log1p(ctgrad::math::exp(x));
  }
  template <class T>
  static constexpr T derivative(T x, T) {
    return 1 / (1 + ctgrad::math::exp(-x));
  }
};
inline constexpr ctgrad::function<softplus_op> softplus{};

/// a + t (b - a): three operands.
struct lerp_op {
  static constexpr std::string_view name = "lerp";
  template <class T>
  static constexpr T value(T a, T b, T t) {
    return a + t * (b - a);
  }
  template <std::size_t I, class T>
  static constexpr T partial(T a, T b, T t, T) {
    if constexpr (I == 0) return 1 - t;
    else if constexpr (I == 1) return t;
    else return b - a;
  }
};
inline constexpr ctgrad::function<lerp_op> lerp{};

/// Replays `f` at the variables `x` (and data `d`) and checks the tape's value and gradient against `grad`'s.
template <class F, std::size_t N, std::size_t D, class... Bound>
void check_replay(F const& f, std::array<double, N> const& x, std::array<double, D> const& d, Bound const&... bound) {
  const auto r = ctgrad::grad(f, bound...);
  ctgrad::tape::graph g;
  std::array<ctgrad::tape::value, N> leaves{};
  const ctgrad::tape::value root = ctgrad::test::replay(f, g, x, leaves, d);
  root.backward();
  INFO("f = " << ctgrad::to_string(f));
  CHECK(root.data() == Approx(r.value).epsilon(1e-14));
  for (std::size_t i = 0; i != N; ++i) {
    INFO("d f / d input " << i);
    CHECK(leaves[i].grad() == Approx(r.gradient[i]).epsilon(1e-14).margin(1e-300));
  }
}

}  // namespace

TEST_CASE("static gradient = tape gradient on 32 random expressions at 8 points each, every op", "[static][tape][random]") {
  // tolerance: the two sum the same terms in different orders, so they agree to rounding (1e-10 relative)
  std::set<std::string> ops;
  CHECK(compare_all(std::make_integer_sequence<std::uint64_t, 32>{}, ops) == 32 * 8);
  // every op of the random expressions was replayed (by its op definition) onto the tape
  for (std::string const op : {"+", "-", "*", "/", "neg", "**3", "**", "**0.5", "exp", "exp2", "expm1", "log", "log2", "log10",
                               "log1p", "sqrt", "cbrt", "hypot", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh",
                               "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "abs", "sign", "step", "ReLU",
                               "sigmoid", "min", "max", "select", "<", "<=", ">", ">=", "==", "!="}) {
    INFO("op " << op);
    CHECK(ops.count(op) == 1);
  }
}

TEST_CASE("replay: a user's ops (one and three operands) replay with no list of ops", "[static][tape]") {
  using ctgrad::var;
  constexpr auto x = var<"x">;
  constexpr auto y = var<"y">;
  auto const f = softplus(x * y) + lerp(x, ctgrad::math::sin(y), ctgrad::math::sigmoid(x)) * softplus(y);
  for (auto const& p : {std::array<double, 2>{0.3, -1.2}, std::array<double, 2>{-1.7, 0.8}, std::array<double, 2>{2.0, 1.5}}) {
    check_replay(f, p, std::array<double, 0>{}, p);
  }
  ctgrad::tape::graph g;
  std::array<ctgrad::tape::value, 2> leaves{};
  std::array<double, 2> const p{0.5, 0.25};
  const auto root = ctgrad::test::replay(f, g, p, leaves);
  std::set<std::string> ops;
  collect_ops(g, ops);
  CHECK(ops.count("softplus") == 1);
  CHECK(ops.count("lerp") == 1);
  CHECK(root.op_text() == "+");
}

TEST_CASE("replay: detach, data, vector variables, literals and runtime numbers", "[static][tape]") {
  using namespace ctgrad::expr::literals;
  using ctgrad::at;
  constexpr auto v = ctgrad::var<"v", 2>;
  constexpr auto k = ctgrad::data<"k">;
  constexpr auto a = ctgrad::var<"a">;
  // a literal (1/2), runtime numbers (2.5, the exponent 0.5, and 3 alone under log: a node of numbers only), data
  // k, detach and a shared node
  auto const shared = ctgrad::math::tanh(v[0_i] * a);
  auto const f = ctgrad::math::detach(shared) * v[1_i] + shared * k + ctgrad::expr::lit<1, 2> * ctgrad::math::pow(a * a + 1, 0.5) -
                 2.5 * ctgrad::math::pow<3>(v[1_i]) + ctgrad::math::exp(ctgrad::math::log(ctgrad::expr::nodes::constant{3.0}));
  std::array<double, 3> const x{0.7, -0.4, 1.3};  // a, v[0], v[1]: variables_of(f) order
  std::array<double, 1> const d{-1.5};
  check_replay(f, x, d, at<"a">(x[0]), at<"v">(std::array<double, 2>{x[1], x[2]}), at<"k">(d[0]));
  // the tape gets what a user writing f would: the exponent in the node, as micrograd's a**0.5
  ctgrad::tape::graph g;
  std::array<ctgrad::tape::value, 3> leaves{};
  (void)ctgrad::test::replay(f, g, x, leaves, d);
  std::set<std::string> ops;
  collect_ops(g, ops);
  CHECK(ops.count("**0.5") == 1);
  CHECK(ops.count("detach") == 1);
  CHECK(ops.count("log") == 1);  // log of the number 3: an op of numbers only still becomes a tape node
}
