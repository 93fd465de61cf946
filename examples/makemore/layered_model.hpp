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

/// The models of the tool's mlp-bn, wavenet and transformer commands, each for `neural_vocab_capacity` tokens: its
/// kind, net, loss graph, batch, first values, optimizer, and the output tensors whose columns past a vocabulary
/// are made absent (weights 0, shift −1e30: probability 0, gradient 0).
struct mlp_bn_spec {
  static constexpr std::string_view kind = "mlp-bn";
  static constexpr reading input = reading::windows;
  static constexpr bool adamw = false;  // minibatch SGD
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
  static constexpr std::size_t batch = example::gpt::batch;
  using net = example::gpt::transformer_of<neural_vocab_capacity, true>;
  template <std::size_t B>
  using loss = example::gpt::transformer_loss<B, net>;
  static net make(std::uint64_t seed) { return example::gpt::make_transformer<neural_vocab_capacity, true>(seed); }
  /// lm_head's weights and bias (the bias makemore.py's lm_head lacks: it holds the absent columns).
  static constexpr std::size_t weight_layer = net::layer_count - 1, shift_layer = net::layer_count - 1;
};

/// A CharacterModel made of `Spec::net`: P(next | context) from the net evaluating (a BatchNorm1d on its running
/// statistics), the mean loss of words, and checkpoints holding every parameter tensor and the buffers.
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
    auto& x = *sample_;
    std::size_t position = 0;
    if constexpr (Spec::input == reading::windows) {
      std::copy(context.begin(), context.end(), x.begin());
    } else {
      const auto word = std::find_if(context.begin(), context.end(), [](token t) { return t != 0; });
      std::fill(x.begin(), x.end(), 0);
      std::copy(word, context.end(), x.begin() + 1);
      position = static_cast<std::size_t>(context.end() - word);
    }
    nn::bindings<float> b = net_->bind(nn::mode::evaluation);
    b.inputs[0] = x.data();
    detail::softmax_row(one_->forward(b) + position * capacity, out);
  }

  /// The mean negative log-likelihood of every next character of `words` (the targets `for_each_example` gives),
  /// evaluating, in batches. std::invalid_argument for no words, a character outside the vocabulary or (sequences)
  /// a word longer than `max_word_length`.
  [[nodiscard]] double loss(std::span<const std::string> words) const {
    if constexpr (Spec::input == reading::windows) {
      return detail::mean_loss<Spec::template loss, 256>(net_->bind(nn::mode::evaluation), build_examples(words, vocab_, block));
    } else {
      auto program = std::make_unique<nn::program<float, typename Spec::template loss<Spec::batch>, false>>();
      return mean_sequence_loss<Spec::batch, block>(*program, net_->bind(nn::mode::evaluation), encode(words));
    }
  }

  /// The words as token sequences; std::invalid_argument quoting a word longer than `max_word_length` or one
  /// with a character outside the vocabulary.
  [[nodiscard]] std::vector<std::vector<token>> encode(std::span<const std::string> words) const {
    std::vector<std::vector<token>> out;
    out.reserve(words.size());
    for (const std::string& w : words) {
      if (w.size() > max_word_length) {
        throw std::invalid_argument{"the " + std::string{kind} + " takes words of at most " + std::to_string(max_word_length) + " characters (its " +
                                    std::to_string(block) + " positions), not " + makemore::quoted(w)};
      }
      out.push_back(vocab_.encode(w));
    }
    return out;
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
  std::unique_ptr<nn::program<float, typename net_type::template output_expression<1>, false>> one_ =
      std::make_unique<nn::program<float, typename net_type::template output_expression<1>, false>>();
  std::unique_ptr<nn::tensor<std::int32_t, 1, block>> sample_ = std::make_unique<nn::tensor<std::int32_t, 1, block>>();
};

/// Trains a layered_model on words: each step one minibatch drawn with replacement (a generator seeded with
/// `seed`): `Spec::batch` windows of the words' examples, or `Spec::batch` whole words; then minibatch SGD or AdamW
/// (makemore.py's: β 0.9/0.99, ε 1e-8, weight decay 0.01) at the step's learning rate. The workspace, the batch
/// and the optimizer's moments are allocated here, once; a step allocates nothing.
template <class Spec>
class layered_trainer {
  using model_type = layered_model<Spec>;
  using net_type = typename model_type::net_type;

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

  /// The model's loss over `words`, as layered_model::loss; a sequence model's through this trainer's program (no
  /// second workspace while training).
  [[nodiscard]] double loss(std::span<const std::string> words) {
    if constexpr (Spec::input == reading::windows) {
      return model_->loss(words);
    } else {
      return mean_sequence_loss<Spec::batch, model_type::block>(*program_, model_->net().bind(nn::mode::evaluation), model_->encode(words));
    }
  }

  /// Calls `f(k, outputs, gradients)` for every Tanh layer k of the net: its outputs in the last step and the loss's
  /// gradient with respect to them (Spec::batch rows each), the course's activation and gradient statistics.
  template <class F>
  void for_each_tanh(F&& f) const {
    [&]<std::size_t... K>(std::index_sequence<K...>) { (visit_tanh<K>(f), ...); }(std::make_index_sequence<net_type::layer_count>{});
  }

  /// One step at learning rate `lr`; returns the minibatch's loss (before the update).
  float step(double lr) {
    net_type& net = model_->net();
    nn::bindings<float> b = net.bind(nn::mode::training);
    if constexpr (Spec::input == reading::windows) {
      draw_minibatch(examples_, gen_, std::span<token>{*contexts_}, std::span<token>{*targets_});
      b.inputs[0] = contexts_->data();
      b.inputs[1] = targets_->data();
    } else {
      for (std::size_t row = 0; row < Spec::batch; ++row) rows_.put(row, words_[gen_.below(words_.size())]);
      b.inputs[0] = rows_.inputs->data();
      b.inputs[1] = rows_.targets->data();
    }
    net.zero_grad();
    const float loss = program_->gradient(b);
    if constexpr (Spec::adamw) {
      optimizer_.learning_rate(lr);
      optimizer_.step(net.parameters(), net.gradients());
    } else {
      simd::axpy<net_type::parameter_count>(static_cast<float>(-lr), net.gradients().data(), net.parameters().data());
    }
    return loss;
  }

 private:
  template <std::size_t K, class F>
  void visit_tanh(F& f) const {
    if constexpr (std::is_same_v<typename net_type::template layer_type<K>, nn::Tanh>) {
      using node = typename net_type::template layer_output<Spec::batch, K>;
      constexpr std::size_t n = net_type::template layer_output_size<Spec::batch, K>;
      f(K, std::span<const float>{program_->template value<node>(), n}, std::span<const float>{program_->template adjoint<node>(), n});
    }
  }

  model_type* model_;
  generator gen_;
  std::unique_ptr<nn::program<float, typename Spec::template loss<Spec::batch>>> program_ =
      std::make_unique<nn::program<float, typename Spec::template loss<Spec::batch>>>();
  example_set examples_;
  std::unique_ptr<nn::tensor<token, Spec::batch, model_type::block>> contexts_ = std::make_unique<nn::tensor<token, Spec::batch, model_type::block>>();
  std::unique_ptr<std::array<token, Spec::batch>> targets_ = std::make_unique<std::array<token, Spec::batch>>();
  std::vector<std::vector<token>> words_;
  sequence_batch<Spec::batch, model_type::block> rows_;
  struct no_moments {};
  [[no_unique_address]] std::conditional_t<Spec::adamw, nn::adamw<float, net_type::parameter_count>, no_moments> optimizer_{};
};

}  // namespace ctgrad::makemore
