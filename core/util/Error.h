// Errors thrown by the core. Every message is one sentence that names the
// file, field or value that was wrong, so the CLI can print it as is and the
// GUI can show it in a dialog.
#pragma once

#include <stdexcept>
#include <string>

namespace hialign {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad user input (file contents, settings); distinct from internal failures.
class InputError : public Error {
public:
    using Error::Error;
};

} // namespace hialign
