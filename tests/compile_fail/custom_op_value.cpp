// Compile-fail case: a user's op without its value. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string_view>

#include <ctgrad/expr.hpp>

namespace {
struct twice {
  static constexpr std::string_view name = "twice";
#ifndef CTGRAD_MISUSE
  static constexpr double value(double x) { return 2 * x; }
#endif
  static constexpr double derivative(double, double) { return 2; }
};
}  // namespace

void use_custom_op_value() {
  constexpr ctgrad::function<twice> f{};
  (void)f;
}
