// SPDX-License-Identifier: MIT
// The flow engine with flows of test tasks: states, retries, timeouts, cancellation, crash
// recovery and resume, all recorded in a real SQLite history.
#include "FlowRunner.h"
#include "RunHistory.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace mf;

namespace {

/// Shared counters a test flow writes and the test reads.
struct Probe
{
    std::atomic<int> runs[4] = {0, 0, 0, 0};
    std::atomic<int> restores[4] = {0, 0, 0, 0};
    std::atomic<int> failuresLeft {0}; ///< task 1 fails this many times
    std::atomic<bool> failTask2 {false}; ///< task 2 fails while set
    std::atomic<bool> cancelSeen {false};
    int value = 0; ///< "output" passed from task 0 to task 2 (tasks run one at a time)
};

Flow testFlow(std::shared_ptr<Probe> probe)
{
    Flow flow;
    flow.name = QStringLiteral("Test flow");
    flow.settings = QJsonObject {{QStringLiteral("kind"), QStringLiteral("test")}};

    TaskSpec produce;
    produce.name = QStringLiteral("produce");
    produce.run = [probe](TaskContext &ctx) -> Error {
        probe->runs[0]++;
        probe->value = 42;
        QFile file(ctx.taskDir + QStringLiteral("/value.txt"));
        if (!file.open(QIODevice::WriteOnly))
            return Error::output(QStringLiteral("cannot write"));
        file.write("42");
        ctx.info(QStringLiteral("produced 42"));
        ctx.result = QJsonObject {{QStringLiteral("value"), 42}};
        return {};
    };
    produce.restore = [probe](TaskContext &ctx) -> Error {
        probe->restores[0]++;
        QFile file(ctx.taskDir + QStringLiteral("/value.txt"));
        if (!file.open(QIODevice::ReadOnly))
            return Error::input(QStringLiteral("value.txt is gone"));
        probe->value = file.readAll().toInt();
        return {};
    };
    flow.tasks.push_back(produce);

    TaskSpec flaky;
    flaky.name = QStringLiteral("flaky");
    flaky.retry = RetryPolicy {2, 10, 2.0, 0.0, 1000};
    flaky.run = [probe](TaskContext &ctx) -> Error {
        probe->runs[1]++;
        if (probe->failuresLeft.fetch_sub(1) > 0)
            return Error::input(QStringLiteral("The source is not there yet."));
        ctx.info(QStringLiteral("worked on attempt %1").arg(ctx.attempt));
        return {};
    };
    flaky.restore = [probe](TaskContext &) -> Error {
        probe->restores[1]++;
        return {};
    };
    flow.tasks.push_back(flaky);

    TaskSpec consume;
    consume.name = QStringLiteral("consume");
    consume.inputs = {QStringLiteral("produce")};
    consume.run = [probe](TaskContext &ctx) -> Error {
        probe->runs[2]++;
        QFile partial(ctx.taskDir + QStringLiteral("/partial.tmp"));
        partial.open(QIODevice::WriteOnly);
        partial.write("half");
        partial.close();
        if (probe->failTask2)
            return Error::output(QStringLiteral("The output folder is full."));
        if (probe->value != 42)
            return Error {ErrorKind::Internal, QStringLiteral("input missing")};
        ctx.result = QJsonObject {{QStringLiteral("consumed"), probe->value}};
        return {};
    };
    consume.restore = [probe](TaskContext &) -> Error {
        probe->restores[2]++;
        return {};
    };
    flow.tasks.push_back(consume);
    return flow;
}

/// A task that works until cancelled, checking its token often (as the pipeline steps do).
TaskFunction spinningTask(std::shared_ptr<Probe> probe)
{
    return [probe](TaskContext &ctx) -> Error {
        QFile partial(ctx.taskDir + QStringLiteral("/half-written.csv"));
        partial.open(QIODevice::WriteOnly);
        QElapsedTimer timer;
        timer.start();
        while (!ctx.cancelled()) {
            partial.write("row\n");
            if (timer.elapsed() > 20000)
                return Error {ErrorKind::Internal, QStringLiteral("never cancelled")};
            QThread::usleep(200);
        }
        probe->cancelSeen = true;
        return Error::cancelled();
    };
}

QStringList statesOf(const QList<StateChange> &changes, qint64 taskRunId)
{
    QStringList states;
    for (const StateChange &change : changes) {
        if (change.taskRunId == taskRunId)
            states << runStateName(change.state);
    }
    return states;
}

} // namespace

class TestFlowRunner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunHistory> m_history;
    int m_n = 0;

    QString historyPath() const { return m_dir.path() + QStringLiteral("/h%1/history.sqlite").arg(m_n); }

    static qint64 waitFinished(QSignalSpy &spy, int timeoutMs = 10000)
    {
        if (spy.isEmpty() && !spy.wait(timeoutMs))
            return 0;
        return spy.constFirst().at(0).toLongLong();
    }

private slots:
    void init()
    {
        ++m_n;
        m_history = std::make_unique<RunHistory>(historyPath());
        QVERIFY(!m_history->open().isError());
    }

    void cleanup() { m_history.reset(); }

    void completesAndRecordsEverything()
    {
        auto probe = std::make_shared<Probe>();
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QSignalSpy tasks(&runner, &FlowRunner::taskStateChanged);
        QSignalSpy logs(&runner, &FlowRunner::logLine);
        Result<qint64> started = runner.start(testFlow(probe));
        QVERIFY2(started.ok(), qPrintable(started.error().message));
        QVERIFY(runner.isRunning());
        QCOMPARE(runner.currentRunId(), started.value());
        QCOMPARE(waitFinished(finished), started.value());
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Completed);
        QVERIFY(!runner.isRunning());

        std::optional<FlowRunRecord> run = m_history->run(started.value());
        QVERIFY(run);
        QCOMPARE(run->state, RunState::Completed);
        QCOMPARE(run->flow, QStringLiteral("Test flow"));
        QCOMPARE(run->trigger, RunTrigger::Manual);
        QVERIFY(run->startedAt.isValid() && run->endedAt.isValid() && run->startedAt <= run->endedAt);
        QCOMPARE(run->tasks.size(), 3);
        QCOMPARE(run->tasks[0].name, QStringLiteral("produce"));
        QCOMPARE(run->tasks[0].result.value(QStringLiteral("value")).toInt(), 42);
        QCOMPARE(run->tasks[2].result.value(QStringLiteral("consumed")).toInt(), 42);
        for (const TaskRunRecord &task : std::as_const(run->tasks)) {
            QCOMPARE(task.state, RunState::Completed);
            QCOMPARE(task.attempts, 1);
            QVERIFY(task.startedAt.isValid() && task.endedAt.isValid());
        }
        QCOMPARE(run->tasks[0].logs.size(), 1);
        QCOMPARE(run->tasks[0].logs[0].message, QStringLiteral("produced 42"));
        QCOMPARE(run->tasks[0].logs[0].level, LogLevel::Info);
        QVERIFY(run->tasks[0].logs[0].time.isValid());
        QCOMPARE(logs.size(), 2); // produce + flaky
        // Flow: Pending -> Running -> Completed; each task Pending -> Running -> Completed.
        const QList<StateChange> changes = m_history->stateChanges(started.value());
        QCOMPARE(statesOf(changes, 0), (QStringList {"Pending", "Running", "Completed"}));
        QCOMPARE(statesOf(changes, run->tasks[1].id), (QStringList {"Pending", "Running", "Completed"}));
        // The working folder of a completed run is removed.
        QVERIFY(!QDir(run->workDir).exists());
        QCOMPARE(tasks.size(), 9);
    }

    void refusesASecondRunAtOnce()
    {
        auto probe = std::make_shared<Probe>();
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QVERIFY(runner.start(testFlow(probe)).ok());
        Result<qint64> second = runner.start(testFlow(probe));
        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, ErrorKind::Usage);
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(m_history->runs().size(), 1);
    }

    void retriesASourceThatFailsTwiceThenWorks()
    {
        auto probe = std::make_shared<Probe>();
        probe->failuresLeft = 2;
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QSignalSpy tasks(&runner, &FlowRunner::taskStateChanged);
        Result<qint64> started = runner.start(testFlow(probe));
        QVERIFY(started.ok());
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Completed);
        QCOMPARE(probe->runs[1].load(), 3);

        const std::optional<FlowRunRecord> run = m_history->run(started.value());
        const TaskRunRecord &flaky = run->tasks[1];
        QCOMPARE(flaky.state, RunState::Completed);
        QCOMPARE(flaky.attempts, 3);
        QCOMPARE(
            statesOf(m_history->stateChanges(started.value()), flaky.id),
            (QStringList {"Pending", "Running", "Retrying", "Running", "Retrying", "Running", "Completed"}));
        // Each failed attempt is in the task's log with the reason and the wait.
        int warnings = 0;
        for (const LogEntry &entry : flaky.logs) {
            if (entry.level == LogLevel::Warning) {
                ++warnings;
                QVERIFY(entry.message.contains(QStringLiteral("The source is not there yet.")));
                QVERIFY(entry.message.contains(QStringLiteral("Trying again in")));
            }
        }
        QCOMPARE(warnings, 2);
        QVERIFY(flaky.logs.constLast().message.contains(QStringLiteral("worked on attempt 3")));
        bool sawRetrying = false;
        for (const QList<QVariant> &args : std::as_const(tasks))
            sawRetrying = sawRetrying || args.at(2).value<RunState>() == RunState::Retrying;
        QVERIFY(sawRetrying);
    }

    void failsWhenRetriesRunOut()
    {
        auto probe = std::make_shared<Probe>();
        probe->failuresLeft = 5;
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        Result<qint64> started = runner.start(testFlow(probe));
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Failed);
        QCOMPARE(finished.constFirst().at(2).value<Error>().message,
                 QStringLiteral("The source is not there yet."));
        QCOMPARE(probe->runs[1].load(), 3);
        QCOMPARE(probe->runs[2].load(), 0);
        const std::optional<FlowRunRecord> run = m_history->run(started.value());
        QCOMPARE(run->state, RunState::Failed);
        QCOMPARE(run->failedTask, QStringLiteral("flaky"));
        QCOMPARE(run->errorKind, QStringLiteral("input"));
        QCOMPARE(run->tasks.size(), 2); // the third task never started
        QCOMPARE(run->tasks[1].state, RunState::Failed);
        QCOMPARE(run->tasks[1].attempts, 3);
        // A failed run keeps its working folder for a resume.
        QVERIFY(QDir(run->workDir).exists());
    }

    void doesNotRetryWhatCannotPass()
    {
        auto probe = std::make_shared<Probe>();
        probe->failuresLeft = 1;
        Flow flow = testFlow(probe);
        flow.tasks[1].retryable = [](const Error &) { return false; };
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QVERIFY(runner.start(flow).ok());
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Failed);
        QCOMPARE(probe->runs[1].load(), 1);
    }

    void timeoutStopsATaskAndCountsAsAFailedAttempt()
    {
        auto probe = std::make_shared<Probe>();
        Flow flow = testFlow(probe);
        flow.tasks[1].run = spinningTask(probe);
        flow.tasks[1].timeoutMs = 150;
        flow.tasks[1].retry = RetryPolicy {1, 10, 1.0, 0.0, 1000};
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QElapsedTimer timer;
        timer.start();
        Result<qint64> started = runner.start(flow);
        QVERIFY(waitFinished(finished) > 0);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Failed);
        const Error error = finished.constFirst().at(2).value<Error>();
        QVERIFY2(error.message.contains(QStringLiteral("took longer than its limit of 0.1 s")),
                 qPrintable(error.message));
        const std::optional<FlowRunRecord> run = m_history->run(started.value());
        QCOMPARE(run->tasks[1].attempts, 2); // timed out, retried, timed out again
        QCOMPARE(run->tasks[1].state, RunState::Failed);
        // The half-written file of the stopped task is gone.
        QVERIFY(!QFileInfo::exists(run->workDir + QStringLiteral("/task-1/half-written.csv")));
        QVERIFY(!QDir(run->workDir + QStringLiteral("/task-1")).exists());
    }

    void cancelStopsWithinASecondAndLeavesNoPartialFiles()
    {
        auto probe = std::make_shared<Probe>();
        Flow flow = testFlow(probe);
        flow.tasks[1].run = spinningTask(probe);
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QSignalSpy tasks(&runner, &FlowRunner::taskStateChanged);
        Result<qint64> started = runner.start(flow);
        // Wait until the spinning task runs, then cancel.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QList<QVariant> &args : std::as_const(tasks)) {
                    if (args.at(1).toString() == QLatin1String("flaky")
                        && args.at(2).value<RunState>() == RunState::Running)
                        return true;
                }
                return false;
            }(),
            5000);
        const QString workDir = m_history->run(started.value())->workDir;
        QTRY_VERIFY(QFileInfo::exists(workDir + QStringLiteral("/task-1/half-written.csv")));
        QElapsedTimer timer;
        timer.start();
        runner.cancel();
        QVERIFY(finished.wait(1000) || !finished.isEmpty());
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(probe->cancelSeen);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Cancelled);
        const std::optional<FlowRunRecord> run = m_history->run(started.value());
        QCOMPARE(run->state, RunState::Cancelled);
        QCOMPARE(run->tasks[1].state, RunState::Cancelled);
        QCOMPARE(run->tasks.size(), 2);
        QVERIFY(!QFileInfo::exists(workDir + QStringLiteral("/task-1/half-written.csv")));
        // The completed task's output stays (a cancelled run can be resumed).
        QVERIFY(QFileInfo::exists(workDir + QStringLiteral("/task-0/value.txt")));
    }

    void cancelDuringARetryWaitEndsAtOnce()
    {
        auto probe = std::make_shared<Probe>();
        probe->failuresLeft = 5;
        Flow flow = testFlow(probe);
        flow.tasks[1].retry = RetryPolicy {3, 60000, 1.0, 0.0, 60000};
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QSignalSpy tasks(&runner, &FlowRunner::taskStateChanged);
        Result<qint64> started = runner.start(flow);
        QTRY_VERIFY_WITH_TIMEOUT(
            !tasks.isEmpty() && tasks.constLast().at(2).value<RunState>() == RunState::Retrying, 5000);
        runner.cancel();
        QCOMPARE(finished.size(), 1); // no wait for the minute-long delay
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Cancelled);
        const std::optional<FlowRunRecord> run = m_history->run(started.value());
        QCOMPARE(run->tasks[1].state, RunState::Cancelled);
        QCOMPARE(run->tasks[1].attempts, 1);
    }

    void resumeReusesCompletedTasksAndRunsTheFailedOneOnward()
    {
        auto probe = std::make_shared<Probe>();
        probe->failTask2 = true;
        qint64 runId = 0;
        QString workDir;
        {
            FlowRunner runner(m_history.get());
            QSignalSpy finished(&runner, &FlowRunner::runFinished);
            runId = runner.start(testFlow(probe)).value();
            QVERIFY(waitFinished(finished) > 0);
            QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Failed);
            workDir = m_history->run(runId)->workDir;
            // The failed task's partial file is gone; the earlier task's output stays.
            QVERIFY(!QDir(workDir + QStringLiteral("/task-2")).exists());
            QVERIFY(QFileInfo::exists(workDir + QStringLiteral("/task-0/value.txt")));
        }
        // The cause is fixed; a new process (new probe, value unknown) resumes.
        auto fresh = std::make_shared<Probe>();
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        Result<qint64> resumed = runner.resume(runId, testFlow(fresh));
        QVERIFY2(resumed.ok(), qPrintable(resumed.error().message));
        QCOMPARE(resumed.value(), runId);
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Completed);
        QCOMPARE(fresh->runs[0].load(), 0); // not run again…
        QCOMPARE(fresh->restores[0].load(), 1); // …its output restored, as the failed task reads it
        QCOMPARE(fresh->runs[1].load(), 0);
        QCOMPARE(fresh->restores[1].load(), 0); // nobody reads it: not even restored
        QCOMPARE(fresh->runs[2].load(), 1);

        const std::optional<FlowRunRecord> run = m_history->run(runId);
        QCOMPARE(run->state, RunState::Completed);
        QCOMPARE(run->resumes, 1);
        QCOMPARE(run->tasks.size(), 3);
        QCOMPARE(run->tasks[0].attempts, 1);
        QCOMPARE(run->tasks[2].attempts, 2);
        QCOMPARE(run->tasks[2].state, RunState::Completed);
        QCOMPARE(statesOf(m_history->stateChanges(runId), 0),
                 (QStringList {"Pending", "Running", "Failed", "Pending", "Running", "Completed"}));
        QCOMPARE(statesOf(m_history->stateChanges(runId), run->tasks[2].id),
                 (QStringList {"Pending", "Running", "Failed", "Pending", "Running", "Completed"}));
        bool reuseLogged = false;
        for (const LogEntry &entry : run->logs)
            reuseLogged
                = reuseLogged || entry.message.contains(QStringLiteral("Reusing the output of \"produce\""));
        QVERIFY(reuseLogged);
        // Completed runs cannot be resumed.
        Result<qint64> again = runner.resume(runId, testFlow(fresh));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::Usage);
    }

    void resumeRunsATaskAgainWhenItsStoredOutputIsGone()
    {
        auto probe = std::make_shared<Probe>();
        probe->failTask2 = true;
        qint64 runId = 0;
        {
            FlowRunner runner(m_history.get());
            QSignalSpy finished(&runner, &FlowRunner::runFinished);
            runId = runner.start(testFlow(probe)).value();
            QVERIFY(waitFinished(finished) > 0);
        }
        QVERIFY(QFile::remove(m_history->run(runId)->workDir + QStringLiteral("/task-0/value.txt")));
        auto fresh = std::make_shared<Probe>();
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        QVERIFY(runner.resume(runId, testFlow(fresh)).ok());
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(finished.constFirst().at(1).value<RunState>(), RunState::Completed);
        QCOMPARE(fresh->restores[0].load(), 1);
        QCOMPARE(fresh->runs[0].load(), 1); // its output was gone: it ran again
        QCOMPARE(fresh->runs[1].load(), 1); // and so did everything after it
        QCOMPARE(fresh->runs[2].load(), 1);
        const std::optional<FlowRunRecord> run = m_history->run(runId);
        QCOMPARE(run->tasks[0].attempts, 2);
    }

    void crashRecoveryMarksRunsOfDeadProcessesCrashed()
    {
        // A run left "Running" by a process that is gone: no live lock file for its owner.
        const QString path = historyPath();
        qint64 runId = 0;
        QString workDir;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("crash"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            workDir = QFileInfo(path).absolutePath() + QStringLiteral("/runs/99");
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO flow_runs(id, flow, state, trigger, owner, created_at, "
                                      "started_at, work_dir) VALUES(99, 'Test flow', 'Running', 'manual', "
                                      "'gone-process', 1, 1, '%1')")
                           .arg(workDir)));
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO task_runs(run_id, position, name, state, attempts) VALUES "
                                      "(99, 0, 'produce', 'Completed', 1), (99, 1, 'flaky', 'Running', 1)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("crash"));
        QVERIFY(QDir().mkpath(workDir + QStringLiteral("/task-0")));
        QVERIFY(QDir().mkpath(workDir + QStringLiteral("/task-1")));
        QFile partial(workDir + QStringLiteral("/task-1/partial.csv"));
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.close();
        runId = 99;

        // A run of this (live) process must survive a second opener's recovery.
        auto probe = std::make_shared<Probe>();
        Flow slow = testFlow(probe);
        slow.tasks[1].run = spinningTask(probe);
        FlowRunner runner(m_history.get());
        QSignalSpy finished(&runner, &FlowRunner::runFinished);
        const qint64 live = runner.start(slow).value();

        RunHistory second(path); // "the next start"
        QVERIFY(!second.open().isError());
        const std::optional<FlowRunRecord> crashed = second.run(runId);
        QCOMPARE(crashed->state, RunState::Crashed);
        QVERIFY(crashed->endedAt.isValid());
        QVERIFY(crashed->error.contains(QStringLiteral("stopped during this run")));
        QCOMPARE(crashed->tasks[0].state, RunState::Completed);
        QCOMPARE(crashed->tasks[1].state, RunState::Crashed);
        QVERIFY(!QFileInfo::exists(workDir + QStringLiteral("/task-1/partial.csv")));
        QVERIFY(QDir(workDir + QStringLiteral("/task-0")).exists());
        QCOMPARE(second.run(live)->state, RunState::Running);

        runner.cancel();
        QVERIFY(waitFinished(finished) > 0);
        // A crashed run can be resumed: the completed task is reused.
        auto fresh = std::make_shared<Probe>();
        FlowRunner resumer(m_history.get());
        QSignalSpy done(&resumer, &FlowRunner::runFinished);
        QVERIFY(!QFile(workDir + QStringLiteral("/task-0/value.txt")).exists());
        QFile value(workDir + QStringLiteral("/task-0/value.txt"));
        QVERIFY(value.open(QIODevice::WriteOnly));
        value.write("42");
        value.close();
        QVERIFY(resumer.resume(runId, testFlow(fresh)).ok());
        QVERIFY(waitFinished(done) > 0);
        QCOMPARE(done.constFirst().at(1).value<RunState>(), RunState::Completed);
        QCOMPARE(fresh->runs[0].load(), 0);
        QCOMPARE(fresh->runs[1].load(), 1);
    }

    void historyIsOnlyUsedFromItsThread()
    {
        RunHistory *history = m_history.get();
        Result<qint64> fromWorker = qint64(0);
        // A thread of our own: QFuture::result() could run a pool task on this very thread.
        std::unique_ptr<QThread> worker(QThread::create([history, &fromWorker] {
            FlowRunRecord record;
            record.flow = QStringLiteral("x");
            fromWorker = history->createRun(record, QDateTime::currentDateTime());
        }));
        worker->start();
        QVERIFY(worker->wait(10000));
        QVERIFY(!fromWorker.ok());
        QCOMPARE(fromWorker.error().kind, ErrorKind::Internal);
        QVERIFY(m_history->runs().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFlowRunner)
#include "tst_flowrunner.moc"
