// Compile-fail case: vjp with the wrong number of weights. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <array>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_vjp_weights() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
#ifdef CTGRAD_MISUSE
  auto const r = vjp(outputs(a * b, a + b), std::array{1.0}, at<"a">(1.0), at<"b">(2.0));
#else
  auto const r = vjp(outputs(a * b, a + b), std::array{1.0, 1.0}, at<"a">(1.0), at<"b">(2.0));
#endif
  (void)r;
}
