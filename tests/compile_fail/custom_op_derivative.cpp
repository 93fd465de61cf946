// Compile-fail case: a user's op without its derivative. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string_view>

#include <ctgrad/expr.hpp>

namespace {
struct twice {
  static constexpr std::string_view name = "twice";
  static constexpr double value(double x) { return 2 * x; }
#ifndef CTGRAD_MISUSE
  static constexpr double derivative(double, double) { return 2; }
#endif
};
}  // namespace

void use_custom_op_derivative() {
  constexpr ctgrad::function<twice> f{};
  (void)f(1.0);
}
