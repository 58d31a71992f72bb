// SPDX-License-Identifier: MIT
#include "UrlOpener.h"

#include <QDesktopServices>

namespace mf {

namespace {
UrlOpener::Handler &handler()
{
    static UrlOpener::Handler instance;
    return instance;
}
} // namespace

bool UrlOpener::open(const QUrl &url)
{
    if (handler())
        return handler()(url);
    return QDesktopServices::openUrl(url);
}

void UrlOpener::setHandler(Handler newHandler)
{
    handler() = std::move(newHandler);
}

} // namespace mf
