// static_graph: the seed's chain again, now differentiated by the compiler: value and gradient in one call,
// the derivative as a new expression, second derivatives, draw_dot, and a static node inside the tape.
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

int main() {
  using namespace ctgrad;
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  constexpr auto c = var<"c">;
  constexpr auto e = var<"e">;
  constexpr auto l = (a + b) * c + e;  // a type: the graph exists before the program runs

  // one forward pass and one reverse sweep, generated from l's type
  constexpr auto r = grad(l, at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
  static_assert(r.value == 5.0 && r[a] == 5.0 && r[c] == -1.0);  // checked by the compiler
  std::printf("l = %s = %g;  dl/da = %g, dl/db = %g, dl/dc = %g, dl/de = %g\n", to_string(l).c_str(), r.value, r[a],
              r[b], r[c], r[e]);

  // derivatives are expressions too: printable and differentiable again
  const auto f = math::tanh(a * b) + a * a * c;
  std::printf("f = %s\n  df/da = %s\n  d2f/da db = %s\n", to_string(f).c_str(), to_string(derivative<"a">(f)).c_str(),
              to_string(derivative<"b">(derivative<"a">(f))).c_str());
  const auto h = hessian(f, at<"a">(0.5), at<"b">(-1.0), at<"c">(2.0));
  std::printf("  Hessian at (0.5, -1, 2):\n");
  for (const auto& row : h.matrix) std::printf("    %9.4f %9.4f %9.4f\n", row[0], row[1], row[2]);

  // the same drawing as the tape's
  const auto drawn = viz::draw_dot(l, "static_chain", at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
  std::printf("wrote %s; %s\n", drawn.dot_file.c_str(), drawn.image.message.c_str());

  // a static expression as one node of the dynamic tape
  tape::graph g;
  tape::value x = g.leaf(2.0, "a"), y = g.leaf(-3.0, "b"), z = g.leaf(5.0, "c"), w = g.leaf(10.0, "e");
  tape::value out = record(l, x, y, z, w) * 2;
  out.backward();
  std::printf("on the tape: 2*l = %g, d/da = %g (one tape node for l: %s)\n", out.data(), x.grad(),
              out.children()[0].op_text().c_str());
}
