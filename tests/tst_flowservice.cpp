// SPDX-License-Identifier: MIT
// The movie flow under its service: scheduled runs, overlap, offline deferral, sheet drift,
// retention, and resume after a failed export — with the real pipeline on a small CSV.
#include "FakeClock.h"
#include "FlowService.h"
#include "NetworkMonitor.h"
#include "RunFingerprint.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;

namespace {

const QByteArray movies = "id,title,release_date,popularity,vote_average\n"
                          "1,Alpha,2001-01-01,90.5,7.5\n"
                          "2,Beta,2002-02-02,80.25,8.0\n"
                          "3,Gamma,2003-03-03,70,7.2\n"
                          "4,Delta,2004-04-04,60,9.0\n"
                          "5,Low,2005-05-05,99,5.0\n";

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

} // namespace

class TestFlowService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString m_root;
    std::unique_ptr<RunHistory> m_history;

    QString writeSource(const QByteArray &bytes, const QString &name = QStringLiteral("movies.csv"))
    {
        const QString path = m_root + QLatin1Char('/') + name;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

    PipelineSettings settingsFor(const QString &source)
    {
        PipelineSettings settings;
        settings.source = SourceSpec::csvFile(source);
        settings.outputDir = m_root + QStringLiteral("/out");
        return settings;
    }

    static qint64 waitFinished(QSignalSpy &spy, int count = 1)
    {
        while (spy.size() < count) {
            if (!spy.wait(15000))
                return 0;
        }
        return spy.at(count - 1).at(0).toLongLong();
    }

private slots:
    void init()
    {
        ++m_n;
        m_root = m_dir.path() + QStringLiteral("/t%1").arg(m_n);
        QVERIFY(QDir().mkpath(m_root));
        m_history = std::make_unique<RunHistory>(m_root + QStringLiteral("/data/history.sqlite"));
        QVERIFY(!m_history->open().isError());
    }

    void cleanup() { m_history.reset(); }

    void scheduledRunCompletesWithFiveTasksAndAFingerprint()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        NetworkMonitor network;
        FlowService service(m_history.get(), &network, clock);
        service.setSettings(settingsFor(writeSource(movies)));
        QSignalSpy finished(&service, &FlowService::runFinished);
        service.setSchedule(Schedule::interval(3600));
        QCOMPARE(service.scheduler()->nextRun(), clock.now().addSecs(3600));
        clock.advanceSecs(3600);
        service.scheduler()->poll();
        QVERIFY(service.isRunning());
        const qint64 id = waitFinished(finished);
        QVERIFY(id > 0);
        QCOMPARE(finished[0][1].value<RunState>(), RunState::Completed);

        const std::optional<FlowRunRecord> run = m_history->run(id);
        QCOMPARE(run->trigger, RunTrigger::Schedule);
        QCOMPARE(run->schedule, QStringLiteral("every 1h"));
        QCOMPARE(run->scheduledFor, clock.now());
        QCOMPARE(run->rowsKept, qint64(4));
        QCOMPARE(run->tasks.size(), 5);
        QCOMPARE(run->tasks[0].name, QStringLiteral("Read movie data"));
        QCOMPARE(run->tasks[4].name, QStringLiteral("Rename, move and zip"));
        for (const TaskRunRecord &task : std::as_const(run->tasks)) {
            QCOMPARE(task.state, RunState::Completed);
            QVERIFY2(!task.logs.isEmpty(), qPrintable(task.name));
        }
        QCOMPARE(run->tasks[1].result.value(QStringLiteral("kept")).toInt(), 4);
        QVERIFY(!run->fingerprint.isEmpty());
        QCOMPARE(RunFingerprint::fromJson(run->fingerprint).films.size(), size_t(4));
        QVERIFY(!run->signature.isEmpty());
        const QStringList outputs = filesUnder(m_root + QStringLiteral("/out"));
        QVERIFY(!outputs.isEmpty());
        for (const QJsonValue &file : run->outputs.value(QStringLiteral("files")).toArray())
            QVERIFY(outputs.contains(file.toString()));
        QVERIFY(!QDir(run->workDir).exists()); // a completed run's working folder is gone
        const QList<StateChange> changes = m_history->stateChanges(id);
        QCOMPARE(changes[0].state, RunState::Scheduled);
        QCOMPARE(changes[1].state, RunState::Pending);
    }

    void aDueRunWhileOneIsGoingIsSkippedAndLogged()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        NetworkMonitor network;
        FlowService service(m_history.get(), &network, clock);
        service.setSettings(settingsFor(writeSource(movies)));
        QSignalSpy finished(&service, &FlowService::runFinished);
        QSignalSpy skipped(&service, &FlowService::scheduledRunSkipped);
        service.setSchedule(Schedule::interval(60));
        clock.advanceSecs(60);
        service.scheduler()->poll();
        QVERIFY(service.isRunning());
        const qint64 first = service.currentRunId();
        // The next due time comes while the first run still goes (it cannot end before the event
        // loop runs again).
        clock.advanceSecs(60);
        service.scheduler()->poll();
        QCOMPARE(skipped.size(), 1);
        QVERIFY(skipped[0][1].toString().contains(QStringLiteral("still going")));
        QCOMPARE(service.currentRunId(), first);
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(m_history->runs().size(), 1);
        const QList<LogEntry> events = m_history->events();
        QCOMPARE(events.size(), 1);
        QVERIFY(events[0].message.contains(QStringLiteral("was skipped: run %1 is still going").arg(first)));
        // A manual run is refused too while one goes.
        QVERIFY(service.runNow().ok());
        const Result<qint64> second = service.runNow();
        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, ErrorKind::Usage);
        QVERIFY(waitFinished(finished, 2) > 0);
    }

    void offlineRunIsDeferredAndStartsWhenTheNetworkReturns()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        NetworkMonitor network;
        network.setOnline(false);
        FlowService service(m_history.get(), &network, clock);
        service.setNeedsNetwork([](const SourceSpec &) { return true; }); // as a Google sheet would
        service.setSettings(settingsFor(writeSource(movies)));
        QSignalSpy deferred(&service, &FlowService::runDeferred);
        QSignalSpy finished(&service, &FlowService::runFinished);
        QSignalSpy skipped(&service, &FlowService::scheduledRunSkipped);
        service.setSchedule(Schedule::interval(600));
        clock.advanceSecs(600);
        service.scheduler()->poll();
        QCOMPARE(deferred.size(), 1);
        QVERIFY(!service.isRunning());
        const qint64 id = deferred[0][0].toLongLong();
        QCOMPARE(m_history->run(id)->state, RunState::Deferred);
        QCOMPARE(service.deferredRunId(), id);
        // Still offline at the next due time: no second run waits.
        clock.advanceSecs(600);
        service.scheduler()->poll();
        QCOMPARE(skipped.size(), 1);
        QCOMPARE(m_history->runs().size(), 1);

        network.setOnline(true);
        QVERIFY(service.isRunning());
        QCOMPARE(service.currentRunId(), id); // the same run, not a new one
        QCOMPARE(waitFinished(finished), id);
        const std::optional<FlowRunRecord> run = m_history->run(id);
        QVERIFY(run->state != RunState::Deferred);
        QStringList states;
        for (const StateChange &change : m_history->stateChanges(id)) {
            if (change.taskRunId == 0)
                states << runStateName(change.state);
        }
        QCOMPARE(states.mid(0, 4), (QStringList {"Scheduled", "Deferred", "Pending", "Running"}));
        QCOMPARE(m_history->runs().size(), 1);
    }

    void localSourcesAreNotDeferred()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        NetworkMonitor network;
        network.setOnline(false);
        FlowService service(m_history.get(), &network, clock);
        service.setSettings(settingsFor(writeSource(movies)));
        QSignalSpy finished(&service, &FlowService::runFinished);
        service.setSchedule(Schedule::interval(600));
        clock.advanceSecs(600);
        service.scheduler()->poll();
        QVERIFY(service.isRunning()); // a CSV file needs no network
        QVERIFY(waitFinished(finished) > 0);
    }

    void changedSheetStopsAScheduledRunBeforeAnyOutput()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        NetworkMonitor network;
        FlowService service(m_history.get(), &network, clock);
        const QString source = writeSource(movies);
        service.setSettings(settingsFor(source));
        QSignalSpy finished(&service, &FlowService::runFinished);
        QVERIFY(service.runNow().ok()); // the last good run
        QVERIFY(waitFinished(finished) > 0);
        QCOMPARE(finished[0][1].value<RunState>(), RunState::Completed);
        const QStringList before = filesUnder(m_root + QStringLiteral("/out"));

        // vote_average renamed to rating: the roles would still map (a synonym), but the sheet changed.
        QByteArray renamed = movies;
        renamed.replace("vote_average", "rating");
        writeSource(renamed);
        service.setSchedule(Schedule::interval(600));
        clock.advanceSecs(600);
        service.scheduler()->poll();
        const qint64 id = waitFinished(finished, 2);
        QCOMPARE(finished[1][1].value<RunState>(), RunState::Failed);
        const std::optional<FlowRunRecord> run = m_history->run(id);
        QCOMPARE(run->failedTask, QStringLiteral("Read movie data"));
        QVERIFY2(run->error.startsWith(QStringLiteral("The sheet changed since the last good run: the column "
                                                      "\"vote_average\" was renamed to \"rating\"")),
                 qPrintable(run->error));
        QCOMPARE(run->tasks.size(), 1);
        QCOMPARE(run->tasks[0].attempts, 1); // not worth a retry
        QCOMPARE(filesUnder(m_root + QStringLiteral("/out")), before);

        // As a warning, the run goes on; a manual run does not check at all.
        FlowServiceOptions options;
        options.drift = DriftCheck::Warn;
        service.setOptions(options);
        clock.advanceSecs(600);
        service.scheduler()->poll();
        QVERIFY(waitFinished(finished, 3) > 0);
        QCOMPARE(finished[2][1].value<RunState>(), RunState::Completed);
        const std::optional<FlowRunRecord> warned = m_history->run(finished[2][0].toLongLong());
        bool warning = false;
        for (const LogEntry &entry : warned->tasks[0].logs)
            warning = warning
                || (entry.level == LogLevel::Warning
                    && entry.message.contains(QStringLiteral("sheet changed")));
        QVERIFY(warning);
    }

    void retentionPrunesAfterEachRun()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        FlowService service(m_history.get(), nullptr, clock);
        service.setSettings(settingsFor(writeSource(movies)));
        FlowServiceOptions options;
        options.retention.keepRuns = 2;
        service.setOptions(options);
        QSignalSpy finished(&service, &FlowService::runFinished);
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(service.runNow().ok());
            QVERIFY(waitFinished(finished, i) > 0);
            clock.advanceSecs(1);
        }
        QCOMPARE(m_history->runs().size(), 2);
        // The pruned run's exported files stay.
        QCOMPARE(filesUnder(m_root + QStringLiteral("/out")).size() % 3, 0);
        QVERIFY(filesUnder(m_root + QStringLiteral("/out")).size() >= 3);
    }

    void failedExportLeavesNothingAndResumesWithoutTheSource()
    {
        FakeClock clock(QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC));
        FlowService service(m_history.get(), nullptr, clock);
        const QString source = writeSource(movies);
        PipelineSettings settings = settingsFor(source);
        // The output folder sits under a regular file: it cannot be made (root ignores permissions).
        const QString blocker = m_root + QStringLiteral("/blocker");
        QFile block(blocker);
        QVERIFY(block.open(QIODevice::WriteOnly));
        block.close();
        settings.outputDir = blocker + QStringLiteral("/out");
        service.setSettings(settings);
        QSignalSpy finished(&service, &FlowService::runFinished);
        Result<qint64> started = service.runNow();
        QVERIFY(started.ok());
        QCOMPARE(waitFinished(finished), started.value());
        QCOMPARE(finished[0][1].value<RunState>(), RunState::Failed);
        std::optional<FlowRunRecord> run = m_history->run(started.value());
        QCOMPARE(run->failedTask, QStringLiteral("Export data to CSV"));
        QCOMPARE(run->errorKind, QStringLiteral("output"));
        QCOMPARE(service.lastPipelineRun()->failedStage, Stage::Export);
        // Nothing half-made: the failed task's folder is gone, only the earlier tasks' outputs stay.
        QVERIFY(!QDir(run->workDir + QStringLiteral("/task-3")).exists());
        QVERIFY(QFileInfo::exists(run->workDir + QStringLiteral("/task-0/snapshot.csv")));

        // Fix the cause, and take the source away: the resume must not need it.
        QVERIFY(QFile::remove(blocker));
        QVERIFY(QFile::remove(source));
        Result<qint64> resumed = service.resume(started.value());
        QVERIFY2(resumed.ok(), qPrintable(resumed.error().message));
        QCOMPARE(waitFinished(finished, 2), started.value());
        QCOMPARE(finished[1][1].value<RunState>(), RunState::Completed);
        run = m_history->run(started.value());
        QCOMPARE(run->state, RunState::Completed);
        QCOMPARE(run->tasks[0].attempts, 1); // the read task did not run again
        QCOMPARE(run->tasks[3].attempts, 2);
        QCOMPARE(run->rowsKept, qint64(4));
        QCOMPARE(run->resumes, 1);
        const QStringList outputs = filesUnder(settings.outputDir);
        QVERIFY(!outputs.isEmpty());
        QCOMPARE(outputs.size(), run->outputs.value(QStringLiteral("files")).toArray().size());
        QCOMPARE(service.lastPipelineRun()->cleaned->counts.kept, qint64(4));
    }
};

QTEST_GUILESS_MAIN(TestFlowService)
#include "tst_flowservice.moc"
