// Compile-fail case: an element of a vector variable past its end. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_index_out_of_range() {
  constexpr auto x = var<"x", 3>;
#ifdef CTGRAD_MISUSE
  auto const e = x[idx<3>];
#else
  auto const e = x[idx<2>];
#endif
  (void)e;
}
