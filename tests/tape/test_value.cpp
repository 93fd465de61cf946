// The tape's Value: the course's numbers, every op against finite differences, accumulation, long chains, labels
// across rewind, and every op of ctgrad::math on tape values (numbers on either side) equal to the static graph.
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

namespace {
using ctgrad::tape::graph;
using ctgrad::tape::value;

// Central difference of f at x; f builds its graph on a scratch tape.
double finite_difference(const std::function<value(value)>& f, double x, double h = 1e-6) {
  graph g;
  const double up = f(g.leaf(x + h)).data();
  const double down = f(g.leaf(x - h)).data();
  return (up - down) / (2 * h);
}

double tape_derivative(const std::function<value(value)>& f, double x) {
  graph g;
  value v = g.leaf(x);
  f(v).backward();
  return v.grad();
}
}  // namespace

TEST_CASE("the seed's chain l = (a + b) * c + e has the course's values and gradients", "[tape]") {
  graph g;
  value a = g.leaf(2.0, "a"), b = g.leaf(-3.0, "b"), c = g.leaf(5.0, "c"), e = g.leaf(10.0, "e");
  value d = (a + b).label("d");
  value f = (c * d).label("f");
  value l = (f + e).label("l");
  l.backward();
  CHECK(l.data() == 5.0);
  CHECK(d.data() == -1.0);
  CHECK(f.data() == -5.0);
  CHECK(a.grad() == 5.0);
  CHECK(b.grad() == 5.0);
  CHECK(c.grad() == -1.0);
  CHECK(d.grad() == 5.0);
  CHECK(e.grad() == 1.0);
  CHECK(f.grad() == 1.0);
  CHECK(l.grad() == 1.0);
  CHECK(l.op_text() == "+");
  CHECK(f.op_text() == "*");
  CHECK(a.op_text().empty());
  CHECK(l.label() == "l");
  REQUIRE(l.children().size() == 2);
  CHECK(l.children()[0].index() == f.index());
  CHECK(l.children()[1].index() == e.index());
}

TEST_CASE("the course's neuron has o = 0.7071 and the lecture's gradients", "[tape]") {
  graph g;
  value x1 = g.leaf(2.0), x2 = g.leaf(0.0), w1 = g.leaf(-3.0), w2 = g.leaf(1.0), b = g.leaf(6.8813735870195432);
  value o = (x1 * w1 + x2 * w2 + b).tanh();
  o.backward();
  CHECK(o.data() == Approx(1 / std::sqrt(2.0)).margin(1e-12));
  CHECK(x1.grad() == Approx(-1.5).margin(1e-12));
  CHECK(w1.grad() == Approx(1.0).margin(1e-12));
  CHECK(x2.grad() == Approx(0.5).margin(1e-12));
  CHECK(w2.grad() == Approx(0.0).margin(1e-12));
  CHECK(b.grad() == Approx(0.5).margin(1e-12));
  CHECK(o.op_text() == "tanh");
}

TEST_CASE("the neuron written with exp gives the same gradients as with tanh", "[tape]") {
  graph g;
  value x1 = g.leaf(2.0), x2 = g.leaf(0.0), w1 = g.leaf(-3.0), w2 = g.leaf(1.0), b = g.leaf(6.8813735870195432);
  value n = x1 * w1 + x2 * w2 + b;
  value e = (2 * n).exp();
  value o = (e - 1) / (e + 1);
  o.backward();
  CHECK(o.data() == Approx(1 / std::sqrt(2.0)).margin(1e-12));
  CHECK(x1.grad() == Approx(-1.5).margin(1e-12));
  CHECK(w1.grad() == Approx(1.0).margin(1e-12));
  CHECK(x2.grad() == Approx(0.5).margin(1e-12));
  CHECK(b.grad() == Approx(0.5).margin(1e-12));
}

TEST_CASE("every op agrees with central finite differences at several points", "[tape][ops]") {
  struct op_case {
    const char* name;
    std::function<value(value)> f;
    std::vector<double> points;
  };
  const std::vector<op_case> cases{
      {"x + 3", [](value x) { return x + 3; }, {-2.0, 0.5, 4.0}},
      {"3 + x", [](value x) { return 3 + x; }, {-2.0, 0.5, 4.0}},
      {"x + x", [](value x) { return x + x; }, {-2.0, 0.5, 4.0}},
      {"x - 3", [](value x) { return x - 3; }, {-2.0, 0.5}},
      {"3 - x", [](value x) { return 3.0 - x; }, {-2.0, 0.5}},
      {"x * x", [](value x) { return x * x; }, {-2.0, 0.5, 3.0}},
      {"2.5 * x", [](value x) { return 2.5 * x; }, {-2.0, 0.5}},
      {"x / 4", [](value x) { return x / 4; }, {-2.0, 0.5}},
      {"4 / x", [](value x) { return 4 / x; }, {-2.0, 0.5, 3.0}},
      {"x / (x + 5)", [](value x) { return x / (x + 5); }, {-2.0, 0.5, 3.0}},
      {"-x", [](value x) { return -x; }, {-2.0, 0.5}},
      {"x ** 3", [](value x) { return x.pow(3); }, {-2.0, 0.5, 1.7}},
      {"x ** -2", [](value x) { return pow(x, -2); }, {-2.0, 0.5, 1.7}},
      {"x ** 0.5", [](value x) { return pow(x, 0.5f); }, {0.3, 2.0, 9.0}},
      {"exp", [](value x) { return exp(x); }, {-2.0, 0.0, 1.3}},
      {"log", [](value x) { return log(x); }, {0.2, 1.0, 7.5}},
      {"tanh", [](value x) { return tanh(x); }, {-2.0, 0.0, 0.7}},
      {"relu", [](value x) { return relu(x); }, {-2.0, 0.3, 4.0}},
      {"sigmoid", [](value x) { return sigmoid(x); }, {-3.0, 0.0, 2.2}},
      {"sqrt", [](value x) { return sqrt(x); }, {0.3, 2.0, 9.0}},
      {"abs", [](value x) { return abs(x); }, {-2.5, 0.7, 3.0}},
      {"composite", [](value x) { return (x * x + 1).log() * sigmoid(x) - tanh(x / 3).pow(2) + relu(x - 0.1); },
       {-1.5, 0.4, 2.0}},
  };
  for (const auto& c : cases) {
    for (const double x : c.points) {
      INFO(c.name << " at x = " << x);
      CHECK(tape_derivative(c.f, x) == Approx(finite_difference(c.f, x)).epsilon(1e-6).margin(1e-8));
    }
  }
}

TEST_CASE("op text follows micrograd's _op", "[tape]") {
  graph g;
  value x = g.leaf(2.0);
  CHECK(x.pow(2).op_text() == "**2");
  CHECK(x.pow(0.5).op_text() == "**0.5");
  CHECK(x.pow(-1).op_text() == "**-1");
  CHECK(x.relu().op_text() == "ReLU");
  CHECK(x.exp().op_text() == "exp");
  CHECK((x / 2).op_text() == "/");
  CHECK((x - 2).op_text() == "-");
  CHECK((-x).op_text() == "neg");
}

TEST_CASE("plain numbers on either side become constant leaves on the operand's graph", "[tape]") {
  graph g;
  value x = g.leaf(3.0);
  value y = 2 * x + 1.5 - x / 2.0f;
  CHECK(y.data() == Approx(2 * 3.0 + 1.5 - 1.5));
  CHECK(&y.owner() == &g);
  CHECK((1 - x).data() == -2.0);
  CHECK((6 / x).data() == 2.0);
  y.backward();
  CHECK(x.grad() == Approx(1.5));
}

TEST_CASE("gradients accumulate: a + a, a node used by several parents, repeated backward", "[tape][accumulate]") {
  graph g;
  SECTION("a + a gives 2 (micrograd's famous bug is impossible)") {
    value a = g.leaf(3.0);
    value b = a + a;
    b.backward();
    CHECK(a.grad() == 2.0);
  }
  SECTION("a node used by several parents gets the sum") {
    value a = g.leaf(-2.0), b = g.leaf(3.0);
    value d = a * b;
    value e = a + b;
    value f = d * e;
    f.backward();
    // df/da = b*e + d = 3*1 + -6 = -3; df/db = a*e + d = -2 - 6 = -8
    CHECK(a.grad() == -3.0);
    CHECK(b.grad() == -8.0);
  }
  SECTION("micrograd's c += c + 1 is one shared node") {
    value a = g.leaf(-4.0), b = g.leaf(2.0);
    value c = a + b;
    c += c + 1;  // c = 2c + 1
    c.backward();
    CHECK(a.grad() == 2.0);
    CHECK(b.grad() == 2.0);
  }
  SECTION("a second backward adds to the first; zero_grad clears") {
    value a = g.leaf(3.0);
    value y = a * a;
    y.backward();
    y.backward();
    CHECK(a.grad() == 12.0);
    g.zero_grad();
    CHECK(a.grad() == 0.0);
    y.backward();
    CHECK(a.grad() == 6.0);
  }
  SECTION("backward touches only what the root depends on") {
    value a = g.leaf(1.0), b = g.leaf(2.0);
    value first = a * b;
    first.backward();
    value second = b * 3;
    second.backward();  // must not re-send first's gradient into a and b
    CHECK(a.grad() == 2.0);
    CHECK(b.grad() == 1.0 + 3.0);
  }
}

TEST_CASE("micrograd's test_sanity_check and test_more_ops on the tape", "[tape][micrograd]") {
  graph g;
  SECTION("sanity check") {
    value x = g.leaf(-4.0);
    value z = 2 * x + 2 + x;
    value q = z.relu() + z * x;
    value h = (z * z).relu();
    value y = h + q + q * x;
    y.backward();
    CHECK(y.data() == -20.0);  // PyTorch: -20
    CHECK(x.grad() == 46.0);   // PyTorch: 46
  }
  SECTION("more ops") {
    value a = g.leaf(-4.0), b = g.leaf(2.0);
    value c = a + b;
    value d = a * b + b.pow(3);
    c += c + 1;
    c += 1 + c + (-a);
    d += d * 2 + (b + a).relu();
    d += 3 * d + (b - a).relu();
    value e = c - d;
    value f = e.pow(2);
    value gg = f / 2.0;
    gg += 10.0 / f;
    gg.backward();
    // the values PyTorch gives for the same program
    CHECK(gg.data() == Approx(24.70408163265306).epsilon(1e-12));
    CHECK(a.grad() == Approx(138.83381924198252).epsilon(1e-12));
    CHECK(b.grad() == Approx(645.5772594752186).epsilon(1e-12));
  }
}

TEST_CASE("backward over a chain of 1,000,000 nodes is iterative", "[tape][long]") {
  graph g;
  value x = g.leaf(0.5);
  value y = x;
  for (int i = 1; i < 1'000'000; ++i) y = -y;
  CHECK(g.size() == 1'000'000);
  y.backward();
  CHECK(x.grad() == -1.0);  // 999,999 negations
  CHECK(y.data() == -0.5);
}

TEST_CASE("operands from different graphs are an error that names the op", "[tape][errors]") {
  graph g1, g2;
  value a = g1.leaf(1.0), b = g2.leaf(2.0);
  CHECK_THROWS_WITH(a * b, Catch::Contains("different graphs") && Catch::Contains("'*'"));
}

TEST_CASE("rewind drops what was built after a mark and keeps what was before", "[tape]") {
  graph g;
  value p = g.leaf(1.5, "p");
  const auto m = g.mark();
  value y = (p * p).label("y");
  CHECK(g.size() == 2);
  g.rewind(m);
  CHECK(g.size() == 1);
  CHECK(p.data() == 1.5);
  CHECK(p.label() == "p");
  CHECK_FALSE(y.valid());
  CHECK_THROWS_AS(g.rewind({5, 0}), std::out_of_range);
}

TEST_CASE("a custom node sends its given partials times its grad to its children", "[tape][custom]") {
  graph g;
  value x = g.leaf(3.0, "x"), y = g.leaf(-2.0, "y");
  // f(x, y) = x*x*y with partials (2xy, x*x), computed by the caller
  const value children[] = {x, y, x};
  const double partials[] = {-12.0 / 2, 9.0, -12.0 / 2};  // x listed twice: its two halves add up
  value f = g.push_custom("x*x*y", -18.0, children, partials);
  value out = 2 * f;
  out.backward();
  CHECK(f.op_text() == "x*x*y");
  CHECK(f.children().size() == 3);
  CHECK(x.grad() == 2 * -12.0);
  CHECK(y.grad() == 2 * 9.0);
  CHECK_THROWS_WITH(g.push_custom("bad", 0.0, children, std::span<const double>{partials, 2}),
                    Catch::Contains("3 children but 2 partial derivatives"));
  const auto m = g.mark();
  (void)g.push_custom("again", 1.0, children, partials);
  g.rewind(m);
  CHECK(g.mark().customs == m.customs);
}

TEST_CASE("a node made before mark() and labelled after it keeps its label across rewind", "[tape][label]") {
  graph g;
  value p = g.leaf(1.5);
  value w = g.leaf(-2.0, "w");
  const auto m = g.mark();
  value q = (p * w).label("q");  // made and labelled after the mark: goes
  p.label("p");                  // made before, labelled after: stays
  value r = (q + 1).label("r");
  w.label("w2");                 // relabelled after the mark: its old record, before the mark, is rewritten in place
  g.rewind(m);
  CHECK(g.size() == 2);
  CHECK(p.label() == "p");
  CHECK(w.label() == "w2");
  CHECK_FALSE(q.valid());
  CHECK_FALSE(r.valid());
  // the next labels take new slots: p's stays its own
  value s = g.leaf(3.0, "s");
  value t = (s * p).label("t");
  CHECK(p.label() == "p");
  CHECK(s.label() == "s");
  CHECK(t.label() == "t");
  // and again, from the same mark
  g.rewind(m);
  CHECK(p.label() == "p");
  CHECK(w.label() == "w2");
  value u = g.leaf(4.0, "u");
  CHECK(u.label() == "u");
  CHECK(p.label() == "p");
}

// label("") after a mark unlinks the node from its label record; rewind() must not link it again.
TEST_CASE("a label given and removed after mark() stays removed across rewind", "[tape][label]") {
  graph g;
  value p = g.leaf(1.5);
  const auto m = g.mark();
  p.label("p");
  p.label("");
  g.rewind(m);
  CHECK(p.label().empty());
}

// A label given after the mark to a custom node (push_custom) made before it stays with that node across rewind(),
// and the next label given does not take its slot.
TEST_CASE("a custom node made before mark() and labelled after it keeps its label across rewind", "[tape][label]") {
  graph g;
  value a = g.leaf(1.0);
  const value children[] = {a};
  const double partials[] = {1.0};
  value c = g.push_custom("f", 2.0, children, partials);
  const auto m = g.mark();
  c.label("c");
  g.rewind(m);
  value r = g.leaf(3.0, "r");
  CHECK(c.op_text() == "f");
  CHECK(r.label() == "r");
  CHECK(c.label() == "c");
}

namespace {
constexpr auto x = ctgrad::var<"x">;

/// `op` of one tape value at `p` records one node with the text `text`, with the value of `op` on the number `p`,
/// and sends the static graph's derivative (the same rule on the same numbers) to its operand.
template <class Op>
void check_tape_op(std::string const& text, Op const& op, double p) {
  INFO(text << " at " << p);
  // p through a volatile: a constant argument would let the compiler fold some calls with its own correctly
  // rounded math (GCC's MPFR) and leave others to glibc's, which differ by an ulp for sinh, cosh, tanh, cbrt
  volatile double opaque = p;
  p = opaque;
  graph g;
  value const v = g.leaf(p);
  value const out = op(v);
  out.backward();
  CHECK(out.op_text() == text);
  CHECK(out.data() == static_cast<double>(op(p)));
  auto const r = ctgrad::grad(op(x), p);
  CHECK(out.data() == r.value);
  CHECK(v.grad() == r[x]);
}
}  // namespace

TEST_CASE("every math op applies to tape values, a plain number on either side, and names its node", "[tape][ops]") {
  using namespace ctgrad::math;
  // one operand
  check_tape_op("sin", [](auto const& v) { return sin(v); }, 0.7);
  check_tape_op("cos", [](auto const& v) { return cos(v); }, 0.7);
  check_tape_op("tan", [](auto const& v) { return tan(v); }, 0.7);
  check_tape_op("asin", [](auto const& v) { return asin(v); }, 0.7);
  check_tape_op("acos", [](auto const& v) { return acos(v); }, 0.7);
  check_tape_op("atan", [](auto const& v) { return atan(v); }, 0.7);
  check_tape_op("sinh", [](auto const& v) { return sinh(v); }, 0.7);
  check_tape_op("cosh", [](auto const& v) { return cosh(v); }, 0.7);
  check_tape_op("tanh", [](auto const& v) { return tanh(v); }, 0.7);
  check_tape_op("asinh", [](auto const& v) { return asinh(v); }, 0.7);
  check_tape_op("acosh", [](auto const& v) { return acosh(v); }, 1.7);
  check_tape_op("atanh", [](auto const& v) { return atanh(v); }, 0.7);
  check_tape_op("exp", [](auto const& v) { return exp(v); }, 0.7);
  check_tape_op("exp2", [](auto const& v) { return exp2(v); }, 0.7);
  check_tape_op("expm1", [](auto const& v) { return expm1(v); }, 0.7);
  check_tape_op("log", [](auto const& v) { return log(v); }, 0.7);
  check_tape_op("log2", [](auto const& v) { return log2(v); }, 0.7);
  check_tape_op("log10", [](auto const& v) { return log10(v); }, 0.7);
  check_tape_op("log1p", [](auto const& v) { return log1p(v); }, 0.7);
  check_tape_op("sqrt", [](auto const& v) { return sqrt(v); }, 0.7);
  check_tape_op("cbrt", [](auto const& v) { return cbrt(v); }, -0.7);
  check_tape_op("erf", [](auto const& v) { return erf(v); }, 0.7);
  check_tape_op("erfc", [](auto const& v) { return erfc(v); }, 0.7);
  check_tape_op("abs", [](auto const& v) { return abs(v); }, -0.7);
  check_tape_op("sign", [](auto const& v) { return sign(v); }, -0.7);
  check_tape_op("step", [](auto const& v) { return step(v); }, 0.7);
  check_tape_op("ReLU", [](auto const& v) { return relu(v); }, 0.7);
  check_tape_op("sigmoid", [](auto const& v) { return sigmoid(v); }, 0.7);
  check_tape_op("detach", [](auto const& v) { return detach(v); }, 0.7);
  check_tape_op("**2", [](auto const& v) { return square(v); }, -0.7);
  check_tape_op("**3", [](auto const& v) { return pow<3>(v); }, -0.7);
  check_tape_op("**-2", [](auto const& v) { return pow<-2>(v); }, -0.7);
  // two operands: a number on the right, then on the left (a power's number exponent is kept in the node)
  check_tape_op("hypot", [](auto const& v) { return hypot(v, 2.0); }, 0.7);
  check_tape_op("hypot", [](auto const& v) { return hypot(2.0, v); }, 0.7);
  check_tape_op("atan2", [](auto const& v) { return atan2(v, -2.0); }, 0.7);
  check_tape_op("atan2", [](auto const& v) { return atan2(-2.0, v); }, 0.7);
  check_tape_op("**2", [](auto const& v) { return pow(v, 2.0); }, -0.7);
  check_tape_op("**0.5", [](auto const& v) { return pow(v, 0.5f); }, 0.7);
  check_tape_op("**", [](auto const& v) { return pow(2.0, v); }, 0.7);
  check_tape_op("min", [](auto const& v) { return min(v, 2.0); }, 0.7);
  check_tape_op("min", [](auto const& v) { return min(2, v); }, 0.7);
  check_tape_op("max", [](auto const& v) { return max(v, 2.0); }, 0.7);
  check_tape_op("max", [](auto const& v) { return max(2.0, v); }, 0.7);
  check_tape_op("min", [](auto const& v) { return clamp(v, -1.0, 0.5); }, 0.7);  // min(max(x, lo), hi)
  check_tape_op("select", [](auto const& v) { return select(v < 1.0, v * v, 2.0); }, 0.7);
  check_tape_op("select", [](auto const& v) { return select(1.0 < v, 2.0, v * v); }, 0.7);
  check_tape_op("select", [](auto const& v) { return if_else(v >= 0.0, v, -v); }, -0.7);

  // the operands' nodes: a number on either side is a constant leaf; a power's exponent is in the node
  graph g;
  value const v = g.leaf(0.7);
  CHECK(hypot(2.0, v).children().size() == 2);
  CHECK(pow(v, 2.0).children().size() == 1);
  CHECK(pow(2.0, v).children().size() == 2);
  CHECK(select(v < 1.0, 3.0, v).children().size() == 3);

  // comparisons: conditions (1 or 0) with a number on either side; == and != through their op structs (a tape
  // value has no operator== or operator!=)
  CHECK((v < 1.0).op_text() == "<");
  CHECK((1.0 < v).data() == 0.0);
  CHECK((v <= 0.7).op_text() == "<=");
  CHECK((v <= 0.7).data() == 1.0);
  CHECK((v > 0.5).op_text() == ">");
  CHECK((0.5 > v).data() == 0.0);
  CHECK((v >= 0.7).op_text() == ">=");
  CHECK((2 >= v).data() == 1.0);
  CHECK(ctgrad::function<ctgrad::op::equal>{}(v, 0.7).op_text() == "==");
  CHECK(ctgrad::function<ctgrad::op::equal>{}(0.7, v).data() == 1.0);
  CHECK(ctgrad::function<ctgrad::op::not_equal>{}(v, 0.7).op_text() == "!=");
  CHECK(ctgrad::function<ctgrad::op::not_equal>{}(v, 0.7).data() == 0.0);
}
