// SPDX-License-Identifier: MIT
// movieflow: the desktop window. `movieflow [FILE.csv] [--run]`.
#include "MainWindow.h"
#include "StartupOptions.h"

#include <movieflow/Version.h>

#include <QApplication>
#include <QIcon>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MovieFlow"));
    QApplication::setApplicationName(QStringLiteral("MovieFlow"));
    QApplication::setApplicationDisplayName(QStringLiteral("MovieFlow"));
    QApplication::setApplicationVersion(QStringLiteral(MOVIEFLOW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("movieflow"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/movieflow/icons/movieflow.svg")));

    const mf::Result<mf::StartupOptions> parsed = mf::StartupOptions::parse(QApplication::arguments());
    if (!parsed.ok()) {
        std::fprintf(stderr, "movieflow: %s\n", qPrintable(parsed.error().message));
        return mf::exitCodeFor(parsed.error().kind);
    }
    const mf::StartupOptions &options = parsed.value();
    if (options.action != mf::StartupOptions::Action::Start) {
        std::fputs(qPrintable(options.text), stdout);
        return 0;
    }

    mf::MainWindow window;
    window.show();
    // Load once the event loop runs, so the window paints before the worker starts.
    QTimer::singleShot(0, &window, [&window, options] { window.openSource(options.source, options.run); });
    return QApplication::exec();
}
