#include "agents/intent_rules.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "agents/entity_extractor.h"

namespace leafloaf::agents {
namespace {

using internal::FuzzyEquals;
using internal::Token;

// The rules in the order they are tried. Names are reported by the eval.
enum Rule : int {
  kHelpOnly,
  kHelpPhrase,
  kClearCart,
  kCheckoutWord,
  kCheckOut,
  kCheckoutPhrase,
  kUsual,
  kRunningLow,
  kGoesWith,
  kBudgetWord,
  kSpendAmount,
  kKeepUnder,
  kDietSelf,
  kDietDeclare,
  kShowCart,
  kCartTotal,
  kRemoveVerb,
  kMakeItN,
  kChangeToN,
  kAddVerb,
  kToMyCart,
  kSearchPhrase,
  kPriceQuestion,
  kAttributeQuestion,
  kSmallTalk,
  kWantVerb,
  kRuleCount,
};
static_assert(kRuleCount == kNumIntentRules);

constexpr std::array<std::string_view, kNumIntentRules> kRuleNames = {
    "help_only",     "help_phrase",  "clear_cart",     "checkout_word",   "check_out",
    "checkout_phrase", "usual",      "running_low",    "goes_with",       "budget_word",
    "spend_amount",  "keep_under",   "diet_self",      "diet_declare",    "show_cart",
    "cart_total",    "remove_verb",  "make_it_n",      "change_to_n",     "add_verb",
    "to_my_cart",    "search_phrase", "price_question", "attribute_question", "small_talk",
    "want_verb",
};

constexpr Intent kRuleIntents[kNumIntentRules] = {
    Intent::kHelp,         Intent::kHelp,          Intent::kClearCart,      Intent::kCheckout,
    Intent::kCheckout,     Intent::kCheckout,      Intent::kAddUsual,       Intent::kReorderDue,
    Intent::kComplements,  Intent::kSetBudget,     Intent::kSetBudget,      Intent::kSetBudget,
    Intent::kSetDietary,   Intent::kSetDietary,    Intent::kShowCart,       Intent::kShowCart,
    Intent::kRemoveFromCart, Intent::kUpdateQuantity, Intent::kUpdateQuantity, Intent::kAddToCart,
    Intent::kAddToCart,    Intent::kSearch,        Intent::kProductQuestion, Intent::kProductQuestion,
    Intent::kOther,        Intent::kAddToCart,
};

// The utterance's words (punctuation dropped, numbers as "0") with lookups.
class Words {
 public:
  explicit Words(std::span<const Token> tokens) : tokens_(tokens) {
    for (const Token& t : tokens) {
      if (t.kind == Token::Kind::kPunct) {
        if (t.is("$")) money_ = true;
        continue;
      }
      std::string_view w = t.is_number() ? std::string_view("0") : std::string_view(t.text);
      // Texting shorthand.
      if (w == "u") w = "you";
      if (w == "ur") w = "your";
      if (w == "r") w = "are";
      if (w.size() == 4 && w != "make" && FuzzyEquals(w, "make")) w = "make";
      words_.push_back(w);
      if (t.is_number()) number_ = true;
    }
  }

  size_t size() const { return words_.size(); }
  std::string_view operator[](size_t i) const { return i < words_.size() ? words_[i] : ""; }

  bool Has(std::string_view w) const { return Find(w) != npos; }
  size_t Find(std::string_view w, size_t from = 0) const {
    for (size_t i = from; i < words_.size(); ++i) {
      if (words_[i] == w) return i;
    }
    return npos;
  }
  // A word within one typo of `cue` (token of 4+ letters unless exact).
  bool HasFuzzy(std::string_view cue) const {
    for (std::string_view w : words_) {
      if (w == cue || (w.size() >= 4 && FuzzyEquals(w, cue))) return true;
    }
    return false;
  }
  size_t FindSeq(std::initializer_list<std::string_view> seq) const {
    if (seq.size() == 0 || seq.size() > words_.size()) return npos;
    for (size_t i = 0; i + seq.size() <= words_.size(); ++i) {
      size_t k = 0;
      for (std::string_view w : seq) {
        if (words_[i + k] != w) break;
        ++k;
      }
      if (k == seq.size()) return i;
    }
    return npos;
  }
  bool HasSeq(std::initializer_list<std::string_view> seq) const { return FindSeq(seq) != npos; }
  bool HasAny(std::initializer_list<std::string_view> ws) const {
    for (std::string_view w : ws) {
      if (Has(w)) return true;
    }
    return false;
  }
  bool has_number() const { return number_; }
  bool has_money() const {
    return money_ || HasAny({"dollars", "dollar", "bucks", "buck", "usd"});
  }
  std::span<const Token> tokens() const { return tokens_; }

  static constexpr size_t npos = static_cast<size_t>(-1);

 private:
  std::span<const Token> tokens_;
  std::vector<std::string_view> words_;
  bool number_ = false;
  bool money_ = false;
};

bool IsCartWord(std::string_view w) {
  if (w == "cart" || w == "basket" || w == "trolley" || w == "carts") return true;
  if (w.size() < 4) return false;
  // One typo away from "cart" but real words of their own.
  static constexpr std::string_view kNot[] = {"card", "care", "cars", "cast", "carb",
                                              "carp", "curt", "chart", "carrot", "carry"};
  if (std::find(std::begin(kNot), std::end(kNot), w) != std::end(kNot)) return false;
  return FuzzyEquals(w, "cart") || FuzzyEquals(w, "basket");
}

bool HasCartWord(const Words& w) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (IsCartWord(w[i])) return true;
  }
  return false;
}

bool IsFiller(std::string_view w) {
  return w == "please" || w == "pls" || w == "plz" || w == "hey" || w == "hi" || w == "i" ||
         w == "need" || w == "me" || w == "some" || w == "can" || w == "you" || w == "ok" ||
         w == "okay" || w == "thanks";
}

bool Help(const Words& w, int* rule) {
  if (w.HasFuzzy("help")) {
    bool only = true;
    for (size_t i = 0; i < w.size(); ++i) {
      only &= IsFiller(w[i]) || FuzzyEquals(w[i], "help") || w[i] == "help";
    }
    if (only) return *rule = kHelpOnly, true;
  }
  if (w.HasSeq({"what", "can", "you", "do"}) || w.HasSeq({"how", "does", "this", "work"}) ||
      w.HasSeq({"how", "do", "i", "use"}) || w.HasSeq({"what", "are", "you", "able"}) ||
      w.HasSeq({"what", "do", "you", "do"}) || w.HasSeq({"how", "does", "it", "work"}) ||
      w.HasSeq({"what", "can", "i", "ask"}) || w.HasSeq({"what", "can", "i", "say"}) ||
      w.HasSeq({"how", "does", "this", "thing", "work"}) ||
      w.HasSeq({"what", "commands"}) || w.HasSeq({"what", "are", "your", "features"}) ||
      w.HasSeq({"how", "do", "i"}) || w.HasSeq({"how", "can", "i"}) ||
      w.HasSeq({"you", "can", "do"})) {
    return *rule = kHelpPhrase, true;
  }
  return false;
}

bool ClearCart(const Words& w) {
  const bool verb = w.HasFuzzy("empty") || w.HasFuzzy("clear") || w.Has("wipe") || w.Has("cancel") ||
                    w.Has("reset") || w.Has("emtpy");
  const bool everything = w.HasAny({"everything", "all", "whole", "entire"});
  if (verb && (HasCartWord(w) || everything || w.HasSeq({"it", "out"}))) return true;
  if (HasCartWord(w) && (w.HasSeq({"fresh", "cart"}) || w.HasSeq({"new", "cart"}) ||
                         w.HasSeq({"empty", "cart"}) || w.Has("nuke"))) {
    return true;
  }
  if (w.HasSeq({"start", "over"}) || w.HasSeq({"start", "fresh"}) ||
      w.HasSeq({"from", "scratch"})) {
    return true;
  }
  const bool remove = w.HasFuzzy("remove") || w.HasFuzzy("delete") || w.Has("drop") ||
                      w.HasSeq({"get", "rid"}) || w.Has("take") || w.Has("dump") || w.Has("throw");
  return remove && (w.Has("everything") || w.HasSeq({"all", "items"}) ||
                    w.HasSeq({"all", "the", "items"}) || w.HasSeq({"all", "of", "it"}) ||
                    w.HasSeq({"whole", "cart"}) || w.HasSeq({"entire", "cart"}));
}

bool Checkout(const Words& w, int* rule) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].size() >= 6 && (FuzzyEquals(w[i], "checkout") || w[i] == "checkout")) {
      return *rule = kCheckoutWord, true;
    }
  }
  const size_t check = w.FindSeq({"check", "out"});
  if (check != Words::npos) {
    const std::string_view next = w[check + 2];
    if (next.empty() || next == "now" || next == "please" || next == "pls" || next == "then") {
      return *rule = kCheckOut, true;
    }
  }
  if (w.HasSeq({"place", "my", "order"}) || w.HasSeq({"place", "the", "order"}) ||
      w.HasSeq({"place", "order"}) || w.HasSeq({"pay", "now"}) ||
      w.HasSeq({"proceed", "to", "payment"}) || w.HasSeq({"complete", "my", "order"}) ||
      w.HasSeq({"complete", "the", "order"}) || w.HasSeq({"submit", "my", "order"}) ||
      w.HasSeq({"submit", "the", "order"}) || w.HasSeq({"ready", "to", "pay"}) ||
      w.HasSeq({"finish", "my", "order"}) || w.HasSeq({"finalize"}) ||
      w.HasSeq({"want", "to", "pay"}) || w.HasSeq({"lets", "pay"}) ||
      w.HasSeq({"done", "shopping"}) || w.HasSeq({"pay", "for", "my"}) ||
      w.HasSeq({"confirm", "my", "order"}) || w.HasSeq({"confirm", "the", "order"}) ||
      w.HasSeq({"ring", "me", "up"}) || w.HasSeq({"ring", "it", "up"}) ||
      w.HasSeq({"buy", "everything"}) || w.HasSeq({"pay", "for", "everything"}) ||
      w.HasSeq({"time", "to", "pay"}) || w.HasSeq({"lets", "pay"})) {
    return *rule = kCheckoutPhrase, true;
  }
  return false;
}

bool Usual(const Words& w) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].size() >= 5 && (FuzzyEquals(w[i], "usual") || FuzzyEquals(w[i], "usuals"))) {
      return true;
    }
  }
  return w.HasSeq({"same", "as", "last", "time"}) || w.HasSeq({"regular", "order"}) ||
         w.HasSeq({"my", "regulars"}) || w.HasSeq({"the", "regulars"}) ||
         w.HasSeq({"my", "staples"}) || w.HasSeq({"regular", "stuff"}) ||
         w.HasSeq({"regular", "items"}) || w.HasSeq({"what", "i", "always", "get"}) ||
         w.HasSeq({"what", "i", "normally", "get"}) || w.HasSeq({"what", "i", "usually"}) ||
         w.HasSeq({"repeat", "my"}) || w.HasSeq({"my", "last", "order"});
}

bool RunningLow(const Words& w) {
  return w.HasSeq({"running", "low"}) || w.HasSeq({"running", "out"}) ||
         w.HasSeq({"run", "out"}) || w.HasSeq({"run", "low"}) || w.HasSeq({"low", "on"}) ||
         w.HasSeq({"ran", "out"}) || w.Has("restock") || w.Has("replenish") ||
         w.HasSeq({"due", "for"}) || w.HasSeq({"is", "due"}) || w.HasSeq({"are", "due"}) ||
         w.HasSeq({"whats", "due"}) || w.HasSeq({"stock", "up", "on", "what"}) ||
         w.HasSeq({"time", "to", "reorder"}) || w.HasSeq({"need", "to", "reorder"}) ||
         w.HasSeq({"should", "i", "reorder"}) || w.HasSeq({"about", "to", "run"}) ||
         w.HasSeq({"almost", "out"});
}

bool GoesWith(const Words& w) {
  const bool asking = w.HasAny({"what", "whats", "something", "anything", "ideas", "suggest",
                                "recommend", "which"});
  if (w.HasSeq({"goes", "with"}) || w.HasSeq({"goes", "well", "with"}) ||
      w.HasSeq({"pairs", "with"}) || w.HasSeq({"pairs", "well"}) || w.Has("pairing") ||
      w.Has("pairings") || w.HasSeq({"to", "go", "with"}) || w.HasSeq({"serve", "with"}) ||
      w.Has("complement") || w.Has("complements") || w.HasSeq({"goes", "good", "with"}) ||
      w.HasSeq({"pair", "well"}) || w.HasSeq({"sides", "for"}) || w.HasSeq({"side", "dish"}) ||
      w.HasSeq({"side", "dishes"})) {
    return true;
  }
  if (asking && (w.HasSeq({"go", "with"}) || w.HasSeq({"go", "well", "with"}) ||
                 w.HasSeq({"pair", "with"}) || w.HasSeq({"else", "do", "i", "need", "for"}) ||
                 w.HasSeq({"buy", "with"}) || w.HasSeq({"get", "with"}) ||
                 w.HasSeq({"have", "with"}) || w.HasSeq({"good", "with"}) ||
                 w.HasSeq({"else", "should", "i", "get"}) ||
                 w.HasSeq({"else", "do", "i", "need", "to", "make"}))) {
    return true;
  }
  return false;
}

bool Budget(const Words& w, int* rule) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].size() >= 5 && (FuzzyEquals(w[i], "budget") || w[i] == "budget")) {
      return *rule = kBudgetWord, true;
    }
  }
  const bool amount = w.has_money() || w.has_number();
  if (amount && (w.Has("spend") || w.Has("spending"))) return *rule = kSpendAmount, true;
  if (w.has_money() && (w.HasSeq({"i", "have"}) || w.HasSeq({"we", "have"}) ||
                        w.HasSeq({"i", "only", "have"}) || w.HasSeq({"ive", "got"}))) {
    return *rule = kSpendAmount, true;
  }
  if (amount && w.HasAny({"max", "maximum", "tops"}) && !w.HasAny({"add", "find", "show"})) {
    return *rule = kKeepUnder, true;
  }
  if (amount && (w.Has("keep") || w.Has("stay") || w.Has("cap")) &&
      w.HasAny({"under", "below", "within", "than", "at", "max"})) {
    return *rule = kKeepUnder, true;
  }
  if (amount && (w.HasSeq({"dont", "go", "over"}) || w.HasSeq({"not", "go", "over"}) ||
                 w.HasSeq({"total", "under"}) || w.HasSeq({"limit", "is"}) ||
                 w.HasSeq({"my", "limit"}) || w.HasSeq({"a", "limit", "of"}))) {
    return *rule = kKeepUnder, true;
  }
  return false;
}

bool Dietary(const Words& w, int* rule) {
  const bool tag = !FindDietaryTags(w.tokens()).empty();
  if (w.HasAny({"allergic", "intolerant", "celiac", "coeliac", "allergy", "allergies"}) ||
      (tag && (w.Has("avoid") || w.HasSeq({"cant", "have"}) || w.HasSeq({"cant", "eat"}) ||
               w.HasSeq({"no", "dairy", "for"}) || w.HasSeq({"remember", "that"})))) {
    return *rule = kDietDeclare, true;
  }
  if (!tag) {
    return (w.HasSeq({"dont", "eat", "meat"}) || w.HasSeq({"no", "meat", "for"})) &&
           (*rule = kDietDeclare, true);
  }
  // "I'm vegan", "we are gluten free", "I'm strictly kosher".
  static constexpr std::string_view kSelf[][2] = {
      {"im", ""}, {"i", "am"}, {"we", "are"}, {"were", ""}, {"family", "is"},
      {"household", "is"}, {"kids", "are"}, {"wife", "is"}, {"husband", "is"},
      {"son", "is"}, {"daughter", "is"}, {"partner", "is"}, {"everyone", "is"},
      {"i", "went"}, {"we", "went"}, {"i", "eat"}, {"we", "eat"}, {"i", "keep"},
      {"we", "keep"}, {"i", "follow"}, {"we", "follow"}, {"i", "only"}, {"we", "only"},
      {"i", "dont"}, {"we", "dont"}, {"i", "avoid"}, {"we", "avoid"}, {"i", "need"},
      {"i", "have"}, {"diet", "is"}, {"diet", "to"}, {"set", "my"}, {"switch", "me"},
      {"mark", "me"}, {"i", "can"}, {"we", "need"}, {"stick", "to"}, {"eating"}, {"gone"},
  };
  for (const auto& self : kSelf) {
    size_t at = self[1].empty() ? w.Find(self[0]) : w.FindSeq({self[0], self[1]});
    if (at == Words::npos) continue;
    const size_t after = at + (self[1].empty() ? 1 : 2);
    // The tag after a few fillers: "I'm a strict vegan", "I only eat halal".
    size_t from = after;
    static constexpr std::string_view kFillers[] = {
        "a", "an", "now", "also", "strictly", "strict", "fully", "mostly", "completely",
        "totally", "on", "the", "eat", "only", "keep", "follow", "going", "gone", "been",
        "all", "very", "pretty", "both", "trying", "to", "be", "eating", "is", "are"};
    while (from < w.size() && from < after + 4 &&
           std::find(std::begin(kFillers), std::end(kFillers), w[from]) != std::end(kFillers)) {
      ++from;
    }
    // A dietary phrase must start right there: "I'm looking for vegan
    // cheese" declares nothing.
    std::vector<Token> window;
    for (size_t k = from; k < from + 3 && k < w.size(); ++k) {
      window.push_back({Token::Kind::kWord, std::string(w[k]), 0, false});
    }
    bool starts_here = false;
    for (size_t len = 1; len <= window.size() && !starts_here; ++len) {
      const std::span<const Token> prefix(window.data(), len);
      starts_here = !FindDietaryTags(prefix).empty() && FindDietaryTags(prefix.subspan(1)).empty();
    }
    if (!starts_here) continue;
    // "I need gluten free bread" names a product; "I need gluten free" alone does not.
    if (self[0] == "i" && (self[1] == "need" || self[1] == "can" || self[1] == "have")) {
      if (after + 2 < w.size() && !w.Has("diet") && !w.Has("food") && !w.Has("only")) continue;
    }
    if (!FindDietaryTags(window).empty()) return *rule = kDietSelf, true;
  }
  if (w.Has("diet") || w.HasSeq({"dietary"}) || w.HasSeq({"preference"}) ||
      w.HasSeq({"preferences"})) {
    return *rule = kDietDeclare, true;
  }
  if (w.HasSeq({"only", "show", "me"}) || w.HasSeq({"from", "now", "on"}) ||
      w.HasSeq({"going", "forward"})) {
    return *rule = kDietDeclare, true;
  }
  return false;
}

bool IsRemoveVerb(std::string_view w) {
  return w == "remove" || w == "delete" || w == "drop" || w == "rid" || w == "ditch" ||
         (w.size() >= 5 && (FuzzyEquals(w, "remove") || FuzzyEquals(w, "delete")));
}

bool ShowCart(const Words& w, int* rule) {
  const bool cart = HasCartWord(w);
  const bool add = w.HasAny({"add", "ad", "put", "throw", "toss"});
  bool remove = false;
  for (size_t i = 0; i < w.size(); ++i) remove |= IsRemoveVerb(w[i]);
  if (cart && !add && !remove &&
      (w.HasAny({"show", "view", "see", "whats", "what", "display", "open", "list", "review", "read",
                 "check", "look", "inside", "contents", "items", "got", "so", "far"}) ||
       w.size() <= 3)) {
    return *rule = kShowCart, true;
  }
  if (w.HasSeq({"whats", "my", "total"}) || w.HasSeq({"what", "is", "my", "total"}) ||
      w.HasSeq({"how", "much", "is", "my", "total"}) || w.HasSeq({"my", "total", "so", "far"}) ||
      w.HasSeq({"what", "have", "i", "added"}) || w.HasSeq({"what", "did", "i", "add"}) ||
      w.HasSeq({"how", "much", "do", "i", "owe"}) || w.HasSeq({"order", "total"}) ||
      w.HasSeq({"what", "have", "i", "got", "so", "far"}) || w.HasSeq({"review", "my", "order"}) ||
      w.HasSeq({"show", "me", "my", "order"}) || w.HasSeq({"show", "my", "order"}) ||
      w.HasSeq({"whats", "in", "my", "order"}) || w.HasSeq({"see", "my", "order"}) ||
      w.HasSeq({"what", "did", "i", "put"}) ||
      (w.Has("total") && w.size() <= 3 && !w.has_number() && !w.has_money())) {
    return *rule = kCartTotal, true;
  }
  return false;
}

bool Remove(const Words& w) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (IsRemoveVerb(w[i])) return true;
  }
  if (w.HasSeq({"never", "mind", "the"}) || w.HasSeq({"nevermind", "the"}) ||
      w[0] == "scratch" || w[0] == "forget" || w[0] == "lose" || w[0] == "ditch") {
    return true;
  }
  return w.HasSeq({"take", "out"}) || w.HasSeq({"take", "off"}) ||
         (w.Has("take") && (w.Has("out") || w.Has("off"))) || w.HasSeq({"dont", "want"}) ||
         w.HasSeq({"no", "longer", "want"}) || w.HasSeq({"dont", "need"});
}

bool Update(const Words& w, int* rule) {
  const bool qty = w.has_number() ||
                   w.HasAny({"one", "two", "three", "four", "five", "six", "seven", "eight",
                             "nine", "ten", "dozen", "twelve", "couple"});
  if (!qty || w.has_money()) return false;
  if (w.HasSeq({"make", "it"}) || w.HasSeq({"make", "that"}) || w.HasSeq({"make", "those"}) ||
      w.HasSeq({"make", "them"}) || w.HasSeq({"make", "this"})) {
    return *rule = kMakeItN, true;
  }
  const bool verb = w.HasAny({"change", "update", "set", "bump", "increase", "decrease",
                              "reduce", "lower", "raise", "adjust", "up"});
  // "actually ..." corrects the last request.
  if ((verb && (w.Has("to") || w.Has("quantity"))) || w.Has("instead") ||
      (w[0] == "actually" && !w.HasAny({"add", "ad", "put", "remove", "delete", "drop"})) ||
      w.HasSeq({"only", "want"}) || w.HasSeq({"quantity", "of"}) || w[0] == "only") {
    return *rule = kChangeToN, true;
  }
  return false;
}

bool Add(const Words& w, int* rule) {
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string_view x = w[i];
    if (x == "add" || x == "ad" || x == "addd" || x == "adda" || x == "toss" || x == "throw" ||
        x == "put") {
      return *rule = kAddVerb, true;
    }
  }
  if (HasCartWord(w) && (w.HasAny({"to", "in", "into", "onto"}))) return *rule = kToMyCart, true;
  return false;
}

// Greetings, thanks and goodbyes with nothing else in them.
bool SmallTalk(const Words& w) {
  static constexpr std::string_view kWords[] = {
      "hi",    "hello", "hey",   "there",   "thanks", "thank", "you",   "so",    "much",
      "a",     "lot",   "bye",   "goodbye", "good",   "morning", "night", "evening", "afternoon",
      "ok",    "okay",  "cool",  "great",   "nice",   "lol",   "haha",  "awesome", "sounds",
      "see",   "later", "cheers", "yo",     "sup",    "youre", "are",   "how",   "today",
      "doing", "well",  "perfect", "alright", "thx",  "ty",    "bye-bye", "hiya", "howdy",
      "never", "mind",  "nevermind", "tell", "me", "joke", "something", "funny", "that"};
  for (size_t i = 0; i < w.size(); ++i) {
    if (std::find(std::begin(kWords), std::end(kWords), w[i]) == std::end(kWords)) return false;
  }
  return true;
}

// "I'll take the first one", "buy 5 bananas", "I need milk": wanting
// something, not looking for it.
bool Want(const Words& w) {
  if (w.HasAny({"find", "search", "looking", "look", "show", "see", "know", "help", "sell",
                "carry"})) {
    return false;
  }
  // "what do I need ..." asks; it does not order.
  const std::string_view first = w[0];
  if (first == "what" || first == "whats" || first == "which" || first == "how" ||
      first == "when" || first == "where" || first == "why" || first == "is" || first == "are" ||
      first == "do" || first == "does") {
    return false;
  }
  return w.HasSeq({"ill", "take"}) || w.HasSeq({"i", "want"}) || w.HasSeq({"i", "need"}) ||
         w.HasSeq({"we", "need"}) || w.HasSeq({"get", "me"}) || w.HasSeq({"id", "like"}) ||
         w.HasSeq({"i", "would", "like"}) || w[0] == "buy" || w[0] == "grab" ||
         w.HasSeq({"ill", "have"}) || w.HasSeq({"give", "me"}) || w.HasSeq({"i", "wanna"}) ||
         w.HasSeq({"ill", "get"}) || (w.size() > 1 && (first == "also" || first == "and" ||
                                                        first == "plus"));
}

// "cheap wine under $15": a price cap on a search, not a budget.
bool PriceCapSearch(const Words& w) {
  if (!w.has_money() || !w.HasAny({"under", "below", "less", "cheaper"})) return false;
  if (w.HasAny({"budget", "spend", "keep", "stay", "cap", "total", "limit", "max", "it",
                "everything", "order", "cart", "basket", "week", "groceries", "i", "we", "im",
                "my", "dont", "this", "things", "bill"})) {
    return false;
  }
  return true;
}

bool Search(const Words& w) {
  return PriceCapSearch(w) || w.HasSeq({"do", "you", "have"}) || w.HasSeq({"do", "you", "sell"}) ||
         w.HasSeq({"do", "you", "carry"}) || w.HasSeq({"do", "you", "guys"}) ||
         w.HasSeq({"search", "for"}) || w.Has("search") || w.HasSeq({"looking", "for"}) ||
         w.HasSeq({"look", "for"}) || w.HasSeq({"find", "me"}) || w[0] == "find" ||
         w.HasSeq({"show", "me"}) || w.HasSeq({"is", "there"}) || w.HasSeq({"are", "there"}) ||
         w.HasSeq({"got", "any"}) || w.HasSeq({"have", "any"}) || w.HasSeq({"you", "got"}) ||
         w.HasSeq({"where", "can", "i", "find"}) || w.HasSeq({"where", "is"}) ||
         w.HasSeq({"where", "are"}) || w.HasSeq({"options", "for"}) || w[0] == "browse" ||
         w[0] == "any";
}

bool PriceQuestion(const Words& w) {
  return w.HasSeq({"how", "much", "is"}) || w.HasSeq({"how", "much", "are"}) ||
         w.HasSeq({"how", "much", "does"}) || w.HasSeq({"how", "much", "do"}) ||
         w.HasSeq({"how", "much", "for"}) || w.HasSeq({"price", "of"}) ||
         w.HasSeq({"whats", "the", "price"}) || w.HasSeq({"what", "is", "the", "price"}) ||
         w.HasSeq({"how", "many", "calories"}) || w.Has("ingredients") ||
         w.HasSeq({"what", "does", "it", "cost"}) || w.HasSeq({"in", "stock"}) ||
         w.HasSeq({"on", "sale"}) || w.HasSeq({"how", "expensive"}) ||
         w.HasSeq({"whats", "in", "the"}) || w.HasSeq({"nutrition"});
}

bool AttributeQuestion(const Words& w) {
  const std::string_view first = w[0];
  const bool aux = first == "is" || first == "are" || first == "does" || first == "do" ||
                   first == "can" || first == "will";
  if (!aux) return false;
  if (first == "does" || (first == "do" && !w.HasSeq({"do", "you"}))) {
    return w.HasAny({"have", "contain", "come", "taste", "need", "include", "expire", "keep"});
  }
  if (first == "is" || first == "are") {
    return !FindDietaryTags(w.tokens()).empty() || w.HasAny({"fresh", "ripe", "spicy", "sweet",
                                                             "healthy", "good", "local",
                                                             "cheaper", "expensive", "big",
                                                             "frozen", "safe"});
  }
  return false;
}

}  // namespace

std::string_view IntentRuleName(int rule) {
  return rule >= 0 && rule < kNumIntentRules ? kRuleNames[static_cast<size_t>(rule)] : "";
}

std::optional<RuleMatch> MatchIntentRule(std::span<const Token> tokens) {
  const Words w(tokens);
  if (w.size() == 0) return std::nullopt;
  int rule = -1;
  if (Help(w, &rule)) {
  } else if (ClearCart(w)) {
    rule = kClearCart;
  } else if (Checkout(w, &rule)) {
  } else if (Usual(w)) {
    rule = kUsual;
  } else if (RunningLow(w)) {
    rule = kRunningLow;
  } else if (GoesWith(w)) {
    rule = kGoesWith;
  } else if (Budget(w, &rule)) {
  } else if (Dietary(w, &rule)) {
  } else if (ShowCart(w, &rule)) {
  } else if (Remove(w)) {
    rule = kRemoveVerb;
  } else if (Update(w, &rule)) {
  } else if (Add(w, &rule)) {
  } else if (SmallTalk(w)) {
    rule = kSmallTalk;
  } else if (Want(w)) {
    rule = kWantVerb;
  } else if (Search(w)) {
    rule = kSearchPhrase;
  } else if (PriceQuestion(w)) {
    rule = kPriceQuestion;
  } else if (AttributeQuestion(w)) {
    rule = kAttributeQuestion;
  }
  if (rule < 0) return std::nullopt;
  return RuleMatch{kRuleIntents[rule], rule, kRuleNames[static_cast<size_t>(rule)]};
}

}  // namespace leafloaf::agents
