// SPDX-License-Identifier: MIT
#include "Clock.h"

namespace mf {

const Clock &Clock::system()
{
    static const Clock clock;
    return clock;
}

} // namespace mf
