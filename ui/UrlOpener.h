// SPDX-License-Identifier: MIT
#pragma once

#include <QUrl>

#include <functional>

namespace mf {

/// Opens folders and files with the desktop (QDesktopServices::openUrl), behind a seam so tests can
/// see what would have been opened without starting a file manager.
class UrlOpener
{
public:
    using Handler = std::function<bool(const QUrl &)>;

    static bool open(const QUrl &url);
    /// Replaces the desktop while `handler` is set; pass an empty handler to restore it.
    static void setHandler(Handler handler);
};

} // namespace mf
