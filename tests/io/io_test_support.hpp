#pragma once

// Shared by the reader tests.

#include <cstddef>

#include "hotspot/io/incident_reader.hpp"

namespace hotspot::testing {

/// How many rows a read rejected for `reason`.
inline std::size_t rejected(const ReadResult& r, RejectReason reason) {
  return r.account.rejected_by_reason[static_cast<std::size_t>(reason)];
}

}  // namespace hotspot::testing
