// SPDX-License-Identifier: MIT
#include "BlockingWait.h"

#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace mf::google {

bool waitInterruptibly(qint64 ms, const StepContext &ctx)
{
    if (ctx.cancelled())
        return false;
    if (ms <= 0)
        return true;
    QEventLoop loop;
    QTimer done;
    done.setSingleShot(true);
    QObject::connect(&done, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (ctx.cancelled())
            loop.quit();
    });
    done.start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
    poll.start(CancelPollMs);
    loop.exec();
    return !ctx.cancelled();
}

} // namespace mf::google
