// common/huge_buffer.h — zeroed memory for a large table read at random (a model's input
// matrix), placed on 2 MB pages where the kernel allows it.
//
// Why: summing a prompt's rows of a 6-16 MB matrix touches a different 4 KB page for almost
// every row, so most reads miss the TLB first and the cache second; on transparent huge pages
// (Debian's default "madvise" mode) the three shipped models' matrices need 14 TLB entries
// instead of about 7 000. The buffer is 2 MB aligned and advised MADV_HUGEPAGE before its
// first touch; where that is refused it is ordinary memory and works the same.
#pragma once

#include <cstddef>

namespace bulwark {

class HugeBuffer {
 public:
  HugeBuffer() = default;
  explicit HugeBuffer(size_t bytes);   // zero-filled; throws std::bad_alloc when out of memory
  ~HugeBuffer();
  HugeBuffer(HugeBuffer&& o) noexcept : data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
  }
  HugeBuffer& operator=(HugeBuffer&& o) noexcept;
  HugeBuffer(const HugeBuffer&) = delete;
  HugeBuffer& operator=(const HugeBuffer&) = delete;

  void* data() const { return data_; }
  size_t size() const { return size_; }   // the bytes asked for

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace bulwark
