// Compile-fail case: a user's op without its name. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string_view>

#include <ctgrad/expr.hpp>

namespace {
struct twice {
#ifndef CTGRAD_MISUSE
  static constexpr std::string_view name = "twice";
#endif
  static constexpr double value(double x) { return 2 * x; }
  static constexpr double derivative(double, double) { return 2; }
};
}  // namespace

void use_custom_op_name() {
  constexpr ctgrad::function<twice> f{};
  (void)f(1.0);
}
