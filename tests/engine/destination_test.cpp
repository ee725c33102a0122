// The one encoding of places in the household columns (destination.hpp).
#include "displace/engine/destination.hpp"

#include <gtest/gtest.h>

namespace displace::engine::testing {
namespace {

TEST(Destination, CodesAreTheCellIndexThenExternalsThenShelters) {
  constexpr std::int32_t externals = 3;
  EXPECT_EQ(Destination::cell(0).code(externals), 0);
  EXPECT_EQ(Destination::cell(41).code(externals), 41);
  EXPECT_EQ(Destination::external(0).code(externals), -1);
  EXPECT_EQ(Destination::external(2).code(externals), -3);
  EXPECT_EQ(Destination::shelter(0).code(externals), -4);
  EXPECT_EQ(Destination::shelter(5).code(externals), -9);
  // Without externals, shelters start right below the cells.
  EXPECT_EQ(Destination::shelter(0).code(0), -1);
}

TEST(Destination, DecodingACodeGivesThePlaceBack) {
  for (const std::int32_t externals : {0, 1, 4}) {
    for (std::int32_t index = 0; index < 6; ++index) {
      for (const Destination place :
           {Destination::cell(index), Destination::shelter(index), Destination::external(index)}) {
        if (place.is_external() && index >= externals) continue;
        const Destination back = Destination::decode(place.code(externals), externals);
        EXPECT_EQ(back, place) << "externals " << externals << ", index " << index;
        EXPECT_EQ(back.index(), index);
      }
    }
  }
  static_assert(Destination::decode(-2, 1).is_shelter());
  static_assert(Destination::decode(-2, 2).is_external());
  static_assert(is_cell_code(0) && !is_cell_code(-1));
}

}  // namespace
}  // namespace displace::engine::testing
