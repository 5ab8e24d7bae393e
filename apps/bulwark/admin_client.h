// apps/bulwark/admin_client.h — a blocking HTTP/1.1 client for the CLI commands that drive a
// running gateway's admin API (`bulwark policy`). Plain http on the address given; one
// connection per call; a timeout so that a stuck server cannot hang the command.
#pragma once

#include <string>

#include "bulwark/result.h"

namespace bulwark::cli {

struct AdminReply {
  int status = 0;
  std::string body;
};

// server: "http://host:port"; path with its query; key sent as a Bearer token.
Result<AdminReply> admin_call(const std::string& server, const std::string& method, const std::string& path,
                              const std::string& key, const std::string& body = "",
                              const std::string& content_type = "application/yaml", int timeout_s = 60);

}  // namespace bulwark::cli
