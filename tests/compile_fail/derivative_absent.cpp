// Compile-fail case: derivative<"z">(f) where z does not occur in f. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_derivative_absent() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
#ifdef CTGRAD_MISUSE
  auto const d = derivative<"z">(f);
#else
  auto const d = derivative<"a">(f);
#endif
  (void)d;
}
