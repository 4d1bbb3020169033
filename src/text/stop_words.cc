#include "text/stop_words.h"

#include <algorithm>
#include <array>

namespace leafloaf::text {
namespace {

// Sorted for binary search; checked by a test.
constexpr std::array<std::string_view, 31> kStopWords = {
    "a",    "an",   "and",  "are",  "as", "at",  "be",   "by",  "for",  "from", "has",
    "have", "in",   "into", "is",   "it", "its", "of",   "on",  "or",   "our",  "per",
    "than", "that", "the",  "this", "to", "was", "with", "you", "your",
};

}  // namespace

bool IsStopWord(std::string_view folded_word) {
  if (folded_word.size() > 4) return false;  // the longest is four bytes
  return std::binary_search(kStopWords.begin(), kStopWords.end(), folded_word);
}

std::span<const std::string_view> StopWords() { return kStopWords; }

}  // namespace leafloaf::text
