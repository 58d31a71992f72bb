// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Flow.h"
#include "RunState.h"
#include "StepContext.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

class QThread;

namespace mf {

struct LogEntry
{
    QDateTime time;
    LogLevel level = LogLevel::Info;
    QString message;
};

struct StateChange
{
    qint64 taskRunId = 0; ///< 0 for a change of the flow run itself
    RunState state = RunState::Pending;
    QDateTime time;
    QString message;
};

struct TaskRunRecord
{
    qint64 id = 0;
    qint64 runId = 0;
    int position = 0; ///< index of the task in its flow
    QString name;
    RunState state = RunState::Pending;
    int attempts = 0;
    QDateTime startedAt;
    QDateTime endedAt;
    QJsonObject result; ///< the task's result summary
    QString error;
    QList<LogEntry> logs; ///< filled by RunHistory::run()
};

struct FlowRunRecord
{
    qint64 id = 0;
    QString flow;
    RunState state = RunState::Pending;
    RunTrigger trigger = RunTrigger::Manual;
    QString schedule; ///< the schedule's text form for scheduled runs, else empty
    QString source; ///< what the run reads (for the drift check and the diff)
    QDateTime createdAt;
    QDateTime scheduledFor; ///< the due time of a scheduled run
    QDateTime startedAt;
    QDateTime endedAt;
    qint64 rowsKept = -1;
    QJsonObject outputs;
    QJsonObject settings; ///< the flow's settings (to rebuild it for a resume)
    QString workDir;
    QString errorKind; ///< "input", "output", … for failed runs
    QString error;
    QString failedTask;
    int resumes = 0;
    QJsonObject fingerprint;
    QJsonObject signature;
    QList<TaskRunRecord> tasks; ///< filled by RunHistory::run()
    QList<LogEntry> logs; ///< run-level log lines, filled by RunHistory::run()
};

/// How much history to keep. 0 = no limit. Exported files are only deleted with deleteOutputs.
struct RetentionPolicy
{
    int keepRuns = 0;
    int keepDays = 0;
    bool deleteOutputs = false;
};

/// The run history: flow runs, task runs, their state changes and log lines, in SQLite through Qt SQL
/// (WAL journal, written as the run goes, so a killed process leaves a consistent history).
///
/// A QSqlDatabase connection may only be used by the thread that made it: a RunHistory opens its
/// own named connection and must only be used from the thread that opened it (FlowRunner routes all
/// writes through its own thread). Calls from another thread fail with an Internal error.
///
/// Several processes may share one file (a `serve` and a `runs` command): each process that runs
/// flows holds a lock file while it lives, and open() turns the unfinished runs of processes that
/// are gone into Crashed runs.
class RunHistory
{
public:
    /// `path` empty = defaultPath().
    explicit RunHistory(QString path = {});
    ~RunHistory();
    RunHistory(const RunHistory &) = delete;
    RunHistory &operator=(const RunHistory &) = delete;

    /// MovieFlow/history.sqlite in the user's data folder (~/.local/share/MovieFlow on Linux, which is
    /// movieflow-cli's AppLocalDataLocation; the window uses the same file). XDG_DATA_HOME or
    /// QStandardPaths::setTestModeEnabled() isolate it.
    static QString defaultPath();

    /// Opens (creating the schema if needed) and recovers crashed runs.
    Error open(const QDateTime &now = QDateTime::currentDateTime());
    bool isOpen() const;
    QString path() const { return m_path; }
    /// Where runs keep their working folders: runs/ beside the database.
    QString runsFolder() const;

    /// Marks Pending/Running/Retrying runs whose process is gone as Crashed (their unfinished task
    /// runs too) and removes the task folders of unfinished tasks. Returns the ids it marked.
    QList<qint64> recoverCrashedRuns(const QDateTime &now);

    // Writing (the flow engine)
    Result<qint64> createRun(const FlowRunRecord &run, const QDateTime &now);
    Error setRunState(qint64 runId, RunState state, const QDateTime &time, const QString &message = {});
    Error setRunWorkDir(qint64 runId, const QString &workDir);
    Error setRunError(qint64 runId, const Error &error, const QString &failedTask);
    Error setRunSummary(qint64 runId, const FlowSummary &summary);
    Error incrementResumes(qint64 runId);
    Result<qint64> createTaskRun(qint64 runId, int position, const QString &name, const QDateTime &now);
    Error setTaskState(qint64 taskRunId, RunState state, const QDateTime &time, int attempts,
                       const QString &message = {});
    Error setTaskResult(qint64 taskRunId, const QJsonObject &result);
    /// taskRunId 0 = a run-level line; runId 0 too = a service event (a skipped or missed run).
    Error addLog(qint64 runId, qint64 taskRunId, const LogEntry &entry);

    // Reading
    /// Newest first; limit <= 0 = all.
    QList<FlowRunRecord> runs(int limit = 0) const;
    /// One run with its task runs and all log lines.
    std::optional<FlowRunRecord> run(qint64 runId) const;
    QList<StateChange> stateChanges(qint64 runId) const;
    /// Service events (logs without a run), newest first.
    QList<LogEntry> events(int limit = 50) const;
    /// The newest Completed run of `flow` before `runId` (any run when runId is 0).
    std::optional<FlowRunRecord> previousCompleted(const QString &flow, qint64 runId) const;
    /// The source signature of the newest Completed run of `flow` reading `source`, or empty.
    QJsonObject lastGoodSignature(const QString &flow, const QString &source) const;
    /// The latest due time of a run of `flow` on `schedule`, or an invalid QDateTime.
    QDateTime lastScheduledFor(const QString &flow, const QString &schedule) const;

    /// Prunes finished runs beyond the policy (never active ones) with their task runs, logs and
    /// working folders; deletes their exported files only with deleteOutputs. Returns how many.
    Result<int> prune(const RetentionPolicy &policy, const QDateTime &now);
    /// Deletes one finished run (as prune does).
    Error remove(qint64 runId, bool deleteOutputs);

    /// This process's owner id, recorded with the runs it creates (and the lock file it holds).
    QString ownerId();

private:
    Error checkThread() const;
    Error exec(const QString &sql, const QVariantList &values = {}, qint64 *insertId = nullptr) const;
    Error writeError(const QString &what, const QString &detail) const;
    bool ownerAlive(const QString &owner) const;
    QString ownersFolder() const;
    QList<FlowRunRecord> selectRuns(const QString &where, const QVariantList &values, int limit) const;
    QList<TaskRunRecord> selectTaskRuns(qint64 runId) const;
    QList<LogEntry> selectLogs(const QString &where, const QVariantList &values, int limit = 0) const;

    QString m_path;
    QString m_connection;
    QThread *m_thread = nullptr;
    bool m_open = false;
    bool m_ownerHeld = false;
};

/// "info", "warning", … as stored and printed in JSON.
QString logLevelName(LogLevel level);
LogLevel logLevelFromName(const QString &name);
/// ISO 8601 local time with milliseconds and the UTC offset ("2024-06-01T08:00:00.000+02:00").
QString isoTime(const QDateTime &time);

} // namespace mf
