#pragma once

#include <string>
#include <string_view>

namespace hotspot {

/// One CSV cell holding text that came from data (a place name, a camera label, a crime
/// type, an input row's original field), safe to open in a spreadsheet and quoted per
/// RFC 4180. OWASP's rule against formula injection: a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading apostrophe, so Excel or LibreOffice shows it
/// as text instead of running it (`=HYPERLINK(...)`, `@SUM(1)`, `-1+1`). A cell that is a
/// plain number (`-0.2051`, `+44`, `1e-3`) is left alone, so negative coordinates in text
/// columns stay numbers. Numbers the tool formats itself are not passed through here.
[[nodiscard]] std::string csv_cell(std::string_view text);

/// The neutralising half of csv_cell without the quoting, for writers that quote cells
/// themselves (GDAL's CSV driver).
[[nodiscard]] std::string formula_safe(std::string_view text);

/// `text` without the control characters a terminal would act on: every C0 control but tab
/// and newline (ESC starts colour, cursor and title sequences), DEL, and the C1 controls
/// (U+0080 to U+009F, which some terminals take as escape introducers) become `?`. For any
/// text built from data that is printed to a terminal (a `Location` holding "\x1b[2J"
/// would clear the screen).
[[nodiscard]] std::string terminal_safe(std::string_view text);

/// `source` (a file name, a `PG:` connection string, a URL) with credentials replaced by
/// `***`: the values of `password=`, `passwd=`, `pwd=`, `secret=`, `token=`, `api_key=`,
/// `access_key=` (quoted or not) and the password of `user:password@host`. For every source
/// string that may travel into an output or an error message.
[[nodiscard]] std::string redact_credentials(std::string_view source);

/// How an output names an input. Internal outputs: the source with credentials redacted.
/// Published outputs (`publish`): no path at all, only the kind of source ("a CSV file",
/// "a GeoPackage", "a PostGIS database"), since folder and file names can say more than the
/// published data should (a user name, an operation's name).
[[nodiscard]] std::string describe_source(std::string_view source, bool publish);

}  // namespace hotspot
