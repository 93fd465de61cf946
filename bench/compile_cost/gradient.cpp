// compile_cost/gradient.cpp: the gradient of one generated expression, compiled to measure compile time and
// memory. CTGRAD_DEPTH and CTGRAD_WIDTH pick the size (see tests/expr/random_expr.hpp); the program prints
// the number of distinct nodes, so the measurement names what was compiled.
#include <array>
#include <cstdio>

#include <ctgrad/expr.hpp>
#include <expr/random_expr.hpp>

// The type only: a pure expression (no runtime constant) is an empty object, so its value is `{}`.
// (Building it by constant evaluation repeats the work for every path to a shared node.)
using expression = decltype(ctgrad::test::random_expr<7, CTGRAD_DEPTH, CTGRAD_WIDTH, false>());
constexpr expression f{};

int main(int argc, char**) {
  std::array<double, ctgrad::variables_of(f).size()> x{};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.1 * static_cast<double>(argc + static_cast<int>(i));
  const auto r = ctgrad::grad(f, x);
  std::printf("%zu %g %g\n", ctgrad::expr::detail::graph<expression>::size, r.value, r.gradient[0]);
}
