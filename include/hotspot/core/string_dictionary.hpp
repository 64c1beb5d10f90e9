#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hotspot {

/// Interns strings that repeat a lot (crime types, `Location`, LSOA names, file names) so a
/// column of them is a column of 32-bit codes. Codes are given in order of first appearance,
/// which keeps them deterministic for a given input order.
class StringDictionary {
 public:
  /// The code of `value`, adding it if new.
  std::uint32_t intern(std::string_view value);
  /// The code of `value`, or `npos` when it was never interned.
  [[nodiscard]] std::uint32_t find(std::string_view value) const;
  [[nodiscard]] const std::string& operator[](std::uint32_t code) const { return values_[code]; }
  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] const std::vector<std::string>& values() const noexcept { return values_; }

  static constexpr std::uint32_t npos = 0xFFFFFFFFu;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::vector<std::string> values_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> codes_;
};

/// Codes with their counts as one attribute value, in the given order: "Shoplifting: 12;
/// Burglary: 3" (the main crime types of a hotspot polygon or cluster).
[[nodiscard]] std::string ranked_text(const std::vector<std::pair<std::uint32_t, std::size_t>>& ranked,
                                      const StringDictionary& names);

/// Many short strings in one buffer (e.g. police.uk `Crime ID`, 64 hex characters each):
/// one allocation instead of one per row.
class StringColumn {
 public:
  void push_back(std::string_view value);
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    return std::string_view(data_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  void reserve(std::size_t rows, std::size_t bytes);
  void clear();
  /// Keeps the entries whose `keep` flag is set, in order.
  void compact(const std::vector<bool>& keep);

 private:
  std::string data_;
  std::vector<std::uint64_t> offsets_{0};
};

}  // namespace hotspot
