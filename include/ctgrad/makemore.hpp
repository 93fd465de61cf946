// ctgrad/makemore.hpp: makemore's character models: words, vocabulary, sampling, split, count models, checkpoints.
#pragma once

#include <ctgrad/makemore/checkpoint.hpp>
#include <ctgrad/makemore/count_model.hpp>
#include <ctgrad/makemore/model.hpp>
#include <ctgrad/makemore/sampling.hpp>
#include <ctgrad/makemore/split.hpp>
#include <ctgrad/makemore/vocabulary.hpp>
#include <ctgrad/makemore/words.hpp>
