// Compile-fail case: grad(f, ...) binding one label twice. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_duplicate_label() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
#ifdef CTGRAD_MISUSE
  auto const r = grad(f, at<"a">(1.0), at<"a">(2.0));
  (void)r;
#else
  auto const r = grad(f, at<"a">(1.0), at<"b">(2.0));
  (void)r;
#endif
}
