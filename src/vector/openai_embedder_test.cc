#include "vector/openai_embedder.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leafloaf::vector {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct SeenRequest {
  std::string method;
  std::string target;
  std::string authorization;
  std::string content_type;
  json body;
};

struct Reply {
  int status = 200;
  std::string body;
};

// An embeddings server on a loopback ephemeral port, serving one connection
// at a time on its own thread with `handler`, and recording every request.
class FakeServer {
 public:
  using Handler = std::function<Reply(const SeenRequest&)>;

  explicit FakeServer(Handler handler)
      : handler_(std::move(handler)),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeServer() {
    stopping_ = true;
    // Wakes the blocking accept.
    asio::io_context ioc;
    tcp::socket poke(ioc);
    beast::error_code ec;
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
  }

  std::string base_url() const { return absl::StrCat("http://127.0.0.1:", port_, "/v1"); }
  uint16_t port() const { return port_; }
  std::vector<SeenRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void Serve() {
    while (true) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_) return;
      if (ec) continue;
      beast::flat_buffer buffer;
      while (true) {
        bhttp::request<bhttp::string_body> req;
        bhttp::read(socket, buffer, req, ec);
        if (ec) break;
        SeenRequest seen{std::string(req.method_string()), std::string(req.target()),
                         std::string(req[bhttp::field::authorization]),
                         std::string(req[bhttp::field::content_type]),
                         json::parse(req.body(), nullptr, false)};
        {
          std::lock_guard lock(mu_);
          requests_.push_back(seen);
        }
        Reply reply = handler_(seen);
        bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(reply.status), 11};
        res.set(bhttp::field::content_type, "application/json");
        res.body() = reply.body;
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        bhttp::write(socket, res, ec);
        if (ec || !res.keep_alive()) break;
      }
    }
  }

  const Handler handler_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<SeenRequest> requests_;  // guarded by mu_
  std::thread thread_;
};

// A deterministic, unnormalized vector for `text` (FNV-1a seeded).
Vector FakeVector(std::string_view text, int dim) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  Vector v;
  for (int i = 0; i < dim; ++i) v.push_back(static_cast<float>(1 + (hash >> (i % 60)) % 13));
  return v;
}

Vector Normalized(Vector v) {
  Normalize(v);
  return v;
}

// Answers like OpenAI: one FakeVector per input, optionally listed in
// reverse order (each item still carries its `index`).
FakeServer::Handler Embeddings(int dim, bool reversed = false) {
  return [dim, reversed](const SeenRequest& request) {
    json data = json::array();
    const json& input = request.body["input"];
    for (size_t i = 0; i < input.size(); ++i) {
      data.push_back({{"object", "embedding"},
                      {"index", i},
                      {"embedding", FakeVector(input[i].get<std::string>(), dim)}});
    }
    if (reversed) std::reverse(data.begin(), data.end());
    json body = {{"object", "list"}, {"data", data}, {"model", request.body["model"]}};
    return Reply{200, body.dump()};
  };
}

std::unique_ptr<OpenAiEmbedder> MakeEmbedder(const std::string& base_url, int dim = 0,
                                             std::string api_key = "", int timeout_ms = 5000) {
  OpenAiEmbedderOptions options;
  options.base_url = base_url;
  options.model = "test-model";
  options.api_key = std::move(api_key);
  options.dim = dim;
  options.timeout_ms = timeout_ms;
  auto embedder = OpenAiEmbedder::Create(options);
  EXPECT_TRUE(embedder.ok()) << embedder.status();
  return embedder.ok() ? *std::move(embedder) : nullptr;
}

Product MakeProduct(int n) {
  Product product;
  product.name = absl::StrCat("Oat Milk ", n);
  product.brand = "Oatly";
  product.category = "Dairy & Eggs > Plant-Based Milk";
  product.dietary_tags = {"vegan"};
  return product;
}

TEST(OpenAiEmbedderTest, EmbedQueryPostsModelAndInputAndNormalizes) {
  FakeServer server(Embeddings(8));
  auto embedder = MakeEmbedder(server.base_url());
  EXPECT_EQ(embedder->dim(), 0);
  EXPECT_EQ(embedder->name(), "openai:test-model");

  absl::StatusOr<Vector> vector = embedder->EmbedQuery("oat milk");
  ASSERT_TRUE(vector.ok()) << vector.status();
  EXPECT_EQ(*vector, Normalized(FakeVector("oat milk", 8)));
  EXPECT_NEAR(Dot(*vector, *vector), 1.0f, 1e-5);
  EXPECT_EQ(embedder->dim(), 8);

  const std::vector<SeenRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1/embeddings");
  EXPECT_EQ(requests[0].content_type, "application/json");
  EXPECT_EQ(requests[0].body, json::parse(R"({"model":"test-model","input":["oat milk"]})"));
}

TEST(OpenAiEmbedderTest, TrailingSlashInBaseUrlIsIgnored) {
  FakeServer server(Embeddings(4));
  auto embedder = MakeEmbedder(server.base_url() + "/");
  ASSERT_TRUE(embedder->EmbedQuery("milk").ok());
  EXPECT_EQ(server.requests().at(0).target, "/v1/embeddings");
}

TEST(OpenAiEmbedderTest, EmbedProductsBatchesAndKeepsOrder) {
  FakeServer server(Embeddings(8));
  auto embedder = MakeEmbedder(server.base_url());
  std::vector<Product> products;
  for (int n = 0; n < 300; ++n) products.push_back(MakeProduct(n));

  absl::StatusOr<std::vector<Vector>> vectors = embedder->EmbedProducts(products);
  ASSERT_TRUE(vectors.ok()) << vectors.status();
  ASSERT_EQ(vectors->size(), 300u);
  for (size_t product_idx = 0; product_idx < products.size(); ++product_idx) {
    EXPECT_EQ((*vectors)[product_idx],
              Normalized(FakeVector(ProductEmbeddingText(products[product_idx]), 8)))
        << product_idx;
  }
  std::vector<size_t> batch_sizes;
  for (const SeenRequest& request : server.requests())
    batch_sizes.push_back(request.body["input"].size());
  EXPECT_THAT(batch_sizes, ElementsAre(128, 128, 44));
  EXPECT_EQ(server.requests()[2].body["input"][0],
            "Oat Milk 256 Oatly Dairy & Eggs > Plant-Based Milk vegan");
}

TEST(OpenAiEmbedderTest, ResultsFollowIndexNotResponseOrder) {
  FakeServer server(Embeddings(6, /*reversed=*/true));
  auto embedder = MakeEmbedder(server.base_url());
  const std::vector<std::string> texts = {"apple", "banana", "cherry"};
  absl::StatusOr<std::vector<Vector>> vectors = embedder->EmbedTexts(texts);
  ASSERT_TRUE(vectors.ok()) << vectors.status();
  ASSERT_EQ(vectors->size(), 3u);
  for (size_t text_idx = 0; text_idx < texts.size(); ++text_idx) {
    EXPECT_EQ((*vectors)[text_idx], Normalized(FakeVector(texts[text_idx], 6))) << texts[text_idx];
  }
  EXPECT_NE((*vectors)[0], (*vectors)[2]);
}

TEST(OpenAiEmbedderTest, SendsBearerTokenOnlyWhenKeySet) {
  FakeServer server(Embeddings(4));
  ASSERT_TRUE(MakeEmbedder(server.base_url(), 0, "sk-test-123")->EmbedQuery("milk").ok());
  ASSERT_TRUE(MakeEmbedder(server.base_url())->EmbedQuery("milk").ok());
  const std::vector<SeenRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].authorization, "Bearer sk-test-123");
  EXPECT_EQ(requests[1].authorization, "");
}

TEST(OpenAiEmbedderTest, BlankTextsGetZeroVectorsWithoutBeingSent) {
  FakeServer server(Embeddings(4));
  auto embedder = MakeEmbedder(server.base_url(), /*dim=*/4);
  const std::vector<std::string> texts = {"milk", "  ", "bread"};
  absl::StatusOr<std::vector<Vector>> vectors = embedder->EmbedTexts(texts);
  ASSERT_TRUE(vectors.ok()) << vectors.status();
  EXPECT_EQ((*vectors)[1], Vector(4, 0.0f));
  EXPECT_EQ((*vectors)[2], Normalized(FakeVector("bread", 4)));
  EXPECT_EQ(server.requests().at(0).body["input"], json::parse(R"(["milk","bread"])"));

  // Without a known dimension a blank query cannot be answered.
  absl::StatusOr<Vector> blank = MakeEmbedder(server.base_url())->EmbedQuery("");
  EXPECT_EQ(blank.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(OpenAiEmbedderTest, Non200CarriesServerMessage) {
  FakeServer server([](const SeenRequest&) {
    return Reply{
        401,
        R"({"error":{"message":"Incorrect API key provided: sk-wr****","type":"invalid_request_error"}})"};
  });
  absl::StatusOr<Vector> vector =
      MakeEmbedder(server.base_url(), 0, "sk-wrong")->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(vector.status().message(), HasSubstr("HTTP 401"));
  EXPECT_THAT(vector.status().message(), HasSubstr("Incorrect API key provided"));
  EXPECT_THAT(vector.status().message(), ::testing::Not(HasSubstr("sk-wrong")));
}

TEST(OpenAiEmbedderTest, OllamaStyleAndNonJsonErrors) {
  FakeServer ollama([](const SeenRequest&) {
    return Reply{404, R"({"error":"model \"test-model\" not found, try pulling it first"})"};
  });
  absl::StatusOr<Vector> vector = MakeEmbedder(ollama.base_url())->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(vector.status().message(), HasSubstr("try pulling it first"));

  FakeServer proxy([](const SeenRequest&) { return Reply{502, "Bad Gateway from the proxy"}; });
  vector = MakeEmbedder(proxy.base_url())->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(vector.status().message(), HasSubstr("HTTP 502: Bad Gateway from the proxy"));
}

TEST(OpenAiEmbedderTest, MalformedJsonIsInternalError) {
  FakeServer server([](const SeenRequest&) {
    return Reply{200, R"({"data": [{"index": 0, "embedding": [0.1,)"};
  });
  absl::StatusOr<Vector> vector = MakeEmbedder(server.base_url())->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(vector.status().message(), HasSubstr("malformed embeddings response: not JSON"));
}

TEST(OpenAiEmbedderTest, TooFewEmbeddingsIsAnError) {
  FakeServer server([](const SeenRequest&) {
    return Reply{200, R"({"data": [{"index": 0, "embedding": [0.1, 0.2]}]})"};
  });
  const std::vector<std::string> texts = {"milk", "bread"};
  absl::StatusOr<std::vector<Vector>> vectors = MakeEmbedder(server.base_url())->EmbedTexts(texts);
  EXPECT_EQ(vectors.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(vectors.status().message(), HasSubstr("1 embeddings for 2 inputs"));
}

TEST(OpenAiEmbedderTest, WrongDimensionIsRejected) {
  FakeServer server(Embeddings(8));
  absl::StatusOr<Vector> vector = MakeEmbedder(server.base_url(), /*dim=*/16)->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(vector.status().message(), HasSubstr("returned 8-dimensional vectors, expected 16"));
}

TEST(OpenAiEmbedderTest, LearnedDimensionMustStaySame) {
  std::atomic<int> calls{0};
  FakeServer server(
      [&calls](const SeenRequest& request) { return Embeddings(calls++ == 0 ? 8 : 4)(request); });
  auto embedder = MakeEmbedder(server.base_url());
  ASSERT_TRUE(embedder->EmbedQuery("milk").ok());
  absl::StatusOr<Vector> second = embedder->EmbedQuery("bread");
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("expected 8"));
  EXPECT_EQ(embedder->dim(), 8);
}

TEST(OpenAiEmbedderTest, ConnectionRefusedIsUnavailable) {
  uint16_t port = 0;
  {
    // A port that was just free; nothing listens on it once closed.
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }
  auto embedder = MakeEmbedder(absl::StrCat("http://127.0.0.1:", port, "/v1"));
  absl::StatusOr<Vector> vector = embedder->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(vector.status().message(), HasSubstr(absl::StrCat("connect to 127.0.0.1:", port)));
  EXPECT_THAT(vector.status().message(), HasSubstr("refused"));
}

TEST(OpenAiEmbedderTest, SilentServerTimesOut) {
  // The kernel completes the handshake for the backlog; nobody ever reads.
  asio::io_context ioc;
  tcp::acceptor silent(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto embedder =
      MakeEmbedder(absl::StrCat("http://127.0.0.1:", silent.local_endpoint().port(), "/v1"), 0, "",
                   /*timeout_ms=*/200);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Vector> vector = embedder->EmbedQuery("milk");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(vector.status().message(), HasSubstr("timed out after 200 ms"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(190));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(OpenAiEmbedderTest, HttpsToPlainServerFailsHandshake) {
  FakeServer server(Embeddings(4));
  auto embedder = MakeEmbedder(absl::StrCat("https://127.0.0.1:", server.port(), "/v1"));
  absl::StatusOr<Vector> vector = embedder->EmbedQuery("milk");
  EXPECT_EQ(vector.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(vector.status().message(), HasSubstr("TLS handshake with 127.0.0.1"));
}

TEST(OpenAiEmbedderTest, CreateRejectsBadOptions) {
  OpenAiEmbedderOptions options;
  options.base_url = "ftp://example.com/v1";
  options.model = "m";
  EXPECT_EQ(OpenAiEmbedder::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.base_url = "http://127.0.0.1:1/v1";
  options.model = "";
  EXPECT_THAT(OpenAiEmbedder::Create(options).status().message(), HasSubstr("model is empty"));
  options.model = "m";
  options.batch_size = 0;
  EXPECT_THAT(OpenAiEmbedder::Create(options).status().message(), HasSubstr("batch_size"));
  options.batch_size = 1;
  EXPECT_TRUE(OpenAiEmbedder::Create(options).ok());
}

}  // namespace
}  // namespace leafloaf::vector
