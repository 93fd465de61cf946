// static_functions: the static graph for the code it is embedded in: the math library checked by the compiler,
// branches, vector variables and loops, data, several outputs, and an op of one's own. Exits non-zero if a
// result is not the expected one.
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

#include <ctgrad/ctgrad.hpp>

namespace {
int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  failures += ok ? 0 : 1;
}

bool near(double x, double y) { return std::abs(x - y) <= 1e-12 * (1 + std::abs(y)); }

// A user's op: softplus(x) = log(1 + e^x), with its derivative, and (optionally) its symbolic derivative.
struct softplus_op {
  static constexpr std::string_view name = "softplus";
  template <class T>
  static constexpr T value(T x) {
    return ctgrad::math::log1p(ctgrad::math::exp(x));
  }
  template <class T>
  static constexpr T derivative(T x, T /*out*/) {
    return 1 / (1 + ctgrad::math::exp(-x));
  }
  template <class X, class Out>
  static constexpr auto symbolic(X const& x, Out const&) {
    return ctgrad::math::sigmoid(x);
  }
};
inline constexpr ctgrad::function<softplus_op> softplus{};  // softplus(expression), softplus(tape value), softplus(2.0)
}  // namespace

int main() {
  using namespace ctgrad;
  {
    constexpr auto x = var<"x">;
    constexpr auto y = var<"y">;
    // every op can be differentiated inside a static_assert, with g++ and clang alike
    static_assert(grad(sin(x) * exp(y), at<"x">(0.0), at<"y">(0.0))[x] == 1.0);
    static_assert(grad(atan2(y, x) + erf(x), at<"x">(1.0), at<"y">(0.0))[y] == 1.0);
    constexpr auto r = grad(log1p(x * y) + cbrt(y), at<"x">(0.5), at<"y">(8.0));
    static_assert(r[y] > 0.1833 && r[y] < 0.1834);  // 0.5 / (1 + 0.5 * 8) + 1 / (3 * 8**(2/3)) = 0.1 + 1/12
    check(near(r[y], 0.5 / 5 + 1.0 / 12), "the compiler's gradient of log1p(x y) + cbrt(y) equals the closed form");
  }
  {
    constexpr auto r = var<"r">;
    constexpr auto d = data<"delta">;
    // the Huber loss: a branch per point; the adjoint flows only into the branch taken
    constexpr auto huber = select(abs(r) <= d, lit<1, 2> * square(r), d * (abs(r) - lit<1, 2> * d));
    auto const inside = grad(huber, at<"r">(0.5), at<"delta">(1.0));
    auto const outside = grad(huber, at<"r">(-3.0), at<"delta">(1.0));
    check(inside.value == 0.125 && inside[r] == 0.5, "huber(0.5) = 0.125, slope 0.5");
    check(outside.value == 2.5 && outside[r] == -1.0, "huber(-3) = 2.5, slope -1");
    check(to_string(clamp(r, lit<-1>, lit<1>)) == "min(max(r, -1), 1)", "clamp is min(max(r, lo), hi)");
  }
  {
    // a vector of 16 variables, a compile-time loop over its pairs: the extended Rosenbrock function
    constexpr auto x = var<"x", 16>;
    constexpr auto f = sum<8>([&](auto i) {
      auto const a = x[idx<2 * i>];
      auto const b = x[idx<2 * i + 1>];
      return lit<100> * square(b - square(a)) + square(lit<1> - a);
    });
    std::array<double, 16> start{};
    for (std::size_t i = 0; i < 16; ++i) start[i] = i % 2 == 0 ? -1.2 : 1.0;
    auto const g = grad(f, at<"x">(start));  // g[x] is an std::array<double, 16>, element i for x[i]
    check(near(g.value, 8 * 24.2) && near(g[x][0], -215.6) && near(g[x][1], -88.0), "Rosenbrock(16) at the start");
  }
  {
    // several outputs share one graph: the 2 x 3 Jacobian of a residual, by one forward and two reverse sweeps
    constexpr auto p = var<"p", 3>;
    constexpr auto target = data<"target", 2>;
    auto const residual = outputs(p[idx<0>] * p[idx<1>] - target[idx<0>], sin(p[idx<2>]) + p[idx<0>] - target[idx<1>]);
    auto const J = jacobian(residual, at<"p">(std::array{2.0, 3.0, 0.0}), at<"target">(std::array{1.0, 1.0}));
    check(J.value[0] == 5.0 && J(0, 0) == 3.0 && J(0, 1) == 2.0 && J(1, 2) == 1.0, "the Jacobian of the residual");
  }
  {
    constexpr auto x = var<"x">;
    auto const f = softplus(x) * x;
    check(to_string(derivative<"x">(f)) == "x * sigmoid(x) + softplus(x)", "a user's op differentiates symbolically");
    tape::graph g;
    tape::value t = g.leaf(0.0);
    tape::value out = softplus(t) * t;
    out.backward();
    check(t.grad() == grad(f, 0.0)[x] && t.grad() == std::log(2.0), "and on the tape");
  }
  std::printf("%s\n", failures == 0 ? "all results as expected" : "some results differ");
  return failures == 0 ? 0 : 1;
}
