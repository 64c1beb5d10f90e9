#pragma once

// Shared by the reader tests (one translation unit per module: a helper two test files need
// lives here, never twice).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <cpl_vsi.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "test_support.hpp"

namespace hotspot::testing {

/// How many rows a read rejected for `reason`.
inline std::size_t rejected(const ReadResult& r, RejectReason reason) {
  return r.account.rejected_by_reason[static_cast<std::size_t>(reason)];
}

/// read_incidents of `inputs` with every other option at its default.
inline ReadResult read_inputs(const std::vector<std::string>& inputs) {
  ReadOptions options;
  options.inputs = inputs;
  return read_incidents(options);
}

/// The Error read_incidents(options) throws; nullopt when it reads.
inline std::optional<Error> read_error(const ReadOptions& options) {
  try {
    (void)read_incidents(options);
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

/// The message of the Error reading `inputs` throws; empty when it reads.
inline std::string error_text(const std::vector<std::string>& inputs) {
  ReadOptions options;
  options.inputs = inputs;
  const auto error = read_error(options);
  return error ? error->what() : "";
}

/// The message of the Error `f` throws; empty when it throws none.
inline std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// A police.uk file of `n` good rows, each at its own location ("On or near Road i").
inline std::string police_rows(int n, const std::string& month = "2021-01") {
  std::string text = kPoliceHeader;
  for (int i = 0; i < n; ++i) text += police_row(month, "-0.2", "51.7", "Drugs", "On or near Road " + std::to_string(i));
  return text;
}

inline bool has_note(const ReadResult& r, const std::string& part) {
  for (const auto& note : r.notes) {
    if (note.find(part) != std::string::npos) return true;
  }
  return false;
}

/// Writes a file through GDAL's virtual file systems (/vsigzip/, /vsizip/).
inline void write_vsi(const std::string& path, const std::string& content) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  VSIFWriteL(content.data(), 1, content.size(), f);
  VSIFCloseL(f);
}

}  // namespace hotspot::testing
