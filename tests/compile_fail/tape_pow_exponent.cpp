// Misuse: a tape value raised to something that is not a plain number (micrograd: int/float powers only).
#include <ctgrad/tape.hpp>

int main() {
  ctgrad::tape::graph g;
  ctgrad::tape::value x = g.leaf(2.0);
#ifdef CTGRAD_MISUSE
  ctgrad::tape::value y = pow(x, x);
#else
  ctgrad::tape::value y = pow(x, 2);
#endif
  return y.data() == 4.0 ? 0 : 1;
}
