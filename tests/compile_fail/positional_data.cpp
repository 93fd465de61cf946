// Compile-fail case: inputs by position for an expression with data. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_positional_data() {
  constexpr auto a = var<"a">;
  constexpr auto mu = data<"mu">;
  auto const f = (a - mu) * (a - mu);
#ifdef CTGRAD_MISUSE
  auto const r = grad(f, 1.0, 2.0);
#else
  auto const r = grad(f, at<"a">(1.0), at<"mu">(2.0));
#endif
  (void)r;
}
