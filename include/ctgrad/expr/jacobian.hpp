// ctgrad::outputs, jacobian, jvp and vjp: several outputs differentiated together, in reverse or forward mode.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include <ctgrad/detail/inline.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/sweep.hpp>

namespace ctgrad::expr {

/// Expressions differentiated together (a residual vector, as a Ceres cost function returns): one graph, each
/// subexpression they share computed once. `jacobian(outputs(r0, r1), at<"camera">(c), at<"point">(p))`.
struct outputs_fn {
  template <Expression... E>
    requires(sizeof...(E) > 0)
  [[nodiscard]] constexpr nodes::outputs<E...> operator()(E const&... e) const noexcept {
    return {std::tuple<E...>{e...}};
  }
};
inline constexpr outputs_fn outputs{};

/// How `jacobian` computes: one reverse sweep per output (after one shared forward pass), or one tangent pass
/// per variable; `automatic` takes reverse when there are no more outputs than variables.
enum class mode { automatic, reverse, forward };

namespace detail {
/// An expression, or several: what jacobian, jvp and vjp take.
template <class F>
concept Differentiable = Expression<F> || is_outputs_v<F>;

template <class F>
inline constexpr std::size_t outputs_of_v = graph<F>::output_count;
}  // namespace detail

/// What `jacobian(f, inputs...)` returns: the outputs' values and the M x N matrix of d output_i / d x_j,
/// row-major (`matrix[i * N + j]`), variables in the order of `variables_of` (labels sorted, vectors element by
/// element); `J(i, j)` reads one entry.
template <Scalar S, class F>
struct jacobian_result {
  static constexpr std::size_t rows = detail::outputs_of_v<F>;
  static constexpr std::size_t cols = detail::graph<F>::variable_count;

  std::array<S, rows> value;
  std::array<S, rows * cols> matrix;

  [[nodiscard]] constexpr S const& operator()(std::size_t i, std::size_t j) const noexcept { return matrix[i * cols + j]; }
};

/// The Jacobian of several outputs (or the gradient of one, as a 1 x N matrix) at one point, inputs bound as for
/// `grad`. One forward pass computes every distinct node once; then `mode::reverse` runs the reverse sweeps of all
/// outputs together (each node's local derivatives once, applied to every output's adjoint), `mode::forward` one
/// tangent pass per variable, and `mode::automatic` (`jacobian`) the cheaper of the two by count. Nothing is
/// allocated.
///
///     auto J = jacobian(outputs(x * y, sin(x)), at<"x">(0.5), at<"y">(2.0));   // J(0, 1) == 0.5, J(1, 0) == cos(0.5)
template <mode Mode>
struct jacobian_fn {
  template <detail::Differentiable F, class... In>
    requires detail::valid_binding<F, In...>
  [[nodiscard]] CTGRAD_INLINE constexpr auto operator()(F const& f, In const&... inputs) const
      noexcept(!detail::checked_at_run_time_v<In...>) {
    using S = detail::scalar_of_t<In...>;
    using g = detail::graph<F>;
    constexpr std::size_t m = g::output_count;
    constexpr std::size_t n = g::variable_count;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    jacobian_result<S, F> r;  // every value and entry is written below: no zeroing of M x N first
    detail::sweep<F, F, S> sw;
    sw.forward(f, in.variables.data(), in.data.data());
    [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
      ((r.value[M] = sw.value[g::roots[M]]), ...);
    }(std::make_index_sequence<m>{});
    if constexpr (Mode == mode::reverse || (Mode == mode::automatic && m <= n)) {
      if constexpr (m == 1) sw.template backward_output<0>(r.matrix.data());
      else sw.template backward_outputs<m>(r.matrix.data());
    } else {
      std::array<S, n == 0 ? 1 : n> direction{};
      for (std::size_t j = 0; j != n; ++j) {
        for (std::size_t k = 0; k != n; ++k) direction[k] = ctgrad::detail::numeric::broadcast<S>(k == j ? 1 : 0);
        sw.tangent(direction.data());
        [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
          ((r.matrix[M * n + j] = tangent_of<g::roots[M]>(sw)), ...);
        }(std::make_index_sequence<m>{});
      }
    }
    return r;
  }
  template <detail::Differentiable F, class... In>
    requires(!detail::valid_binding<F, In...>)
  constexpr auto operator()(F const&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }

 private:
  /// The tangent of slot `K` after a tangent pass: 0 for a slot that depends on no variable.
  template <std::size_t K, class Sweep>
  CTGRAD_INLINE static constexpr auto tangent_of(Sweep const& sw) noexcept {
    using S = typename decltype(sw.value)::value_type;
    if constexpr (Sweep::g::slots[K].active) return sw.adjoint[K];
    else return ctgrad::detail::numeric::broadcast<S>(0);
  }
};
inline constexpr jacobian_fn<mode::automatic> jacobian{};
/// `jacobian` by one reverse sweep per output.
inline constexpr jacobian_fn<mode::reverse> jacobian_reverse{};
/// `jacobian` by one tangent pass per variable (forward mode).
inline constexpr jacobian_fn<mode::forward> jacobian_forward{};

/// What `jvp` returns: the value(s) of f and their derivative along the direction.
template <Scalar S, std::size_t M>
struct jvp_result {
  std::array<S, M> value;
  std::array<S, M> tangent;
};

/// The Jacobian-vector product: the value of `f` (an expression or `outputs(...)`) and its directional
/// derivative J v, by one forward pass and one tangent pass (forward mode). `direction` holds one tangent per
/// variable, in the order of `variables_of(f)`; inputs are bound as for `grad`.
///
///     auto r = jvp(x * y, std::array{1.0, 0.0}, at<"x">(3.0), at<"y">(2.0));   // r.tangent[0] == 2
struct jvp_fn {
  template <detail::Differentiable F, class T, std::size_t N, class... In>
    requires detail::valid_binding<F, In...> && (N == detail::graph<F>::variable_count)
  [[nodiscard]] CTGRAD_INLINE constexpr auto operator()(F const& f, std::array<T, N> const& direction, In const&... inputs) const
      noexcept(!detail::checked_at_run_time_v<In...>) {
    using S = detail::scalar_of_t<In...>;
    using g = detail::graph<F>;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    std::array<S, N == 0 ? 1 : N> v{};
    for (std::size_t i = 0; i != N; ++i) v[i] = detail::to_scalar<S>(direction[i]);
    detail::sweep<F, F, S> sw;
    sw.forward(f, in.variables.data(), in.data.data());
    sw.tangent(v.data());
    jvp_result<S, g::output_count> r{};
    [&]<std::size_t... M>(std::index_sequence<M...>) __attribute__((always_inline)) {
      ((r.value[M] = sw.value[g::roots[M]],
        r.tangent[M] = g::slots[g::roots[M]].active ? sw.adjoint[g::roots[M]] : ctgrad::detail::numeric::broadcast<S>(0)),
       ...);
    }(std::make_index_sequence<g::output_count>{});
    return r;
  }
  template <detail::Differentiable F, class T, std::size_t N, class... In>
    requires(!detail::valid_binding<F, In...> || N != detail::graph<F>::variable_count)
  constexpr auto operator()(F const&, std::array<T, N> const&, In const&...) const {
    if constexpr (!detail::valid_binding<F, In...>) detail::diagnose_binding<F, In...>();
    else static_assert(detail::dependent_false<F>, "ctgrad::jvp(f, v, inputs...): v must hold one tangent per variable of f (see variables_of(f))");
  }
};
inline constexpr jvp_fn jvp{};

/// What `vjp` returns: the value(s) of f and the gradient of w . f (one entry per variable of f).
template <Scalar S, std::size_t M, std::size_t N>
struct vjp_result {
  std::array<S, M> value;
  std::array<S, N> gradient;
};

/// The vector-Jacobian product: the value(s) of `f` and w^T J, the gradient of the weighted sum of the outputs,
/// by one forward pass and one reverse sweep seeded with `weights` (one per output, in order).
///
///     auto r = vjp(outputs(x * y, x + y), std::array{1.0, 2.0}, at<"x">(3.0), at<"y">(2.0));   // gradient {4, 5}
struct vjp_fn {
  template <detail::Differentiable F, class T, std::size_t M, class... In>
    requires detail::valid_binding<F, In...> && (M == detail::graph<F>::output_count)
  [[nodiscard]] CTGRAD_INLINE constexpr auto operator()(F const& f, std::array<T, M> const& weights, In const&... inputs) const
      noexcept(!detail::checked_at_run_time_v<In...>) {
    using S = detail::scalar_of_t<In...>;
    using g = detail::graph<F>;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    std::array<S, M> w{};
    for (std::size_t i = 0; i != M; ++i) w[i] = detail::to_scalar<S>(weights[i]);
    detail::sweep<F, F, S> sw;
    sw.forward(f, in.variables.data(), in.data.data());
    vjp_result<S, M, g::variable_count> r{};
    sw.backward_seeded(w.data(), r.gradient.data());
    for (std::size_t i = 0; i != M; ++i) r.value[i] = sw.value[g::roots[i]];
    return r;
  }
  template <detail::Differentiable F, class T, std::size_t M, class... In>
    requires(!detail::valid_binding<F, In...> || M != detail::graph<F>::output_count)
  constexpr auto operator()(F const&, std::array<T, M> const&, In const&...) const {
    if constexpr (!detail::valid_binding<F, In...>) detail::diagnose_binding<F, In...>();
    else static_assert(detail::dependent_false<F>, "ctgrad::vjp(f, w, inputs...): w must hold one weight per output of f");
  }
};
inline constexpr vjp_fn vjp{};

}  // namespace ctgrad::expr
