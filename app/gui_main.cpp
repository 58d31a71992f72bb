// SPDX-License-Identifier: MIT
// movieflow: the desktop window. `movieflow [FILE.csv] [--run]`, `--help`, `--version`.
#include "MainWindow.h"
#include "StartupOptions.h"

#include <movieflow/Version.h>

#include <QApplication>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("MovieFlow"));
    QCoreApplication::setApplicationName(QStringLiteral("MovieFlow"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MOVIEFLOW_VERSION));
}

/// --help and --version only print text: they must work without a display, so they are answered
/// before any GUI is set up.
bool onlyPrintsText(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            return false;
        for (const char *option : {"-h", "--help", "-?", "--help-all", "-v", "--version"}) {
            if (std::strcmp(arg, option) == 0)
                return true;
        }
    }
    return false;
}

/// Prints help, version or a usage error; returns the exit code, or -1 when the window should start.
int answerWithoutWindow(const mf::Result<mf::StartupOptions> &parsed)
{
    if (!parsed.ok()) {
        std::fprintf(stderr, "movieflow: %s\n", qPrintable(parsed.error().message));
        return mf::exitCodeFor(parsed.error().kind);
    }
    if (parsed.value().action != mf::StartupOptions::Action::Start) {
        std::fputs(qPrintable(parsed.value().text), stdout);
        return 0;
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyPrintsText(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        const int code = answerWithoutWindow(mf::StartupOptions::parse(QCoreApplication::arguments()));
        return code < 0 ? 0 : code;
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("MovieFlow"));
    QApplication::setDesktopFileName(QStringLiteral("movieflow"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/movieflow/icons/movieflow.svg")));

    // QApplication has taken its own options (-platform, -style…) out of the arguments by now.
    const mf::Result<mf::StartupOptions> parsed = mf::StartupOptions::parse(QApplication::arguments());
    const int code = answerWithoutWindow(parsed);
    if (code >= 0)
        return code;
    const mf::StartupOptions &options = parsed.value();

    mf::MainWindow window;
    window.show();
    // Load once the event loop runs, so the window paints before the worker starts.
    QTimer::singleShot(0, &window, [&window, options] { window.openSource(options.source, options.run); });
    return QApplication::exec();
}
