#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hotspot {

/// What went wrong, as a class of failure. Each code maps to one documented exit code of the
/// `hotspot` command (see README "Exit codes"); `main` is the only place that catches.
enum class ErrorCode : int {
  usage = 2,         ///< bad command line or option value
  input = 3,         ///< an input cannot be opened or read (missing file, unknown format)
  data = 4,          ///< input could be read but its content is unusable (bad header, no rows)
  crs = 5,           ///< coordinate reference system problem (geographic working CRS, no transform)
  output = 6,        ///< an output cannot be written
  interrupted = 130, ///< SIGINT/SIGTERM arrived; partial outputs were discarded
  internal = 70,     ///< a bug: an invariant did not hold
};

/// Where an error happened: the pipeline stage (e.g. `readers.police_uk`), the source
/// (file or layer), and the row and field when they are known.
struct ErrorContext {
  std::string stage;
  std::string source;
  std::optional<std::uint64_t> row;
  std::string field;
};

/// The one error type of the library. Its message reads
/// `stage: source row N: field "value" is not a number` with the parts that are known.
/// Credentials in the source and the message (`password=`, `user:pass@`) are redacted.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, ErrorContext context, const std::string& detail);
  Error(ErrorCode code, const std::string& stage, const std::string& detail);

  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  [[nodiscard]] const ErrorContext& context() const noexcept { return context_; }
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }
  [[nodiscard]] int exit_code() const noexcept { return static_cast<int>(code_); }

 private:
  Error(ErrorCode code, ErrorContext&& context, std::string&& detail, int);

  ErrorCode code_;
  ErrorContext context_;
  std::string detail_;
};

/// An option named in a library message, by the key its step declares it under ("spacing",
/// "within-layer"): the library names the idea, and the front end shows its own name for it.
/// Error messages render it with the process's renderer: the command line's `--spacing` by
/// default (set_option_renderer changes that, e.g. for a GUI's parameter labels).
[[nodiscard]] std::string option_ref(std::string_view key);
/// `text` with every option_ref rendered.
[[nodiscard]] std::string render_option_refs(std::string_view text);
/// How option_ref is shown (the default: "--" + key).
void set_option_renderer(std::string (*render)(std::string_view key));

}  // namespace hotspot
