#include "vector/word_vectors.h"

#include <cmath>
#include <fstream>

#include "fasttext/fasttext.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "vector/fasttext_embedder.h"

namespace leafloaf::vector {
namespace {

class WordVectorTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string corpus = dir_.File("corpus.txt");
    {
      std::ofstream out(corpus);
      for (int i = 0; i < 300; ++i) {
        out << "oat drink barista oat milk plant based " << (i % 7) << "\n"
            << "whole milk dairy cheddar cheese butter crème fraîche\n";
      }
    }
    FastTextOptions options;
    options.dim = 16;
    options.epochs = 3;
    options.threads = 1;
    options.buckets = 5000;
    const std::string path = dir_.File("model.bin");
    ASSERT_TRUE(TrainFastTextOnCorpus(corpus, path, options).ok());
    model_.loadModel(path);
  }

  Vector Library(const std::string& word) {
    fasttext::Vector v(model_.getDimension());
    model_.getWordVector(v, word);
    Vector out(static_cast<size_t>(v.size()));
    for (int64_t i = 0; i < v.size(); ++i) out[static_cast<size_t>(i)] = v[i];
    return out;
  }

  static double Cosine(const Vector& a, const Vector& b) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / std::sqrt(aa * bb);
  }

  testing::TempDir dir_;
  fasttext::FastText model_;
};

TEST_F(WordVectorTableTest, NgramIdsMatchTheLibrarysOwn) {
  const WordVectorTable table = WordVectorTable::FromModel(model_);
  const int32_t nwords = model_.getDictionary()->nwords();
  for (const std::string word : {"oatmilk", "plantbased", "fraîcheur", "crème", "zz", "x"}) {
    ASSERT_FALSE(table.Contains(word) && word != "crème") << word;
    if (table.Contains(word)) continue;
    std::vector<int32_t> expected = model_.getDictionary()->getSubwords(word);
    for (int32_t& id : expected) id -= nwords;
    EXPECT_EQ(table.NgramBuckets(word), expected) << word;
  }
}

TEST_F(WordVectorTableTest, VectorsMatchTheModelsWithinInt8Rounding) {
  const WordVectorTable table = WordVectorTable::FromModel(model_);
  EXPECT_EQ(table.dim(), 16);
  EXPECT_GT(table.vocabulary_size(), 10u);
  EXPECT_TRUE(table.Contains("oat"));
  EXPECT_FALSE(table.Contains("oatmilk"));
  for (const std::string word : {"oat", "milk", "cheddar", "oatmilk", "barist", "cheeses"}) {
    Vector v;
    ASSERT_TRUE(table.WordVector(word, v)) << word;
    EXPECT_GT(Cosine(v, Library(word)), 0.995) << word;
  }
  // Far smaller than the model: no output matrix, no 30M-entry table.
  EXPECT_LT(table.MemoryBytes(), 2'000'000u);
}

}  // namespace
}  // namespace leafloaf::vector
