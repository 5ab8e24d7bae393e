#include "common/huge_buffer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

namespace bulwark {
namespace {

TEST(HugeBuffer, ZeroedAlignedAndSized) {
  HugeBuffer b(3 << 20);  // 3 MB: two 2 MB pages
  ASSERT_NE(b.data(), nullptr);
  EXPECT_EQ(b.size(), size_t{3} << 20);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data()) % (uintptr_t{2} << 20), 0u);
  const auto* bytes = static_cast<const unsigned char*>(b.data());
  size_t nonzero = 0;
  for (size_t i = 0; i < b.size(); i += 4093) nonzero += bytes[i] != 0;
  EXPECT_EQ(nonzero, 0u);
  static_cast<unsigned char*>(b.data())[b.size() - 1] = 7;  // the whole size is writable
}

TEST(HugeBuffer, EmptyAndMoved) {
  HugeBuffer empty;
  EXPECT_EQ(empty.data(), nullptr);
  EXPECT_EQ(HugeBuffer(0).data(), nullptr);
  HugeBuffer a(100);
  void* p = a.data();
  HugeBuffer b(std::move(a));
  EXPECT_EQ(b.data(), p);
  EXPECT_EQ(b.size(), 100u);
  EXPECT_EQ(a.data(), nullptr);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  HugeBuffer c(10);
  c = std::move(b);
  EXPECT_EQ(c.data(), p);
  EXPECT_EQ(b.data(), nullptr);  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace bulwark
