// SPDX-License-Identifier: MIT
// movieflow: the desktop window. `movieflow [FILE.csv] [--run] [--tray]`, `--help`, `--version`.
// One instance per user: a second launch hands its arguments to the first and exits.
#include "FlowService.h"
#include "MainWindow.h"
#include "MessageWidget.h"
#include "MovieFlow.h"
#include "NetworkMonitor.h"
#include "RunsPanel.h"
#include "ScheduleEditor.h"
#include "SingleInstance.h"
#include "StartupOptions.h"
#include "TrayController.h"

#include <movieflow/Version.h>

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

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

/// What a second launch hands over: the file made absolute (the first instance has another
/// working folder) and --run.
QStringList handOverArguments(const mf::StartupOptions &options)
{
    QStringList arguments {QCoreApplication::applicationFilePath()};
    if (options.source.kind == mf::SourceSpec::Kind::CsvFile)
        arguments << QFileInfo(options.source.location).absoluteFilePath();
    if (options.run)
        arguments << QStringLiteral("--run");
    return arguments;
}

/// Scheduled and tray runs use the settings of the newest run in the history (the sample with the
/// default output folder before any).
mf::PipelineSettings lastSettings(const mf::RunHistory &history)
{
    if (history.isOpen()) {
        const QList<mf::FlowRunRecord> runs = history.runs(1);
        if (!runs.isEmpty()) {
            const mf::Result<mf::PipelineSettings> settings
                = mf::MovieFlow::settingsFromJson(runs.first().settings);
            if (settings.ok())
                return settings.value();
        }
    }
    return {};
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

    mf::SingleInstance instance;
    bool handedOver = false;
    if (!instance.claim(handOverArguments(options), &handedOver)) {
        if (handedOver)
            return 0;
        std::fputs("movieflow: MovieFlow is already running but did not answer. Close it and try again.\n",
                   stderr);
        return 1;
    }

    mf::RunHistory history;
    const mf::Error historyError = history.open();
    mf::NetworkMonitor network;
    mf::FlowService service(&history, &network);
    service.setSettings(lastSettings(history));

    mf::MainWindow window;
    auto *runsTab = new QWidget;
    runsTab->setObjectName(QStringLiteral("runsTab"));
    auto *schedule = new mf::ScheduleEditor(&service, runsTab);
    auto *runs = new mf::RunsPanel(&service, runsTab);
    auto *runsLayout = new QVBoxLayout(runsTab);
    runsLayout->addWidget(schedule);
    runsLayout->addWidget(runs, 1);
    window.tabs()->addTab(runsTab, QCoreApplication::translate("main", "Runs"));
    QObject::connect(runs, &mf::RunsPanel::problem, window.messages(), &mf::MessageWidget::showWarning);
    QObject::connect(schedule, &mf::ScheduleEditor::problem, window.messages(),
                     &mf::MessageWidget::showWarning);
    if (historyError.isError())
        window.messages()->showWarning(historyError.message);
    schedule->restore();

    mf::TrayController tray(&window, &service, QSystemTrayIcon::isSystemTrayAvailable());
    QObject::connect(&tray, &mf::TrayController::quitRequested, &app, &QCoreApplication::quit);
    if (!tray.isTrayAvailable()) {
        window.statusBar()->showMessage(QCoreApplication::translate(
            "main", "No system tray here: MovieFlow stays a normal window and stops when it is closed."));
    } else {
        QObject::connect(
            &tray, &mf::TrayController::notified, window.statusBar(),
            [&window](const QString &title, const QString &) { window.statusBar()->showMessage(title); });
    }
    QObject::connect(
        &instance, &mf::SingleInstance::argumentsReceived, &window,
        [&window, &tray](const QStringList &arguments) {
            tray.showWindow();
            const mf::Result<mf::StartupOptions> handed = mf::StartupOptions::parse(arguments);
            qInfo("movieflow: a second launch handed over: %s",
                  qPrintable(arguments.mid(1).join(QLatin1Char(' '))));
            if (handed.ok()
                && (handed.value().source.kind == mf::SourceSpec::Kind::CsvFile || handed.value().run))
                window.openSource(handed.value().source, handed.value().run);
        });

    // --tray starts hidden, unless there is no tray to come back from.
    if (!options.tray || !tray.isTrayAvailable())
        window.show();
    // Load once the event loop runs, so the window paints before the worker starts.
    QTimer::singleShot(0, &window, [&window, options] { window.openSource(options.source, options.run); });
    return QApplication::exec();
}
