// Compile-fail case: grad(f, ...) with an input that is not a number. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_non_arithmetic() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
#ifdef CTGRAD_MISUSE
  auto const r = grad(f, 1.0, std::string("2"));
  (void)r;
#else
  auto const r = grad(f, 1.0, 2.0);
  (void)r;
#endif
}
