// grad, eval, hessian and for_each_node allocate nothing (a counting global operator new).
#include <array>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <support/counting_allocator.hpp>

#include "random_expr.hpp"

using namespace ctgrad;

TEST_CASE("no allocation: grad, eval, hessian, for_each_node", "[expr][alloc]") {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  auto const f = math::tanh(a * b) + pow<3>(a) / (b * b + 1) + math::exp(a) * 2.0 - pow(b, 0.5);
  auto const big = ctgrad::test::random_expr<7, 6>();
  double sink = 0;
  auto const allocations = ctgrad::test::count_allocations([&] {
    for (int i = 0; i != 100; ++i) {
      auto const r = grad(f, at<"a">(0.1 * i), at<"b">(1.5));
      sink += r.value + r[a] + r[b];
      sink += eval(f, 0.5, 1.5);
      sink += hessian(f, 0.5, 1.5).matrix[0][1];
      for_each_node(f, [&](auto const& n) { sink += n.grad; }, 0.5, 1.5);
      std::array<double, variables_of(big).size()> in{};
      in.fill(0.3 + 0.01 * i);
      sink += grad(big, in).gradient[0];
    }
  });
  CHECK(allocations == 0);
  CHECK(sink == sink);  // keeps the work observable
}
