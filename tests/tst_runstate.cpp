// SPDX-License-Identifier: MIT
// The state machine of flow and task runs, and the retry policy's delays.
#include "Flow.h"
#include "RetryPolicy.h"
#include "RunState.h"

#include <QRandomGenerator>
#include <QtTest>

using mf::RunLevel;
using mf::RunState;

class TestRunState : public QObject
{
    Q_OBJECT

private slots:
    void names()
    {
        const RunState all[] = {RunState::Scheduled, RunState::Pending,   RunState::Running,
                                RunState::Retrying,  RunState::Completed, RunState::Failed,
                                RunState::Cancelled, RunState::Crashed,   RunState::Deferred};
        QSet<QString> seen;
        for (RunState state : all) {
            const QString name = mf::runStateName(state);
            QVERIFY(!seen.contains(name));
            seen.insert(name);
            RunState back = RunState::Pending;
            QVERIFY(mf::runStateFromName(name, &back));
            QCOMPARE(back, state);
        }
        QCOMPARE(mf::runStateName(RunState::Completed), QStringLiteral("Completed"));
        RunState unused;
        QVERIFY(!mf::runStateFromName(QStringLiteral("Done"), &unused));
    }

    void transitions_data()
    {
        QTest::addColumn<RunLevel>("level");
        QTest::addColumn<RunState>("from");
        QTest::addColumn<RunState>("to");
        QTest::addColumn<bool>("allowed");
        auto row = [](const char *name, RunLevel level, RunState from, RunState to, bool allowed) {
            QTest::newRow(name) << level << from << to << allowed;
        };
        const RunLevel F = RunLevel::Flow;
        const RunLevel T = RunLevel::Task;
        row("flow scheduled->pending", F, RunState::Scheduled, RunState::Pending, true);
        row("flow scheduled->deferred", F, RunState::Scheduled, RunState::Deferred, true);
        row("flow deferred->pending", F, RunState::Deferred, RunState::Pending, true);
        row("flow deferred->running", F, RunState::Deferred, RunState::Running, false);
        row("flow pending->running", F, RunState::Pending, RunState::Running, true);
        row("flow running->completed", F, RunState::Running, RunState::Completed, true);
        row("flow running->failed", F, RunState::Running, RunState::Failed, true);
        row("flow running->crashed", F, RunState::Running, RunState::Crashed, true);
        row("flow running->retrying", F, RunState::Running, RunState::Retrying, false);
        row("flow failed->pending (resume)", F, RunState::Failed, RunState::Pending, true);
        row("flow crashed->pending (resume)", F, RunState::Crashed, RunState::Pending, true);
        row("flow completed->pending", F, RunState::Completed, RunState::Pending, false);
        row("flow completed->running", F, RunState::Completed, RunState::Running, false);
        row("flow failed->running", F, RunState::Failed, RunState::Running, false);
        row("flow pending->completed", F, RunState::Pending, RunState::Completed, false);
        row("task pending->running", T, RunState::Pending, RunState::Running, true);
        row("task running->retrying", T, RunState::Running, RunState::Retrying, true);
        row("task retrying->running", T, RunState::Retrying, RunState::Running, true);
        row("task retrying->cancelled", T, RunState::Retrying, RunState::Cancelled, true);
        row("task retrying->crashed", T, RunState::Retrying, RunState::Crashed, true);
        row("task retrying->completed", T, RunState::Retrying, RunState::Completed, false);
        row("task completed->pending (output gone)", T, RunState::Completed, RunState::Pending, true);
        row("task completed->running", T, RunState::Completed, RunState::Running, false);
        row("task pending->deferred", T, RunState::Pending, RunState::Deferred, false);
        row("task failed->crashed", T, RunState::Failed, RunState::Crashed, false);
        row("task scheduled->pending", T, RunState::Scheduled, RunState::Pending, false);
    }

    void transitions()
    {
        QFETCH(RunLevel, level);
        QFETCH(RunState, from);
        QFETCH(RunState, to);
        QFETCH(bool, allowed);
        QCOMPARE(mf::canTransition(level, from, to), allowed);
    }

    void finalAndResumable()
    {
        QVERIFY(mf::isFinalState(RunState::Completed));
        QVERIFY(mf::isFinalState(RunState::Crashed));
        QVERIFY(!mf::isFinalState(RunState::Deferred));
        QVERIFY(!mf::isFinalState(RunState::Retrying));
        QVERIFY(mf::isResumableState(RunState::Failed));
        QVERIFY(mf::isResumableState(RunState::Crashed));
        QVERIFY(!mf::isResumableState(RunState::Completed));
        QVERIFY(!mf::isResumableState(RunState::Running));
    }

    void retryDelays_data()
    {
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<double>("backoff");
        QTest::addColumn<int>("maxDelayMs");
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("expected");
        QTest::newRow("first retry") << 1000 << 2.0 << 60000 << 2 << 1000;
        QTest::newRow("second retry doubles") << 1000 << 2.0 << 60000 << 3 << 2000;
        QTest::newRow("fourth retry") << 1000 << 2.0 << 60000 << 5 << 8000;
        QTest::newRow("capped") << 1000 << 2.0 << 5000 << 6 << 5000;
        QTest::newRow("no backoff") << 250 << 1.0 << 60000 << 4 << 250;
    }

    void retryDelays()
    {
        QFETCH(int, delayMs);
        QFETCH(double, backoff);
        QFETCH(int, maxDelayMs);
        QFETCH(int, attempt);
        QFETCH(int, expected);
        const mf::RetryPolicy policy {5, delayMs, backoff, 0.0, maxDelayMs};
        QCOMPARE(policy.delayBefore(attempt), expected);
    }

    void jitterStaysInItsBand()
    {
        const mf::RetryPolicy policy {3, 1000, 2.0, 0.2, 60000};
        QRandomGenerator rng(42);
        QSet<int> distinct;
        for (int i = 0; i < 200; ++i) {
            const int delay = policy.delayBefore(3, &rng);
            QVERIFY2(delay >= 1600 && delay <= 2400, qPrintable(QString::number(delay)));
            distinct.insert(delay);
        }
        QVERIFY(distinct.size() > 20); // really spread, not a constant
    }

    void readTaskRetriesByDefault()
    {
        QCOMPARE(mf::RetryPolicy::readDefault().maxAttempts(), 3);
        QCOMPARE(mf::RetryPolicy::none().maxAttempts(), 1);
    }

    void retryableErrors()
    {
        mf::TaskSpec task;
        QVERIFY(task.shouldRetry(mf::Error::input(QStringLiteral("x"))));
        QVERIFY(task.shouldRetry(mf::Error::google(QStringLiteral("x"))));
        QVERIFY(!task.shouldRetry(mf::Error::cancelled()));
        QVERIFY(!task.shouldRetry(mf::Error::usage(QStringLiteral("x"))));
        QVERIFY(!task.shouldRetry(mf::Error {mf::ErrorKind::Internal, QStringLiteral("x")}));
        task.retryable = [](const mf::Error &e) { return e.kind == mf::ErrorKind::Google; };
        QVERIFY(!task.shouldRetry(mf::Error::input(QStringLiteral("x"))));
        QVERIFY(task.shouldRetry(mf::Error::google(QStringLiteral("x"))));
    }

    void flowValidation()
    {
        auto ok = [](mf::TaskContext &) { return mf::Error(); };
        mf::Flow flow;
        flow.name = QStringLiteral("f");
        QVERIFY(flow.validate().isError()); // no tasks
        flow.tasks.push_back({QStringLiteral("a"), {}, {}, 0, ok, {}, {}});
        flow.tasks.push_back({QStringLiteral("b"), {QStringLiteral("a")}, {}, 0, ok, {}, {}});
        QVERIFY(!flow.validate().isError());
        flow.tasks[0].inputs = {QStringLiteral("b")}; // reads a later task
        QVERIFY(flow.validate().message.contains(QStringLiteral("not an earlier task")));
        flow.tasks[0].inputs = {};
        flow.tasks[1].name = QStringLiteral("a");
        QVERIFY(flow.validate().message.contains(QStringLiteral("used twice")));
        flow.tasks[1].name = QStringLiteral("b");
        flow.tasks[1].run = {};
        QVERIFY(flow.validate().isError());
    }
};

QTEST_GUILESS_MAIN(TestRunState)
#include "tst_runstate.moc"
