// --format reviews: product reviews (docs/IMPORT.md).
//
// Required: product_id, and rating or text (or review, review_text, body).
// Optional: review_id (else an id derived from the review's content, so a
// re-import finds the same review), user_id, title, created_at (or date).
// rating is 1..5; an empty rating is "none" (0).
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "ingest/format.h"

namespace leafloaf {
namespace {

uint64_t Fnv1a(std::initializer_list<std::string_view> parts) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::string_view part : parts) {
    for (char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0x1f;  // separator, so ("ab","c") != ("a","bc")
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

class ReviewsFormat : public Format {
 public:
  std::string_view name() const override { return "reviews"; }

  const std::vector<FileKind>& kinds() const override {
    static const std::vector<FileKind> kKinds = {
        {"reviews", 0, {"product_id", "rating|text|review|review_text|body"}, false, {}}};
    return kKinds;
  }

  absl::Status BeginFile(const FileKind&, const CsvHeader& h, ImportContext&) override {
    id_ = h.Find({"review_id", "id"});
    product_ = h.Find({"product_id"});
    user_ = h.Find({"user_id", "customer_id"});
    rating_ = h.Find({"rating", "stars"});
    title_ = h.Find({"title", "summary"});
    text_ = h.Find({"text", "review", "review_text", "body"});
    created_at_ = h.Find({"created_at", "date", "review_date"});
    return absl::OkStatus();
  }

  absl::Status ParseRow(const CsvRow& row, ImportContext& context) override {
    LL_ASSIGN_OR_RETURN(std::string_view product_id, row.Required(product_));
    LL_ASSIGN_OR_RETURN(int64_t rating, row.OptionalInt(rating_, 0));
    if (!row.Empty(rating_) && (rating < 1 || rating > 5)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("bad %s '%s': not 1..5", row.ColumnName(rating_), row.Text(rating_)));
    }
    Review review;
    review.text = row.Text(text_);
    review.title = row.Text(title_);
    if (rating == 0 && review.text.empty() && review.title.empty()) {
      return absl::InvalidArgumentError("review has neither rating nor text");
    }
    if (!row.Empty(created_at_)) {
      LL_ASSIGN_OR_RETURN(review.created_at, row.Time(created_at_));
    }
    LL_ASSIGN_OR_RETURN(bool known, context.ProductExists(product_id));
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown product '", std::string(product_id), "'"));
    }
    review.shop_id = context.shop_id();
    review.product_external_id = std::string(product_id);
    review.user_external_id = std::string(row.Get(user_));
    review.rating = static_cast<int>(rating);
    review.external_id = std::string(row.Get(id_));
    if (review.external_id.empty()) {
      review.external_id =
          absl::StrFormat("r-%016x", Fnv1a({product_id, row.Get(user_), row.Get(created_at_),
                                            row.Get(rating_), review.title, review.text}));
    }
    context.Add(std::move(review));
    return absl::OkStatus();
  }

 private:
  int id_ = -1, product_ = -1, user_ = -1, rating_ = -1, title_ = -1, text_ = -1, created_at_ = -1;
};

}  // namespace

std::unique_ptr<Format> MakeReviewsFormat() { return std::make_unique<ReviewsFormat>(); }

}  // namespace leafloaf
