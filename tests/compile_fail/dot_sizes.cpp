// Compile-fail case: dot of two vectors of different sizes. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_dot_sizes() {
  constexpr auto x = var<"x", 3>;
#ifdef CTGRAD_MISUSE
  auto const f = dot(x, var<"y", 2>);
#else
  auto const f = dot(x, var<"y", 3>);
#endif
  (void)f;
}
