// SPDX-License-Identifier: MIT
#include "FlowRunner.h"

#include <QDir>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace mf {

struct FlowRunner::Active
{
    qint64 runId = 0;
    Flow flow;
    QString workDir;
    int position = 0; ///< the task being worked on
    std::vector<qint64> taskRunIds; ///< per task; 0 = no task run yet
    std::vector<int> attempts;
    std::vector<bool> completed; ///< completed in this run or an earlier attempt of it
    std::vector<bool> restored; ///< its outputs are in memory
    std::vector<bool> needed; ///< a task still to run reads its outputs
    std::vector<RunState> states; ///< each task run's current state
    std::shared_ptr<CancelToken> cancel;
    bool userCancelled = false;
    bool timedOut = false;
    bool waitingRetry = false;
};

namespace {

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'f', ms < 10000 ? 1 : 0);
}

} // namespace

FlowRunner::FlowRunner(RunHistory *history, const Clock &clock, QObject *parent)
    : QObject(parent), m_history(history), m_clock(clock)
{
    qRegisterMetaType<mf::RunState>();
    qRegisterMetaType<mf::LogEntry>();
    qRegisterMetaType<mf::Error>();
    m_timeoutTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        if (!m_active || !m_active->cancel)
            return;
        m_active->timedOut = true;
        m_active->cancel->cancel();
    });
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (!m_active)
            return;
        startAttempt(m_active->position);
    });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        if (!m_active)
            return;
        const Outcome outcome = m_watcher.result();
        const int index = m_active->position;
        if (m_active->completed[size_t(index)])
            restoreFinished(index, outcome);
        else
            attemptFinished(index, outcome);
    });
}

FlowRunner::~FlowRunner()
{
    // The worker posts to this object: it must end before the object does.
    if (m_active && m_active->cancel)
        m_active->cancel->cancel();
    m_watcher.waitForFinished();
}

qint64 FlowRunner::currentRunId() const
{
    return m_active ? m_active->runId : 0;
}

void FlowRunner::note(const Error &error)
{
    if (error.isError())
        emit historyError(error);
}

QString FlowRunner::taskDir(int index) const
{
    return m_active->workDir + QStringLiteral("/task-%1").arg(index);
}

void FlowRunner::log(int index, LogLevel level, const QString &message, const QDateTime &time)
{
    if (!m_active)
        return;
    const LogEntry entry {time.isValid() ? time : m_clock.now(), level, message};
    const qint64 taskRunId = index >= 0 ? m_active->taskRunIds[size_t(index)] : 0;
    note(m_history->addLog(m_active->runId, taskRunId, entry));
    emit logLine(m_active->runId, index >= 0 ? m_active->flow.tasks[size_t(index)].name : QString(), entry);
}

void FlowRunner::setTaskState(int index, RunState state, const QString &message)
{
    const size_t i = size_t(index);
    m_active->states[i] = state;
    note(m_history->setTaskState(m_active->taskRunIds[i], state, m_clock.now(), m_active->attempts[i],
                                 message));
    emit taskStateChanged(m_active->runId, m_active->flow.tasks[i].name, state, m_active->attempts[i]);
}

Result<qint64> FlowRunner::start(const Flow &flow, const RunStartOptions &options)
{
    if (isRunning())
        return Error::usage(QStringLiteral("A run is already in progress. Wait for it to end or cancel it."));
    if (Error error = flow.validate(); error.isError())
        return error;
    if (!m_history || !m_history->isOpen())
        return Error {ErrorKind::Internal, QStringLiteral("The run history is not open.")};

    qint64 runId = options.existingRunId;
    const QDateTime now = m_clock.now();
    if (runId > 0) {
        std::optional<FlowRunRecord> record = m_history->run(runId);
        if (!record || !canTransition(RunLevel::Flow, record->state, RunState::Pending))
            return Error::usage(QStringLiteral("Run %1 is not waiting to start.").arg(runId));
    } else {
        FlowRunRecord record;
        record.flow = flow.name;
        record.state = options.trigger == RunTrigger::Schedule ? RunState::Scheduled : RunState::Pending;
        record.trigger = options.trigger;
        record.schedule = options.schedule;
        record.source = options.source;
        record.scheduledFor = options.scheduledFor;
        record.settings = flow.settings;
        Result<qint64> created = m_history->createRun(record, now);
        if (!created.ok())
            return created.error();
        runId = created.value();
        emit runStateChanged(runId, record.state);
    }
    if (options.existingRunId > 0 || options.trigger == RunTrigger::Schedule) {
        note(m_history->setRunState(runId, RunState::Pending, now));
        emit runStateChanged(runId, RunState::Pending);
    }

    m_active = std::make_unique<Active>();
    m_active->runId = runId;
    m_active->flow = flow;
    const size_t count = flow.tasks.size();
    m_active->taskRunIds.assign(count, 0);
    m_active->attempts.assign(count, 0);
    m_active->completed.assign(count, false);
    m_active->restored.assign(count, false);
    m_active->needed.assign(count, false);
    m_active->states.assign(count, RunState::Pending);
    m_active->workDir = m_history->runsFolder() + QStringLiteral("/%1").arg(runId);
    note(m_history->setRunWorkDir(runId, m_active->workDir));
    begin();
    return runId;
}

Result<qint64> FlowRunner::resume(qint64 runId, const Flow &flow)
{
    if (isRunning())
        return Error::usage(QStringLiteral("A run is already in progress. Wait for it to end or cancel it."));
    if (Error error = flow.validate(); error.isError())
        return error;
    if (!m_history || !m_history->isOpen())
        return Error {ErrorKind::Internal, QStringLiteral("The run history is not open.")};
    std::optional<FlowRunRecord> record = m_history->run(runId);
    if (!record)
        return Error::usage(QStringLiteral("There is no run %1 in the history. List the runs with "
                                           "movieflow-cli runs.")
                                .arg(runId));
    if (!isResumableState(record->state))
        return Error::usage(
            QStringLiteral("Run %1 is %2; only failed, cancelled or crashed runs can be resumed.")
                .arg(runId)
                .arg(runStateName(record->state).toLower()));
    if (record->flow != flow.name)
        return Error::usage(QStringLiteral("Run %1 belongs to the flow \"%2\", not \"%3\".")
                                .arg(runId)
                                .arg(record->flow, flow.name));
    if (record->workDir.isEmpty() || !QDir(record->workDir).exists())
        return Error::input(QStringLiteral("The working folder of run %1 is gone, so it cannot be resumed. "
                                           "Start a new run instead.")
                                .arg(runId));

    m_active = std::make_unique<Active>();
    m_active->runId = runId;
    m_active->flow = flow;
    const size_t count = flow.tasks.size();
    m_active->taskRunIds.assign(count, 0);
    m_active->attempts.assign(count, 0);
    m_active->completed.assign(count, false);
    m_active->restored.assign(count, false);
    m_active->needed.assign(count, false);
    m_active->states.assign(count, RunState::Pending);
    m_active->workDir = record->workDir;
    for (const TaskRunRecord &task : std::as_const(record->tasks)) {
        const int index = flow.indexOf(task.name);
        if (index < 0)
            continue;
        m_active->taskRunIds[size_t(index)] = task.id;
        m_active->attempts[size_t(index)] = task.attempts;
        m_active->completed[size_t(index)] = task.state == RunState::Completed;
        m_active->states[size_t(index)] = task.state;
    }
    // Only a prefix of completed tasks is reused: everything from the first unfinished task on runs.
    bool gap = false;
    for (size_t i = 0; i < count; ++i) {
        gap = gap || !m_active->completed[i];
        if (gap)
            m_active->completed[i] = false;
    }
    computeNeeded();

    note(m_history->incrementResumes(runId));
    note(m_history->setRunState(
        runId, RunState::Pending, m_clock.now(),
        QStringLiteral("Resumed from %1.").arg(runStateName(record->state).toLower())));
    emit runStateChanged(runId, RunState::Pending);
    begin();
    return runId;
}

void FlowRunner::computeNeeded()
{
    Active &a = *m_active;
    const Flow &flow = a.flow;
    std::fill(a.needed.begin(), a.needed.end(), false);
    QSet<QString> wanted;
    for (size_t i = 0; i < flow.tasks.size(); ++i) {
        if (!a.completed[i]) {
            for (const QString &input : flow.tasks[i].inputs)
                wanted.insert(input);
        }
    }
    // Inputs of needed tasks are needed too: walk backwards, so every task is seen after its readers.
    for (size_t i = flow.tasks.size(); i-- > 0;) {
        if (a.completed[i] && wanted.contains(flow.tasks[i].name)) {
            a.needed[i] = true;
            for (const QString &input : flow.tasks[i].inputs)
                wanted.insert(input);
        }
    }
}

void FlowRunner::begin()
{
    const qint64 runId = m_active->runId;
    if (!QDir().mkpath(m_active->workDir)) {
        finish(
            RunState::Failed,
            Error::output(QStringLiteral("MovieFlow cannot create the working folder %1. Check that the data "
                                         "folder is writable and not full.")
                              .arg(QDir::toNativeSeparators(m_active->workDir))));
        return;
    }
    note(m_history->setRunState(runId, RunState::Running, m_clock.now()));
    emit runStateChanged(runId, RunState::Running);
    emit runStarted(runId);
    m_active->position = 0;
    advance();
}

void FlowRunner::advance()
{
    Active &a = *m_active;
    if (a.userCancelled) {
        finish(RunState::Cancelled, Error::cancelled());
        return;
    }
    while (a.position < int(a.flow.tasks.size())) {
        const size_t i = size_t(a.position);
        if (!a.completed[i]) {
            startAttempt(a.position);
            return;
        }
        if (a.needed[i] && !a.restored[i]) {
            startRestore(a.position);
            return;
        }
        ++a.position;
    }
    finish(RunState::Completed);
}

void FlowRunner::startRestore(int index)
{
    const TaskSpec &task = m_active->flow.tasks[size_t(index)];
    if (!task.restore) {
        restoreFinished(index, {Error::input(QStringLiteral("This task keeps no output for a resume.")), {}});
        return;
    }
    log(-1, LogLevel::Info,
        QStringLiteral("Reusing the output of \"%1\" from the earlier attempt.").arg(task.name));
    launch(index, true);
}

void FlowRunner::startAttempt(int index)
{
    Active &a = *m_active;
    const size_t i = size_t(index);
    const TaskSpec &task = a.flow.tasks[i];
    const bool retrying = a.waitingRetry;
    a.waitingRetry = false;
    if (a.taskRunIds[i] == 0) {
        Result<qint64> created = m_history->createTaskRun(a.runId, index, task.name, m_clock.now());
        if (!created.ok()) {
            finish(RunState::Failed, created.error(), task.name);
            return;
        }
        a.taskRunIds[i] = created.value();
        a.states[i] = RunState::Pending;
        emit taskStateChanged(a.runId, task.name, RunState::Pending, 0);
    } else if (!retrying && a.states[i] != RunState::Pending) {
        // A resume: the task run starts over from Pending, keeping its attempt count.
        setTaskState(index, RunState::Pending, QStringLiteral("Resumed."));
    }
    a.attempts[i] += 1;
    a.timedOut = false;
    QDir(taskDir(index)).removeRecursively();
    if (!QDir().mkpath(taskDir(index))) {
        setTaskState(index, RunState::Failed);
        finish(RunState::Failed,
               Error::output(
                   QStringLiteral("MovieFlow cannot create the folder %1. Check that the data folder is "
                                  "writable and not full.")
                       .arg(QDir::toNativeSeparators(taskDir(index)))),
               task.name);
        return;
    }
    setTaskState(index, RunState::Running);
    if (a.attempts[i] > 1)
        log(index, LogLevel::Info,
            QStringLiteral("Attempt %1 of %2.").arg(a.attempts[i]).arg(task.retry.maxAttempts()));
    if (task.timeoutMs > 0)
        m_timeoutTimer.start(task.timeoutMs);
    launch(index, false);
}

void FlowRunner::launch(int index, bool restore)
{
    Active &a = *m_active;
    const TaskSpec &task = a.flow.tasks[size_t(index)];
    a.cancel = std::make_shared<CancelToken>();
    if (a.userCancelled)
        a.cancel->cancel();

    auto ctx = std::make_shared<TaskContext>();
    ctx->cancel = a.cancel.get();
    ctx->workDir = a.workDir;
    ctx->taskDir = taskDir(index);
    ctx->attempt = qMax(1, a.attempts[size_t(index)]);
    const qint64 runId = a.runId;
    const QString name = task.name;
    const int logIndex = restore ? -1 : index;
    const Clock *clock = &m_clock;
    // Called on the worker: the line is timestamped there and stored on the runner's thread.
    ctx->log = [this, logIndex, runId, clock](LogLevel level, const QString &message) {
        const QDateTime time = clock->now();
        QMetaObject::invokeMethod(
            this,
            [this, logIndex, runId, level, message, time] {
                if (m_active && m_active->runId == runId)
                    log(logIndex, level, message, time);
            },
            Qt::QueuedConnection);
    };
    ctx->progress = [this, runId, name](double fraction) {
        QMetaObject::invokeMethod(
            this, [this, runId, name, fraction] { emit taskProgress(runId, name, fraction); },
            Qt::QueuedConnection);
    };
    const TaskFunction function = restore ? task.restore : task.run;
    const std::shared_ptr<CancelToken> keepAlive = a.cancel;
    m_watcher.setFuture(QtConcurrent::run([function, ctx, keepAlive]() {
        Outcome outcome;
        outcome.error = function(*ctx);
        if (!outcome.error.isError() && ctx->cancelled())
            outcome.error = Error::cancelled();
        outcome.result = ctx->result;
        return outcome;
    }));
}

void FlowRunner::restoreFinished(int index, const Outcome &outcome)
{
    Active &a = *m_active;
    const size_t i = size_t(index);
    if (a.userCancelled || outcome.error.kind == ErrorKind::Cancelled) {
        finish(RunState::Cancelled, Error::cancelled());
        return;
    }
    if (!outcome.error.isError()) {
        a.restored[i] = true;
        ++a.position;
        advance();
        return;
    }
    // The stored output is unusable: this task and everything after it run again, and whatever
    // they read has to be restored first — start the walk over.
    log(-1, LogLevel::Warning,
        QStringLiteral("The stored output of \"%1\" cannot be reused (%2) The task runs again.")
            .arg(a.flow.tasks[i].name, outcome.error.message));
    for (size_t j = i; j < a.completed.size(); ++j) {
        a.completed[j] = false;
        a.restored[j] = false;
    }
    computeNeeded();
    a.position = 0;
    advance();
}

void FlowRunner::attemptFinished(int index, const Outcome &outcome)
{
    m_timeoutTimer.stop();
    Active &a = *m_active;
    const size_t i = size_t(index);
    const TaskSpec &task = a.flow.tasks[i];

    if (!outcome.error.isError()) {
        note(m_history->setTaskResult(a.taskRunIds[i], outcome.result));
        setTaskState(index, RunState::Completed);
        a.completed[i] = true;
        a.restored[i] = true;
        ++a.position;
        advance();
        return;
    }
    QDir(taskDir(index)).removeRecursively();
    if (a.userCancelled) {
        setTaskState(index, RunState::Cancelled, Error::cancelled().message);
        finish(RunState::Cancelled, Error::cancelled(), task.name);
        return;
    }
    Error error = outcome.error;
    if (a.timedOut) {
        error = Error {ErrorKind::Internal,
                       QStringLiteral("The task \"%1\" took longer than its limit of %2 s and was stopped.")
                           .arg(task.name, seconds(task.timeoutMs))};
    }
    const bool retry = (a.timedOut || task.shouldRetry(error)) && a.attempts[i] < task.retry.maxAttempts();
    if (retry) {
        const int delay = task.retry.delayBefore(a.attempts[i] + 1);
        log(index, LogLevel::Warning,
            QStringLiteral("Attempt %1 of %2 failed: %3 Trying again in %4 s.")
                .arg(a.attempts[i])
                .arg(task.retry.maxAttempts())
                .arg(error.message, seconds(delay)));
        setTaskState(index, RunState::Retrying, error.message);
        a.waitingRetry = true;
        m_retryTimer.start(delay);
        return;
    }
    log(index, LogLevel::Error, error.message);
    setTaskState(index, RunState::Failed, error.message);
    finish(RunState::Failed, error, task.name);
}

void FlowRunner::cancel()
{
    if (!m_active)
        return;
    m_active->userCancelled = true;
    if (m_active->cancel)
        m_active->cancel->cancel();
    if (m_active->waitingRetry) {
        m_retryTimer.stop();
        m_active->waitingRetry = false;
        const int index = m_active->position;
        setTaskState(index, RunState::Cancelled, Error::cancelled().message);
        finish(RunState::Cancelled, Error::cancelled(), m_active->flow.tasks[size_t(index)].name);
    }
}

void FlowRunner::finish(RunState state, const Error &error, const QString &failedTask)
{
    m_timeoutTimer.stop();
    m_retryTimer.stop();
    std::unique_ptr<Active> active = std::move(m_active);
    const qint64 runId = active->runId;
    const QDateTime now = m_clock.now();
    if (active->flow.summarize)
        note(m_history->setRunSummary(runId, active->flow.summarize()));
    if (error.isError()) {
        note(m_history->setRunError(runId, error, failedTask));
        note(m_history->addLog(runId, 0,
                               {now, state == RunState::Cancelled ? LogLevel::Warning : LogLevel::Error,
                                failedTask.isEmpty()
                                    ? error.message
                                    : QStringLiteral("%1 %2: %3")
                                          .arg(failedTask,
                                               state == RunState::Cancelled ? QStringLiteral("was cancelled")
                                                                            : QStringLiteral("failed"),
                                               error.message)}));
    }
    note(m_history->setRunState(runId, state, now, error.message));
    if (state == RunState::Completed) {
        if (active->flow.completed)
            active->flow.completed();
        if (!m_keepCompletedWorkDirs)
            QDir(active->workDir).removeRecursively();
    }
    emit runStateChanged(runId, state);
    emit runFinished(runId, state, error);
}

} // namespace mf
