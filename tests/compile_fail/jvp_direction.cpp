// Compile-fail case: jvp with a direction of the wrong size. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <array>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_jvp_direction() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
#ifdef CTGRAD_MISUSE
  auto const r = jvp(a * b, std::array{1.0}, at<"a">(1.0), at<"b">(2.0));
#else
  auto const r = jvp(a * b, std::array{1.0, 0.0}, at<"a">(1.0), at<"b">(2.0));
#endif
  (void)r;
}
