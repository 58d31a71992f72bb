// SPDX-License-Identifier: MIT
#include "Error.h"

namespace mf {

int exitCodeFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return 0;
    case ErrorKind::Usage:
        return 2;
    case ErrorKind::Input:
        return 3;
    case ErrorKind::Google:
        return 4;
    case ErrorKind::Output:
        return 5;
    case ErrorKind::Cancelled:
        return 130;
    case ErrorKind::Internal:
        break;
    }
    return 1;
}

} // namespace mf
