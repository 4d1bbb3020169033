// English stop words: function words that carry no product meaning in a
// query ("milk for the kids"). The list is short on purpose: "no", "not",
// "free", "without", "plus" and "less" change what a shopper wants
// ("no sugar added", "sugar free") and are never stop words.
//
// Thread-safety: pure functions over a constant table.
#ifndef LEAFLOAF_TEXT_STOP_WORDS_H_
#define LEAFLOAF_TEXT_STOP_WORDS_H_

#include <span>
#include <string_view>

namespace leafloaf::text {

// True when the folded, unstemmed word is a stop word.
bool IsStopWord(std::string_view folded_word);

// The whole list, sorted, for documentation and tests.
std::span<const std::string_view> StopWords();

}  // namespace leafloaf::text

#endif  // LEAFLOAF_TEXT_STOP_WORDS_H_
