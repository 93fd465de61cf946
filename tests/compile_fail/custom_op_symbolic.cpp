// Compile-fail case: derivative of a user's op that has no symbolic derivative. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string_view>

#include <ctgrad/expr.hpp>

namespace {
struct twice {
  static constexpr std::string_view name = "twice";
  static constexpr double value(double x) { return 2 * x; }
  static constexpr double derivative(double, double) { return 2; }
};
constexpr ctgrad::function<twice> doubled{};
}  // namespace

void use_custom_op_symbolic() {
  constexpr auto x = ctgrad::var<"x">;
#ifdef CTGRAD_MISUSE
  auto const d = ctgrad::derivative<"x">(doubled(x) * x);
#else
  auto const d = ctgrad::grad(doubled(x) * x, 1.0);
#endif
  (void)d;
}
