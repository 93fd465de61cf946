// ctgrad::record: a static expression as one node of the tape.
#include <cmath>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/record.hpp>
#include <ctgrad/tape.hpp>

TEST_CASE("a recorded static expression is one tape node with the static gradient", "[record]") {
  using namespace ctgrad;
  constexpr auto x = var<"x">;
  constexpr auto y = var<"y">;
  tape::graph g;
  tape::value tx = g.leaf(0.5, "x"), ty = g.leaf(2.0, "y");
  const std::size_t before = g.size();
  tape::value node = record(math::exp(x) * y + x * x, tx, ty);
  CHECK(g.size() == before + 1);
  CHECK(node.op_text() == to_string(math::exp(x) * y + x * x));
  CHECK(node.children().size() == 2);
  tape::value out = node * 3 + tx;  // dynamic code around it
  out.backward();
  CHECK(node.data() == Approx(std::exp(0.5) * 2.0 + 0.25).epsilon(1e-15));
  CHECK(tx.grad() == Approx(3 * (std::exp(0.5) * 2.0 + 2 * 0.5) + 1).epsilon(1e-14));
  CHECK(ty.grad() == Approx(3 * std::exp(0.5)).epsilon(1e-14));
}

TEST_CASE("recording gives the same gradients as building the expression on the tape", "[record]") {
  using namespace ctgrad;
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  const auto f = math::tanh(a * b + 1) / (math::exp(b) + a * a);
  for (const double pa : {-1.5, 0.2, 2.0}) {
    for (const double pb : {-0.7, 0.9}) {
      tape::graph g;
      tape::value ta = g.leaf(pa), tb = g.leaf(pb);
      tape::value recorded = record(f, ta, tb);
      recorded.backward();
      const double ga = ta.grad(), gb = tb.grad();
      g.zero_grad();
      tape::value built = (ta * tb + 1).tanh() / (tb.exp() + ta * ta);
      built.backward();
      CHECK(recorded.data() == Approx(built.data()).epsilon(1e-14));
      CHECK(ga == Approx(ta.grad()).epsilon(1e-12));
      CHECK(gb == Approx(tb.grad()).epsilon(1e-12));
    }
  }
}
