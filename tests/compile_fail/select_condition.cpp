// Compile-fail case: select on an expression that is not a comparison. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_select_condition() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
#ifdef CTGRAD_MISUSE
  auto const f = select(a - b, a, b);
#else
  auto const f = select(a < b, a, b);
#endif
  (void)f;
}
