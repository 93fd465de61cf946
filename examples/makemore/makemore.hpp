// makemore/makemore.hpp: makemore's character models: words, vocabulary, sampling, split, count models, checkpoints.
#pragma once

#include <makemore/checkpoint.hpp>
#include <makemore/count_model.hpp>
#include <makemore/model.hpp>
#include <makemore/sampling.hpp>
#include <makemore/split.hpp>
#include <makemore/vocabulary.hpp>
#include <makemore/words.hpp>
