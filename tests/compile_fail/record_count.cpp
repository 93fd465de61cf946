// Misuse: recording a static expression on the tape with too few tape values for its variables.
#include <ctgrad/expr.hpp>
#include <ctgrad/record.hpp>

int main() {
  ctgrad::tape::graph g;
  ctgrad::tape::value x = g.leaf(2.0), y = g.leaf(3.0);
#ifdef CTGRAD_MISUSE
  (void)y;
  ctgrad::tape::value r = ctgrad::record(ctgrad::var<"x"> * ctgrad::var<"y">, x);
#else
  ctgrad::tape::value r = ctgrad::record(ctgrad::var<"x"> * ctgrad::var<"y">, x, y);
#endif
  return r.data() == 6.0 ? 0 : 1;
}
