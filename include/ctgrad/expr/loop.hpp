// ctgrad::expr loops: a compile-time sum whose terms are one pattern (x[2i], x[2i + 1] ...) as ONE node, computed
// on the lanes of SIMD batches; its pattern, placeholders, and the unrolled sum it stands for.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops/add.hpp>

namespace ctgrad::expr {

// `sum<N>(f)` calls f(idx<0>) ... f(idx<N-1>). When the terms are one pattern whose elements move with the index
// (term i reads x[2i] and x[2i + 1], or mu[10 k + i]) and hold no runtime constant, the sum is one node,
// `loop_sum<P, N>`, over the pattern P with the moving elements as `strided<V, S, O>` (element O + S i of V):
// - the reverse sweep and the forward pass run P on SIMD batches, one term per lane, gathering each input's
//   elements and scattering its gradient, so the sum costs about a SIMD loop (and compiles as one term does);
// - `derivative`, `hessian` and the tape see the unrolled sum it stands for (`unrolled_t<P, N>`).

namespace nodes {
/// Element `Offset + Stride * i` of the vector `V` (a vector variable or vector data) for the index i of a loop:
/// a leaf of a loop's pattern.
template <class V, long long Stride, long long Offset>
struct strided final : math::operand<strided<V, Stride, Offset>> {
  static constexpr std::string_view label = V::label;
};

/// The sum over i in [0, N) of the pattern `P` at i: one node of the graph, computed on SIMD lanes.
template <class P, std::size_t N>
struct loop_sum final : math::operand<loop_sum<P, N>> {};
}  // namespace nodes

namespace detail {

template <class V, long long S, long long O>
struct is_expression<nodes::strided<V, S, O>> : std::true_type {};
template <class P, std::size_t N>
struct is_expression<nodes::loop_sum<P, N>> : std::true_type {};

template <class E>
inline constexpr bool is_loop_v = false;
template <class P, std::size_t N>
inline constexpr bool is_loop_v<nodes::loop_sum<P, N>> = true;

template <class E>
inline constexpr bool is_strided_v = false;
template <class V, long long S, long long O>
inline constexpr bool is_strided_v<nodes::strided<V, S, O>> = true;

template <class V>
inline constexpr bool vector_is_variable_v = false;
template <ctgrad::detail::fixed_string L, std::size_t N>
inline constexpr bool vector_is_variable_v<nodes::vector_variable<L, N>> = true;

template <class V>
inline constexpr std::size_t vector_size_v = V::size;

// ---- the pattern of two terms, and the terms of a pattern -------------------------------------------------

/// The pattern of the terms `A` (at i = 0) and `B` (at i = 1): equal subtrees stay, elements of one vector at
/// a and b become `strided<V, b - a, a>`; `ok` is false where they differ otherwise.
template <class A, class B>
struct pattern_of {
  static constexpr bool ok = false;
  using type = void;
};
template <class A>
struct pattern_of<A, A> {
  static constexpr bool ok = true;
  using type = A;
};
template <class V, std::size_t I, std::size_t J>
  requires(I != J)
struct pattern_of<nodes::element<V, I>, nodes::element<V, J>> {
  static constexpr bool ok = true;
  using type = nodes::strided<V, static_cast<long long>(J) - static_cast<long long>(I), static_cast<long long>(I)>;
};
template <class Op, class... C, class... D>
  requires(sizeof...(C) == sizeof...(D) && !std::is_same_v<nodes::node<Op, C...>, nodes::node<Op, D...>>)
struct pattern_of<nodes::node<Op, C...>, nodes::node<Op, D...>> {
  static constexpr bool ok = (pattern_of<C, D>::ok && ...);
  using type = std::conditional_t<ok, nodes::node<Op, typename pattern_of<C, D>::type...>, void>;
};

/// The term of the pattern `P` at index `I`.
template <class P, std::size_t I>
struct term_of {
  using type = P;
};
template <class V, long long S, long long O, std::size_t I>
struct term_of<nodes::strided<V, S, O>, I> {
  using type = nodes::element<V, static_cast<std::size_t>(O + S * static_cast<long long>(I))>;
};
template <class Op, class... C, std::size_t I>
struct term_of<nodes::node<Op, C...>, I> {
  using type = nodes::node<Op, typename term_of<C, I>::type...>;
};
template <class P, std::size_t I>
using term_of_t = typename term_of<P, I>::type;

/// The sum `loop_sum<P, N>` stands for, unrolled (a balanced tree of additions): for symbolic derivatives and
/// for printing the terms.
template <std::size_t First, std::size_t N, class P>
constexpr auto unroll_range() {
  if constexpr (N == 1) return term_of_t<P, First>{};
  else return expr::plus(unroll_range<First, N / 2, P>(), unroll_range<First + N / 2, N - N / 2, P>());
}
template <class P, std::size_t N>
using unrolled_t = decltype(unroll_range<0, N, P>());

/// The unrolled sum a loop node stands for.
template <class P, std::size_t N>
[[nodiscard]] constexpr unrolled_t<P, N> unrolled_of(nodes::loop_sum<P, N> const&) noexcept {
  return {};
}

// ---- the input leaves of a pattern, and its placeholders ----------------------------------------------------

template <class T, class... Ts>
inline constexpr bool in_pack_v = (std::is_same_v<T, Ts> || ...);

template <class List, class E>
struct leaves_after;
template <class... L, class E>
  requires(is_input_v<E> || is_strided_v<E>)
struct leaves_after<std::tuple<L...>, E> {
  using type = std::conditional_t<in_pack_v<E, L...>, std::tuple<L...>, std::tuple<L..., E>>;
};
template <class... L, class E>
  requires(!is_input_v<E> && !is_strided_v<E> && arity_v<E> == 0)
struct leaves_after<std::tuple<L...>, E> {
  using type = std::tuple<L...>;
};
template <class List, class... C>
struct leaves_after_all;
template <class List>
struct leaves_after_all<List> {
  using type = List;
};
template <class List, class C0, class... C>
struct leaves_after_all<List, C0, C...> {
  using type = typename leaves_after_all<typename leaves_after<List, C0>::type, C...>::type;
};
template <class... L, class Op, class... C>
struct leaves_after<std::tuple<L...>, nodes::node<Op, C...>> {
  using type = typename leaves_after_all<std::tuple<L...>, C...>::type;
};
/// The distinct input leaves of a pattern (strided elements, fixed elements, variables, data), first seen first.
template <class P>
using leaves_of_t = typename leaves_after<std::tuple<>, P>::type;

/// What a loop reads for its k-th placeholder at index i: element `offset + stride * i` of the input `label`.
struct placeholder_info {
  std::string_view label;
  long long stride;
  long long offset;
  bool differentiable;
  std::size_t extent;  // of the input: the vector's size, or 0 for a scalar
};

template <class Leaf>
consteval placeholder_info placeholder_of() {
  if constexpr (is_strided_v<Leaf>) {
    return []<class V, long long S, long long O>(nodes::strided<V, S, O> const*) {
      return placeholder_info{V::label, S, O, vector_is_variable_v<V>, V::size};
    }(static_cast<Leaf const*>(nullptr));
  } else {
    return placeholder_info{Leaf::label, 0, static_cast<long long>(input_leaf<Leaf>::index), input_leaf<Leaf>::differentiable,
                            input_leaf<Leaf>::extent};
  }
}

/// The label of placeholder k: one character, so that sorted labels are in the order of k.
template <std::size_t K>
inline constexpr ctgrad::detail::fixed_string<1> placeholder_label{std::string_view{"ABCDEFGHIJKLMNOP"}.substr(K, 1)};

template <class Leaf, std::size_t K>
using placeholder_t = std::conditional_t<placeholder_of<Leaf>().differentiable, nodes::variable<placeholder_label<K>>,
                                         nodes::data<placeholder_label<K>>>;

template <class T, class Tuple>
struct index_in_tuple;
template <class T, class... L>
struct index_in_tuple<T, std::tuple<L...>> {
  static constexpr std::size_t value = [] {
    constexpr bool same[] = {std::is_same_v<T, L>...};
    std::size_t i = 0;
    while (!same[i]) ++i;
    return i;
  }();
};

/// The pattern with each input leaf replaced by its placeholder: the expression the loop sweeps on a batch.
template <class P, class Leaves>
struct with_placeholders {
  using type = P;
};
template <class P, class Leaves>
  requires(is_input_v<P> || is_strided_v<P>)
struct with_placeholders<P, Leaves> {
  using type = placeholder_t<P, index_in_tuple<P, Leaves>::value>;
};
template <class Op, class... C, class Leaves>
struct with_placeholders<nodes::node<Op, C...>, Leaves> {
  using type = nodes::node<Op, typename with_placeholders<C, Leaves>::type...>;
};

/// A loop's pattern, placeholders and size, as its sweep reads them.
template <class Loop>
struct loop_traits;
template <class P, std::size_t N>
struct loop_traits<nodes::loop_sum<P, N>> {
  using leaves = leaves_of_t<P>;
  static constexpr std::size_t count = std::tuple_size_v<leaves>;
  using pattern = typename with_placeholders<P, leaves>::type;
  static constexpr std::size_t terms = N;
  static constexpr std::array<placeholder_info, count> placeholders = []<class... L>(std::tuple<L...> const*) {
    return std::array<placeholder_info, count>{placeholder_of<L>()...};
  }(static_cast<leaves const*>(nullptr));

  /// For each placeholder that reads x[2i + o] of a variable whose placeholder x[2i + o + 1] the loop reads too, that
  /// one's number (their gradients are added to memory interleaved, in whole registers); `no_partner` otherwise,
  /// and `odd_partner` for the second of such a pair.
  static constexpr std::size_t no_partner = static_cast<std::size_t>(-1);
  static constexpr std::size_t odd_partner = static_cast<std::size_t>(-2);
  static constexpr std::array<std::size_t, count> partner = [] {
    std::array<std::size_t, count> out{};
    for (std::size_t j = 0; j != count; ++j) out[j] = no_partner;
    for (std::size_t j = 0; j != count; ++j) {
      placeholder_info const& p = placeholders[j];
      if (!p.differentiable || p.stride != 2 || out[j] != no_partner) continue;
      for (std::size_t k = 0; k != count; ++k) {
        placeholder_info const& q = placeholders[k];
        if (out[k] == no_partner && q.label == p.label && q.stride == 2 && q.offset == p.offset + 1) {
          out[j] = k;
          out[k] = odd_partner;
          break;
        }
      }
    }
    return out;
  }();

  /// The distinct labels the loop reads (each once), for the graph's list of inputs.
  static constexpr auto labels = [] {
    std::array<placeholder_info, count> out{};
    std::size_t n = 0;
    for (placeholder_info const& p : placeholders) {
      bool seen = false;
      for (std::size_t i = 0; i != n; ++i) seen = seen || out[i].label == p.label;
      if (!seen) out[n++] = p;
    }
    return std::pair{out, n};
  }();
};

/// The most placeholders a loop takes (one letter each), and the most distinct inputs.
inline constexpr std::size_t max_loop_placeholders = 16;
inline constexpr std::size_t max_loop_inputs = 4;

/// The terms `T...` are one pattern, of at least `min_loop_terms` terms, with no runtime constant, no loop inside
/// and few enough inputs: `loop_form<T...>::type` is then their `loop_sum`.
inline constexpr std::size_t min_loop_terms = 4;

template <class E>
consteval bool contains_loop() {
  if constexpr (is_loop_v<E>) return true;
  else if constexpr (arity_v<E> == 0) return false;
  else return []<class Op, class... C>(nodes::node<Op, C...> const*) { return (contains_loop<C>() || ...); }(static_cast<E const*>(nullptr));
}

/// All of `T...` are pure (an array, not a fold: clang limits folds to 256 operands).
template <class... T>
inline constexpr bool all_pure_v = [] {
  constexpr bool pure[] = {true, is_pure_v<T>...};
  for (bool p : pure) {
    if (!p) return false;
  }
  return true;
}();

template <class... T>
struct loop_form {
  static constexpr bool ok = false;
};
template <class T0, class T1, class... T>
  requires(sizeof...(T) + 2 >= min_loop_terms && Expression<T0> && is_pure_v<T0> && all_pure_v<T...>)
struct loop_form<T0, T1, T...> {
  using pattern = pattern_of<T0, T1>;
  static constexpr bool ok = [] {
    if constexpr (!pattern::ok) {
      return false;
    } else {
      using P = typename pattern::type;
      return []<std::size_t... I>(std::index_sequence<I...>) {
        // (an array, not a fold: clang limits folds to 256 operands)
        constexpr bool same[] = {true, std::is_same_v<term_of_t<P, I + 2>, T>...};
        for (bool b : same) {
          if (!b) return false;
        }
        return true;
      }(std::index_sequence_for<T...>{}) &&
             std::tuple_size_v<leaves_of_t<P>> <= max_loop_placeholders && loop_traits<nodes::loop_sum<P, 2>>::labels.second <= max_loop_inputs &&
             !contains_loop<P>();
    }
  }();
};

// ---- the traits of the graph utilities, for the new leaves ---------------------------------------------

template <class V, long long S, long long O>
inline constexpr bool is_active_v<nodes::strided<V, S, O>> = vector_is_variable_v<V>;
template <class P, std::size_t N>
inline constexpr bool is_active_v<nodes::loop_sum<P, N>> = is_active_v<P>;

template <class P, std::size_t N, class V>
inline constexpr bool occurs_v<nodes::loop_sum<P, N>, V> = occurs_v<unrolled_t<P, N>, V>;

template <class V, long long S, long long O>
inline constexpr std::uint64_t hash_v<nodes::strided<V, S, O>> =
    hash_mix(hash_mix(hash_mix(7, hash_text(V::label)), static_cast<std::uint64_t>(S)), static_cast<std::uint64_t>(O));
template <class P, std::size_t N>
inline constexpr std::uint64_t hash_v<nodes::loop_sum<P, N>> = hash_mix(hash_mix(8, hash_v<P>), N);

}  // namespace detail

}  // namespace ctgrad::expr
