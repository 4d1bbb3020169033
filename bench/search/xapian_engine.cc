#include "bench/search/xapian_engine.h"

#include <xapian.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "testing/temp_dir.h"

namespace leafloaf::searchbench {
namespace {

namespace fs = std::filesystem;

// Lower-cased runs of ASCII letters and digits (and of non-ASCII bytes),
// the unprefixed terms TermGenerator makes of plain words.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      word.push_back(absl::ascii_tolower(u));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

Xapian::termcount WdfIncrement(double weight) {
  return static_cast<Xapian::termcount>(std::lround(2 * weight));
}

class XapianEngine : public SearchEngineUnderTest {
 public:
  explicit XapianEngine(XapianOptions options) : options_(options) {}

  std::string name() const override {
    return options_.spelling_correction ? "xapian" : "xapian-nospell";
  }

  std::string Describe() const override {
    return absl::StrFormat(
        "Xapian %s glass, english stemmer, STEM_SOME, default OR, wdf increments %d/%d/%d/%d, "
        "BM25Weight defaults, spelling correction %s",
        Xapian::version_string(), WdfIncrement(kFieldWeights.name),
        WdfIncrement(kFieldWeights.brand), WdfIncrement(kFieldWeights.category),
        WdfIncrement(kFieldWeights.description), options_.spelling_correction ? "on" : "off");
  }

  absl::Status Build(const std::vector<Product>& catalog) override {
    if (dir_.path().empty()) return absl::InternalError("xapian: cannot create a temp dir");
    const std::string path = dir_.File("xapian.glass");
    try {
      Xapian::WritableDatabase writable(path,
                                        Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
      Xapian::TermGenerator indexer;
      indexer.set_stemmer(Xapian::Stem("english"));
      if (options_.spelling_correction) {
        indexer.set_database(writable);
        indexer.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
      }
      ids_.reserve(catalog.size());
      for (const Product& p : catalog) {
        Xapian::Document doc;
        indexer.set_document(doc);
        indexer.index_text(p.name, WdfIncrement(kFieldWeights.name));
        indexer.increase_termpos();
        indexer.index_text(p.brand, WdfIncrement(kFieldWeights.brand));
        indexer.increase_termpos();
        indexer.index_text(p.category, WdfIncrement(kFieldWeights.category));
        indexer.increase_termpos();
        indexer.index_text(p.description, WdfIncrement(kFieldWeights.description));
        const Xapian::docid id = writable.add_document(doc);
        if (id != ids_.size() + 1) return absl::InternalError("xapian: unexpected docid");
        ids_.push_back(p.external_id);
      }
      writable.commit();
      writable.close();

      db_.emplace(path);
      enquire_.emplace(*db_);
      parser_.set_stemmer(Xapian::Stem("english"));
      parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      parser_.set_default_op(Xapian::Query::OP_OR);
      parser_.set_database(*db_);
    } catch (const Xapian::Error& e) {
      return absl::InternalError(absl::StrCat("xapian: ", e.get_description()));
    }
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) db_bytes_ += entry.file_size();
    }
    return absl::OkStatus();
  }

  std::vector<std::string> Search(std::string_view query, int k) override {
    std::vector<std::string> results;
    try {
      const std::string text =
          options_.spelling_correction ? CorrectSpelling(query) : std::string(query);
      enquire_->set_query(parser_.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT));
      const Xapian::MSet mset = enquire_->get_mset(0, k);
      results.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::docid id = *it;
        if (id >= 1 && id <= ids_.size()) results.push_back(ids_[id - 1]);
      }
    } catch (const Xapian::Error&) {
      results.clear();  // counted as a miss (engine.h)
    }
    return results;
  }

  size_t MemoryBytes() const override {
    size_t bytes = db_bytes_ + ids_.capacity() * sizeof(std::string);
    for (const std::string& id : ids_) {
      if (id.capacity() > 15) bytes += id.capacity() + 1;
    }
    return bytes;
  }

 private:
  // The query with each word that is not an indexed term replaced by
  // Database::get_spelling_suggestion(), when there is one.
  std::string CorrectSpelling(std::string_view query) const {
    std::string corrected;
    bool changed = false;
    for (const std::string& word : Words(query)) {
      std::string use = word;
      if (!db_->term_exists(word)) {
        std::string suggestion = db_->get_spelling_suggestion(word);
        if (!suggestion.empty()) {
          use = std::move(suggestion);
          changed = true;
        }
      }
      if (!corrected.empty()) corrected.push_back(' ');
      corrected += use;
    }
    return changed ? corrected : std::string(query);
  }

  const XapianOptions options_;
  testing::TempDir dir_;
  std::optional<Xapian::Database> db_;
  std::optional<Xapian::Enquire> enquire_;
  Xapian::QueryParser parser_;
  std::vector<std::string> ids_;  // docid - 1 -> external id
  size_t db_bytes_ = 0;
};

}  // namespace

std::unique_ptr<SearchEngineUnderTest> MakeXapianEngine(XapianOptions options) {
  return std::make_unique<XapianEngine>(options);
}

}  // namespace leafloaf::searchbench
