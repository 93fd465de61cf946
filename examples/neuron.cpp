// neuron: the course's single neuron, o = tanh(x1*w1 + x2*w2 + b), its gradients, and its drawing.
#include <cstdio>

#include <ctgrad/tape.hpp>
#include <ctgrad/viz.hpp>

int main() {
  using ctgrad::tape::value;
  value x1{2.0, "x1"};
  value x2{0.0, "x2"};
  value w1{-3.0, "w1"};
  value w2{1.0, "w2"};
  value b{6.8813735870195432, "b"};  // chosen so that n = 0.8814 and o = tanh(n) = 1/sqrt(2)
  value x1w1 = (x1 * w1).label("x1*w1");
  value x2w2 = (x2 * w2).label("x2*w2");
  value x1w1x2w2 = (x1w1 + x2w2).label("x1*w1 + x2*w2");
  value n = (x1w1x2w2 + b).label("n");
  value o = n.tanh().label("o");
  o.backward();

  for (value v : {x1, w1, x2, w2, b, n, o})
    std::printf("%-3s data %8.4f  grad %8.4f\n", std::string{v.label()}.c_str(), v.data(), v.grad());

  const auto drawn = ctgrad::viz::draw_dot(o, "neuron");
  std::printf("wrote %s; %s\n", drawn.dot_file.c_str(), drawn.image.message.c_str());
}
