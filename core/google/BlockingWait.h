// SPDX-License-Identifier: MIT
#pragma once

#include "StepContext.h"

#include <QtGlobal>

namespace mf::google {

/// Waits `ms` milliseconds on the calling worker thread with a local event loop (so objects of that
/// thread keep working), checking ctx for cancellation several times a second. Returns false when
/// cancelled. Never call it on the GUI thread.
bool waitInterruptibly(qint64 ms, const StepContext &ctx);

/// How often blocking Google calls look at the cancel token.
inline constexpr int CancelPollMs = 25;

} // namespace mf::google
