// SPDX-License-Identifier: MIT
// movieflow-cli serve: the scheduler without a window, for a server (systemd, a terminal).
#include "CliFlow.h"
#include "CliRunOptions.h"
#include "FlowService.h"
#include "NetworkMonitor.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTime>
#include <QTimer>

#include <atomic>
#include <csignal>

namespace mf::cli {

namespace {

std::atomic_bool g_stop {false};

extern "C" void onServeSignal(int)
{
    // Only an atomic store here; the event loop looks at it. A second signal ends the process.
    g_stop.store(true);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

int usage(const QString &message)
{
    printErr(QStringLiteral("movieflow-cli serve: %1\n").arg(message));
    return exitCodeFor(ErrorKind::Usage);
}

} // namespace

int serveCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the movie flow on a schedule until stopped (Ctrl+C or SIGTERM), recording every run in the "
        "history.\n"
        "Runs missed while serve was not running are made up once at start (see --catch-up); a run due while "
        "another is going is skipped."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("every"), QStringLiteral("Run every DURATION: 30s, 5m, 2h, 1d, 1h30m."),
         QStringLiteral("DURATION")},
        {QStringLiteral("daily"), QStringLiteral("Run every day at HH:MM (local time)."),
         QStringLiteral("HH:MM")},
        {QStringLiteral("weekly"),
         QStringLiteral("Run on these days at HH:MM, e.g. mon,wed,fri@08:00 or mon-fri@18:30."),
         QStringLiteral("DAYS@HH:MM")},
        {QStringLiteral("max-runs"), QStringLiteral("Stop after N runs have ended."), QStringLiteral("N")},
        {QStringLiteral("catch-up"),
         QStringLiteral("A run missed while serve was not running: once (default) runs it once at start, "
                        "skip drops it."),
         QStringLiteral("once|skip")},
        {QStringLiteral("drift"),
         QStringLiteral(
             "When the sheet's columns changed since the last good run: fail (default), warn or off."),
         QStringLiteral("fail|warn|off")},
        {QStringLiteral("keep-runs"), QStringLiteral("Keep only the newest N runs in the history."),
         QStringLiteral("N")},
        {QStringLiteral("keep-days"), QStringLiteral("Keep runs of the last N days in the history."),
         QStringLiteral("N")},
        {QStringLiteral("retries"), QStringLiteral("Retries of the read task (default 2)."),
         QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Stop a task that takes longer than DURATION."),
         QStringLiteral("DURATION")},
        {QStringLiteral("quiet"), QStringLiteral("Print no log lines of the runs, only their ends.")},
    });
    addRunOptions(parser);
    if (!parser.parse(arguments))
        return usage(parser.errorText() + QStringLiteral(". See movieflow-cli serve --help."));
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("serve [options]")));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(
            QStringLiteral("unexpected argument \"%1\".").arg(parser.positionalArguments().constFirst()));

    const int kinds = int(parser.isSet(QStringLiteral("every"))) + int(parser.isSet(QStringLiteral("daily")))
        + int(parser.isSet(QStringLiteral("weekly")));
    if (kinds != 1)
        return usage(
            QStringLiteral("choose one schedule: --every DURATION, --daily HH:MM or --weekly DAYS@HH:MM."));
    Result<Schedule> schedule = parser.isSet(QStringLiteral("every"))
        ? Schedule::parseEvery(parser.value(QStringLiteral("every")))
        : parser.isSet(QStringLiteral("daily"))
        ? Schedule::parseDaily(parser.value(QStringLiteral("daily")))
        : Schedule::parseWeekly(parser.value(QStringLiteral("weekly")));
    if (!schedule.ok())
        return usage(schedule.error().message);
    Result<PipelineSettings> settings = runSettingsFrom(parser);
    if (!settings.ok())
        return usage(settings.error().message);

    auto number = [&parser](const QString &name, int min, int *value) {
        if (!parser.isSet(name))
            return true;
        bool ok = false;
        *value = parser.value(name).toInt(&ok);
        return ok && *value >= min;
    };
    int maxRuns = 0;
    FlowServiceOptions options;
    if (!number(QStringLiteral("max-runs"), 1, &maxRuns))
        return usage(QStringLiteral("--max-runs takes a whole number of at least 1."));
    if (!number(QStringLiteral("keep-runs"), 1, &options.retention.keepRuns))
        return usage(QStringLiteral("--keep-runs takes a whole number of at least 1."));
    if (!number(QStringLiteral("keep-days"), 1, &options.retention.keepDays))
        return usage(QStringLiteral("--keep-days takes a whole number of at least 1."));
    if (!number(QStringLiteral("retries"), 0, &options.readRetry.retries))
        return usage(QStringLiteral("--retries takes a whole number of at least 0."));
    if (parser.isSet(QStringLiteral("timeout"))) {
        Result<qint64> timeout = Schedule::parseDuration(parser.value(QStringLiteral("timeout")));
        if (!timeout.ok() || timeout.value() > 24 * 3600)
            return usage(QStringLiteral("--timeout takes a duration of up to a day, such as 10m."));
        options.taskTimeoutMs = int(timeout.value() * 1000);
    }
    const QString catchUp = parser.value(QStringLiteral("catch-up"));
    if (!catchUp.isEmpty() && catchUp != QLatin1String("once") && catchUp != QLatin1String("skip"))
        return usage(QStringLiteral("--catch-up takes once or skip."));
    options.catchUp
        = catchUp == QLatin1String("skip") ? Scheduler::CatchUp::Skip : Scheduler::CatchUp::RunOnce;
    const QString drift = parser.value(QStringLiteral("drift"));
    if (drift.isEmpty() || drift == QLatin1String("fail"))
        options.drift = DriftCheck::Fail;
    else if (drift == QLatin1String("warn"))
        options.drift = DriftCheck::Warn;
    else if (drift == QLatin1String("off"))
        options.drift = DriftCheck::Off;
    else
        return usage(QStringLiteral("--drift takes fail, warn or off."));

    RunHistory history;
    if (!openHistory(history))
        return exitCodeFor(ErrorKind::Output);
    SystemNetworkMonitor network;
    FlowService service(&history, &network);
    service.setSettings(settings.value());
    service.setOptions(options);
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    if (!quiet)
        echoRunner(*service.runner());

    int finished = 0;
    int exitCode = 0;
    bool stopping = false;
    auto stamp = [] { return QTime::currentTime().toString(QStringLiteral("HH:mm:ss")); };
    QObject::connect(&service, &FlowService::nextRunChanged, &service, [&](const QDateTime &next) {
        if (next.isValid() && !stopping)
            printErr(QStringLiteral("%1 INFO Next run at %2.\n")
                         .arg(stamp(), next.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    });
    QObject::connect(&service, &FlowService::runStarted, &service, [&](qint64 runId) {
        printErr(QStringLiteral("%1 INFO Run %2 started.\n").arg(stamp()).arg(runId));
    });
    QObject::connect(&service, &FlowService::event, &service, [&](const LogEntry &entry) {
        printErr(QStringLiteral("%1 %2 %3\n").arg(stamp(), levelLabel(entry.level), entry.message));
    });
    QObject::connect(&service, &FlowService::runDeferred, &service, [&](qint64 runId) {
        printErr(QStringLiteral("%1 WARNING Run %2 waits for the network.\n").arg(stamp()).arg(runId));
    });
    QObject::connect(
        &service, &FlowService::runFinished, &service, [&](qint64 runId, RunState state, const Error &error) {
            ++finished;
            exitCode = exitCodeFor(error.kind);
            printErr(QStringLiteral("%1 %2 Run %3 %4%5\n")
                         .arg(stamp(),
                              state == RunState::Completed ? QStringLiteral("INFO") : QStringLiteral("ERROR"))
                         .arg(runId)
                         .arg(runStateName(state).toLower(),
                              error.isError() ? QStringLiteral(": ") + error.message : QStringLiteral(".")));
            if ((maxRuns > 0 && finished >= maxRuns) || stopping) {
                stopping = true;
                service.scheduler()->stop();
                QCoreApplication::exit(0);
            }
        });

    g_stop.store(false);
    std::signal(SIGINT, onServeSignal);
    std::signal(SIGTERM, onServeSignal);
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, &service, [&] {
        if (!g_stop.load() || stopping)
            return;
        stopping = true;
        printErr(QStringLiteral("%1 INFO Stopping.\n").arg(stamp()));
        service.scheduler()->stop();
        if (service.isRunning()) {
            exitCode = exitCodeFor(ErrorKind::Cancelled);
            service.cancel(); // runFinished ends the loop
        } else {
            QCoreApplication::exit(0);
        }
    });
    stopPoll.start(100);

    printErr(QStringLiteral("%1 INFO Serving \"%2\" %3 on %4; the history is in %5.\n")
                 .arg(stamp(), MovieFlow::flowName(), schedule.value().describe(),
                      settings.value().source.displayName(), history.path()));
    service.setSchedule(schedule.value());
    QCoreApplication::exec();
    // Stopped by a signal while idle: a clean stop (0 unless the last run failed); a run cut short: 130.
    return exitCode;
}

} // namespace mf::cli
