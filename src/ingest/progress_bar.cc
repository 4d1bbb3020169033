#include "ingest/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <string>

#include "absl/strings/str_format.h"

namespace leafloaf {

ProgressBar::ProgressBar(std::ostream& out, bool enabled, int64_t total_bytes,
                         std::chrono::milliseconds min_interval)
    : out_(out), enabled_(enabled), total_bytes_(total_bytes), min_interval_(min_interval) {}

void ProgressBar::Update(int64_t done_bytes, std::string_view file, int64_t rows) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < min_interval_) return;
  last_draw_ = now;
  Draw(done_bytes, file, rows);
}

void ProgressBar::Draw(int64_t done_bytes, std::string_view file, int64_t rows) {
  constexpr int kWidth = 30;
  const double fraction =
      total_bytes_ > 0 ? std::clamp(static_cast<double>(done_bytes) / total_bytes_, 0.0, 1.0) : 1.0;
  const int filled = static_cast<int>(fraction * kWidth);
  if (file.size() > 40) file = file.substr(file.size() - 40);
  out_ << absl::StrFormat("\r[%s%s] %3d%% %.1f/%.1f MB %d rows %s\x1b[K", std::string(filled, '#'),
                          std::string(kWidth - filled, '.'), static_cast<int>(fraction * 100),
                          done_bytes / 1e6, total_bytes_ / 1e6, rows, std::string(file))
       << std::flush;
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (!enabled_ || !drawn_) return;
  out_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace leafloaf
