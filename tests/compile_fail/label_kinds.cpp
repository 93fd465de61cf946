// Compile-fail case: one label used for a variable and for data. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_label_kinds() {
  constexpr auto a = var<"a">;
#ifdef CTGRAD_MISUSE
  auto const f = a * data<"a">;
  auto const r = grad(f, at<"a">(1.0));
#else
  auto const f = a * data<"b">;
  auto const r = grad(f, at<"a">(1.0), at<"b">(2.0));
#endif
  (void)r;
}
