// value_chain: the course's first graph, l = (a + b) * c + e, on the tape: forward, backward, draw_dot.
#include <cstdio>

#include <ctgrad/tape.hpp>
#include <ctgrad/viz.hpp>

int main() {
  using ctgrad::tape::value;
  value a{2.0, "a"};
  value b{-3.0, "b"};
  value c{5.0, "c"};
  value e{10.0, "e"};
  value d = (a + b).label("d");
  value f = (c * d).label("f");
  value l = (f + e).label("l");
  l.backward();

  for (value v : {a, b, c, d, e, f, l})
    std::printf("%s  data %8.4f  grad %8.4f\n", std::string{v.label()}.c_str(), v.data(), v.grad());

  const auto drawn = ctgrad::viz::draw_dot(l, "chain");
  std::printf("wrote %s; %s\n", drawn.dot_file.c_str(), drawn.image.message.c_str());
}
