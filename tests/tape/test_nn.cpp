// The tape's Neuron, Layer and MLP: shapes, seeded initialisation, training, and flat memory.
#include <array>
#include <set>

#include <catch2/catch.hpp>

#include <ctgrad/tape.hpp>
#include <support/counting_allocator.hpp>

namespace {
namespace tape = ctgrad::tape;

constexpr std::array<std::array<double, 3>, 4> xs{{{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}}};
constexpr std::array<double, 4> ys{1.0, -1.0, -1.0, 1.0};

// One step of the course's training loop; returns the loss before the update.
double train_step(tape::graph& g, tape::mlp& model, tape::mark_t after_parameters, double learning_rate) {
  tape::value loss = g.leaf(0.0);
  for (std::size_t i = 0; i < xs.size(); ++i) loss = loss + (model(xs[i])[0] - ys[i]).pow(2);
  const double result = loss.data();
  model.zero_grad();
  loss.backward();
  model.parameters().sgd_step(learning_rate);
  g.rewind(after_parameters);
  return result;
}
}  // namespace

TEST_CASE("MLP(3, [4, 4, 1]) has the course's 41 parameters, contiguous, w before b", "[tape][nn]") {
  tape::graph g;
  tape::mlp model{g, 3, {4, 4, 1}};
  CHECK(model.parameters().size() == 41);
  CHECK(g.size() == 41);
  REQUIRE(model.layers().size() == 3);
  CHECK(model.layers()[1].nin() == 4);
  CHECK(model.layers()[1].nout() == 4);
  const tape::neuron& n = model.layers()[1].neurons()[2];
  CHECK(n.parameters().size() == 5);
  CHECK(n.w(0).index() == 4 * 4 + 2 * 5);  // layer 0 holds 4 neurons of 4 parameters
  CHECK(n.b().index() == n.w(3).index() + 1);
}

TEST_CASE("initialisation is uniform(-1, 1) and reproducible from the seed", "[tape][nn]") {
  tape::graph g1, g2, g3;
  tape::mlp m1{g1, 3, {4, 4, 1}, {.seed = 7}};
  tape::mlp m2{g2, 3, {4, 4, 1}, {.seed = 7}};
  tape::mlp m3{g3, 3, {4, 4, 1}, {.seed = 8}};
  std::set<double> distinct;
  int differ = 0;
  for (std::size_t i = 0; i < m1.parameters().size(); ++i) {
    const double w = m1.parameters()[i].data();
    CHECK(w >= -1.0);
    CHECK(w < 1.0);
    CHECK(w == m2.parameters()[i].data());
    differ += w != m3.parameters()[i].data();
    distinct.insert(w);
  }
  CHECK(distinct.size() == 41);
  CHECK(differ == 41);
}

TEST_CASE("a neuron computes f(b + w.x) with its non-linearity", "[tape][nn]") {
  tape::graph g;
  ctgrad::generator gen{3};
  const std::array<tape::value, 2> x{g.leaf(0.5), g.leaf(-2.0)};
  for (const auto f : {tape::nonlinearity::tanh, tape::nonlinearity::relu, tape::nonlinearity::linear}) {
    tape::neuron n{g, 2, gen, f};
    const double act = n.b().data() + n.w(0).data() * 0.5 + n.w(1).data() * -2.0;
    const double expected = f == tape::nonlinearity::tanh ? std::tanh(act)
                            : f == tape::nonlinearity::relu ? (act > 0 ? act : 0.0)
                                                            : act;
    CHECK(n(x).data() == Approx(expected).epsilon(1e-15));
  }
  tape::neuron n{g, 3, gen};
  CHECK_THROWS_WITH(n(x), Catch::Contains("expected 3 inputs, got 2"));
}

TEST_CASE("micrograd's options: ReLU hidden layers and a linear output", "[tape][nn]") {
  tape::graph g;
  tape::mlp model{g, 2, {16, 16, 1}, tape::mlp_options::micrograd()};
  const std::array<double, 2> x{0.3, -0.7};
  const tape::value out = model(x)[0];
  CHECK(out.op_text() == "+");  // no non-linearity on the output
  // out = (...) + w15 * h15, and the hidden unit h15 is a ReLU
  CHECK(out.children()[1].children()[1].op_text() == "ReLU");
}

TEST_CASE("training the course's tiny MLP drives the loss below 0.01", "[tape][nn][train]") {
  tape::graph g;
  tape::mlp model{g, 3, {4, 4, 1}};
  const auto mark = g.mark();
  const double first = train_step(g, model, mark, 0.1);
  double last = first;
  for (int step = 1; step < 100; ++step) last = train_step(g, model, mark, 0.1);
  CHECK(first > 1.0);
  CHECK(last < 0.01);
}

TEST_CASE("memory stays flat over a 100,000-step training loop", "[tape][nn][memory]") {
  tape::graph g;
  tape::mlp model{g, 3, {4, 4, 1}};
  const auto mark = g.mark();
  (void)train_step(g, model, mark, 0.01);  // the first step grows the tape to its working size
  const std::size_t capacity = g.capacity();
  const std::size_t allocations = ctgrad::test::count_allocations([&] {
    for (int step = 1; step < 100'000; ++step) (void)train_step(g, model, mark, 0.01);
  });
  CHECK(allocations == 0);
  CHECK(g.capacity() == capacity);
  CHECK(g.size() == model.parameters().size());
}
