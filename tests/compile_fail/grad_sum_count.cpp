// Misuse: grad_sum with one input span for an expression of two variables.
#include <span>
#include <vector>

#include <ctgrad/expr.hpp>
#include <ctgrad/expr/grad_sum.hpp>

int main() {
  std::vector<double> x(4, 1.0), y(4, 2.0), gx(4), gy(4);
  using in = std::span<const double>;
  using out = std::span<double>;
#ifdef CTGRAD_MISUSE
  const double v = ctgrad::grad_sum(ctgrad::var<"x"> * ctgrad::var<"y">, {in{x}}, {out{gx}});
#else
  const double v = ctgrad::grad_sum(ctgrad::var<"x"> * ctgrad::var<"y">, {in{x}, in{y}}, {out{gx}, out{gy}});
#endif
  return v == 8.0 ? 0 : 1;
}
