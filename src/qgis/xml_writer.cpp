#include "qgis/xml_writer.hpp"

#include <charconv>
#include <cmath>

#include "hotspot/core/error.hpp"

namespace hotspot::qgis::detail {
namespace {

/// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  std::uint32_t code = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    code = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    code = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    code = c & 0x07u;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8; U+FFFE/U+FFFF
  // are not XML characters.
  static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE ||
      code == 0xFFFF) {
    return 0;
  }
  return n;
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\'': out += attribute ? "&apos;" : "'"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;  // other C0 controls are not XML
        break;
    }
  }
  return out;
}

std::string number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";  // also for -0
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void XmlWriter::start(std::string_view tag, const Attributes& attributes) {
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += '<';
  out_ += tag;
  for (const auto& [name, value] : attributes) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += xml_escape(value, true);
    out_ += '"';
  }
}

void XmlWriter::open(std::string_view tag, const Attributes& attributes) {
  start(tag, attributes);
  out_ += ">\n";
  open_.emplace_back(tag);
  ++depth_;
}

void XmlWriter::empty(std::string_view tag, const Attributes& attributes) {
  start(tag, attributes);
  out_ += "/>\n";
}

void XmlWriter::text(std::string_view tag, std::string_view content, const Attributes& attributes) {
  start(tag, attributes);
  out_ += '>';
  out_ += xml_escape(content, false);
  out_ += "</";
  out_ += tag;
  out_ += ">\n";
}

void XmlWriter::close() {
  if (open_.empty()) throw Error(ErrorCode::internal, "qgis.xml", "close() without an open element");
  --depth_;
  out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  out_ += "</" + open_.back() + ">\n";
  open_.pop_back();
}

void XmlWriter::raw_line(std::string_view line) {
  out_ += line;
  out_ += '\n';
}

std::string XmlWriter::str() const {
  if (!open_.empty()) throw Error(ErrorCode::internal, "qgis.xml", "element <" + open_.back() + "> left open");
  return out_;
}

}  // namespace hotspot::qgis::detail
