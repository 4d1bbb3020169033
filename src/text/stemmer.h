// English stemming: the Snowball "english" algorithm (Porter2) from
// libstemmer, plus a small table of grocery words it gets wrong.
//
// Porter2 already merges the common plural and singular forms
// ("berries"/"berry" -> "berri", "tomatoes"/"tomato" -> "tomato",
// "chips"/"chip" -> "chip"). The table fixes the "-ves" plurals it misses
// ("leaves" -> "leaf", "halves" -> "half") and over-stemming that would
// merge unrelated grocery words ("organic" -> "organ", "icing" -> "ice",
// "corned" -> "corn", "toppings" -> "top").
//
// Thread-safety: thread-safe. libstemmer's stemmer objects are not, so
// each thread lazily creates its own and frees it when the thread exits,
// along with a cache of up to 65,536 recent stems (a few MB at most).
#ifndef LEAFLOAF_TEXT_STEMMER_H_
#define LEAFLOAF_TEXT_STEMMER_H_

#include <string>
#include <string_view>

namespace leafloaf::text {

// Replaces *out with the stem of one folded (lower-case, accent-free)
// word. Words with digits, and words when no stemmer can be created (out of
// memory), are copied unchanged.
void StemWord(std::string_view folded_word, std::string* out);

// True when libstemmer provides the English algorithm in UTF-8.
bool EnglishStemmerAvailable();

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_STEMMER_H_
