// Compile-fail case: grad(f, at<"z">(v)) with a label that is not a variable of f. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_unknown_label() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
#ifdef CTGRAD_MISUSE
  auto const r = grad(f, at<"a">(1.0), at<"z">(2.0));
  (void)r;
#else
  auto const r = grad(f, at<"a">(1.0), at<"b">(2.0));
  (void)r;
#endif
}
