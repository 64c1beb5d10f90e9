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

constexpr std::string_view kOpen = "{option:";

std::string command_line_flag(std::string_view key) { return "--" + std::string(key); }

std::string (*g_render)(std::string_view) = command_line_flag;

}  // namespace

std::string option_ref(std::string_view key) { return std::string(kOpen) + std::string(key) + "}"; }

std::string render_option_refs(std::string_view text) {
  std::string out;
  for (std::size_t at = 0;;) {
    const std::size_t open = text.find(kOpen, at);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(at));
      return out;
    }
    out.append(text.substr(at, open - at));
    out += g_render(text.substr(open + kOpen.size(), close - open - kOpen.size()));
    at = close + 1;
  }
}

void set_option_renderer(std::string (*render)(std::string_view key)) { g_render = render ? render : command_line_flag; }

Error::Error(ErrorCode code, ErrorContext context, const std::string& detail)
    : Error(code, redacted(std::move(context)), redact_credentials(detail), 0) {}

Error::Error(ErrorCode code, ErrorContext&& context, std::string&& detail, int)
    : std::runtime_error(render_option_refs(format_message(context, detail))),
      code_(code),
      context_(std::move(context)),
      detail_(std::move(detail)) {}

Error::Error(ErrorCode code, const std::string& stage, const std::string& detail)
    : Error(code, ErrorContext{stage, {}, std::nullopt, {}}, detail) {}

}  // namespace hotspot
