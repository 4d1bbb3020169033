// ProductIndex::Search: scoring, hit selection, boosts and paging.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <span>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "search/facets.h"
#include "search/highlighter.h"
#include "search/hybrid.h"
#include "search/product_index.h"
#include "search/search_scratch.h"

namespace leafloaf::search {
namespace {

struct Candidate {
  uint32_t doc;
  float score;
};

bool Better(const Candidate& a, const Candidate& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

// The word groups a mask holds. Not std::popcount, a libgcc call without
// -mpopcnt (the build targets any x86-64).
int CountGroups(uint32_t m) {
  m = m - ((m >> 1) & 0x55555555u);
  m = (m & 0x33333333u) + ((m >> 2) & 0x33333333u);
  return static_cast<int>((((m + (m >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

bool Contains(const std::vector<TermId>& alts, TermId t) {
  return std::find(alts.begin(), alts.end(), t) != alts.end();
}

// For each word of a name, the query word groups it belongs to (a word can
// serve several: "milk milk", a synonym of two words). At most
// kMaxQueryWords (32) groups: PlanQuery keeps no more.
void NameGroupMasks(std::span<const TermId> name, const std::vector<std::vector<TermId>>& groups,
                    std::vector<uint32_t>* of) {
  of->assign(name.size(), 0);
  for (size_t q = 0; q < name.size(); ++q) {
    for (size_t g = 0; g < groups.size(); ++g) {
      if (Contains(groups[g], name[q])) (*of)[q] |= 1u << g;
    }
  }
}

// The length of the shortest run of name words (their group masks, `of`)
// covering every group in `all`, in any order. REQUIRES: the whole name
// covers them.
size_t ShortestCover(const std::vector<uint32_t>& of, uint32_t all) {
  size_t best = of.size();
  for (size_t p = 0; p < of.size(); ++p) {
    uint32_t covered = 0;
    for (size_t q = p; q < of.size() && q - p + 1 < best; ++q) {
      covered |= of[q];
      if (covered == all) {
        best = q - p + 1;
        break;
      }
    }
  }
  return best;
}

using Group = ProductIndex::Group;

// Products matching every group, with the sum of each group's best
// alternative score plus the doc's prior. Groups are intersected rarest
// first: the rarest group's postings give the candidates, the others are
// probed with SkipTo. The prior is added with the first group's score,
// while the doc's stats are in cache. Replaces *candidates.
template <typename Passes, typename Bm25f, typename Idf, typename Prior>
void MatchAllWords(const std::vector<Group>& groups, const std::vector<PostingList>& postings,
                   const DocTable& docs, Passes passes, Bm25f bm25f, Idf weighted_idf, Prior prior,
                   std::vector<Candidate>* out) {
  std::vector<Candidate>& candidates = *out;
  candidates.clear();
  if (groups.empty()) return;
  std::vector<std::pair<uint64_t, size_t>> order;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].alternatives.empty()) return;  // a word nothing matches
    uint64_t cost = 0;
    for (const auto& alt : groups[g].alternatives) cost += postings[alt.term].size();
    order.emplace_back(cost, g);
  }
  std::sort(order.begin(), order.end());
  candidates.reserve(std::min<uint64_t>(order[0].first, docs.size()));
  const Group& first = groups[order[0].second];
  // The postings are decoded first, then scored: scoring reads each doc's
  // stats, scattered over a megabyte or two, and knowing the docs ahead
  // lets those reads be prefetched (they were a third of this function).
  thread_local std::vector<std::pair<uint32_t, FieldFreqs>> decoded;
  constexpr size_t kAhead = 16;
  for (const auto& alt : first.alternatives) {
    const float idf = weighted_idf(first, alt);
    decoded.clear();
    PostingList::Iterator it(postings[alt.term]);
    while (it.NextPosting()) {
      if (docs.live(it.doc())) decoded.emplace_back(it.doc(), it.tf());
    }
    const size_t n = decoded.size();
    for (size_t i = 0; i < std::min(n, kAhead); ++i) __builtin_prefetch(&docs.stats(decoded[i].first));
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) __builtin_prefetch(&docs.stats(decoded[i + kAhead].first));
      const uint32_t doc = decoded[i].first;
      candidates.push_back({doc, bm25f(doc, decoded[i].second, idf) + prior(doc)});
    }
  }
  if (first.alternatives.size() > 1) {  // a union: sort and keep each doc's best
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.doc != b.doc ? a.doc < b.doc : a.score > b.score;
    });
    candidates.erase(std::unique(candidates.begin(), candidates.end(),
                                 [](const Candidate& a, const Candidate& b) { return a.doc == b.doc; }),
                     candidates.end());
  }
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const Candidate& c) { return !passes(c.doc); }),
                   candidates.end());
  std::vector<PostingList::Iterator> iterators;
  std::vector<float> idfs;
  for (size_t o = 1; o < order.size() && !candidates.empty(); ++o) {
    const Group& group = groups[order[o].second];
    iterators.clear();
    idfs.clear();
    for (const auto& alt : group.alternatives) {
      iterators.emplace_back(postings[alt.term]);
      idfs.push_back(weighted_idf(group, alt));
    }
    size_t kept = 0;
    for (const Candidate& c : candidates) {
      float best = -1;
      for (size_t a = 0; a < iterators.size(); ++a) {
        if (iterators[a].SkipTo(c.doc) && iterators[a].doc() == c.doc) {
          best = std::max(best, bm25f(c.doc, iterators[a].tf(), idfs[a]));
        }
      }
      if (best >= 0) candidates[kept++] = {c.doc, c.score + best};
    }
    candidates.resize(kept);
  }
}

// The general path: every product matching any word is scored; hits are
// those matching the most words any product (passing filters) matches,
// scored with their prior. Words no hit matches go to *dropped.
template <typename Passes, typename Bm25f, typename Idf, typename Prior>
void ScoreAnyWords(const std::vector<Group>& groups, const std::vector<PostingList>& postings,
                   const DocTable& docs, Passes passes, Bm25f bm25f, Idf weighted_idf, Prior prior,
                   std::vector<Candidate>* hits, std::vector<std::string>* dropped) {
  SearchScratch& s = SearchScratch::ForThisThread();
  s.Ensure(docs.size());
  const uint32_t qs = s.NextQuery();
  for (size_t g = 0; g < groups.size(); ++g) {
    const uint32_t gs = s.NextGroup();
    for (const auto& alt : groups[g].alternatives) {
      const float idf = weighted_idf(groups[g], alt);
      PostingList::Iterator it(postings[alt.term]);
      while (it.NextPosting()) {
        const uint32_t doc = it.doc();
        if (!docs.live(doc)) continue;
        const float score = bm25f(doc, it.tf(), idf);
        if (s.group_stamp[doc] != gs) {
          s.group_stamp[doc] = gs;
          s.group_best[doc] = score;
          s.group_touched.push_back(doc);
        } else if (score > s.group_best[doc]) {
          s.group_best[doc] = score;
        }
      }
    }
    for (uint32_t doc : s.group_touched) {
      if (s.query_stamp[doc] != qs) {
        s.query_stamp[doc] = qs;
        s.score[doc] = 0;
        s.mask[doc] = 0;
        s.touched.push_back(doc);
      }
      s.score[doc] += s.group_best[doc];
      s.mask[doc] |= 1u << g;
    }
  }
  int best_words = 0;
  for (uint32_t doc : s.touched) {
    if (passes(doc)) best_words = std::max(best_words, CountGroups(s.mask[doc]));
  }
  uint32_t used = 0;
  for (uint32_t doc : s.touched) {
    if (CountGroups(s.mask[doc]) != best_words || !passes(doc)) continue;
    used |= s.mask[doc];
    hits->push_back({doc, s.score[doc] + prior(doc)});
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    if (!(used >> g & 1)) dropped->push_back(groups[g].word);
  }
}

}  // namespace

absl::StatusOr<SearchResponse> ProductIndex::Search(const SearchRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  if (request.limit < 1 || request.limit > kMaxSearchLimit) {
    return absl::InvalidArgumentError("limit must be between 1 and 1000");
  }
  if (request.offset < 0 || request.offset > 10000) {
    return absl::InvalidArgumentError("offset must be between 0 and 10000");
  }
  const SearchFilters& filters = request.filters;
  std::optional<uint32_t> required_tags = DocTable::TagMask(filters.dietary_tags);
  if (!required_tags) return absl::InvalidArgumentError("unknown dietary tag in the filter");
  if (filters.min_price_cents && filters.max_price_cents &&
      *filters.min_price_cents > *filters.max_price_cents) {
    return absl::InvalidArgumentError("min price is above max price");
  }
  LL_ASSIGN_OR_RETURN(std::vector<text::Token> tokens, analyzer_->AnalyzeQuery(request.query));
  const bool prefix_last = request.prefix && !request.query.empty() &&
                           request.query.back() != ' ' && request.query.back() != '\t';

  absl::ReaderMutexLock lock(&mu_);
  const std::vector<bool> brand_ok =
      filters.brands.empty() ? std::vector<bool>() : docs_.MatchBrands(filters.brands);
  const std::vector<bool> category_ok =
      filters.category.empty() ? std::vector<bool>() : docs_.MatchCategories(filters.category);
  const bool unfiltered = filters.empty();
  auto passes = [&](uint32_t doc) {
    if (!docs_.live(doc)) return false;
    if (unfiltered) return true;
    const DocInfo& d = docs_.info(doc);
    if (!brand_ok.empty() && !brand_ok[d.brand]) return false;
    if (!category_ok.empty() && !category_ok[d.category]) return false;
    if (filters.min_price_cents && d.price_cents < *filters.min_price_cents) return false;
    if (filters.max_price_cents && d.price_cents > *filters.max_price_cents) return false;
    if ((d.tags & *required_tags) != *required_tags) return false;
    if (filters.in_stock_only && !d.in_stock) return false;
    return true;
  };

  SearchResponse response;
  // Reused by the thread's queries: a broad query has tens of thousands of
  // candidates, and allocating and freeing so large a block each time cost
  // more than its copies (malloc consolidates its free lists on the free).
  // It keeps its largest size: at most 8 bytes a product per search thread.
  thread_local std::vector<Candidate> hits_buffer;
  std::vector<Candidate>& hits = hits_buffer;
  hits.clear();
  std::vector<Group> groups;
  std::vector<std::vector<TermId>> group_terms;
  if (tokens.empty()) {
    // Browse: every product passing the filters, by popularity.
    for (uint32_t doc = 0; doc < docs_.size(); ++doc) {
      if (passes(doc)) hits.push_back({doc, docs_.stats(doc).popularity});
    }
  } else {
    groups = PlanQuery(tokens, prefix_last, request.typos);
    for (const Group& g : groups) {
      group_terms.emplace_back();
      for (const Alternative& a : g.alternatives) group_terms.back().push_back(a.term);
    }
    std::array<float, kNumFields> norm_base, norm_len;
    for (int f = 0; f < kNumFields; ++f) {
      norm_base[f] = 1.0f - options_.b[f];
      norm_len[f] = options_.b[f] / static_cast<float>(docs_.avg_length(f));
    }
    const float k1 = options_.k1;
    // BM25F of one posting: field frequencies folded into one
    // pseudo-frequency, saturated once, times the word's weighted IDF.
    auto bm25f = [&](uint32_t doc, const FieldFreqs& tf, float idf) {
      const DocStats& d = docs_.stats(doc);
      float x = 0;
      for (int f = 0; f < kNumFields; ++f) {
        if (tf[f]) x += options_.weights[f] * tf[f] / (norm_base[f] + norm_len[f] * d.length[f]);
      }
      return idf * x / (k1 + x);
    };
    auto weighted_idf = [&](const Group& g, const Alternative& alt) {
      return std::min(Idf(alt.term), g.idf_cap) * alt.weight * (k1 + 1.0f);
    };
    // Fast path: when some product matches every word, the hits are exactly
    // those products. Intersect the words rarest first, jumping through the
    // other posting lists with their skip tables.
    auto prior = [&](uint32_t doc) { return options_.popularity_weight * docs_.stats(doc).popularity; };
    MatchAllWords(groups, postings_, docs_, passes, bm25f, weighted_idf, prior, &hits);
    if (hits.empty()) {
      ScoreAnyWords(groups, postings_, docs_, passes, bm25f, weighted_idf, prior, &hits,
                    &response.dropped_words);
    }
  }
  // Boost the best candidates by how the query appears in the name.
  const size_t window = static_cast<size_t>(request.offset + request.limit);
  const size_t rerank = std::min(hits.size(), window + 64);
  size_t name_matches = 0;  // of the reranked hits, those with every word in the name
  // Selection then a sort of the head: linear, where a partial sort's heap
  // costs log(rerank) per hit (a broad query has thousands).
  if (rerank < hits.size()) {
    std::nth_element(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(rerank), hits.end(), Better);
  }
  std::sort(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(rerank), Better);
  if (!groups.empty()) {
    thread_local std::vector<uint32_t> of;  // per name word: its query word groups
    // The head's docs are scattered: their name terms' start and then the
    // terms are fetched ahead (the two cache misses per doc were a third of
    // this loop).
    constexpr size_t kStartAhead = 8, kTermsAhead = 4;
    for (size_t i = 0; i < std::min(rerank, kStartAhead); ++i) docs_.PrefetchNameTermStart(hits[i].doc);
    for (size_t i = 0; i < rerank; ++i) {
      if (i + kStartAhead < rerank) docs_.PrefetchNameTermStart(hits[i + kStartAhead].doc);
      if (i + kTermsAhead < rerank) docs_.PrefetchNameTerms(hits[i + kTermsAhead].doc);
      std::span<const TermId> name = docs_.name_terms(hits[i].doc);
      NameGroupMasks(name, group_terms, &of);
      uint32_t in_name = 0;
      for (uint32_t m : of) in_name |= m;
      const size_t present = static_cast<size_t>(CountGroups(in_name));
      bool phrase = false;
      if (group_terms.size() >= 2) {
        for (size_t p = 0; p + group_terms.size() <= name.size() && !phrase; ++p) {
          phrase = true;
          for (size_t g = 0; g < group_terms.size() && phrase; ++g) phrase = ((of[p + g] >> g) & 1u) != 0;
        }
      }
      float boost = 1.0f;
      if (present == group_terms.size()) {
        boost *= options_.all_words_boost;
        ++name_matches;
      }
      if (phrase || (group_terms.size() == 1 && present == 1)) {
        boost *= options_.phrase_boost;
      } else if (present == group_terms.size() && group_terms.size() >= 2) {
        // Proximity: the shortest run of name words holding every query
        // word, in any order. Adjacent (out of order) gets the whole boost,
        // a wider run less: n words in a run of `span` get (n-1)/(span-1).
        // A word can stand for several query words ("milk milk", a synonym
        // of two words): a run shorter than the query counts as adjacent.
        const size_t span = ShortestCover(of, in_name);
        const float closeness =
            span <= 1 ? 1.0f
                      : std::min(1.0f, static_cast<float>(group_terms.size() - 1) /
                                           static_cast<float>(span - 1));
        boost *= 1.0f + (options_.proximity_boost - 1.0f) * closeness;
      }
      if (present == group_terms.size() && name.size() == group_terms.size()) {
        boost *= options_.exact_boost;
      }
      hits[i].score *= boost;
    }
    std::sort(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(rerank), Better);
  }
  // Hybrid: the vector index's neighbours passing the filters; those the
  // text side did not find join the hits when similar enough. Skipped when
  // the text side is confident: enough products name every query word.
  const bool hybrid_wanted = !groups.empty() && vectors_ && request.hybrid.mode != HybridMode::kOff &&
                             request.hybrid.weight > 0 &&
                             (request.hybrid.text_confident_hits <= 0 ||
                              name_matches < static_cast<size_t>(request.hybrid.text_confident_hits));
  const bool hybrid =
      hybrid_wanted && static_cast<int>(request.query_vector.size()) == vectors_->dim();
  response.needs_query_vector = hybrid_wanted && !hybrid;
  std::vector<vector::Neighbour> vector_only;
  std::vector<float> head_similarity;  // of hits[0, rerank), when hybrid
  if (hybrid) {
    // Without filters the index's own removals suffice; with them, each
    // neighbour is checked. The text head's similarities come from the same
    // pass (the query's tables are computed once).
    std::function<bool(uint32_t)> allowed;
    if (!filters.empty()) allowed = [&](uint32_t doc) { return passes(doc); };
    std::vector<uint32_t> head(rerank);
    for (size_t i = 0; i < rerank; ++i) head[i] = hits[i].doc;
    std::vector<vector::Neighbour> neighbours = vectors_->SearchAndScore(
        request.query_vector, static_cast<size_t>(std::clamp(request.hybrid.neighbours, 1, 1000)),
        allowed, head, &head_similarity, request.hybrid.min_similarity);
    // The neighbours similar enough that the text side did not find. The
    // hits (thousands for a broad query) are checked against a 4,096-bit
    // filter of the neighbours' doc ids, read in order: stamping every hit
    // in the per-doc scratch array cost a random write per hit.
    std::vector<vector::Neighbour> close;
    std::array<uint64_t, 64> filter{};
    for (const vector::Neighbour& n : neighbours) {
      if (n.score < request.hybrid.min_similarity) continue;
      close.push_back(n);
      filter[(n.doc >> 6) & 63] |= uint64_t{1} << (n.doc & 63);
    }
    std::vector<bool> found(close.size(), false);
    for (const Candidate& c : hits) {
      if (((filter[(c.doc >> 6) & 63] >> (c.doc & 63)) & 1) == 0) continue;
      for (size_t i = 0; i < close.size(); ++i) found[i] = found[i] || close[i].doc == c.doc;
    }
    for (size_t i = 0; i < close.size(); ++i) {
      if (!found[i]) vector_only.push_back(close[i]);
    }
    response.hybrid_applied = true;
  }
  response.total = static_cast<int64_t>(hits.size() + vector_only.size());
  if (request.facets) {
    response.facets = CountFacets(docs_, hits.size() + vector_only.size(), [&](size_t i) {
      return i < hits.size() ? hits[i].doc : vector_only[i - hits.size()].doc;
    });
  }
  std::vector<float> similarity;  // by position in `hits`, when hybrid
  size_t ranked = rerank;
  if (hybrid) {
    std::vector<HybridCandidate> fused;
    fused.reserve(rerank + vector_only.size());
    for (size_t i = 0; i < rerank; ++i) {
      fused.push_back({.doc = hits[i].doc, .text_score = hits[i].score, .similarity = head_similarity[i]});
    }
    for (const vector::Neighbour& n : vector_only) {
      fused.push_back({.doc = n.doc, .similarity = n.score});
    }
    FuseRankings(fused, request.hybrid, window);
    // The fused head covers the page: it holds the text head (the page
    // and 64 more, or every hit), so the text ranking's tail is not copied.
    ranked = std::min(fused.size(), window);
    std::vector<Candidate> reordered;
    reordered.reserve(ranked);
    for (size_t i = 0; i < ranked; ++i) {
      reordered.push_back({fused[i].doc, fused[i].fused});
      similarity.push_back(fused[i].similarity);
    }
    hits.assign(reordered.begin(), reordered.end());  // keeps the buffer
  }
  std::vector<TermId> highlight_terms;
  for (const auto& alts : group_terms) highlight_terms.insert(highlight_terms.end(), alts.begin(), alts.end());
  for (size_t i = static_cast<size_t>(request.offset); i < std::min(window, ranked); ++i) {
    docs_.PrefetchPage(hits[i].doc);
  }
  for (size_t i = static_cast<size_t>(request.offset); i < std::min(window, ranked); ++i) {
    const uint32_t doc = hits[i].doc;
    const DocInfo& d = docs_.info(doc);
    SearchHit hit;
    hit.product_id = std::string(docs_.external_id(doc));
    hit.name = std::string(docs_.name(doc));
    hit.brand = docs_.brand_name(d.brand);
    hit.category = docs_.category_name(d.category);
    hit.price_cents = d.price_cents;
    hit.dietary_tags = TagNames(d.tags);
    hit.in_stock = d.in_stock;
    hit.orders = std::llround(std::expm1(docs_.stats(doc).popularity));
    hit.score = hits[i].score;
    if (i < similarity.size()) hit.vector_similarity = similarity[i];
    if (!highlight_terms.empty()) {
      hit.highlights.push_back(
          HighlightIndexedName(hit.name, docs_.name_terms(doc), *analyzer_, dictionary_, highlight_terms));
    }
    response.hits.push_back(std::move(hit));
  }
  response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

absl::StatusOr<SearchResponse> ProductIndex::SearchHybrid(SearchRequest request,
                                                        const QueryEmbedder& embed) const {
  if (!embed || !request.query_vector.empty()) return Search(request);
  if (request.hybrid.text_confident_hits <= 0) {
    // No gate: the vector side always runs, so embed first; one pass.
    if (request.hybrid.mode != HybridMode::kOff && request.hybrid.weight > 0 &&
        !request.query.empty()) {
      const auto start = std::chrono::steady_clock::now();
      request.query_vector = embed(request.query);
      const double embed_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      LL_ASSIGN_OR_RETURN(SearchResponse response, Search(request));
      response.took_ms += embed_ms;
      return response;
    }
    return Search(request);
  }
  LL_ASSIGN_OR_RETURN(SearchResponse text, Search(request));
  if (!text.needs_query_vector) return text;
  const auto start = std::chrono::steady_clock::now();
  request.query_vector = embed(request.query);
  if (request.query_vector.empty()) return text;
  LL_ASSIGN_OR_RETURN(SearchResponse hybrid, Search(request));
  hybrid.took_ms = text.took_ms +
                   std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return hybrid;
}

}  // namespace leafloaf::search
