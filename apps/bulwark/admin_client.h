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

// Defaults of --server and --key: $BULWARK_SERVER or http://127.0.0.1:8080; $BULWARK_ADMIN_KEY,
// then $BULWARK_MASTER_KEY.
std::string default_admin_server();
std::string default_admin_key();

// Prints the server's refusal as "bulwark <command>: STATUS: message"; returns the exit status:
// 2 for authentication and server trouble, 1 for a refused change.
int print_refusal(const std::string& command, const AdminReply& r);

}  // namespace bulwark::cli
