// SPDX-License-Identifier: MIT
#include "CliFlow.h"

#include "FlowRunner.h"
#include "MovieFlow.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTime>
#include <QTimer>

#include <cstdio>

namespace mf::cli {

void printOut(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stderr);
}

QString levelLabel(LogLevel level)
{
    return logLevelName(level).toUpper();
}

bool openHistory(RunHistory &history)
{
    const Error error = history.open();
    if (error.isError()) {
        printErr(QStringLiteral("movieflow-cli: %1\n").arg(error.message));
        return false;
    }
    return true;
}

void echoRunner(FlowRunner &runner)
{
    QObject::connect(&runner, &FlowRunner::taskStateChanged, &runner,
                     [](qint64, const QString &task, RunState state, int attempt) {
                         if (state == RunState::Running && attempt <= 1)
                             printErr(
                                 QStringLiteral("%1 INFO %2…\n")
                                     .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), task));
                     });
    QObject::connect(&runner, &FlowRunner::logLine, &runner,
                     [](qint64, const QString &, const LogEntry &entry) {
                         printErr(QStringLiteral("%1 %2 %3\n")
                                      .arg(entry.time.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                                           levelLabel(entry.level), entry.message));
                     });
}

RecordedRun runAndRecord(const PipelineSettings &settings, CancelToken &cancel, bool quiet)
{
    RecordedRun outcome;
    RunHistory history;
    MovieFlow movieFlow(settings);
    outcome.run = movieFlow.pipelineRun();
    if (Error error = history.open(); error.isError()) {
        // The user asked for a run, not for a history: do it anyway, unrecorded.
        printErr(QStringLiteral("movieflow-cli: warning: this run is not recorded in the history. %1\n")
                     .arg(error.message));
        StepContext ctx;
        ctx.cancel = &cancel;
        if (!quiet)
            ctx.log = [](LogLevel level, const QString &message) {
                printErr(QStringLiteral("%1 %2 %3\n")
                             .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")),
                                  levelLabel(level), message));
            };
        const Pipeline pipeline;
        *outcome.run = pipeline.start(settings);
        pipeline.runAll(*outcome.run, ctx);
        outcome.error = outcome.run->error;
        outcome.state = outcome.error.isError()
            ? (outcome.error.kind == ErrorKind::Cancelled ? RunState::Cancelled : RunState::Failed)
            : RunState::Completed;
        return outcome;
    }

    FlowRunner runner(&history);
    if (!quiet)
        echoRunner(runner);
    QTimer cancelPoll;
    QObject::connect(&cancelPoll, &QTimer::timeout, &runner, [&runner, &cancel] {
        if (cancel.isCancelled())
            runner.cancel();
    });
    cancelPoll.start(100);
    bool done = false;
    QObject::connect(&runner, &FlowRunner::runFinished, &runner,
                     [&](qint64 runId, RunState state, const Error &error) {
                         outcome.runId = runId;
                         outcome.state = state;
                         outcome.error = error;
                         done = true;
                         QCoreApplication::exit(0);
                     });
    RunStartOptions options;
    options.source = settings.source.describe();
    Result<qint64> started = runner.start(movieFlow.flow(), options);
    if (!started.ok()) {
        outcome.error = started.error();
        outcome.run->error = started.error();
        return outcome;
    }
    outcome.runId = started.value();
    if (!done) // the run may end inside start() (no working folder)
        QCoreApplication::exec();
    QString failedTask;
    if (std::optional<FlowRunRecord> record = history.run(outcome.runId))
        failedTask = record->failedTask;
    movieFlow.setOutcome(outcome.error, failedTask);
    return outcome;
}

QJsonObject runJson(const FlowRunRecord &run, bool detail)
{
    auto time = [](const QDateTime &t) { return t.isValid() ? QJsonValue(isoTime(t)) : QJsonValue(); };
    QJsonObject object {
        {QStringLiteral("id"), run.id},
        {QStringLiteral("flow"), run.flow},
        {QStringLiteral("state"), runStateName(run.state)},
        {QStringLiteral("trigger"), runTriggerName(run.trigger)},
        {QStringLiteral("schedule"), run.schedule.isEmpty() ? QJsonValue() : QJsonValue(run.schedule)},
        {QStringLiteral("scheduled_for"), time(run.scheduledFor)},
        {QStringLiteral("started_at"), time(run.startedAt)},
        {QStringLiteral("ended_at"), time(run.endedAt)},
        {QStringLiteral("rows_kept"), run.rowsKept >= 0 ? QJsonValue(run.rowsKept) : QJsonValue()},
        {QStringLiteral("outputs"), run.outputs.isEmpty() ? QJsonValue() : QJsonValue(run.outputs)},
        {QStringLiteral("source"), run.source},
        {QStringLiteral("resumes"), run.resumes}};
    if (!run.error.isEmpty())
        object.insert(QStringLiteral("error"),
                      QJsonObject {{QStringLiteral("kind"), run.errorKind},
                                   {QStringLiteral("message"), run.error},
                                   {QStringLiteral("task"),
                                    run.failedTask.isEmpty() ? QJsonValue() : QJsonValue(run.failedTask)}});
    if (!detail)
        return object;
    auto logs = [&time](const QList<LogEntry> &entries) {
        QJsonArray array;
        for (const LogEntry &entry : entries)
            array.append(QJsonObject {{QStringLiteral("time"), time(entry.time)},
                                      {QStringLiteral("level"), logLevelName(entry.level)},
                                      {QStringLiteral("message"), entry.message}});
        return array;
    };
    QJsonArray tasks;
    for (const TaskRunRecord &task : run.tasks) {
        QJsonObject t {{QStringLiteral("name"), task.name},
                       {QStringLiteral("state"), runStateName(task.state)},
                       {QStringLiteral("attempts"), task.attempts},
                       {QStringLiteral("started_at"), time(task.startedAt)},
                       {QStringLiteral("ended_at"), time(task.endedAt)},
                       {QStringLiteral("result"), task.result},
                       {QStringLiteral("logs"), logs(task.logs)}};
        if (!task.error.isEmpty())
            t.insert(QStringLiteral("error"), task.error);
        tasks.append(t);
    }
    object.insert(QStringLiteral("tasks"), tasks);
    object.insert(QStringLiteral("logs"), logs(run.logs));
    return object;
}

} // namespace mf::cli
