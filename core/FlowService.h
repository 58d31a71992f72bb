// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "FlowRunner.h"
#include "MovieFlow.h"
#include "RunHistory.h"
#include "Scheduler.h"

#include <QObject>

#include <functional>
#include <memory>

namespace mf {

class NetworkMonitor;

struct FlowServiceOptions
{
    Scheduler::CatchUp catchUp = Scheduler::CatchUp::RunOnce;
    /// The sheet drift check before scheduled runs (manual runs do not check).
    DriftCheck drift = DriftCheck::Fail;
    RetentionPolicy retention; ///< applied after every run
    RetryPolicy readRetry = RetryPolicy::readDefault();
    int taskTimeoutMs = 0;
};

/// The movie flow with its history and schedule: what the window, the tray and `movieflow-cli
/// serve` drive. Lives on one thread (the one that opened the history) and needs its event loop.
///
/// Scheduled runs: a due run while one is going is skipped and logged (never two at once); a run
/// whose source needs the network while it is down is recorded as Deferred and starts when the
/// network returns; before each one the sheet is compared with the last good run (drift check).
class FlowService : public QObject
{
    Q_OBJECT

public:
    FlowService(RunHistory *history, NetworkMonitor *network, const Clock &clock = Clock::system(),
                QObject *parent = nullptr);
    ~FlowService() override;

    void setSettings(const PipelineSettings &settings) { m_settings = settings; }
    PipelineSettings settings() const { return m_settings; }
    void setOptions(const FlowServiceOptions &options);
    FlowServiceOptions options() const { return m_options; }

    /// Sets (or, with an invalid schedule, clears) the schedule. Picks up the last due time of this
    /// schedule from the history, so a run missed while the app was closed is made up once.
    void setSchedule(const Schedule &schedule);
    Schedule schedule() const { return m_scheduler.schedule(); }
    Scheduler *scheduler() { return &m_scheduler; }
    FlowRunner *runner() { return &m_runner; }
    RunHistory *history() { return m_history; }

    bool isRunning() const { return m_runner.isRunning(); }
    qint64 currentRunId() const { return m_runner.currentRunId(); }
    /// Decides whether a source needs the network (default MovieFlow::sourceNeedsNetwork).
    void setNeedsNetwork(std::function<bool(const SourceSpec &)> needsNetwork)
    {
        m_needsNetwork = std::move(needsNetwork);
    }
    /// A Deferred run waiting for the network, or 0.
    qint64 deferredRunId() const { return m_deferredRunId; }

    /// Starts a manual run of the current settings. Fails (Usage) while a run is going.
    Result<qint64> runNow();
    /// Resumes a failed, cancelled or crashed run from its first unfinished task.
    Result<qint64> resume(qint64 runId);
    void cancel() { m_runner.cancel(); }

    /// The pipeline state of the last finished run started here (null before any).
    std::shared_ptr<const PipelineRun> lastPipelineRun() const { return m_lastPipelineRun; }

signals:
    void runStarted(qint64 runId);
    void runStateChanged(qint64 runId, mf::RunState state);
    void taskStateChanged(qint64 runId, const QString &task, mf::RunState state, int attempt);
    void taskProgress(qint64 runId, const QString &task, double fraction);
    void logLine(qint64 runId, const QString &task, const mf::LogEntry &entry);
    void runFinished(qint64 runId, mf::RunState state, const mf::Error &error);
    void runDeferred(qint64 runId);
    /// A due run that did not start (one was going, or it was missed and catch-up is off).
    void scheduledRunSkipped(const QDateTime &scheduledFor, const QString &reason);
    void nextRunChanged(const QDateTime &next);
    /// A service-level event (skips, deferrals, history trouble) for the log view.
    void event(const mf::LogEntry &entry);

private:
    void onDue(const QDateTime &scheduledFor, bool catchUp);
    void onOnlineChanged(bool online);
    void onRunFinished(qint64 runId, RunState state, const Error &error);
    Result<qint64> startRun(RunTrigger trigger, const QDateTime &scheduledFor, qint64 existingRunId);
    void logEvent(LogLevel level, const QString &message);
    void adoptDeferredRuns();

    RunHistory *m_history;
    NetworkMonitor *m_network;
    const Clock &m_clock;
    FlowServiceOptions m_options;
    PipelineSettings m_settings;
    FlowRunner m_runner;
    Scheduler m_scheduler;
    std::unique_ptr<MovieFlow> m_current;
    std::shared_ptr<const PipelineRun> m_lastPipelineRun;
    std::function<bool(const SourceSpec &)> m_needsNetwork = &MovieFlow::sourceNeedsNetwork;
    qint64 m_deferredRunId = 0;
    QDateTime m_deferredFor;
};

} // namespace mf
