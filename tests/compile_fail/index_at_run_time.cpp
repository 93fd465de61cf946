// Compile-fail case: an element of a vector variable by a run-time index. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_index_at_run_time(int i) {
  constexpr auto x = var<"x", 3>;
#ifdef CTGRAD_MISUSE
  auto const e = x[i];
#else
  (void)i;
  auto const e = x[idx<1>];
#endif
  (void)e;
}
