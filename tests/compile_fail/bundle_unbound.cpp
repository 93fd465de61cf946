// Compile-fail case: a bundle of inputs that leaves a variable of f unbound. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_bundle_unbound() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
#ifdef CTGRAD_MISUSE
  auto const in = inputs(at<"a">(1.0), at<"c">(3.0));
#else
  auto const in = inputs(at<"a">(1.0), at<"b">(2.0), at<"c">(3.0));
#endif
  auto const r = eval(a * b, in);
  (void)r;
}
