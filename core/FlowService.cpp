// SPDX-License-Identifier: MIT
#include "FlowService.h"

#include "NetworkMonitor.h"

namespace mf {

FlowService::FlowService(RunHistory *history, NetworkMonitor *network, const Clock &clock, QObject *parent)
    : QObject(parent),
      m_history(history),
      m_network(network),
      m_clock(clock),
      m_runner(history, clock),
      m_scheduler(clock)
{
    connect(&m_runner, &FlowRunner::runStarted, this, &FlowService::runStarted);
    connect(&m_runner, &FlowRunner::runStateChanged, this, &FlowService::runStateChanged);
    connect(&m_runner, &FlowRunner::taskStateChanged, this, &FlowService::taskStateChanged);
    connect(&m_runner, &FlowRunner::taskProgress, this, &FlowService::taskProgress);
    connect(&m_runner, &FlowRunner::logLine, this, &FlowService::logLine);
    connect(&m_runner, &FlowRunner::runFinished, this, &FlowService::onRunFinished);
    connect(&m_runner, &FlowRunner::historyError, this, [this](const Error &error) {
        emit event({m_clock.now(), LogLevel::Error, error.message});
    });
    connect(&m_scheduler, &Scheduler::due, this, &FlowService::onDue);
    connect(&m_scheduler, &Scheduler::nextRunChanged, this, &FlowService::nextRunChanged);
    connect(&m_scheduler, &Scheduler::missed, this, [this](const QDateTime &scheduledFor) {
        const QString reason
            = QStringLiteral("The run due at %1 was missed while MovieFlow was not running and is "
                             "skipped (catch-up is off).")
                  .arg(scheduledFor.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        logEvent(LogLevel::Warning, reason);
        emit scheduledRunSkipped(scheduledFor, reason);
    });
    if (m_network)
        connect(m_network, &NetworkMonitor::onlineChanged, this, &FlowService::onOnlineChanged);
}

FlowService::~FlowService() = default;

void FlowService::setOptions(const FlowServiceOptions &options)
{
    m_options = options;
    m_scheduler.setCatchUp(options.catchUp);
}

void FlowService::logEvent(LogLevel level, const QString &message)
{
    const LogEntry entry {m_clock.now(), level, message};
    if (m_history && m_history->isOpen())
        m_history->addLog(0, 0, entry);
    emit event(entry);
}

void FlowService::setSchedule(const Schedule &schedule)
{
    m_scheduler.setCatchUp(m_options.catchUp);
    if (schedule.isValid() && m_history && m_history->isOpen()) {
        m_scheduler.setLastDue(m_history->lastScheduledFor(MovieFlow::flowName(), schedule.toString()));
        adoptDeferredRuns();
    }
    m_scheduler.setSchedule(schedule);
}

void FlowService::adoptDeferredRuns()
{
    // A run deferred by an earlier process still waits for the network: keep waiting for it here
    // rather than adding another.
    const QList<FlowRunRecord> recent = m_history->runs(20);
    for (const FlowRunRecord &run : recent) {
        if (run.state == RunState::Deferred && run.flow == MovieFlow::flowName()) {
            m_deferredRunId = run.id;
            m_deferredFor = run.scheduledFor;
            if (!m_network || m_network->isOnline())
                QMetaObject::invokeMethod(
                    this, [this] { onOnlineChanged(true); }, Qt::QueuedConnection);
            return;
        }
    }
}

Result<qint64> FlowService::runNow()
{
    return startRun(RunTrigger::Manual, {}, 0);
}

Result<qint64> FlowService::startRun(RunTrigger trigger, const QDateTime &scheduledFor, qint64 existingRunId)
{
    if (m_runner.isRunning())
        return Error::usage(QStringLiteral("Run %1 is still going. Wait for it to end or cancel it.")
                                .arg(m_runner.currentRunId()));
    MovieFlowOptions options;
    options.readRetry = m_options.readRetry;
    options.taskTimeoutMs = m_options.taskTimeoutMs;
    PipelineSettings settings = m_settings;
    if (existingRunId > 0) {
        if (std::optional<FlowRunRecord> record = m_history->run(existingRunId)) {
            Result<PipelineSettings> stored = MovieFlow::settingsFromJson(record->settings);
            if (stored.ok())
                settings = stored.value();
        }
    }
    if (trigger == RunTrigger::Schedule) {
        options.drift = m_options.drift;
        options.lastGoodSignature
            = m_history->lastGoodSignature(MovieFlow::flowName(), settings.source.describe());
    }
    auto flow = std::make_unique<MovieFlow>(settings, options, m_clock);
    RunStartOptions start;
    start.trigger = trigger;
    start.schedule = trigger == RunTrigger::Schedule ? m_scheduler.schedule().toString() : QString();
    start.source = settings.source.describe();
    start.scheduledFor = scheduledFor;
    start.existingRunId = existingRunId;
    m_current = std::move(flow);
    Result<qint64> started = m_runner.start(m_current->flow(), start);
    if (!started.ok())
        m_current.reset();
    return started;
}

Result<qint64> FlowService::resume(qint64 runId)
{
    if (m_runner.isRunning())
        return Error::usage(QStringLiteral("Run %1 is still going. Wait for it to end or cancel it.")
                                .arg(m_runner.currentRunId()));
    std::optional<FlowRunRecord> record = m_history->run(runId);
    if (!record)
        return Error::usage(QStringLiteral("There is no run %1 in the history. List the runs with "
                                           "movieflow-cli runs.")
                                .arg(runId));
    MovieFlowOptions options;
    options.readRetry = m_options.readRetry;
    options.taskTimeoutMs = m_options.taskTimeoutMs;
    Result<MovieFlow> flow = MovieFlow::fromRecord(*record, options, m_clock);
    if (!flow.ok())
        return flow.error();
    m_current = std::make_unique<MovieFlow>(flow.takeValue());
    Result<qint64> resumed = m_runner.resume(runId, m_current->flow());
    if (!resumed.ok())
        m_current.reset();
    return resumed;
}

void FlowService::onDue(const QDateTime &scheduledFor, bool catchUp)
{
    const QString when = scheduledFor.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (m_runner.isRunning()) {
        const QString reason = QStringLiteral("The run due at %1 was skipped: run %2 is still going.")
                                   .arg(when)
                                   .arg(m_runner.currentRunId());
        logEvent(LogLevel::Warning, reason);
        emit scheduledRunSkipped(scheduledFor, reason);
        return;
    }
    if (m_deferredRunId > 0) {
        const QString reason
            = QStringLiteral("The run due at %1 was skipped: run %2 still waits for the network.")
                  .arg(when)
                  .arg(m_deferredRunId);
        logEvent(LogLevel::Warning, reason);
        emit scheduledRunSkipped(scheduledFor, reason);
        return;
    }
    if (m_needsNetwork && m_needsNetwork(m_settings.source) && m_network && !m_network->isOnline()) {
        FlowRunRecord record;
        record.flow = MovieFlow::flowName();
        record.state = RunState::Scheduled;
        record.trigger = RunTrigger::Schedule;
        record.schedule = m_scheduler.schedule().toString();
        record.source = m_settings.source.describe();
        record.scheduledFor = scheduledFor;
        record.settings = MovieFlow::settingsToJson(m_settings);
        Result<qint64> created = m_history->createRun(record, m_clock.now());
        if (!created.ok()) {
            logEvent(LogLevel::Error, created.error().message);
            return;
        }
        const QString message
            = QStringLiteral("The network is down, so the run due at %1 waits for it and starts "
                             "when it returns.")
                  .arg(when);
        m_history->setRunState(created.value(), RunState::Deferred, m_clock.now(), message);
        m_history->addLog(created.value(), 0, {m_clock.now(), LogLevel::Warning, message});
        m_deferredRunId = created.value();
        m_deferredFor = scheduledFor;
        emit runStateChanged(created.value(), RunState::Deferred);
        emit runDeferred(created.value());
        return;
    }
    if (catchUp)
        logEvent(LogLevel::Info,
                 QStringLiteral("Making up the run due at %1, missed while MovieFlow was not "
                                "running.")
                     .arg(when));
    Result<qint64> started = startRun(RunTrigger::Schedule, scheduledFor, 0);
    if (!started.ok())
        logEvent(LogLevel::Error, started.error().message);
}

void FlowService::onOnlineChanged(bool online)
{
    if (!online || m_deferredRunId == 0 || m_runner.isRunning())
        return;
    const qint64 runId = m_deferredRunId;
    const QDateTime scheduledFor = m_deferredFor;
    m_deferredRunId = 0;
    m_deferredFor = {};
    Result<qint64> started = startRun(RunTrigger::Schedule, scheduledFor, runId);
    if (!started.ok())
        logEvent(LogLevel::Error, started.error().message);
}

void FlowService::onRunFinished(qint64 runId, RunState state, const Error &error)
{
    if (m_current) {
        m_current->setOutcome(error, m_history->run(runId).value_or(FlowRunRecord()).failedTask);
        m_lastPipelineRun = m_current->pipelineRun();
        m_current.reset();
    }
    const RetentionPolicy &retention = m_options.retention;
    if (retention.keepRuns > 0 || retention.keepDays > 0) {
        Result<int> pruned = m_history->prune(retention, m_clock.now());
        if (!pruned.ok())
            logEvent(LogLevel::Warning, pruned.error().message);
    }
    emit runFinished(runId, state, error);
    // A deferred run whose network came back while this one ran.
    if (m_deferredRunId > 0 && (!m_network || m_network->isOnline()))
        QMetaObject::invokeMethod(
            this, [this] { onOnlineChanged(true); }, Qt::QueuedConnection);
}

} // namespace mf
