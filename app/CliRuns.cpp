// SPDX-License-Identifier: MIT
// movieflow-cli runs: the run history — list, show one run, resume a failed one, prune.
#include "CliFlow.h"
#include "FlowService.h"
#include "RunFingerprint.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <atomic>
#include <csignal>

namespace mf::cli {

namespace {

std::atomic_bool g_cancelResume {false};

extern "C" void onResumeSignal(int)
{
    g_cancelResume.store(true);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

int usage(const QString &message)
{
    printErr(QStringLiteral("movieflow-cli runs: %1\n").arg(message));
    return exitCodeFor(ErrorKind::Usage);
}

QString help()
{
    return QStringLiteral(
        "Usage: movieflow-cli runs [--json] [--limit N]\n"
        "       movieflow-cli runs show ID [--json]\n"
        "       movieflow-cli runs resume ID [--json] [--quiet]\n"
        "       movieflow-cli runs prune [--keep N] [--days N] [--delete-outputs]\n"
        "\n"
        "The history of the movie flow: every run, manual or scheduled, newest first.\n"
        "  (none)   List the runs (--limit N: the newest N; default 20, 0 = all).\n"
        "  show     One run with its task runs, their log lines, and what changed since the\n"
        "           previous completed run.\n"
        "  resume   Resume a failed, cancelled or crashed run: completed tasks are reused from the\n"
        "           run's working folder (the source is not read again) and the first unfinished\n"
        "           task onward runs again.\n"
        "  prune    Delete old runs from the history (exported files stay unless --delete-outputs).\n");
}

void printJson(const QJsonValue &value)
{
    const QJsonDocument doc
        = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    printOut(QString::fromUtf8(doc.toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

QString shortTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : QStringLiteral("-");
}

QString duration(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return QStringLiteral("-");
    const double s = from.msecsTo(to) / 1000.0;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s, 0, 'f', 1);
    return QStringLiteral("%1 min").arg(s / 60, 0, 'f', 1);
}

bool parseId(const QString &text, qint64 *id)
{
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

std::optional<RunDiff> changesOf(RunHistory &history, const FlowRunRecord &run)
{
    if (run.state != RunState::Completed || run.fingerprint.isEmpty())
        return std::nullopt;
    std::optional<FlowRunRecord> previous = history.previousCompleted(run.flow, run.id);
    if (!previous || previous->fingerprint.isEmpty())
        return std::nullopt;
    RunDiff diff = diffRuns(RunFingerprint::fromJson(previous->fingerprint),
                            RunFingerprint::fromJson(run.fingerprint));
    diff.previousRunId = previous->id;
    return diff;
}

int list(RunHistory &history, bool json, int limit)
{
    const QList<FlowRunRecord> runs = history.runs(limit);
    if (json) {
        QJsonArray array;
        for (const FlowRunRecord &run : runs)
            array.append(runJson(run, false));
        printJson(array);
        return 0;
    }
    if (runs.isEmpty()) {
        printOut(QStringLiteral("No runs yet. Start one with movieflow-cli run or movieflow-cli serve.\n"));
        return 0;
    }
    QString text = QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                       .arg(QStringLiteral("ID"), 5)
                       .arg(QStringLiteral("STATE"), -9)
                       .arg(QStringLiteral("TRIGGER"), -8)
                       .arg(QStringLiteral("STARTED"), -19)
                       .arg(QStringLiteral("DURATION"), 8)
                       .arg(QStringLiteral("ROWS"), 6)
                       .arg(QStringLiteral("FAILED TASK / OUTPUT"));
    for (const FlowRunRecord &run : runs) {
        const QString detail = !run.failedTask.isEmpty()
            ? run.failedTask
            : run.outputs.value(QStringLiteral("zip"))
                  .toString(run.outputs.value(QStringLiteral("csv")).toString());
        text += QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                    .arg(run.id, 5)
                    .arg(runStateName(run.state), -9)
                    .arg(runTriggerName(run.trigger), -8)
                    .arg(shortTime(run.startedAt.isValid() ? run.startedAt : run.createdAt), -19)
                    .arg(duration(run.startedAt, run.endedAt), 8)
                    .arg(run.rowsKept >= 0 ? QString::number(run.rowsKept) : QStringLiteral("-"), 6)
                    .arg(detail);
    }
    printOut(text);
    return 0;
}

int show(RunHistory &history, qint64 id, bool json)
{
    std::optional<FlowRunRecord> run = history.run(id);
    if (!run)
        return usage(QStringLiteral("there is no run %1. List the runs with movieflow-cli runs.").arg(id));
    const std::optional<RunDiff> changes = changesOf(history, *run);
    if (json) {
        QJsonObject object = runJson(*run, true);
        object.insert(QStringLiteral("changes"), changes ? QJsonValue(changes->toJson()) : QJsonValue());
        QJsonArray states;
        for (const StateChange &change : history.stateChanges(id)) {
            QString task;
            for (const TaskRunRecord &t : std::as_const(run->tasks)) {
                if (t.id == change.taskRunId)
                    task = t.name;
            }
            states.append(
                QJsonObject {{QStringLiteral("time"), isoTime(change.time)},
                             {QStringLiteral("task"), task.isEmpty() ? QJsonValue() : QJsonValue(task)},
                             {QStringLiteral("state"), runStateName(change.state)},
                             {QStringLiteral("message"), change.message}});
        }
        object.insert(QStringLiteral("state_changes"), states);
        printJson(object);
        return 0;
    }
    QString text = QStringLiteral("Run %1 of \"%2\": %3 (%4%5)\n")
                       .arg(run->id)
                       .arg(run->flow, runStateName(run->state), runTriggerName(run->trigger),
                            run->resumes > 0 ? QStringLiteral(", resumed %1×").arg(run->resumes) : QString());
    text += QStringLiteral("Source: %1\nStarted: %2   Ended: %3   Took: %4\n")
                .arg(run->source, shortTime(run->startedAt), shortTime(run->endedAt),
                     duration(run->startedAt, run->endedAt));
    if (run->rowsKept >= 0)
        text += QStringLiteral("Rows kept: %1\n").arg(run->rowsKept);
    if (!run->error.isEmpty())
        text
            += QStringLiteral("Error%1: %2\n")
                   .arg(run->failedTask.isEmpty() ? QString() : QStringLiteral(" in %1").arg(run->failedTask),
                        run->error);
    const QJsonArray files = run->outputs.value(QStringLiteral("files")).toArray();
    for (const QJsonValue &file : files)
        text += QStringLiteral("Output: %1\n").arg(file.toString());
    if (changes)
        text += changes->summary() + QLatin1Char('\n');
    for (const LogEntry &entry : std::as_const(run->logs))
        text += QStringLiteral("  %1 %2 %3\n")
                    .arg(shortTime(entry.time), levelLabel(entry.level), entry.message);
    text += QLatin1Char('\n');
    for (const TaskRunRecord &task : std::as_const(run->tasks)) {
        text += QStringLiteral("%1 — %2, %3 attempt%4, %5\n")
                    .arg(task.name, runStateName(task.state))
                    .arg(task.attempts)
                    .arg(task.attempts == 1 ? QString() : QStringLiteral("s"))
                    .arg(duration(task.startedAt, task.endedAt));
        for (const LogEntry &entry : task.logs)
            text += QStringLiteral("  %1 %2 %3\n")
                        .arg(shortTime(entry.time), levelLabel(entry.level), entry.message);
    }
    printOut(text);
    return 0;
}

int resume(RunHistory &history, qint64 id, bool json, bool quiet)
{
    FlowService service(&history, nullptr);
    if (!quiet)
        echoRunner(*service.runner());
    bool done = false;
    RunState finalState = RunState::Failed;
    Error finalError;
    QObject::connect(&service, &FlowService::runFinished, &service,
                     [&](qint64, RunState state, const Error &error) {
                         done = true;
                         finalState = state;
                         finalError = error;
                         QCoreApplication::exit(0);
                     });
    g_cancelResume.store(false);
    std::signal(SIGINT, onResumeSignal);
    std::signal(SIGTERM, onResumeSignal);
    QTimer cancelPoll;
    QObject::connect(&cancelPoll, &QTimer::timeout, &service, [&] {
        if (g_cancelResume.load())
            service.cancel();
    });
    cancelPoll.start(100);
    Result<qint64> resumed = service.resume(id);
    if (!resumed.ok()) {
        printErr(QStringLiteral("movieflow-cli runs resume: %1\n").arg(resumed.error().message));
        if (json)
            printJson(QJsonObject {{QStringLiteral("status"), QStringLiteral("failed")},
                                   {QStringLiteral("error"),
                                    QJsonObject {{QStringLiteral("message"), resumed.error().message}}}});
        return exitCodeFor(resumed.error().kind);
    }
    if (!done)
        QCoreApplication::exec();
    std::shared_ptr<const PipelineRun> run = service.lastPipelineRun();
    if (json) {
        QJsonObject object = run ? run->toJson() : QJsonObject();
        object.insert(QStringLiteral("run_id"), id);
        object.insert(QStringLiteral("state"), runStateName(finalState));
        printJson(object);
    } else if (finalState == RunState::Completed && run) {
        printOut(QStringLiteral("Run %1 completed: kept %2 rows.\nResults in %3:\n")
                     .arg(id)
                     .arg(run->cleaned ? run->cleaned->counts.kept : 0)
                     .arg(run->outputs.outputDir));
        for (const QString &file : run->outputs.files)
            printOut(QStringLiteral("  %1\n").arg(file));
    }
    if (finalState != RunState::Completed)
        printErr(QStringLiteral("movieflow-cli: run %1 %2: %3\n")
                     .arg(id)
                     .arg(runStateName(finalState).toLower(), finalError.message));
    return exitCodeFor(finalError.kind);
}

int prune(RunHistory &history, const QCommandLineParser &parser)
{
    RetentionPolicy policy;
    bool ok = true;
    if (parser.isSet(QStringLiteral("keep")))
        policy.keepRuns = parser.value(QStringLiteral("keep")).toInt(&ok);
    if (!ok || policy.keepRuns < 0)
        return usage(QStringLiteral("--keep takes a whole number of runs."));
    if (parser.isSet(QStringLiteral("days")))
        policy.keepDays = parser.value(QStringLiteral("days")).toInt(&ok);
    if (!ok || policy.keepDays < 0)
        return usage(QStringLiteral("--days takes a whole number of days."));
    if (policy.keepRuns == 0 && policy.keepDays == 0)
        return usage(QStringLiteral("say what to keep: --keep N runs and/or --days N."));
    policy.deleteOutputs = parser.isSet(QStringLiteral("delete-outputs"));
    Result<int> removed = history.prune(policy, QDateTime::currentDateTime());
    if (!removed.ok()) {
        printErr(QStringLiteral("movieflow-cli runs prune: %1\n").arg(removed.error().message));
        return exitCodeFor(removed.error().kind);
    }
    printOut(QStringLiteral("Removed %1 runs from the history%2.\n")
                 .arg(removed.value())
                 .arg(policy.deleteOutputs ? QStringLiteral(" with their exported files")
                                           : QStringLiteral("; their exported files stay")));
    return 0;
}

} // namespace

int runsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")},
        {QStringLiteral("json"), QStringLiteral("Print JSON on stdout.")},
        {QStringLiteral("limit"), QStringLiteral("Show the newest N runs."), QStringLiteral("N")},
        {QStringLiteral("quiet"), QStringLiteral("No log lines (resume).")},
        {QStringLiteral("keep"), QStringLiteral("Runs to keep (prune)."), QStringLiteral("N")},
        {QStringLiteral("days"), QStringLiteral("Days of runs to keep (prune)."), QStringLiteral("N")},
        {QStringLiteral("delete-outputs"), QStringLiteral("Delete the pruned runs' exported files too.")},
    });
    if (!parser.parse(arguments))
        return usage(parser.errorText() + QStringLiteral(". See movieflow-cli runs --help."));
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(help());
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    const QString sub = positional.value(0);
    const bool json = parser.isSet(QStringLiteral("json"));
    int limit = 20;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 0)
            return usage(QStringLiteral("--limit takes a whole number (0 = all)."));
    }
    qint64 id = 0;
    if ((sub == QLatin1String("show") || sub == QLatin1String("resume"))
        && (positional.size() != 2 || !parseId(positional[1], &id)))
        return usage(QStringLiteral("%1 takes one run id, e.g. movieflow-cli runs %1 3.").arg(sub));
    if (!sub.isEmpty() && sub != QLatin1String("show") && sub != QLatin1String("resume")
        && sub != QLatin1String("prune"))
        return usage(QStringLiteral("unknown subcommand \"%1\". See movieflow-cli runs --help.").arg(sub));
    if ((sub.isEmpty() || sub == QLatin1String("prune")) && positional.size() > 1)
        return usage(QStringLiteral("unexpected argument \"%1\".").arg(positional.value(1)));

    RunHistory history;
    if (!openHistory(history))
        return exitCodeFor(ErrorKind::Output);
    if (sub == QLatin1String("show"))
        return show(history, id, json);
    if (sub == QLatin1String("resume"))
        return resume(history, id, json, parser.isSet(QStringLiteral("quiet")));
    if (sub == QLatin1String("prune"))
        return prune(history, parser);
    return list(history, json, limit);
}

} // namespace mf::cli
