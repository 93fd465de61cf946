// ctgrad::tape::graph and ctgrad::tape::value: micrograd's Value on a fast, contiguous runtime tape.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ctgrad::tape {

/// A plain number that may stand on either side of a tape operation (micrograd wraps it in a `Value`).
template <class T>
concept Number = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

/// The operation that produced a node; `leaf` for inputs, parameters and constants.
/// `custom` is a node with any number of children whose local partial derivatives were computed when it
/// was made (for example by the static graph: see ctgrad/static_on_tape.hpp).
enum class op_kind : std::uint8_t { leaf, add, sub, mul, div, neg, pow, exp, log, tanh, relu, sigmoid, sqrt, abs, custom };

class value;

/// One node of the tape. Nodes live contiguously in their graph; children are indices of earlier nodes,
/// so the order of the tape is already a topological order.
struct node {
  double data = 0;
  double grad = 0;
  double exponent = 0;                  // op_kind::pow only
  std::uint32_t child[2] = {npos, npos};  // op_kind::custom: child[0] indexes the graph's custom records
  std::uint32_t label = 0;              // 0: none; otherwise 1 + index into the graph's labels
  op_kind op = op_kind::leaf;
  bool reached = false;                 // scratch flag of backward()

  static constexpr std::uint32_t npos = 0xFFFFFFFFU;
};

/// micrograd's `_op` text of a built-in op: "+", "*", "**2", "exp", "tanh", "ReLU", ... ("" for a leaf).
/// A custom node's text is its name: see graph::op_text.
inline std::string op_text(const node& n) {
  switch (n.op) {
    case op_kind::leaf: return "";
    case op_kind::add: return "+";
    case op_kind::sub: return "-";
    case op_kind::mul: return "*";
    case op_kind::div: return "/";
    case op_kind::neg: return "neg";
    case op_kind::exp: return "exp";
    case op_kind::log: return "log";
    case op_kind::tanh: return "tanh";
    case op_kind::relu: return "ReLU";
    case op_kind::sigmoid: return "sigmoid";
    case op_kind::sqrt: return "sqrt";
    case op_kind::abs: return "abs";
    case op_kind::custom: return "custom";
    case op_kind::pow: {
      char text[40];
      std::snprintf(text, sizeof text, "**%g", n.exponent);
      return text;
    }
  }
  return "?";
}

/// A position in a graph, taken with `graph::mark()` and returned to with `graph::rewind()`.
struct mark_t {
  std::size_t nodes = 0;
  std::size_t labels = 0;
  std::size_t customs = 0;
  std::size_t custom_children = 0;
};

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
    return n.label == 0 ? std::string_view{} : std::string_view{labels_[n.label - 1]};
  }
  /// The indices of a node's children (none for a leaf).
  [[nodiscard]] std::span<const std::uint32_t> children(const node& n) const noexcept {
    if (n.op == op_kind::custom) {
      const custom_record& r = customs_[n.child[0]];
      return {custom_children_.data() + r.first, r.count};
    }
    return {n.child, n.child[0] == node::npos ? 0U : (n.child[1] == node::npos ? 1U : 2U)};
  }
  /// micrograd's `_op` text of a node; a custom node's name.
  [[nodiscard]] std::string op_text(const node& n) const {
    return n.op == op_kind::custom ? labels_[customs_[n.child[0]].name] : tape::op_text(n);
  }

  /// The current end of the tape.
  [[nodiscard]] mark_t mark() const noexcept {
    return {nodes_.size(), labels_.size(), customs_.size(), custom_children_.size()};
  }
  /// Drop every node created after `m`; their handles become invalid. Storage is kept for reuse.
  void rewind(mark_t m) {
    if (m.nodes > nodes_.size() || m.labels > labels_.size() || m.customs > customs_.size() ||
        m.custom_children > custom_children_.size())
      throw std::out_of_range("ctgrad::tape::graph::rewind: the mark lies beyond the end of the tape");
    nodes_.resize(m.nodes);
    labels_.resize(m.labels);
    customs_.resize(m.customs);
    custom_children_.resize(m.custom_children);
    custom_partials_.resize(m.custom_children);
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

  // Node construction for the operations; users go through `value`'s operators.
  value push(op_kind op, double data, std::uint32_t a, std::uint32_t b = node::npos, double exponent = 0);

  /// A node named `name` with value `data`, computed elsewhere from `children`, whose local partial
  /// derivatives d data / d children[i] are `partials[i]`. backward() sends `partials[i] * grad` to child i.
  value push_custom(std::string_view name, double data, std::span<const value> children,
                    std::span<const double> partials);
  void set_label(node& n, std::string_view text) {
    if (text.empty()) {
      n.label = 0;
    } else if (n.label != 0) {
      labels_[n.label - 1].assign(text);
    } else {
      labels_.emplace_back(text);
      n.label = static_cast<std::uint32_t>(labels_.size());
    }
  }

 private:
  struct custom_record {
    std::uint32_t first;  // into custom_children_ and custom_partials_
    std::uint32_t count;
    std::uint32_t name;   // into labels_
  };
  void rewind_unchecked(mark_t m) noexcept {
    nodes_.resize(m.nodes);
    labels_.resize(m.labels);
    customs_.resize(m.customs);
    custom_children_.resize(m.custom_children);
    custom_partials_.resize(m.custom_children);
  }

  std::vector<node> nodes_;
  std::vector<std::string> labels_;  // labels and custom names
  std::vector<custom_record> customs_;
  std::vector<std::uint32_t> custom_children_;
  std::vector<double> custom_partials_;
};

/// The graph that `value`s go to when none is named: one per thread.
inline graph& default_graph() {
  thread_local graph g;
  return g;
}

/// A range over the children of a value (at most two).
class children_view;

/// micrograd's `Value`: a scalar on a tape with data, grad, op, label and children.
///
///     using ctgrad::tape::value;
///     value a{2.0, "a"}, b{-3.0, "b"};
///     value l = (a + b) * 5.0 + 10.0;
///     l.backward();                       // a.grad() == 5, b.grad() == 5
class value {
 public:
  /// An empty handle; it refers to no node.
  value() = default;
  /// A new leaf on the thread's default graph.
  explicit value(double data, std::string_view label = {}) : value{default_graph().leaf(data, label)} {}
  value(graph& g, std::uint32_t index) noexcept : graph_{&g}, index_{index} {}

  [[nodiscard]] double& data() const noexcept { return node_ref().data; }
  [[nodiscard]] double& grad() const noexcept { return node_ref().grad; }
  [[nodiscard]] op_kind op() const noexcept { return node_ref().op; }
  /// micrograd's `_op` text.
  [[nodiscard]] std::string op_text() const { return graph_->op_text(node_ref()); }
  [[nodiscard]] std::string_view label() const noexcept { return graph_->label(node_ref()); }
  /// Set the label; returns the value, so `auto e = (a * b).label("e");` reads like the course.
  value label(std::string_view text) const {
    graph_->set_label(node_ref(), text);
    return *this;
  }
  [[nodiscard]] children_view children() const noexcept;

  [[nodiscard]] graph& owner() const noexcept { return *graph_; }
  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
  [[nodiscard]] bool valid() const noexcept { return graph_ != nullptr && index_ < graph_->size(); }

  /// Backpropagate from this value (see graph::backward).
  void backward() const { graph_->backward(index_); }

  // micrograd's methods, also available as free functions.
  [[nodiscard]] value exp() const { return unary(op_kind::exp, std::exp(data())); }
  [[nodiscard]] value log() const { return unary(op_kind::log, std::log(data())); }
  [[nodiscard]] value tanh() const { return unary(op_kind::tanh, std::tanh(data())); }
  [[nodiscard]] value relu() const { return unary(op_kind::relu, data() > 0 ? data() : 0.0); }
  [[nodiscard]] value sigmoid() const { return unary(op_kind::sigmoid, 1.0 / (1.0 + std::exp(-data()))); }
  [[nodiscard]] value sqrt() const { return unary(op_kind::sqrt, std::sqrt(data())); }
  [[nodiscard]] value abs() const { return unary(op_kind::abs, std::abs(data())); }

  friend value operator-(value a) { return a.unary(op_kind::neg, -a.data()); }
  friend value operator+(value a, value b) { return binary(op_kind::add, a, b, a.data() + b.data()); }
  friend value operator-(value a, value b) { return binary(op_kind::sub, a, b, a.data() - b.data()); }
  friend value operator*(value a, value b) { return binary(op_kind::mul, a, b, a.data() * b.data()); }
  friend value operator/(value a, value b) { return binary(op_kind::div, a, b, a.data() / b.data()); }

  // A plain number becomes a constant leaf on the other operand's graph, as micrograd wraps it in a Value.
  template <Number T> friend value operator+(value a, T b) { return a + a.constant(b); }
  template <Number T> friend value operator+(T a, value b) { return b.constant(a) + b; }
  template <Number T> friend value operator-(value a, T b) { return a - a.constant(b); }
  template <Number T> friend value operator-(T a, value b) { return b.constant(a) - b; }
  template <Number T> friend value operator*(value a, T b) { return a * a.constant(b); }
  template <Number T> friend value operator*(T a, value b) { return b.constant(a) * b; }
  template <Number T> friend value operator/(value a, T b) { return a / a.constant(b); }
  template <Number T> friend value operator/(T a, value b) { return b.constant(a) / b; }

  value& operator+=(value b) { return *this = *this + b; }
  value& operator-=(value b) { return *this = *this - b; }
  value& operator*=(value b) { return *this = *this * b; }
  value& operator/=(value b) { return *this = *this / b; }
  template <Number T> value& operator+=(T b) { return *this = *this + b; }
  template <Number T> value& operator-=(T b) { return *this = *this - b; }
  template <Number T> value& operator*=(T b) { return *this = *this * b; }
  template <Number T> value& operator/=(T b) { return *this = *this / b; }

  /// micrograd's `a ** k` for a plain number k.
  template <Number T>
  [[nodiscard]] value pow(T k) const {
    const auto e = static_cast<double>(k);
    return graph_->push(op_kind::pow, std::pow(data(), e), index_, node::npos, e);
  }

 private:
  [[nodiscard]] node& node_ref() const noexcept { return (*graph_)[index_]; }
  [[nodiscard]] value unary(op_kind op, double result) const { return graph_->push(op, result, index_); }
  [[nodiscard]] value constant(double c) const { return graph_->leaf(c); }
  static value binary(op_kind op, value a, value b, double result) {
    if (a.graph_ != b.graph_)
      throw std::invalid_argument("ctgrad::tape: the operands of '" + tape::op_text(node{.op = op}) +
                                  "' belong to different graphs");
    return a.graph_->push(op, result, a.index_, b.index_);
  }

  graph* graph_ = nullptr;
  std::uint32_t index_ = 0;
};

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

// Free-function spellings: exp(v), log(v), tanh(v), relu(v), sigmoid(v), sqrt(v), abs(v), pow(v, k).
inline value exp(value v) { return v.exp(); }
inline value log(value v) { return v.log(); }
inline value tanh(value v) { return v.tanh(); }
inline value relu(value v) { return v.relu(); }
inline value sigmoid(value v) { return v.sigmoid(); }
inline value sqrt(value v) { return v.sqrt(); }
inline value abs(value v) { return v.abs(); }

template <Number T>
value pow(value v, T k) {
  return v.pow(k);
}
/// Anything but a plain number as the exponent is rejected with one sentence (micrograd: "only
/// supporting int/float powers for now").
template <class T>
  requires(!Number<T>)
value pow(value, T) {
  static_assert(Number<T>, "ctgrad::tape::pow(v, k): the exponent k must be a plain number (an int or a floating-point value)");
  return {};
}

inline value graph::leaf(double data, std::string_view label) {
  nodes_.push_back(node{.data = data});
  value v{*this, static_cast<std::uint32_t>(nodes_.size() - 1)};
  if (!label.empty()) set_label(nodes_.back(), label);
  return v;
}

inline value graph::push(op_kind op, double data, std::uint32_t a, std::uint32_t b, double exponent) {
  nodes_.push_back(node{.data = data, .exponent = exponent, .child = {a, b}, .op = op});
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
  labels_.emplace_back(name);
  customs_.push_back({first, static_cast<std::uint32_t>(children.size()), static_cast<std::uint32_t>(labels_.size() - 1)});
  nodes_.push_back(node{.data = data, .child = {static_cast<std::uint32_t>(customs_.size() - 1), node::npos},
                        .op = op_kind::custom});
  return {*this, static_cast<std::uint32_t>(nodes_.size() - 1)};
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

inline void graph::backward(std::uint32_t root) {
  nodes_[root].grad = 1.0;
  for_each_reachable(root, [this](std::uint32_t i) {
    const node& n = nodes_[i];
    const double g = n.grad;
    if (n.op == op_kind::leaf) return;
    if (n.op == op_kind::custom) {
      const custom_record& r = customs_[n.child[0]];
      for (std::uint32_t k = 0; k < r.count; ++k)
        nodes_[custom_children_[r.first + k]].grad += custom_partials_[r.first + k] * g;
      return;
    }
    node& x = nodes_[n.child[0]];
    switch (n.op) {
      case op_kind::leaf: break;
      case op_kind::add:
        x.grad += g;
        nodes_[n.child[1]].grad += g;
        break;
      case op_kind::sub:
        x.grad += g;
        nodes_[n.child[1]].grad -= g;
        break;
      case op_kind::mul: {
        node& y = nodes_[n.child[1]];
        x.grad += y.data * g;
        y.grad += x.data * g;
        break;
      }
      case op_kind::div: {
        node& y = nodes_[n.child[1]];
        x.grad += g / y.data;
        y.grad -= g * n.data / y.data;  // d(x/y)/dy = -x/y^2 = -(x/y)/y
        break;
      }
      case op_kind::neg: x.grad -= g; break;
      case op_kind::pow: x.grad += n.exponent * std::pow(x.data, n.exponent - 1) * g; break;
      case op_kind::exp: x.grad += n.data * g; break;
      case op_kind::log: x.grad += g / x.data; break;
      case op_kind::tanh: x.grad += (1 - n.data * n.data) * g; break;
      case op_kind::relu: x.grad += (n.data > 0 ? g : 0.0); break;
      case op_kind::sigmoid: x.grad += n.data * (1 - n.data) * g; break;
      case op_kind::sqrt: x.grad += 0.5 / n.data * g; break;
      case op_kind::abs: x.grad += (x.data > 0 ? g : (x.data < 0 ? -g : 0.0)); break;
      case op_kind::custom: break;  // handled above: it has no fixed arity
    }
  });
}

}  // namespace ctgrad::tape
