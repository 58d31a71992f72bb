// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "Error.h"
#include "Flow.h"
#include "RunHistory.h"
#include "RunState.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace mf {

/// How a run starts.
struct RunStartOptions
{
    RunTrigger trigger = RunTrigger::Manual;
    QString schedule; ///< text form of the schedule (scheduled runs)
    QString source; ///< what the flow reads, stored for the drift check and diffs
    QDateTime scheduledFor; ///< due time of a scheduled run
    qint64 existingRunId = 0; ///< pick up a Deferred run instead of creating a new one
};

/// Runs flows one at a time and records them in a RunHistory as they go.
///
/// Tasks run one after another on worker threads (QtConcurrent); everything else — the history
/// writes, the timers for timeouts and retry delays, the signals — happens on the thread the runner
/// lives in, which must be the thread that opened the history. Needs a running event loop.
///
/// A task that fails is retried per its RetryPolicy (state Retrying in between); a task over its
/// timeout is cancelled and counts as failed. cancel() stops the current task through its cancel
/// token (pipeline steps check it every few thousand rows, well within a second) and ends the run
/// as Cancelled; a task's own folder is removed whenever an attempt does not complete, so nothing
/// half-written stays behind.
class FlowRunner : public QObject
{
    Q_OBJECT

public:
    explicit FlowRunner(RunHistory *history, const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~FlowRunner() override;

    bool isRunning() const { return m_active != nullptr; }
    qint64 currentRunId() const;
    /// Keep the working folder of completed runs (by default it is removed once a run completes;
    /// failed, cancelled and crashed runs keep theirs for a resume).
    void setKeepCompletedWorkDirs(bool keep) { m_keepCompletedWorkDirs = keep; }

    /// Creates a run in the history and starts it. Fails (Usage) while a run is going.
    Result<qint64> start(const Flow &flow, const RunStartOptions &options = {});
    /// Resumes a Failed, Cancelled or Crashed run with a flow rebuilt from its stored settings: the
    /// completed tasks' outputs are restored from the working folder (only those that later tasks
    /// read), and the first unfinished task onward runs again.
    Result<qint64> resume(qint64 runId, const Flow &flow);
    /// Asks the current run to stop; runFinished(…, Cancelled) follows.
    void cancel();

signals:
    void runStarted(qint64 runId);
    void runStateChanged(qint64 runId, mf::RunState state);
    void taskStateChanged(qint64 runId, const QString &task, mf::RunState state, int attempt);
    void taskProgress(qint64 runId, const QString &task, double fraction);
    /// A log line of the run (task empty for run-level lines), already stored.
    void logLine(qint64 runId, const QString &task, const mf::LogEntry &entry);
    void runFinished(qint64 runId, mf::RunState state, const mf::Error &error);
    /// The history could not be written (disk full); the run goes on.
    void historyError(const mf::Error &error);

private:
    struct Active;
    struct Outcome
    {
        Error error;
        QJsonObject result;
    };

    void begin();
    void advance();
    void startAttempt(int index);
    void startRestore(int index);
    void launch(int index, bool restore);
    void attemptFinished(int index, const Outcome &outcome);
    void restoreFinished(int index, const Outcome &outcome);
    void finish(RunState state, const Error &error = {}, const QString &failedTask = {});
    void computeNeeded();
    void setTaskState(int index, RunState state, const QString &message = {});
    void log(int index, LogLevel level, const QString &message, const QDateTime &time = {});
    void note(const Error &error);
    QString taskDir(int index) const;

    RunHistory *m_history;
    const Clock &m_clock;
    bool m_keepCompletedWorkDirs = false;
    std::unique_ptr<Active> m_active;
    QFutureWatcher<Outcome> m_watcher;
    QTimer m_timeoutTimer;
    QTimer m_retryTimer;
};

} // namespace mf
