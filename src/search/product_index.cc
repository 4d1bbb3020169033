#include "search/product_index.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"

namespace leafloaf::search {

ProductIndex::ProductIndex(const text::Analyzer* analyzer, IndexOptions options)
    : analyzer_(analyzer), options_(std::move(options)) {}

void ProductIndex::Upsert(const Product& product, int64_t orders,
                          std::span<const float> embedding) {
  // Analyze outside the lock: it is the expensive part.
  const std::string* fields[kNumFields] = {&product.name, &product.brand, &product.category,
                                           &product.description};
  std::vector<text::Token> tokens[kNumFields];
  for (int f = 0; f < kNumFields; ++f) tokens[f] = analyzer_->AnalyzeField(*fields[f]);

  absl::MutexLock lock(&mu_);
  absl::flat_hash_map<TermId, FieldFreqs> freqs;
  std::array<uint16_t, kNumFields> lengths{};
  std::vector<TermId> name_terms;
  for (int f = 0; f < kNumFields; ++f) {
    lengths[f] = static_cast<uint16_t>(std::min<size_t>(tokens[f].size(), 65535));
    for (const text::Token& t : tokens[f]) {
      TermId id = dictionary_.Intern(t.term);
      dictionary_.AddSurface(t.surface, id);
      // The stem too, so "bananna" is one edit from "banana" though the
      // catalog only says "bananas".
      if (t.term != t.surface) dictionary_.AddSurface(t.term, id);
      uint8_t& tf = freqs[id][f];
      if (tf < 255) ++tf;
      if (f == kName) name_terms.push_back(id);
    }
  }
  if (postings_.size() < dictionary_.size()) postings_.resize(dictionary_.size());
  const std::optional<uint32_t> previous = docs_.Find(product.external_id);
  float popularity = static_cast<float>(std::log1p(std::max<int64_t>(orders, 0)));
  if (orders == kKeepPopularity && previous) popularity = docs_.stats(*previous).popularity;
  uint32_t doc = docs_.Add(product, popularity, lengths, std::move(name_terms));
  if (vectors_ && previous) vectors_->Remove(*previous);
  if (!embedding.empty()) {
    if (!vectors_) vectors_ = std::make_unique<vector::VectorIndex>(static_cast<int>(embedding.size()), options_.vectors);
    vectors_->Add(doc, embedding);
  }
  // Postings must be appended in doc order per term; flat_hash_map order is
  // irrelevant since each term gets exactly one posting for this doc.
  for (const auto& [term, tf] : freqs) postings_[term].Add(doc, tf);
}

bool ProductIndex::SetInStock(std::string_view external_id, bool in_stock) {
  absl::MutexLock lock(&mu_);
  return docs_.SetInStock(external_id, in_stock);
}

bool ProductIndex::Remove(std::string_view external_id) {
  absl::MutexLock lock(&mu_);
  const std::optional<uint32_t> doc = docs_.Find(external_id);
  if (vectors_ && doc) vectors_->Remove(*doc);
  return docs_.Remove(external_id);
}

void ProductIndex::SetEmbeddings(std::span<const std::string> external_ids,
                                 std::span<const std::vector<float>> embeddings) {
  absl::MutexLock lock(&mu_);
  std::vector<uint32_t> docs;
  std::vector<std::vector<float>> kept;
  for (size_t i = 0; i < external_ids.size() && i < embeddings.size(); ++i) {
    const std::optional<uint32_t> doc = docs_.Find(external_ids[i]);
    if (!doc || embeddings[i].empty()) continue;
    if (!vectors_) vectors_ = std::make_unique<vector::VectorIndex>(static_cast<int>(embeddings[i].size()), options_.vectors);
    if (vectors_->Has(*doc)) vectors_->Remove(*doc);
    docs.push_back(*doc);
    kept.push_back(embeddings[i]);
  }
  if (vectors_) vectors_->AddBatch(docs, kept);
}

size_t ProductIndex::VectorMemoryBytes() const {
  absl::ReaderMutexLock lock(&mu_);
  return vectors_ ? vectors_->MemoryBytes() : 0;
}

size_t ProductIndex::vector_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return vectors_ ? vectors_->size() : 0;
}

void ProductIndex::Finish() {
  absl::MutexLock lock(&mu_);
  dictionary_.Finish();
  docs_.ShrinkToFit();
  postings_.shrink_to_fit();
  for (PostingList& p : postings_) p.ShrinkToFit();
}

size_t ProductIndex::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return docs_.live_count();
}

size_t ProductIndex::MemoryBytes() const {
  absl::ReaderMutexLock lock(&mu_);
  size_t postings = postings_.capacity() * sizeof(PostingList);
  for (const PostingList& p : postings_) postings += p.MemoryBytes() - sizeof(PostingList);
  return dictionary_.MemoryBytes() + docs_.MemoryBytes() + postings;
}

float ProductIndex::Idf(TermId term) const {
  const double n = std::max<uint32_t>(docs_.live_count(), 1);
  const double df = std::min<double>(postings_[term].size(), n);
  return static_cast<float>(std::log(1.0 + (n - df + 0.5) / (df + 0.5)));
}

std::vector<ProductIndex::Group> ProductIndex::PlanQuery(const std::vector<text::Token>& tokens,
                                                         bool prefix_last, bool typos) const {
  // Synonyms, single- and multi-word, as extra terms of the words they
  // cover: "ice cream" -> gelato for both words; "gelato" -> ice, cream.
  std::vector<std::vector<std::string>> synonym_terms(tokens.size());
  for (const text::SynonymMatch& m : analyzer_->FindSynonyms(tokens)) {
    for (const std::string& phrase : m.alternatives) {
      for (absl::string_view term : absl::StrSplit(phrase, ' ', absl::SkipEmpty())) {
        for (size_t t = m.first; t < m.first + m.count && t < tokens.size(); ++t) {
          synonym_terms[t].emplace_back(term);
        }
      }
    }
  }
  std::vector<Group> groups;
  for (size_t i = 0; i < tokens.size() && groups.size() < kMaxQueryWords; ++i) {
    const text::Token& token = tokens[i];
    Group g;
    g.word = token.surface;
    auto add = [&g](TermId term, float weight) {
      for (Alternative& a : g.alternatives) {
        if (a.term == term) {
          a.weight = std::max(a.weight, weight);
          return;
        }
      }
      g.alternatives.push_back({term, weight});
    };
    TermId exact = dictionary_.Find(token.term);
    if (exact != kNoTerm) add(exact, 1.0f);
    for (const std::string& synonym : synonym_terms[i]) {
      TermId id = dictionary_.Find(synonym);
      if (id != kNoTerm) add(id, options_.synonym_weight);
    }
    std::vector<TermMatch> matches;
    if (prefix_last && i + 1 == tokens.size()) {
      dictionary_.PrefixMatches(token.surface, 400, &matches);
      // Keep the most common completions.
      std::sort(matches.begin(), matches.end(), [this](const TermMatch& a, const TermMatch& b) {
        return postings_[a.term].size() > postings_[b.term].size();
      });
      if (matches.size() > options_.max_prefix_expansions) {
        matches.resize(options_.max_prefix_expansions);
      }
      for (const TermMatch& m : matches) add(m.term, options_.prefix_weight);
    }
    // Typos only when the word itself is unknown or rare.
    if (typos && (exact == kNoTerm || postings_[exact].size() < 3)) {
      matches.clear();
      dictionary_.TypoMatches(token.surface, options_.max_typo_expansions, &matches);
      // Like SymSpell: the fewest edits, then the most common word, is the
      // likeliest intent ("chedar" is cheddar, not cedar). The others stay
      // as weaker alternatives.
      std::stable_sort(matches.begin(), matches.end(), [this](const TermMatch& a, const TermMatch& b) {
        if (a.edits != b.edits) return a.edits < b.edits;
        return postings_[a.term].size() > postings_[b.term].size();
      });
      for (size_t m = 0; m < matches.size(); ++m) {
        float w = matches[m].edits == 1 ? options_.typo1_weight : options_.typo2_weight;
        add(matches[m].term, m == 0 ? w : w * options_.typo_runner_up_factor);
      }
      if (!matches.empty()) g.idf_cap = Idf(matches[0].term);
    }
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace leafloaf::search
