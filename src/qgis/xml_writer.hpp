#pragma once

// A small XML writer for the QGIS files: indented like QGIS's own output, every attribute
// and text escaped, so names and labels taken from data cannot break the document.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotspot::qgis::detail {

using Attributes = std::vector<std::pair<std::string_view, std::string>>;

/// `text` escaped for XML 1.0 content or attribute values: & < > " ' as entities, tab / LF /
/// CR as character references in attributes (so they survive attribute normalisation),
/// other control characters (not allowed in XML 1.0) dropped, and bytes that are not valid
/// UTF-8 replaced by U+FFFD.
[[nodiscard]] std::string xml_escape(std::string_view text, bool attribute);

/// The shortest text that reads back as the same double; "inf", "-inf" and "nan" as QGIS
/// writes them.
[[nodiscard]] std::string number(double value);

class XmlWriter {
 public:
  explicit XmlWriter(int indent = 0) : depth_(indent) {}
  /// `<tag a="v">` and one level deeper.
  void open(std::string_view tag, const Attributes& attributes = {});
  /// `<tag a="v"/>`.
  void empty(std::string_view tag, const Attributes& attributes = {});
  /// `<tag a="v">text</tag>`.
  void text(std::string_view tag, std::string_view content, const Attributes& attributes = {});
  /// `</tag>` of the last open element.
  void close();
  /// A line written as given (the DOCTYPE).
  void raw_line(std::string_view line);
  /// The document so far; every element must be closed.
  [[nodiscard]] std::string str() const;

 private:
  void start(std::string_view tag, const Attributes& attributes);
  std::string out_;
  std::vector<std::string> open_;
  int depth_ = 0;
};

}  // namespace hotspot::qgis::detail
