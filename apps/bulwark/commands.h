// apps/bulwark/commands.h — one function per subcommand; main() only dispatches.
#pragma once

namespace bulwark::cli {

// Each returns the process exit status: 0 ok/allowed, 1 blocked (scan), 2 usage or input error.
int cmd_scan(int argc, char** argv);
int cmd_eval(int argc, char** argv);
int cmd_detectors(int argc, char** argv);
int cmd_train(int argc, char** argv);
int cmd_version(int argc, char** argv);
int cmd_serve(int argc, char** argv);
int cmd_keys(int argc, char** argv);
int cmd_audit(int argc, char** argv);
int cmd_report(int argc, char** argv);
int cmd_incidents(int argc, char** argv);
int cmd_policy(int argc, char** argv);
int cmd_blocklists(int argc, char** argv);

}  // namespace bulwark::cli
