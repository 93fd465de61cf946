// ctgrad::nn::bindings, ctgrad::nn::detail::workspace and the tensor sweep: what a graph reads, per-slot storage of
// fixed-shape aligned tensors, the forward pass and the reverse sweep generated from a tensor expression's type.
// nn::program (program.hpp) is the public way to run them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/inline.hpp>
#include <ctgrad/nn/graph.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::nn {

/// Whether a model runs training or evaluating (see bindings::training).
enum class mode : bool { evaluation, training };

/// Where a program keeps its nodes' adjoints. `shared`: in one arena, where adjoints whose lives in the reverse
/// sweep do not overlap take the same memory (laid out at compile time, detail::plan_adjoints): the least memory,
/// and an adjoint is gone once the sweep has passed its node. `kept`: each node its own, all readable after the
/// sweep (program::adjoint, the course's `retain_grad()` for diagnostics).
enum class adjoints : bool { shared, kept };

/// What the leaves of a graph read when it runs (nn::program): the model's parameters and gradients, the bound
/// inputs (0: samples, 1: targets), runtime constants (such as an L2 coefficient), the model's buffers (state that
/// is not trained, as a BatchNorm1d's running statistics) and whether the model is training (a BatchNorm1d then
/// normalises by the batch's statistics and updates its running ones) or evaluating.
template <class T>
struct bindings {
  T const* parameters = nullptr;
  T* gradients = nullptr;
  void const* inputs[2] = {nullptr, nullptr};
  void* input_gradients[2] = {nullptr, nullptr};  // for differentiable inputs
  T constants[2] = {T(0), T(0)};
  T* buffers = nullptr;
  bool training = false;
};

}  // namespace ctgrad::nn

namespace ctgrad::nn::detail {

/// An op's extra per-slot state (`Op::state<T, N>`, e.g. the softmax a loss keeps for its backward rule),
/// or nothing.
struct no_state {};
template <class Op, class T, class N>
struct op_state {
  using type = no_state;
};
template <class Op, class T, class N>
  requires requires { typename Op::template state<T, N>; }
struct op_state<Op, T, N> {
  using type = typename Op::template state<T, N>;
};

/// The storage of one slot: nothing for a leaf (its values live in the model or the caller's batch); a
/// value, its own adjoint (only with `OwnAdjoint`: a workspace for gradients that keeps them, and an active node)
/// and the op's state for an op node.
template <class T, class N, bool OwnAdjoint, bool Op = is_op_v<N>>
struct slot_state {};
template <class T, class N, bool OwnAdjoint>
struct slot_state<T, N, OwnAdjoint, true> {
  simd::aligned_array<T, elements_v<N>> value;
  [[no_unique_address]] simd::aligned_array<T, (OwnAdjoint && is_active_v<N>) ? elements_v<N> : 0> adjoint;
  [[no_unique_address]] typename op_state<expr::detail::op_t<N>, T, N>::type state;
};

/// Every slot's storage for graph `G`: a tuple of fixed-shape aligned tensors, and with gradients the adjoints
/// (in the slots, or in one arena laid out by G::adjoint_plan). Owned by whoever runs the graph (a trainer keeps
/// one for all its steps), so running the graph allocates nothing.
template <class T, class G, bool Grad, adjoints A, class = std::make_index_sequence<G::size>>
struct workspace;
template <class T, class G, bool Grad, adjoints A, std::size_t... K>
struct workspace<T, G, Grad, A, std::index_sequence<K...>> {
  using graph_type = G;
  static constexpr bool gradients = Grad;
  static constexpr bool kept = Grad && A == adjoints::kept;
  std::tuple<slot_state<T, typename G::template at<K>, kept>...> slots;
  [[no_unique_address]] simd::aligned_array<T, (Grad && !kept) ? G::adjoint_plan.size : 0> arena;

  /// Slot S's adjoint.
  template <std::size_t S>
  CTGRAD_INLINE T* adjoint() noexcept {
    if constexpr (kept) return std::get<S>(slots).adjoint.data();
    else return arena.data() + G::adjoint_plan.offset[S];
  }
  template <std::size_t S>
  CTGRAD_INLINE T const* adjoint() const noexcept {
    if constexpr (kept) return std::get<S>(slots).adjoint.data();
    else return arena.data() + G::adjoint_plan.offset[S];
  }
};

/// What an op's rules see of slot `K`: their own value, adjoint and state, and their operands' values and
/// adjoints, wherever those live (workspace, parameter block, bound input).
template <class T, class G, std::size_t K, class W>
struct rule_view {
  W& ws;
  bindings<T> const& b;

  using value_type = T;
  using node_type = typename G::template at<K>;
  static constexpr slot_info self = G::slots[K];
  template <std::size_t I>
  using operand_type = typename G::template at<self.operand[I]>;
  /// Operand I has an adjoint to write.
  template <std::size_t I>
  static constexpr bool active = G::slots[self.operand[I]].active;
  /// This edge writes operand I's adjoint first: store, do not add.
  template <std::size_t I>
  static constexpr bool first = self.first[I];

  CTGRAD_INLINE T* value() const noexcept { return std::get<K>(ws.slots).value.data(); }
  CTGRAD_INLINE T* adjoint() const noexcept { return ws.template adjoint<K>(); }
  CTGRAD_INLINE auto& state() const noexcept { return std::get<K>(ws.slots).state; }
  CTGRAD_INLINE T constant(std::size_t i) const noexcept { return b.constants[i]; }
  CTGRAD_INLINE T* buffers() const noexcept { return b.buffers; }
  CTGRAD_INLINE bool training() const noexcept { return b.training; }

  template <std::size_t I>
  CTGRAD_INLINE auto operand() const noexcept {
    using N = operand_type<I>;
    if constexpr (is_op_v<N>) return static_cast<T const*>(std::get<self.operand[I]>(ws.slots).value.data());
    else if constexpr (is_parameter_v<N>) return b.parameters + N::offset;
    else if constexpr (is_labels_v<N>) return static_cast<std::int32_t const*>(b.inputs[N::id]);
    else return static_cast<T const*>(b.inputs[N::id]);
  }
  template <std::size_t I>
  CTGRAD_INLINE T* operand_adjoint() const noexcept {
    using N = operand_type<I>;
    static_assert(G::slots[self.operand[I]].active, "ctgrad::nn: an op rule asked for the adjoint of an inactive operand");
    if constexpr (is_op_v<N>) return ws.template adjoint<self.operand[I]>();
    else if constexpr (is_parameter_v<N>) return b.gradients + N::offset;
    else return static_cast<T*>(b.input_gradients[N::id]);
  }
};

/// The instruction set for a kernel whose registers run along `N` elements of `T`: the build's default,
/// unless `N` is less than one default register (AVX-512) and so would run on one masked register: then
/// AVX2. Tiny layers (the course's MLP(3, [4, 4, 1]): rows of 4 doubles) run on whole 256-bit registers,
/// and the next op's loads are not stalled behind masked stores; wide ones keep the full width.
#if XSIMD_WITH_AVX512F && XSIMD_WITH_FMA3_AVX2
template <class T, std::size_t N>
using arch_for = std::conditional_t<(N < xsimd::batch<T, xsimd::default_arch>::size), xsimd::fma3<xsimd::avx2>, xsimd::default_arch>;
#else
template <class T, std::size_t N>
using arch_for = xsimd::default_arch;
#endif

/// dst = a·x (when `First`) or dst += a·x, over N elements.
template <bool First, std::size_t N, class T>
CTGRAD_INLINE void put_scaled(T a, T const* x, T* dst) noexcept {
  if constexpr (First) {
    for (std::size_t i = 0; i < N; ++i) dst[i] = a * x[i];
  } else {
    simd::axpy<N, arch_for<T, N>>(a, x, dst);
  }
}

template <class T, class G, std::size_t K, class W>
CTGRAD_INLINE void forward_slot(W& ws, bindings<T> const& b) noexcept {
  using N = typename G::template at<K>;
  if constexpr (is_op_v<N>) expr::detail::op_t<N>::forward(rule_view<T, G, K, W>{ws, b});
}

template <class T, class G, std::size_t K, class W>
CTGRAD_INLINE void backward_slot(W& ws, bindings<T> const& b) noexcept {
  using N = typename G::template at<K>;
  if constexpr (is_op_v<N> && G::slots[K].active) expr::detail::op_t<N>::backward(rule_view<T, G, K, W>{ws, b});
}

/// Forward pass: every distinct node once, operands first. Returns the root's value.
template <class T, class W>
CTGRAD_INLINE T const* forward(W& ws, bindings<T> const& b) noexcept {
  using G = typename W::graph_type;
  [&]<std::size_t... K>(std::index_sequence<K...>) __attribute__((always_inline)) {
    (forward_slot<T, G, K>(ws, b), ...);
  }(std::make_index_sequence<G::size>{});
  return std::get<G::root>(ws.slots).value.data();
}

/// Reverse sweep from the (scalar) root, seeded with 1: every active node once, users before operands;
/// parameter adjoints are added to `b.gradients`.
template <class T, class W>
CTGRAD_INLINE void backward(W& ws, bindings<T> const& b) noexcept {
  using G = typename W::graph_type;
  static_assert(W::gradients, "ctgrad::nn: the reverse sweep needs a workspace with adjoints");
  using R = typename G::template at<G::root>;
  static_assert(elements_v<R> == 1, "ctgrad::nn: the reverse sweep starts from a scalar (a loss)");
  if constexpr (G::slots[G::root].active) {
    ws.template adjoint<G::root>()[0] = T(1);
    [&]<std::size_t... J>(std::index_sequence<J...>) __attribute__((always_inline)) {
      (backward_slot<T, G, G::size - 1 - J>(ws, b), ...);
    }(std::make_index_sequence<G::size>{});
  }
}

}  // namespace ctgrad::nn::detail
