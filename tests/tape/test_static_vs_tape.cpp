// Static graph = tape on random expressions (depth 6, shared subexpressions, every op) at many points.
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>
#include <expr/random_expr.hpp>
#include <support/replay_on_tape.hpp>

namespace {

template <std::uint64_t Seed>
void compare_at_points(int& compared) {
  constexpr auto f = ctgrad::test::random_expr<Seed, 6>();
  constexpr std::size_t n = ctgrad::variables_of(f).size();
  ctgrad::generator gen{Seed};
  for (int point = 0; point < 8; ++point) {
    std::array<double, n> x{};
    for (double& v : x) v = gen.uniform(-2.0, 2.0);
    const auto r = ctgrad::grad(f, x);

    const auto program = std::apply([&](auto... v) { return ctgrad::test::program_of(f, v...); }, x);
    ctgrad::tape::graph g;
    std::array<ctgrad::tape::value, n> leaves{};
    std::vector<ctgrad::tape::value> scratch;
    const ctgrad::tape::value root = ctgrad::test::replay(program, g, x, leaves, scratch);
    root.backward();

    INFO("seed " << Seed << ", f = " << ctgrad::to_string(f) << ", point " << point);
    CHECK(r.value == Approx(root.data()).epsilon(1e-12).margin(1e-12));
    for (std::size_t i = 0; i < n; ++i) {
      INFO("d f / d " << ctgrad::variables_of(f)[i]);
      CHECK(r.gradient[i] == Approx(leaves[i].grad()).epsilon(1e-10).margin(1e-12));
    }
    ++compared;
  }
}

template <std::uint64_t... Seeds>
int compare_all(std::integer_sequence<std::uint64_t, Seeds...>) {
  int compared = 0;
  (compare_at_points<Seeds * 7919 + 13>(compared), ...);
  return compared;
}

}  // namespace

TEST_CASE("static gradient = tape gradient on 32 random expressions at 8 points each", "[static][tape][random]") {
  // tolerance: the two sum the same terms in different orders, so they agree to rounding (1e-10 relative)
  CHECK(compare_all(std::make_integer_sequence<std::uint64_t, 32>{}) == 32 * 8);
}
