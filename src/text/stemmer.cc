#include "text/stemmer.h"

#include <libstemmer.h>

#include <climits>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "common/strings.h"

namespace leafloaf::text {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

sb_stemmer* ThreadStemmer() {
  thread_local StemmerPtr stemmer(sb_stemmer_new("english", "UTF_8"));
  return stemmer.get();
}

// Folded word -> final term, checked before Porter2. Each plural maps to
// the Porter2 stem of its singular, so both forms give one term.
const absl::flat_hash_map<absl::string_view, absl::string_view>& Exceptions() {
  static const auto* table = new absl::flat_hash_map<absl::string_view, absl::string_view>{
      // "-ves" plurals Porter2 leaves as "leav", "halv", ...
      {"leaves", "leaf"},
      {"loaves", "loaf"},
      {"halves", "half"},
      {"knives", "knife"},
      {"calves", "calf"},
      {"shelves", "shelf"},
      // Over-stemming that would merge unrelated products.
      {"organic", "organic"},  // not "organ" (organ meats)
      {"organics", "organic"},
      {"organically", "organic"},
      {"icing", "icing"},  // not "ice"
      {"icings", "icing"},
      {"corned", "corned"},    // corned beef is not corn
      {"topping", "topping"},  // not "top"
      {"toppings", "topping"},
      // "m&m's" tokenizes to "mm"; "m&ms" to "mms", which Porter2 keeps.
      {"mms", "mm"},
  };
  return *table;
}

bool HasDigit(std::string_view word) {
  for (char c : word) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// Stems without the cache. Returns false when the result must not be
// cached (no stemmer: out of memory).
bool StemUncached(std::string_view folded_word, std::string* out) {
  const auto& exceptions = Exceptions();
  if (auto it = exceptions.find(AsAbsl(folded_word)); it != exceptions.end()) {
    out->assign(it->second.data(), it->second.size());
    return true;
  }
  if (HasDigit(folded_word) || folded_word.size() > INT_MAX) {
    out->assign(folded_word);
    return true;
  }
  sb_stemmer* stemmer = ThreadStemmer();
  const sb_symbol* stem =
      stemmer == nullptr
          ? nullptr
          : sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                            static_cast<int>(folded_word.size()));
  if (stem == nullptr) {  // out of memory inside libstemmer
    out->assign(folded_word);
    return false;
  }
  out->assign(reinterpret_cast<const char*>(stem), static_cast<size_t>(sb_stemmer_length(stemmer)));
  return true;
}

// Porter2 is most of the cost of analysis and a catalog repeats a small
// vocabulary, so each thread remembers the stems it computed. The cache is
// dropped when full rather than evicting one by one: simple, and a
// catalog's vocabulary refills it quickly.
constexpr size_t kMaxCachedStems = 1 << 16;
constexpr size_t kMaxCachedWordBytes = 32;

}  // namespace

void StemWord(std::string_view folded_word, std::string* out) {
  if (folded_word.size() > kMaxCachedWordBytes) {
    StemUncached(folded_word, out);
    return;
  }
  thread_local absl::flat_hash_map<std::string, std::string> cache;
  if (auto it = cache.find(AsAbsl(folded_word)); it != cache.end()) {
    out->assign(it->second);
    return;
  }
  if (!StemUncached(folded_word, out)) return;
  if (cache.size() >= kMaxCachedStems) cache.clear();
  cache.emplace(std::string(folded_word), *out);
}

bool EnglishStemmerAvailable() { return ThreadStemmer() != nullptr; }

}  // namespace leafloaf::text
