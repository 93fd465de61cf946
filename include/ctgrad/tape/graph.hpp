// ctgrad::tape::graph and ctgrad::tape::value: micrograd's Value on a fast, contiguous runtime tape.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <ctgrad/expr/function.hpp>
#include <ctgrad/expr/ops.hpp>

namespace ctgrad::tape {

/// A plain number that may stand on either side of a tape operation (micrograd wraps it in a `Value`).
template <class T>
concept Number = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

struct node;

/// What the tape keeps of an op: its name and arity, and its reverse rule, all read from the op's one
/// definition (`ctgrad::op_traits`); one constant per op, shared by every node of that op.
struct op_rule {
  std::string_view name;
  ctgrad::notation notation;
  unsigned arity;
  /// Adds `n.grad` times n's local derivatives to the grads of its operand nodes, and marks them reached.
  void (*backward)(node* nodes, node const& n) noexcept;
};

/// One node of the tape. Nodes live contiguously in their graph; children are indices of earlier nodes,
/// so the order of the tape is already a topological order.
struct node {
  double data = 0;
  double grad = 0;
  double number = 0;  // a power's plain-number exponent (micrograd's `a**2`), read through child index `inline_number`
  std::uint32_t child[3] = {npos, npos, npos};  // a custom node: child[0] indexes the graph's custom records
  std::uint32_t label = 0;        // 0: none; otherwise 1 + index into the graph's labels
  op_rule const* rule = nullptr;  // null for a leaf (an input, a parameter or a constant)
  std::uint8_t children = 0;      // the operands that are nodes (child[0] ...; an inline number is not one)
  bool custom = false;            // a node recorded with its partial derivatives (graph::push_custom)
  bool reached = false;           // scratch flag of backward()

  static constexpr std::uint32_t npos = 0xFFFFFFFFU;
  static constexpr std::uint32_t inline_number = 0xFFFFFFFEU;

  [[nodiscard]] bool is_leaf() const noexcept { return rule == nullptr && !custom; }
};

namespace detail {

/// The reverse rule of `Op` on the tape: the contribution `vjp<I>` of the op's definition, into each operand
/// that is a node and passes a gradient, which it marks for the sweep to visit.
template <class Op>
void backward(node* nodes, node const& n) noexcept {
  constexpr std::size_t arity = op_traits<Op>::arity;
  auto const operand = [&](std::size_t i) { return n.child[i] == node::inline_number ? n.number : nodes[n.child[i]].data; };
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto const add = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      if constexpr (op_traits<Op>::template differentiable<J>) {
        if (n.child[J] != node::inline_number) {
          node& x = nodes[n.child[J]];
          x.grad += op_traits<Op>::template vjp<J>(n.data, n.grad, operand(I)...);
          x.reached = true;
        }
      }
    };
    (add(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<arity>{});
}

template <class Op>
inline constexpr op_rule rule_of{op_traits<Op>::name, op_traits<Op>::notation, static_cast<unsigned>(op_traits<Op>::arity), &backward<Op>};

}  // namespace detail

/// A position in a graph, taken with `graph::mark()` and returned to with `graph::rewind()`.
struct mark_t {
  std::size_t nodes = 0;
  std::size_t labels = 0;
  std::size_t customs = 0;
  std::size_t custom_children = 0;
};

class value;

/// The tape: every value created on it is appended to one contiguous array of nodes.
///
/// Lifetime. A `value` is a handle (graph pointer + node index); it stays valid while its graph lives and
/// until the graph is rewound past it. The usual training loop keeps the parameters at the front of the
/// tape and drops everything built after them at the end of each step, so memory stays flat and, once the
/// first step has grown the storage, a step allocates nothing:
///
///     ctgrad::tape::graph g;
///     ctgrad::tape::mlp model{g, 3, {4, 4, 1}};
///     const auto params_end = g.mark();
///     for (int step = 0; step < 100; ++step) {
///       ctgrad::tape::value loss = ...;   // built from model(...), appended after the parameters
///       g.zero_grad();
///       loss.backward();
///       for (auto p : model.parameters()) p.data() -= 0.1 * p.grad();
///       g.rewind(params_end);             // forget this step's graph, keep the parameters
///     }
class graph {
 public:
  graph() = default;
  graph(const graph&) = delete;             // values point at their graph: it must not move or copy
  graph& operator=(const graph&) = delete;

  /// A new leaf (an input, a parameter or a constant) holding `data`.
  value leaf(double data, std::string_view label = {});

  /// Number of nodes on the tape.
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  /// Number of nodes the tape holds without allocating.
  [[nodiscard]] std::size_t capacity() const noexcept { return nodes_.capacity(); }
  void reserve(std::size_t n) { nodes_.reserve(n); }

  [[nodiscard]] const node& operator[](std::uint32_t i) const noexcept { return nodes_[i]; }
  [[nodiscard]] node& operator[](std::uint32_t i) noexcept { return nodes_[i]; }
  [[nodiscard]] std::string_view label(const node& n) const noexcept {
    return n.label == 0 ? std::string_view{} : std::string_view{labels_[n.label - 1].text};
  }
  /// The indices of a node's children (none for a leaf; a power's plain-number exponent is not a child).
  [[nodiscard]] std::span<const std::uint32_t> children(const node& n) const noexcept {
    if (n.custom) {
      const custom_record& r = customs_[n.child[0]];
      return {custom_children_.data() + r.first, r.count};
    }
    return {n.child, n.children};
  }
  /// micrograd's `_op` text of a node: "+", "*", "**2", "exp", "tanh", "ReLU", ... ("" for a leaf); a custom
  /// node's name.
  [[nodiscard]] std::string op_text(const node& n) const {
    if (n.custom) return labels_[customs_[n.child[0]].name].text;
    if (n.rule == nullptr) return {};
    if (n.rule->notation == ctgrad::notation::power && n.rule->arity == 2 && n.child[1] == node::inline_number) {
      char text[40];
      std::snprintf(text, sizeof text, "%s%g", std::string{n.rule->name}.c_str(), n.number);
      return text;
    }
    return std::string{n.rule->name};
  }

  /// The current end of the tape.
  [[nodiscard]] mark_t mark() const noexcept {
    return {nodes_.size(), labels_.size(), customs_.size(), custom_children_.size()};
  }
  /// Drop every node created after `m`; their handles become invalid. Storage is kept for reuse. A label
  /// given after `m` to a node created before it stays with that node.
  void rewind(mark_t m) {
    if (m.nodes > nodes_.size() || m.labels > labels_.size() || m.customs > customs_.size() ||
        m.custom_children > custom_children_.size())
      throw std::out_of_range("ctgrad::tape::graph::rewind: the mark lies beyond the end of the tape");
    rewind_unchecked(m);
  }
  /// Drop every node.
  void clear() noexcept { rewind_unchecked({}); }

  /// Set every node's grad to 0.
  void zero_grad() noexcept {
    for (node& n : nodes_) n.grad = 0;
  }

  /// micrograd's `backward()` from node `root`: root.grad = 1, then every node that `root` depends on
  /// receives its contribution, in reverse topological order. Iterative (one pass down the tape), so a
  /// chain of millions of nodes is fine; gradients accumulate (`+=`) as in micrograd.
  void backward(std::uint32_t root);

  /// Calls `visit(index)` for every node that `root` depends on, `root` included, from `root` down
  /// (reverse topological order). Time linear in `root + 1`.
  template <class Visit>
  void for_each_reachable(std::uint32_t root, Visit&& visit);

  /// A node of the op `rule` with value `data` and the given operands (node indices, or `node::inline_number`
  /// for `number`). Users go through the ops: `a + b`, `sin(a)`, `ctgrad::function<Op>`.
  value push(op_rule const& rule, double data, std::span<const std::uint32_t> operands, double number = 0);

  /// A node named `name` with value `data`, computed elsewhere from `children`, whose local partial
  /// derivatives d data / d children[i] are `partials[i]`. backward() sends `partials[i] * grad` to child i.
  value push_custom(std::string_view name, double data, std::span<const value> children,
                    std::span<const double> partials);
  void set_label(std::uint32_t index, std::string_view text) {
    node& n = nodes_[index];
    if (text.empty()) {
      n.label = 0;
    } else if (n.label != 0) {
      labels_[n.label - 1].text.assign(text);
    } else {
      labels_.push_back({std::string{text}, index});
      n.label = static_cast<std::uint32_t>(labels_.size());
    }
  }

 private:
  struct custom_record {
    std::uint32_t first;  // into custom_children_ and custom_partials_
    std::uint32_t count;
    std::uint32_t name;   // into labels_
  };
  struct label_record {
    std::string text;
    std::uint32_t owner;  // the node it labels (for a custom node's name: that node)
  };
  void rewind_unchecked(mark_t m) noexcept {
    // A label given after the mark to a node older than it (and still that node's label) moves down to stay; the
    // others go: those of newer nodes, and records a node no longer points to (its label was removed or it is a
    // newer custom node's name).
    std::size_t kept = m.labels;
    for (std::size_t i = m.labels; i < labels_.size(); ++i) {
      label_record& r = labels_[i];
      if (r.owner >= m.nodes || nodes_[r.owner].label != i + 1) continue;
      nodes_[r.owner].label = static_cast<std::uint32_t>(kept + 1);
      if (i != kept) labels_[kept] = std::move(r);
      ++kept;
    }
    nodes_.resize(m.nodes);
    labels_.resize(kept);
    customs_.resize(m.customs);
    custom_children_.resize(m.custom_children);
    custom_partials_.resize(m.custom_children);
  }

  std::vector<node> nodes_;
  std::vector<label_record> labels_;  // labels and custom names
  std::vector<custom_record> customs_;
  std::vector<std::uint32_t> custom_children_;
  std::vector<double> custom_partials_;
};

/// The graph that `value`s go to when none is named: one per thread.
inline graph& default_graph() {
  thread_local graph g;
  return g;
}

/// A range over the children of a value.
class children_view;

/// micrograd's `Value`: a scalar on a tape with data, grad, op, label and children. Every op of ctgrad's math
/// library applies to it (`sin(v)`, `pow(v, w)`, `select(v < 0, -v, v)`), recording one node.
///
///     using ctgrad::tape::value;
///     value a{2.0, "a"}, b{-3.0, "b"};
///     value l = (a + b) * 5.0 + 10.0;
///     l.backward();                       // a.grad() == 5, b.grad() == 5
class value : public math::operand<value> {
 public:
  /// An empty handle; it refers to no node.
  value() = default;
  /// A new leaf on the thread's default graph.
  explicit value(double data, std::string_view label = {}) : value{default_graph().leaf(data, label)} {}
  value(graph& g, std::uint32_t index) noexcept : graph_{&g}, index_{index} {}

  [[nodiscard]] double& data() const noexcept { return node_ref().data; }
  [[nodiscard]] double& grad() const noexcept { return node_ref().grad; }
  /// micrograd's `_op` text.
  [[nodiscard]] std::string op_text() const { return graph_->op_text(node_ref()); }
  [[nodiscard]] std::string_view label() const noexcept { return graph_->label(node_ref()); }
  /// Set the label; returns the value, so `auto e = (a * b).label("e");` reads like the course.
  value label(std::string_view text) const {
    graph_->set_label(index_, text);
    return *this;
  }
  [[nodiscard]] children_view children() const noexcept;

  [[nodiscard]] graph& owner() const noexcept { return *graph_; }
  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
  [[nodiscard]] bool valid() const noexcept { return graph_ != nullptr && index_ < graph_->size(); }

  /// Backpropagate from this value (see graph::backward).
  void backward() const { graph_->backward(index_); }

  // micrograd's methods; every function of ctgrad::math applies as well (`exp(v)`, `sin(v)`).
  [[nodiscard]] value exp() const;
  [[nodiscard]] value log() const;
  [[nodiscard]] value tanh() const;
  [[nodiscard]] value relu() const;
  [[nodiscard]] value sigmoid() const;
  [[nodiscard]] value sqrt() const;
  [[nodiscard]] value abs() const;
  /// micrograd's `a ** k` for a plain number k (`**k`, one child).
  template <Number T>
  [[nodiscard]] value pow(T k) const;

  friend value operator-(value a);
  // A plain number becomes a constant leaf on the other operand's graph, as micrograd wraps it in a Value.
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator+(A a, B b) { return binary<op::add>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator-(A a, B b) { return binary<op::sub>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator*(A a, B b) { return binary<op::mul>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator/(A a, B b) { return binary<op::div>(a, b); }
  /// Comparisons record a condition node (1 where it holds, else 0) for `select`, as on the static graph.
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator<(A a, B b) { return binary<op::less>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator<=(A a, B b) { return binary<op::less_equal>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator>(A a, B b) { return binary<op::greater>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator>=(A a, B b) { return binary<op::greater_equal>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator==(A a, B b) { return binary<op::equal>(a, b); }
  template <class A, class B>
    requires(std::same_as<A, value> || std::same_as<B, value>) && (std::same_as<A, value> || Number<A>) && (std::same_as<B, value> || Number<B>)
  friend value operator!=(A a, B b) { return binary<op::not_equal>(a, b); }

  value& operator+=(value b) { return *this = *this + b; }
  value& operator-=(value b) { return *this = *this - b; }
  value& operator*=(value b) { return *this = *this * b; }
  value& operator/=(value b) { return *this = *this / b; }
  template <Number T> value& operator+=(T b) { return *this = *this + b; }
  template <Number T> value& operator-=(T b) { return *this = *this - b; }
  template <Number T> value& operator*=(T b) { return *this = *this * b; }
  template <Number T> value& operator/=(T b) { return *this = *this / b; }

 private:
  [[nodiscard]] node& node_ref() const noexcept { return (*graph_)[index_]; }
  template <class Op, class A, class B>
  static value binary(A a, B b) {
    if constexpr (!std::is_same_v<A, value>) return function<Op>{}(b.graph_->leaf(static_cast<double>(a)), b);
    else if constexpr (!std::is_same_v<B, value>) return function<Op>{}(a, a.graph_->leaf(static_cast<double>(b)));
    else return function<Op>{}(a, b);
  }

  graph* graph_ = nullptr;
  std::uint32_t index_ = 0;
};

/// The node `Op(x...)` for `ctgrad::function<Op>` when an operand is a tape value: its value computed by the op's
/// definition, recorded on the operands' graph. A plain number is a constant leaf, as micrograd wraps it in a
/// Value, except a power's exponent, which micrograd keeps in the node (`a**2`).
namespace detail {
/// A plain operand of a tape op: a number, or a literal `lit<n, d>` (the number n / d).
template <class T>
concept plain_operand = Number<T> || ctgrad::detail::is_literal_operand_v<T>;

template <plain_operand T>
[[nodiscard]] constexpr double number_of(T const& x) noexcept {
  if constexpr (Number<T>) return static_cast<double>(x);
  else return static_cast<double>(T::numerator) / static_cast<double>(T::denominator);
}
}  // namespace detail

template <class Op, class... X>
  requires(sizeof...(X) == op_traits<Op>::arity && ((std::same_as<X, value> || detail::plain_operand<X>) && ...) &&
           (std::same_as<X, value> || ...))
value make_op_node(Op, X const&... x) {
  graph* g = nullptr;
  auto const find_graph = [&](auto const& v) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, value>) {
      if (g == nullptr) g = &v.owner();
    }
  };
  (find_graph(x), ...);
  std::uint32_t operands[sizeof...(X)];
  double number = 0;
  std::size_t i = 0;
  auto const operand = [&](auto const& v) {
    using V = std::remove_cvref_t<decltype(v)>;
    if constexpr (std::is_same_v<V, value>) {
      if (&v.owner() != g)
        throw std::invalid_argument("ctgrad::tape: the operands of '" + std::string{op_traits<Op>::name} + "' belong to different graphs");
      operands[i] = v.index();
    } else if (op_traits<Op>::notation == ctgrad::notation::power && i == sizeof...(X) - 1) {
      number = detail::number_of(v);
      operands[i] = node::inline_number;
    } else {
      operands[i] = g->leaf(detail::number_of(v)).index();
    }
    ++i;
  };
  (operand(x), ...);
  auto const data_of = [&](auto const& v) -> double {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, value>) return v.data();
    else return detail::number_of(v);
  };
  double const data = op_traits<Op>::value(data_of(x)...);
  return g->push(detail::rule_of<Op>, data, operands, number);
}

class children_view {
 public:
  class iterator {
   public:
    using value_type = tape::value;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(graph* g, const std::uint32_t* p) : g_{g}, p_{p} {}
    tape::value operator*() const { return {*g_, *p_}; }
    iterator& operator++() {
      ++p_;
      return *this;
    }
    iterator operator++(int) {
      auto old = *this;
      ++p_;
      return old;
    }
    friend bool operator==(iterator x, iterator y) { return x.p_ == y.p_; }

   private:
    graph* g_ = nullptr;
    const std::uint32_t* p_ = nullptr;
  };

  children_view(graph& g, const node& n) : g_{&g}, indices_{g.children(n)} {}
  [[nodiscard]] iterator begin() const { return {g_, indices_.data()}; }
  [[nodiscard]] iterator end() const { return {g_, indices_.data() + indices_.size()}; }
  [[nodiscard]] std::size_t size() const { return indices_.size(); }
  [[nodiscard]] tape::value operator[](std::size_t i) const { return {*g_, indices_[i]}; }

 private:
  graph* g_;
  std::span<const std::uint32_t> indices_;
};

inline children_view value::children() const noexcept { return {*graph_, node_ref()}; }

inline value value::exp() const { return math::exp(*this); }
inline value value::log() const { return math::log(*this); }
inline value value::tanh() const { return math::tanh(*this); }
inline value value::relu() const { return math::relu(*this); }
inline value value::sigmoid() const { return math::sigmoid(*this); }
inline value value::sqrt() const { return math::sqrt(*this); }
inline value value::abs() const { return math::abs(*this); }
inline value operator-(value a) { return function<op::neg>{}(a); }
template <Number T>
value value::pow(T k) const {
  return math::pow(*this, static_cast<double>(k));
}

// Nodes are written field by field where they live: a node built on the stack and copied in is stored by
// scalar writes and read back by vector loads, which stalls store-to-load forwarding on every op.
inline value graph::leaf(double data, std::string_view label) {
  node& n = nodes_.emplace_back();
  n.data = data;
  const auto index = static_cast<std::uint32_t>(nodes_.size() - 1);
  if (!label.empty()) set_label(index, label);
  return {*this, index};
}

inline value graph::push(op_rule const& rule, double data, std::span<const std::uint32_t> operands, double number) {
  node& n = nodes_.emplace_back();
  n.data = data;
  n.number = number;
  n.rule = &rule;
  std::uint8_t children = 0;
  for (std::size_t i = 0; i < operands.size() && i < 3; ++i) {
    n.child[i] = operands[i];
    children += operands[i] == node::inline_number ? 0 : 1;
  }
  n.children = children;
  return {*this, static_cast<std::uint32_t>(nodes_.size() - 1)};
}

inline value graph::push_custom(std::string_view name, double data, std::span<const value> children,
                               std::span<const double> partials) {
  if (children.size() != partials.size())
    throw std::invalid_argument("ctgrad::tape::graph::push_custom: " + std::to_string(children.size()) +
                                " children but " + std::to_string(partials.size()) + " partial derivatives");
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (&children[i].owner() != this)
      throw std::invalid_argument("ctgrad::tape: child " + std::to_string(i) + " of '" + std::string{name} +
                                  "' belongs to a different graph");
  }
  const auto first = static_cast<std::uint32_t>(custom_children_.size());
  for (std::size_t i = 0; i < children.size(); ++i) {
    custom_children_.push_back(children[i].index());
    custom_partials_.push_back(partials[i]);
  }
  const auto index = static_cast<std::uint32_t>(nodes_.size());
  labels_.push_back({std::string{name}, index});
  customs_.push_back({first, static_cast<std::uint32_t>(children.size()), static_cast<std::uint32_t>(labels_.size() - 1)});
  node& n = nodes_.emplace_back();
  n.data = data;
  n.child[0] = static_cast<std::uint32_t>(customs_.size() - 1);
  n.custom = true;
  return {*this, index};
}

template <class Visit>
void graph::for_each_reachable(std::uint32_t root, Visit&& visit) {
  nodes_[root].reached = true;
  for (std::uint32_t i = root + 1; i-- > 0;) {
    node& n = nodes_[i];
    if (!n.reached) continue;
    n.reached = false;
    for (const std::uint32_t c : children(n)) nodes_[c].reached = true;
    visit(i);
  }
}

// One pass down the tape from the root: each node the root reaches through operands that pass a gradient gives
// its operands their contributions (the op's rule marks them reached on the way).
inline void graph::backward(std::uint32_t root) {
  nodes_[root].grad = 1.0;
  nodes_[root].reached = true;
  node* const nodes = nodes_.data();
  for (std::uint32_t i = root + 1; i-- > 0;) {
    node& n = nodes[i];
    if (!n.reached) continue;
    n.reached = false;
    if (n.rule != nullptr) {
      n.rule->backward(nodes, n);
    } else if (n.custom) {
      const custom_record& r = customs_[n.child[0]];
      for (std::uint32_t k = 0; k < r.count; ++k) {
        node& child = nodes[custom_children_[r.first + k]];
        child.grad += custom_partials_[r.first + k] * n.grad;
        child.reached = true;
      }
    }
  }
}

}  // namespace ctgrad::tape
