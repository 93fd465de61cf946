// ctgrad::viz::dot_writer: the one Graphviz DOT writer for tape and static graphs, drawn like the course.
#pragma once

#include <cstdio>
#include <concepts>
#include <cstdint>
#include <ranges>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace ctgrad::viz {

/// Writes a computation graph in DOT, exactly as the course's `draw_dot` lays it out:
/// `rankdir=LR`; one record node per value, labelled `{ a | data 2.0000 | grad 5.0000 }`; one ellipse
/// node per operation, with an id of its own (the result's id + "op", so two `+` never merge); edges
/// child -> op -> result. Each call writes its text straight to the stream: time is linear in the graph.
///
///     ctgrad::viz::dot_writer dot{std::cout};
///     dot.value(0, "a", 2.0, 5.0);
///     dot.value(1, "b", -3.0, 5.0);
///     dot.value(2, "d", -1.0, 5.0);
///     dot.op(2, "+", {0, 1});
///     dot.finish();
class dot_writer {
 public:
  using id = std::uint64_t;

  explicit dot_writer(std::ostream& out) : out_{&out} { *out_ << "digraph {\n  graph [rankdir=LR];\n"; }
  dot_writer(const dot_writer&) = delete;
  dot_writer& operator=(const dot_writer&) = delete;

  /// A record node `{ label | data D | grad G }` for the value with this id.
  void value(id node, std::string_view label, double data, double grad) {
    *out_ << "  n" << node << " [shape=record, label=\"{ ";
    write_escaped(label);
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, " | data %.4f | grad %.4f }\"];\n", data, grad);
    *out_ << numbers;
  }

  /// The operation that produced value `result` from `children`: an ellipse node and its edges.
  template <std::ranges::input_range Ids>
    requires std::integral<std::ranges::range_value_t<Ids>>
  void op(id result, std::string_view text, const Ids& children) {
    *out_ << "  n" << result << "op [label=\"";
    write_escaped(text);
    *out_ << "\"];\n  n" << result << "op -> n" << result << ";\n";
    for (const auto child : children) *out_ << "  n" << child << " -> n" << result << "op;\n";
  }
  void op(id result, std::string_view text, std::initializer_list<id> children) {
    op(result, text, std::span<const id>{children.begin(), children.size()});
  }

  /// Closes the graph; call once, last.
  void finish() { *out_ << "}\n"; }

 private:
  // Record labels treat { } | < > and quotes as syntax: escape them so any label prints as written.
  void write_escaped(std::string_view text) {
    for (const char c : text) {
      switch (c) {
        case '{': case '}': case '|': case '<': case '>': case '"': case '\\':
          *out_ << '\\' << c;
          break;
        case '\n': *out_ << "\\n"; break;
        default: *out_ << c;
      }
    }
  }

  std::ostream* out_;
};

}  // namespace ctgrad::viz
