// ctgrad::makemore::layered_model: a character model that is an nn::Sequential of the course's later chapters (part
// 3's deeper MLP with BatchNorm, part 5's WaveNet, makemore.py's Transformer), its training and its checkpoints.
// The models themselves are the examples' (examples/mlp_bn.hpp, wavenet.hpp, transformer.hpp), compiled here for
// the tool's vocabulary capacity.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <makemore/checkpoint.hpp>
#include <makemore/model.hpp>
#include <makemore/neural.hpp>
#include <makemore/sequences.hpp>
#include <makemore/text.hpp>
#include <makemore/vocabulary.hpp>
#include <ctgrad/nn/adamw.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <mlp_bn.hpp>
#include <transformer.hpp>
#include <wavenet.hpp>

namespace ctgrad::makemore {

/// How a model reads words: `windows` of its last `block` characters, each with the next one as the target (the
/// course's X and Y), or whole words as `sequences` of `block` positions, each position's next character a target
/// (makemore.py's Transformer).
enum class reading { windows, sequences };

template <class Spec>
class layered_trainer;

/// The models of the tool's mlp-bn, wavenet and transformer commands, each for `neural_vocab_capacity` tokens: its
/// kind, net, loss graph, batch, first values, optimizer, whether its program keeps the adjoints (for
/// --diagnostics), and the output tensors whose columns past a vocabulary are made absent (weights 0, shift −1e30:
/// probability 0, gradient 0).
struct mlp_bn_spec {
  static constexpr std::string_view kind = "mlp-bn";
  static constexpr reading input = reading::windows;
  static constexpr bool adamw = false;  // minibatch SGD
  static constexpr nn::adjoints adjoints = nn::adjoints::kept;  // --diagnostics reads the Tanh layers' gradients
  static constexpr std::size_t batch = example::bn::batch;
  using net = example::bn::mlp_bn_of<neural_vocab_capacity>;
  template <std::size_t B>
  using loss = example::bn::mlp_bn_loss<B, net>;
  static net make(std::uint64_t seed) { return example::bn::make_mlp_bn<neural_vocab_capacity>(seed); }
  /// The last Linear's weights; the last BatchNorm1d's β.
  static constexpr std::size_t weight_layer = net::layer_count - 2, shift_layer = net::layer_count - 1;
};

struct wavenet_spec {
  static constexpr std::string_view kind = "wavenet";
  static constexpr reading input = reading::windows;
  static constexpr bool adamw = false;
  static constexpr nn::adjoints adjoints = nn::adjoints::kept;
  static constexpr std::size_t batch = example::batch;
  using net = example::wavenet_of<neural_vocab_capacity>;
  template <std::size_t B>
  using loss = example::wavenet_loss<B, net>;
  static net make(std::uint64_t seed) { return example::make_wavenet<neural_vocab_capacity>(seed); }
  /// The last Linear's weights and bias.
  static constexpr std::size_t weight_layer = net::layer_count - 1, shift_layer = net::layer_count - 1;
};

struct transformer_spec {
  static constexpr std::string_view kind = "transformer";
  static constexpr reading input = reading::sequences;
  static constexpr bool adamw = true;
  static constexpr nn::adjoints adjoints = nn::adjoints::shared;
  static constexpr std::size_t batch = example::gpt::batch;
  using net = example::gpt::transformer_of<neural_vocab_capacity, true>;
  template <std::size_t B>
  using loss = example::gpt::transformer_loss<B, net>;
  static net make(std::uint64_t seed) { return example::gpt::make_transformer<neural_vocab_capacity, true>(seed); }
  /// lm_head's weights and bias (the bias makemore.py's lm_head lacks: it holds the absent columns).
  static constexpr std::size_t weight_layer = net::layer_count - 1, shift_layer = net::layer_count - 1;
};

/// A CharacterModel made of `Spec::net`: P(next | context) from the net evaluating (a BatchNorm1d on its running
/// statistics), the mean loss of words, and checkpoints holding every parameter tensor and the buffers. Everything
/// runs one program of the training loss (one workspace, allocated with the model): `probabilities` takes row 0 of
/// a batch, `loss` batch after batch, layered_trainer its steps. One thread at a time.
///
///     layered_model<wavenet_spec> model{vocabulary::from_words(words), 42};
///     layered_trainer<wavenet_spec> trainer{model, parts.train, 43};
///     for (int k = 0; k < 1000; ++k) trainer.step(0.1);
///     double dev = model.loss(parts.dev);
template <class Spec>
class layered_model {
 public:
  using net_type = typename Spec::net;
  static constexpr std::string_view kind = Spec::kind;
  /// Tokens of one sample: the window, or the sequence's positions.
  static constexpr std::size_t block = net_type::inputs;
  static constexpr std::size_t capacity = neural_vocab_capacity;
  static constexpr std::size_t batch = Spec::batch;
  /// The targets of one sample: the next character of a window, or each position's of a sequence.
  static constexpr std::size_t targets_per_sample = Spec::input == reading::windows ? 1 : block;
  /// The longest word the model takes: a sequence's positions are the start token and the word.
  static constexpr std::size_t max_word_length = Spec::input == reading::sequences ? block - 1 : std::numeric_limits<std::size_t>::max();

  /// A model of `vocab` (at most `capacity` tokens, else std::invalid_argument), its first values drawn from a
  /// generator seeded with `seed`.
  layered_model(vocabulary vocab, std::uint64_t seed) : layered_model{std::move(vocab), [&] { return Spec::make(seed); }} {}

  [[nodiscard]] const vocabulary& vocab() const noexcept { return vocab_; }
  /// Characters of context: the window, or a sequence's positions after the start token.
  [[nodiscard]] std::size_t context_length() const noexcept { return Spec::input == reading::windows ? block : block - 1; }
  [[nodiscard]] net_type& net() noexcept { return *net_; }
  [[nodiscard]] const net_type& net() const noexcept { return *net_; }

  /// P(next | context) into `out` (vocab().size() numbers). A sequence model reads the word so far from the
  /// context (the characters after its leading '.'s: a word holds no '.') and takes the logits of its last position.
  void probabilities(std::span<const token> context, std::span<double> out) const {
    std::size_t position = 0;
    if constexpr (Spec::input == reading::windows) {
      put_window(0, context, -1);
    } else {
      const auto word = std::find_if(context.begin(), context.end(), [](token t) { return t != 0; });
      put_sequence(0, std::span<const token>{word, context.end()});
      position = static_cast<std::size_t>(context.end() - word);
    }
    for (std::size_t row = 1; row < batch; ++row) clear(row);
    run_forward();
    detail::softmax_row(program_->template value<typename net_type::template output_expression<batch>>() + position * capacity, out);
  }

  /// The mean negative log-likelihood of every next character of `words` (the targets `for_each_example` gives),
  /// evaluating, batch after batch. std::invalid_argument for no words, a character outside the vocabulary or
  /// (sequences) a word longer than `max_word_length`.
  [[nodiscard]] double loss(std::span<const std::string> words) const {
    if constexpr (Spec::input == reading::windows) {
      const example_set set = build_examples(words, vocab_, block);
      return mean_loss(set.size(), [&](std::size_t row, std::size_t i) { put_window(row, set.context(i), set.targets[i]); });
    } else {
      const token_sequences encoded = encode(words);
      return mean_loss(encoded.size(), [&](std::size_t row, std::size_t i) { put_sequence(row, encoded[i]); });
    }
  }

  /// The words as token sequences; std::invalid_argument quoting a word longer than `max_word_length` or one
  /// with a character outside the vocabulary.
  [[nodiscard]] token_sequences encode(std::span<const std::string> words) const {
    static_assert(max_word_length + 1 == block);
    return token_sequences{words, vocab_, max_word_length, "the " + std::string{kind}};
  }

  /// The model as a checkpoint of its kind: `vocabulary` (text); each parameter tensor as an f32 section
  /// "K.Layer.I.name" (layer K's tensor I, shape {rows, cols}, the padded columns included); `buffers` (f32).
  [[nodiscard]] checkpoint to_checkpoint() const {
    checkpoint ck{std::string{kind}};
    ck.add_text("vocabulary", vocab_.characters());
    for_each_tensor([&](const std::string& name, const nn::parameter_tensor& t, std::span<const float> values) {
      ck.add(name, values, {t.rows, t.cols});
    });
    if constexpr (net_type::buffer_count > 0) ck.add("buffers", std::span<const float>{net_->buffers()}, {net_type::buffer_count});
    return ck;
  }

  /// The model a checkpoint holds; another kind, a missing section, another shape or a value that is not finite
  /// throws checkpoint_error naming the file.
  static layered_model from_checkpoint(const checkpoint& ck) {
    if (ck.kind() != kind) ck.fail("holds a '" + ck.kind() + "' model, expected a '" + std::string{kind} + "' model");
    vocabulary vocab = [&] {
      try {
        vocabulary v{ck.text("vocabulary")};
        detail::check_neural_vocabulary(v, kind.data());
        return v;
      } catch (const std::invalid_argument& e) {
        ck.fail(e.what());
      }
    }();
    layered_model m{std::move(vocab), [] { return net_type{}; }};
    const auto take = [&](const std::string& name, std::span<float> into, std::vector<std::uint64_t> shape) {
      const std::span<const float> values = ck.f32(name, std::move(shape));
      if (!std::all_of(values.begin(), values.end(), [](float x) { return std::isfinite(x); })) {
        ck.fail("section '" + name + "' holds a value that is not finite");
      }
      std::copy(values.begin(), values.end(), into.begin());
    };
    m.for_each_tensor([&](const std::string& name, const nn::parameter_tensor& t, std::span<const float>) {
      take(name, m.net_->parameters().subspan(t.offset, t.size()), {t.rows, t.cols});
    });
    if constexpr (net_type::buffer_count > 0) take("buffers", m.net_->buffers(), {net_type::buffer_count});
    return m;
  }

 private:
  friend class layered_trainer<Spec>;
  using program_type = nn::program<float, typename Spec::template loss<batch>, true, Spec::adjoints>;

  template <class Make>
    requires std::is_invocable_r_v<net_type, Make&>
  layered_model(vocabulary vocab, Make make) : vocab_{std::move(vocab)} {
    detail::check_neural_vocabulary(vocab_, kind.data());
    net_ = std::make_unique<net_type>(make());
    mask_absent();
  }

  /// Columns past the vocabulary: weights 0 and shift −1e30, so their probability and gradient are exactly 0.
  void mask_absent() {
    const nn::parameter_view<float> w = net_->template parameter<Spec::weight_layer, 0>();
    const nn::parameter_view<float> shift = net_->template parameter<Spec::shift_layer, 1>();
    for (std::size_t r = 0; r < w.tensor.rows; ++r) {
      for (std::size_t j = vocab_.size(); j < capacity; ++j) w(r, j) = 0;
    }
    for (std::size_t j = vocab_.size(); j < capacity; ++j) shift.values[j] = absent_logit;
  }

  /// Row `row` of the batch: a window and the character after it (−1: none, not counted).
  void put_window(std::size_t row, std::span<const token> context, token target) const noexcept {
    std::copy(context.begin(), context.end(), inputs_->begin() + static_cast<std::ptrdiff_t>(row * block));
    (*targets_)(row, 0) = target;
  }
  /// Row `row` of the batch: a word as a sequence (the start token, the word, 0s; targets the word, 0, then −1).
  void put_sequence(std::size_t row, std::span<const token> word) const noexcept {
    put_sequence_row(std::span<token, block>{inputs_->data() + row * block, block}, std::span<token, block>{targets_->data() + row * block, block}, word);
  }
  /// Row `row` holds no sample: tokens 0, targets −1.
  void clear(std::size_t row) const noexcept {
    std::fill_n(inputs_->begin() + static_cast<std::ptrdiff_t>(row * block), block, 0);
    std::fill_n(targets_->begin() + static_cast<std::ptrdiff_t>(row * targets_per_sample), targets_per_sample, -1);
  }

  /// The loss graph forward on the batch, evaluating; returns the mean over its counted targets.
  float run_forward() const noexcept {
    nn::bindings<float> b = net_->bind(nn::mode::evaluation);
    b.inputs[0] = inputs_->data();
    b.inputs[1] = targets_->data();
    return *program_->forward(b);
  }

  /// The mean loss over `items` samples, `put(row, i)` writing sample i into a row, a batch at a time (the last one
  /// padded with empty rows). std::invalid_argument for no samples.
  template <class Put>
  double mean_loss(std::size_t items, Put put) const {
    if (items == 0) throw std::invalid_argument{"loss: no words"};
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t first = 0; first < items; first += batch) {
      for (std::size_t row = 0; row < batch; ++row) {
        if (first + row < items) put(row, first + row);
        else clear(row);
      }
      const auto n = static_cast<std::size_t>(std::count_if(targets_->begin(), targets_->end(), [](token y) { return y >= 0; }));
      sum += static_cast<double>(run_forward()) * static_cast<double>(n);
      count += n;
    }
    return sum / static_cast<double>(count);
  }

  /// Calls `f(section name, tensor, values)` for every parameter tensor ("3.Linear.0.weight": layer 3's tensor 0).
  template <class F>
  void for_each_tensor(F&& f) const {
    std::size_t layer = std::numeric_limits<std::size_t>::max(), index = 0;
    net_->for_each_parameter([&](std::size_t k, std::string_view layer_name, const nn::parameter_tensor& t, std::span<const float> values) {
      index = k == layer ? index + 1 : 0;
      layer = k;
      f(std::to_string(k) + "." + std::string{layer_name} + "." + std::to_string(index) + "." + std::string{t.name}, t, values);
    });
  }

  vocabulary vocab_;
  std::unique_ptr<net_type> net_;
  // The workspace and the batch every computation runs on (written by const members: a model's scratch space).
  std::unique_ptr<program_type> program_ = std::make_unique<program_type>();
  std::unique_ptr<nn::tensor<token, batch, block>> inputs_ = std::make_unique<nn::tensor<token, batch, block>>();
  std::unique_ptr<nn::tensor<token, batch, targets_per_sample>> targets_ = std::make_unique<nn::tensor<token, batch, targets_per_sample>>();
};

/// Trains a layered_model on words: each step one minibatch drawn with replacement (a generator seeded with
/// `seed`): `Spec::batch` windows of the words' examples, or `Spec::batch` whole words; then minibatch SGD or AdamW
/// (makemore.py's: β 0.9/0.99, ε 1e-8, weight decay 0.01) at the step's learning rate, on the model's program. The
/// optimizer's moments are allocated here, once; a step allocates nothing.
template <class Spec>
class layered_trainer {
  using model_type = layered_model<Spec>;
  using net_type = typename model_type::net_type;
  static constexpr std::size_t batch = model_type::batch;

 public:
  /// std::invalid_argument when the words give no example (or, for sequences, as layered_model::encode).
  layered_trainer(model_type& model, std::span<const std::string> words, std::uint64_t seed) : model_{&model}, gen_{seed} {
    if constexpr (Spec::input == reading::windows) {
      examples_ = build_examples(words, model.vocab(), model_type::block);
      if (examples_.size() == 0) throw std::invalid_argument{"no words to train on"};
    } else {
      words_ = model.encode(words);
      if (words_.empty()) throw std::invalid_argument{"no words to train on"};
    }
  }

  /// One step at learning rate `lr`; returns the minibatch's loss (before the update).
  float step(double lr) {
    model_type& m = *model_;
    for (std::size_t row = 0; row < batch; ++row) {
      if constexpr (Spec::input == reading::windows) {
        const auto i = static_cast<std::size_t>(gen_.below(examples_.size()));
        m.put_window(row, examples_.context(i), examples_.targets[i]);
      } else {
        m.put_sequence(row, words_[gen_.below(words_.size())]);
      }
    }
    net_type& net = m.net();
    nn::bindings<float> b = net.bind(nn::mode::training);
    b.inputs[0] = m.inputs_->data();
    b.inputs[1] = m.targets_->data();
    net.zero_grad();
    const float loss = m.program_->gradient(b);
    if constexpr (Spec::adamw) {
      optimizer_.learning_rate(lr);
      optimizer_.step(net.parameters(), net.gradients());
    } else {
      simd::axpy<net_type::parameter_count>(static_cast<float>(-lr), net.gradients().data(), net.parameters().data());
    }
    return loss;
  }

  /// Calls `f(k, outputs, gradients)` for every Tanh layer k of the net: its outputs in the last step and the loss's
  /// gradient with respect to them (Spec::batch rows each), the course's activation and gradient statistics. (An
  /// evaluation of the model since, as `loss`, replaces the outputs and leaves the gradients.)
  template <class F>
  void for_each_tanh(F&& f) const {
    [&]<std::size_t... K>(std::index_sequence<K...>) { (visit_tanh<K>(f), ...); }(std::make_index_sequence<net_type::layer_count>{});
  }

 private:
  template <std::size_t K, class F>
  void visit_tanh(F& f) const {
    if constexpr (std::is_same_v<typename net_type::template layer_type<K>, nn::Tanh>) {
      using node = typename net_type::template layer_output<batch, K>;
      constexpr std::size_t n = net_type::template layer_output_size<batch, K>;
      const auto& program = *model_->program_;
      f(K, std::span<const float>{program.template value<node>(), n}, std::span<const float>{program.template adjoint<node>(), n});
    }
  }

  model_type* model_;
  generator gen_;
  example_set examples_;
  token_sequences words_;
  struct no_moments {};
  [[no_unique_address]] std::conditional_t<Spec::adamw, nn::adamw<float, net_type::parameter_count>, no_moments> optimizer_{};
};

}  // namespace ctgrad::makemore
