// Random expression types (depth >= 6, shared subexpressions, every op): static gradient = finite differences.
#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"
#include "random_expr.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
std::set<std::string>& ops_seen() {
  static std::set<std::string> seen;
  return seen;
}

template <std::uint64_t Seed, int Depth, std::uint64_t Width>
void check_random() {
  auto const f = ctgrad::test::random_expr<Seed, Depth, Width>();
  constexpr std::size_t n = variables_of(f).size();
  for (int k = 0; k != 4; ++k) {
    std::array<double, n> p{};
    for (std::size_t i = 0; i != n; ++i) p[i] = -1.7 + 0.83 * static_cast<double>((k * 5 + i * 3 + Seed) % 5) + 0.11 * k;
    INFO("seed " << Seed << ", depth " << Depth << ", width " << Width << ", " << node_count(f) << " nodes, point " << k);
    auto const r = for_each_node(f, [](auto const& node) { if (!node.is_leaf) ops_seen().emplace(node.text); }, p);
    auto const fd = ctgrad::test::fd_gradient(f, p);
    REQUIRE(std::isfinite(r.value));
    for (std::size_t i = 0; i != n; ++i) {
      INFO("d f / d " << variables_of(f)[i] << ": static " << r.gradient[i] << ", finite differences " << fd[i]);
      CHECK(close(r.gradient[i], fd[i], 1e-6));
    }
  }
}

template <std::uint64_t... Seeds>
void check_seeds(std::integer_sequence<std::uint64_t, Seeds...>) {
  (check_random<Seeds, 6, 4>(), ...);
  (check_random<Seeds + 100, 7, 6>(), ...);
}
}  // namespace

TEST_CASE("random expressions: static gradient equals finite differences", "[expr][random]") {
  check_seeds(std::make_integer_sequence<std::uint64_t, 12>{});
  check_random<1000, 8, 8>();
  // Every op occurred somewhere.
  for (std::string const op : {"+", "-", "*", "/", "neg", "exp", "log", "tanh", "ReLU", "sigmoid", "sqrt", "abs", "**3", "**", "**0.5"}) {
    INFO("op " << op);
    CHECK(ops_seen().count(op) == 1);
  }
}

TEST_CASE("random expressions: sharing makes graphs much smaller than trees", "[expr][random]") {
  auto const f = ctgrad::test::random_expr<3, 8, 4, false>();
  STATIC_REQUIRE(node_count(f) < 100);
  CHECK(node_count(f) >= 20);
}
