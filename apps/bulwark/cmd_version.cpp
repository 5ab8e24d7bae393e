#include <iostream>

#include "bulwark/engine.h"
#include "commands.h"

namespace bulwark::cli {

int cmd_version(int, char**) {
  std::cout << "bulwark " << bulwark::version() << "\n";
  return 0;
}

}  // namespace bulwark::cli
