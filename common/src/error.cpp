#include "displace/common/error.hpp"

#include <exception>

namespace displace {

void rethrow_with_context(const std::string& context) {
  try {
    throw;
  } catch (Error& e) {
    e.prepend_context(context);
    throw;
  } catch (const std::exception& e) {
    throw Error(context + ": " + e.what());
  }
}

}  // namespace displace
