// bulwark/result.h — Status and Result<T>, the error model of every fallible Bulwark API.
//
// Bulwark never throws on scan or request paths. A fallible call returns a Status (ok or an
// error code with a message) or a Result<T> (a value or a Status).
//
// Example:
//   bulwark::Result<bulwark::Policy> p = bulwark::load_policy_file("policy.yaml");
//   if (!p.ok()) { std::cerr << p.status().message() << "\n"; return 2; }
//   use(p.value());
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace bulwark {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input: malformed UTF-8, bad JSON, unknown field
  kInvalidPolicy,     // policy failed validation
  kNotFound,
  kResourceExhausted, // size or time limits
  kInternal,          // a detector or dependency failed
  kUnavailable,
  kUnauthenticated,
  kPermissionDenied,
};

const char* status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
inline Status invalid_policy(std::string msg) { return {StatusCode::kInvalidPolicy, std::move(msg)}; }
inline Status internal_error(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
inline Status not_found(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
inline Status resource_exhausted(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }

// Result<T>: either a T or a non-ok Status. Accessing value() of an error aborts (a bug, not
// an expected failure), as BULWARK_CHECK would.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {    // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) std::abort();      // an ok Status carries no value
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { check(); return std::get<T>(v_); }
  const T& value() const& { check(); return std::get<T>(v_); }
  T&& value() && { check(); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void check() const {
    if (!ok()) std::abort();
  }
  std::variant<T, Status> v_;
};

}  // namespace bulwark

#define BULWARK_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::bulwark::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)
