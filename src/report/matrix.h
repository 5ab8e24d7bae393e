// report/matrix.h — the AI shared responsibility matrix (docs/PRODUCT.md, after Microsoft's "AI
// shared responsibility model"): eleven responsibilities in three layers, who owns each under
// SaaS, PaaS and IaaS, and which Bulwark controls can carry the customer's part of it.
//
// Example:
//   for (const auto& row : report::matrix_rows())
//     if (row.owner(report::Deployment::kPaas) != report::Owner::kProvider) { ... }
//
// Thread-safety: constant data, built once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::report {

enum class Deployment { kSaas, kPaas, kIaas };
enum class Owner { kCustomer, kShared, kProvider };

std::string_view deployment_name(Deployment d);   // "saas"
std::string_view deployment_title(Deployment d);  // "SaaS AI (a finished copilot)"
std::optional<Deployment> parse_deployment(std::string_view s);
std::string_view owner_name(Owner o);              // "customer" | "shared" | "provider"

// A Bulwark control named by a matrix row; required ones decide the row's coverage, the others
// add depth and are listed beside it.
struct ControlRef {
  std::string_view control;   // a control id of coverage.h
  bool required = true;
};

struct MatrixRow {
  std::string_view id;            // stable, e.g. "usage.identity"
  std::string_view layer;         // usage | application | platform
  std::string_view title;         // as in the brief
  Owner saas, paas, iaas;
  std::vector<ControlRef> controls;   // empty: nothing Bulwark can do for this row
  std::string_view outside;       // the part no gateway can do (organizational, hosting, ...)

  Owner owner(Deployment d) const { return d == Deployment::kSaas ? saas : d == Deployment::kPaas ? paas : iaas; }
};

const std::vector<MatrixRow>& matrix_rows();

}  // namespace bulwark::report
