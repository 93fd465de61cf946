// Compile-fail case: grad(f, ...)[x] for a variable x that is not in f. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_result_index() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
#ifdef CTGRAD_MISUSE
  auto const g = grad(f, 1.0, 2.0)[var<"z">];
#else
  auto const g = grad(f, 1.0, 2.0)[a];
#endif
  (void)g;
}
