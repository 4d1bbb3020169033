// ProgressBar: one self-redrawing line on a terminal ("\r"), showing bytes
// read of all input files, the current file and rows so far. Redraws at
// most every `min_interval` so it costs nothing measurable per row.
// Not thread-safe.
#ifndef LEAFLOAF_INGEST_PROGRESS_BAR_H_
#define LEAFLOAF_INGEST_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string_view>

namespace leafloaf {

class ProgressBar {
 public:
  // Draws on `out` only when `enabled` (see StderrIsTty()).
  ProgressBar(std::ostream& out, bool enabled, int64_t total_bytes,
              std::chrono::milliseconds min_interval = std::chrono::milliseconds(100));

  void Update(int64_t done_bytes, std::string_view file, int64_t rows);
  // Erases the bar so the report prints on a clean line.
  void Finish();

 private:
  void Draw(int64_t done_bytes, std::string_view file, int64_t rows);

  std::ostream& out_;
  const bool enabled_;
  const int64_t total_bytes_;
  const std::chrono::milliseconds min_interval_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

// True when file descriptor 2 is a terminal.
bool StderrIsTty();

}  // namespace leafloaf

#endif  // LEAFLOAF_INGEST_PROGRESS_BAR_H_
