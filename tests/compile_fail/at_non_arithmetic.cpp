// Compile-fail case: at<"a">(v) with a value that is not a number. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <string>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_at_non_arithmetic() {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = a * b + a;
  (void)f;
#ifdef CTGRAD_MISUSE
  (void)at<"a">(std::string("1"));
#else
  (void)at<"a">(1.0);
#endif
}
