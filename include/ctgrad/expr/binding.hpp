// ctgrad::expr::at<"a">(v) and the rules that turn the inputs of grad/eval into one array of scalars.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/detail/inline.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/graph.hpp>

namespace ctgrad::expr {

namespace detail {

/// A value bound to the variable labelled `L`: what `at<"a">(2.0)` returns.
template <ctgrad::detail::fixed_string L, class T>
struct bound {
  static constexpr std::string_view label = L.view();
  T value;
};

template <class T>
inline constexpr bool is_bound_v = false;
template <ctgrad::detail::fixed_string L, class T>
inline constexpr bool is_bound_v<bound<L, T>> = true;

template <class T>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

template <class T>
struct input_value {
  using type = T;
};
template <ctgrad::detail::fixed_string L, class T>
struct input_value<bound<L, T>> {
  using type = T;
};
template <class T, std::size_t N>
struct input_value<std::array<T, N>> {
  using type = T;
};
template <class T>
using input_value_t = typename input_value<std::remove_cvref_t<T>>::type;

/// The scalar one input computes in: integers are promoted to `double`.
template <class T>
using promoted_t = std::conditional_t<std::is_integral_v<T>, double, T>;

template <class A, class B>
struct common_scalar {
  using type = std::conditional_t<is_batch<A>::value, A,
                                  std::conditional_t<is_batch<B>::value, B, std::common_type_t<A, B>>>;
};

/// The Scalar of a call: the batch type if any input is a batch, else the common floating type.
template <class... In>
struct scalar_of {
  using type = double;
};
template <class T, class... In>
struct scalar_of<T, In...> {
  using type = promoted_t<std::remove_cvref_t<T>>;
};
template <class T, class U, class... In>
struct scalar_of<T, U, In...> {
  using type = typename scalar_of<typename common_scalar<promoted_t<std::remove_cvref_t<T>>,
                                                         promoted_t<std::remove_cvref_t<U>>>::type,
                                  In...>::type;
};
template <class... In>
using scalar_of_t = typename scalar_of<input_value_t<In>...>::type;

/// One input converted to the scalar of the call.
template <Scalar S, class T>
[[nodiscard]] constexpr S to_scalar(T const& x) noexcept {
  if constexpr (std::is_same_v<S, T>) return x;
  else if constexpr (Number<T>) return broadcast<S>(x);
  else return S(x);
}

// ---- classification of a call's inputs ----------------------------------------------------------

template <class F, class... In>
inline constexpr bool positional_inputs_v = (Input<In> && ...) && (!is_bound_v<std::remove_cvref_t<In>> && ...);

template <class F, class... In>
inline constexpr bool labelled_inputs_v = sizeof...(In) > 0 && (is_bound_v<std::remove_cvref_t<In>> && ...);

template <class F, class... In>
inline constexpr bool array_input_v = false;
template <class F, class T, std::size_t N>
inline constexpr bool array_input_v<F, std::array<T, N>> = Input<T>;

/// Every label names a variable of `F`.
template <class F, class... In>
inline constexpr bool labels_known_v = ((graph<F>::index_of(std::remove_cvref_t<In>::label) != no_slot) && ...);

/// No two inputs bind the same label.
template <class... In>
inline constexpr bool labels_distinct_v = [] {
  std::array<std::string_view, sizeof...(In)> const labels{std::remove_cvref_t<In>::label...};
  for (std::size_t i = 0; i != labels.size(); ++i) {
    for (std::size_t j = 0; j != i; ++j) {
      if (labels[i] == labels[j]) return false;
    }
  }
  return true;
}();

template <class F, class... In>
inline constexpr std::size_t input_count_v = sizeof...(In);
template <class F, class T, std::size_t N>
inline constexpr std::size_t input_count_v<F, std::array<T, N>> = N;

template <class F, class... In>
consteval bool valid_inputs() {
  if constexpr (array_input_v<F, std::remove_cvref_t<In>...>) {
    return input_count_v<F, std::remove_cvref_t<In>...> == graph<F>::variable_count;
  } else if constexpr (labelled_inputs_v<F, In...>) {
    if constexpr (!(Input<input_value_t<In>> && ...)) return false;
    else if constexpr (!labels_known_v<F, In...>) return false;
    else return labels_distinct_v<In...> && sizeof...(In) == graph<F>::variable_count;
  } else if constexpr (positional_inputs_v<F, In...>) {
    return sizeof...(In) == graph<F>::variable_count;
  } else {
    return false;
  }
}

/// The inputs of a call bind every variable of `F` exactly once: all by position (in the order of
/// `variables_of(f)`), all by label (`at<"a">(v)`, any order), or as one `std::array` in variable order.
template <class F, class... In>
concept valid_binding = Expression<F> && valid_inputs<F, In...>();

template <class>
inline constexpr bool dependent_false = false;

/// The one-sentence diagnosis of a binding that is not valid (the first rule it breaks).
template <class F, class... In>
constexpr void diagnose_binding() {
  if constexpr (array_input_v<F, std::remove_cvref_t<In>...>) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): the number of inputs must equal the number of variables of f (see variables_of(f))");
  } else if constexpr (!((Input<In> || is_bound_v<std::remove_cvref_t<In>>) && ...)) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): every input must be a number or an xsimd::batch of float or double");
  } else if constexpr (!labelled_inputs_v<F, In...> && !positional_inputs_v<F, In...>) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): bind either every input by label with at<x>(v) or none");
  } else if constexpr (labelled_inputs_v<F, In...>) {
    if constexpr (!labels_known_v<F, In...>) {
      static_assert(dependent_false<F>, "ctgrad::grad/eval(f, at<x>(v)...): a label is not a variable of f (see variables_of(f))");
    } else if constexpr (!labels_distinct_v<In...>) {
      static_assert(dependent_false<F>, "ctgrad::grad/eval(f, at<x>(v)...): each variable of f must be bound exactly once");
    } else {
      static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): the number of inputs must equal the number of variables of f (see variables_of(f))");
    }
  } else {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): the number of inputs must equal the number of variables of f (see variables_of(f))");
  }
}

/// The inputs of a valid call as one array, in the order of `variables_of(f)`.
template <class F, Scalar S, class... In>
[[nodiscard]] CTGRAD_INLINE constexpr std::array<S, graph<F>::variable_count> gather_inputs(In const&... in) noexcept {
  constexpr std::size_t n = graph<F>::variable_count;
  if constexpr (array_input_v<F, In...>) {
    std::array<S, n> out{};
    auto const& a = (in, ...);
    for (std::size_t i = 0; i != n; ++i) out[i] = to_scalar<S>(a[i]);
    return out;
  } else if constexpr (labelled_inputs_v<F, In...>) {
    std::array<S, n> out{};
    ((out[graph<F>::index_of(In::label)] = to_scalar<S>(in.value)), ...);
    return out;
  } else {
    return std::array<S, n>{to_scalar<S>(in)...};
  }
}

}  // namespace detail

/// Binds a value to the variable labelled `L` for grad/eval/hessian: `grad(f, at<"a">(2.0), at<"b">(-3.0))`.
template <ctgrad::detail::fixed_string L>
struct at_fn {
  template <Input T>
  [[nodiscard]] constexpr detail::bound<L, std::remove_cvref_t<T>> operator()(T const& value) const noexcept {
    return {value};
  }
  template <class T>
    requires(!Input<T>)
  void operator()(T const&) const {
    static_assert(detail::dependent_false<T>, "ctgrad::at<x>(v): v must be a number or an xsimd::batch of float or double");
  }
};
template <ctgrad::detail::fixed_string L>
inline constexpr at_fn<L> at{};

}  // namespace ctgrad::expr
