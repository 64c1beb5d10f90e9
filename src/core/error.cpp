#include "hotspot/core/error.hpp"

#include <utility>

#include "hotspot/core/safe_text.hpp"

namespace hotspot {
namespace {

std::string format_message(const ErrorContext& context, const std::string& detail) {
  std::string message;
  // Appended piecewise: GCC 12 warns (-Wrestrict, a known false positive) on `string + ": "`.
  if (!context.stage.empty()) message.append(context.stage).append(": ");
  if (!context.source.empty()) message += context.source;
  if (context.row) {
    if (!context.source.empty()) message += ' ';
    message.append("row ").append(std::to_string(*context.row));
  }
  if (!context.source.empty() || context.row) message += ": ";
  message += detail;
  return message;
}

// Every error passes here, so a password in a `PG:` string or a URL never reaches stderr,
// whichever reader or GDAL message carried it.
ErrorContext redacted(ErrorContext context) {
  context.source = redact_credentials(context.source);
  return context;
}

}  // namespace

Error::Error(ErrorCode code, ErrorContext context, const std::string& detail)
    : Error(code, redacted(std::move(context)), redact_credentials(detail), 0) {}

Error::Error(ErrorCode code, ErrorContext&& context, std::string&& detail, int)
    : std::runtime_error(format_message(context, detail)),
      code_(code),
      context_(std::move(context)),
      detail_(std::move(detail)) {}

Error::Error(ErrorCode code, const std::string& stage, const std::string& detail)
    : Error(code, ErrorContext{stage, {}, std::nullopt, {}}, detail) {}

}  // namespace hotspot
