// ctgrad::nn::FlattenConsecutive: the course's reshape of a sequence into groups of consecutive positions (part 5).
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/embedding.hpp>
#include <ctgrad/nn/ops/flatten.hpp>

namespace ctgrad::nn {

namespace detail {

template <std::size_t N, class X>
struct flattened {
  using type = node<op::flatten_consecutive<N>, X>;
};
// An embedding lookup writes any grouping of its positions directly: the reshape is folded into it.
template <std::size_t N, std::size_t K, class Tokens, class Table>
struct flattened<N, node<op::embedding<K>, Tokens, Table>> {
  using type = node<op::embedding<K * N>, Tokens, Table>;
};

}  // namespace detail

/// Joins each `N` consecutive positions of a sequence (held as rows: (B·T)×C) into one of N·C features:
/// (B·T/N)×(N·C), the same numbers in the same order. After an Embedding it is part of the lookup; after
/// anything else, a copy.
template <std::size_t N>
  requires(N > 0)
struct FlattenConsecutive : stateless_layer {
  static constexpr std::string_view name = "FlattenConsecutive";
  template <Numbers X, std::size_t Offset>
    requires(detail::rows_v<X> % N == 0)
  using apply = typename detail::flattened<N, X>::type;
};

}  // namespace ctgrad::nn
