// A user's program: the seed's chain through the installed (or added) ctgrad package.
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

int main() {
  using ctgrad::tape::value;
  value a{2.0}, b{-3.0}, c{5.0}, e{10.0};
  value l = (a + b) * c + e;
  l.backward();
  const bool ok = l.data() == 5.0 && a.grad() == 5.0 && b.grad() == 5.0 && c.grad() == -1.0 && e.grad() == 1.0;
  std::printf("consumer: l = %g, dl/da = %g: %s\n", l.data(), a.grad(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
