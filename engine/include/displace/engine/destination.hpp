#pragma once
// Where a household is or goes: a cell of the grid, an external destination or a shelter site,
// and the one integer code that the household columns `location`, `destination` and `fallback`
// store for it.
#include <cstdint>

namespace displace::engine {

/// A place, decoded. Its code is the cell index (>= 0) for a cell, -1 - e for external
/// destination e, and -1 - external_count - s for shelter site s (so the number of external
/// destinations tells externals from shelters). `location` holds cells and externals only (a
/// sheltered household is at the shelter's cell, with the `shelter` column set); `destination`
/// and `fallback` hold any of the three.
class Destination {
 public:
  enum class Kind : std::uint8_t { cell, external, shelter };

  static constexpr Destination cell(std::int32_t c) { return {Kind::cell, c}; }
  static constexpr Destination external(std::int32_t e) { return {Kind::external, e}; }
  static constexpr Destination shelter(std::int32_t s) { return {Kind::shelter, s}; }

  /// The place of a stored code, with `external_count` external destinations in the landscape.
  static constexpr Destination decode(std::int32_t code, std::int32_t external_count) {
    if (code >= 0) return cell(code);
    if (-1 - code < external_count) return external(-1 - code);
    return shelter(-1 - external_count - code);
  }
  /// The code to store, with `external_count` external destinations in the landscape.
  constexpr std::int32_t code(std::int32_t external_count) const {
    switch (kind_) {
      case Kind::cell:
        return index_;
      case Kind::external:
        return -1 - index_;
      case Kind::shelter:
        return -1 - external_count - index_;
    }
    return index_;
  }

  constexpr Kind kind() const { return kind_; }
  constexpr bool is_cell() const { return kind_ == Kind::cell; }
  constexpr bool is_external() const { return kind_ == Kind::external; }
  constexpr bool is_shelter() const { return kind_ == Kind::shelter; }
  /// The cell, external destination or shelter site index (by kind()).
  constexpr std::int32_t index() const { return index_; }

  friend constexpr bool operator==(const Destination&, const Destination&) = default;

 private:
  constexpr Destination(Kind kind, std::int32_t index) : kind_(kind), index_(index) {}
  Kind kind_;
  std::int32_t index_;
};

/// Is a stored code a cell of the grid (rather than an external destination or shelter)?
constexpr bool is_cell_code(std::int32_t code) {
  return code >= 0;
}

}  // namespace displace::engine
