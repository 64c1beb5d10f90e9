#pragma once

// Reading back the QGIS XML the library writes (styles, projects) in the qgis tests.

#include <cpl_minixml.h>

#include <string>
#include <vector>

namespace hotspot::testing {

/// A parsed XML document (GDAL's minixml, which rejects documents that are not well formed).
struct Xml {
  explicit Xml(const std::string& text) : root(CPLParseXMLString(text.c_str())) {}
  ~Xml() { CPLDestroyXMLNode(root); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;
  CPLXMLNode* root;
  /// The element at a dotted path below <qgis>, e.g. "renderer-v2.categories".
  [[nodiscard]] CPLXMLNode* at(const std::string& path) const {
    return CPLGetXMLNode(root, path.empty() ? "=qgis" : ("=qgis." + path).c_str());
  }
};

/// The child elements of `node` called `name`, in document order.
inline std::vector<CPLXMLNode*> children(CPLXMLNode* node, const char* name) {
  std::vector<CPLXMLNode*> out;
  for (CPLXMLNode* child = node ? node->psChild : nullptr; child; child = child->psNext) {
    if (child->eType == CXT_Element && std::string(child->pszValue) == name) out.push_back(child);
  }
  return out;
}

}  // namespace hotspot::testing
