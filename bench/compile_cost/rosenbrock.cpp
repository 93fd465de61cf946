// compile_cost/rosenbrock.cpp: the gradient of the extended Rosenbrock function over CTGRAD_N variables (one vector
// variable, a compile-time loop: examples/rosenbrock.hpp), compiled to measure compile time and memory. The program
// prints the number of distinct nodes, so the measurement names what was compiled.
#include <array>
#include <cstdio>

#include <ctgrad/expr.hpp>

#include <rosenbrock.hpp>

constexpr auto x = ctgrad::var<"x", CTGRAD_N>;
constexpr auto f = example::rosenbrock<CTGRAD_N>(x);

int main(int argc, char**) {
  std::array<double, CTGRAD_N> point{};
  for (std::size_t i = 0; i < point.size(); ++i) point[i] = 0.1 * static_cast<double>(argc + static_cast<int>(i));
  const auto r = ctgrad::grad(f, ctgrad::at<"x">(point));
  std::printf("%zu %g %g\n", ctgrad::node_count(f), r.value, r.gradient[0]);
}
