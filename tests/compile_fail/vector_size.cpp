// Compile-fail case: a vector variable bound to an array of another size. Builds as is; with CTGRAD_MISUSE it must fail with the message in CMakeLists.txt.
#include <array>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

void use_vector_size() {
  constexpr auto x = var<"x", 3>;
  auto const f = sum(x);
#ifdef CTGRAD_MISUSE
  auto const r = grad(f, at<"x">(std::array{1.0, 2.0}));
#else
  auto const r = grad(f, at<"x">(std::array{1.0, 2.0, 3.0}));
#endif
  (void)r;
}
