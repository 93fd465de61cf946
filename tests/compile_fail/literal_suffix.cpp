// Compile-fail case: 1.5_c: the _c suffix takes integer literals only. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_literal_suffix() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
  (void)f;
#ifdef CTGRAD_MISUSE
  using namespace ctgrad::expr::literals; (void)(a * 1.5_c);
#else
  using namespace ctgrad::expr::literals; (void)(a * 2_c);
#endif
}
