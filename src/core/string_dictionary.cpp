#include "hotspot/core/string_dictionary.hpp"

namespace hotspot {

std::uint32_t StringDictionary::intern(std::string_view value) {
  if (auto it = codes_.find(value); it != codes_.end()) return it->second;
  const auto code = static_cast<std::uint32_t>(values_.size());
  values_.emplace_back(value);
  codes_.emplace(values_.back(), code);
  return code;
}

std::uint32_t StringDictionary::find(std::string_view value) const {
  auto it = codes_.find(value);
  return it == codes_.end() ? npos : it->second;
}

void StringColumn::push_back(std::string_view value) {
  data_.append(value);
  offsets_.push_back(data_.size());
}

void StringColumn::reserve(std::size_t rows, std::size_t bytes) {
  offsets_.reserve(rows + 1);
  data_.reserve(bytes);
}

void StringColumn::clear() {
  data_.clear();
  offsets_.assign(1, 0);
}

void StringColumn::compact(const std::vector<bool>& keep) {
  std::string data;
  std::vector<std::uint64_t> offsets{0};
  for (std::size_t i = 0; i < size(); ++i) {
    if (!keep[i]) continue;
    data.append((*this)[i]);
    offsets.push_back(data.size());
  }
  data_ = std::move(data);
  offsets_ = std::move(offsets);
}

std::string ranked_text(const std::vector<std::pair<std::uint32_t, std::size_t>>& ranked, const StringDictionary& names) {
  std::string out;
  for (const auto& [code, count] : ranked) {
    if (!out.empty()) out += "; ";
    out += names[code] + ": " + std::to_string(count);
  }
  return out;
}

}  // namespace hotspot
