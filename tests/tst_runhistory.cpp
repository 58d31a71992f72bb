// SPDX-License-Identifier: MIT
// The SQLite run history: schema, WAL, what other connections see while a run goes, retention,
// the queries the scheduler and the diff need.
#include "RunHistory.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;

namespace {

const QDateTime t0(QDate(2024, 6, 3), QTime(8, 0), Qt::UTC);

} // namespace

class TestRunHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString m_path;

    /// A finished run as the runner would leave it.
    qint64 addRun(RunHistory &history, RunState state, const QDateTime &start, const QStringList &files = {},
                  const QString &schedule = {}, const QDateTime &scheduledFor = {})
    {
        FlowRunRecord record;
        record.flow = QStringLiteral("Movie data processing");
        record.trigger = schedule.isEmpty() ? RunTrigger::Manual : RunTrigger::Schedule;
        record.schedule = schedule;
        record.source = QStringLiteral("/data/movie.csv");
        record.scheduledFor = scheduledFor;
        Result<qint64> id = history.createRun(record, start);
        if (!id.ok())
            return 0;
        const QString workDir = history.runsFolder() + QStringLiteral("/%1").arg(id.value());
        QDir().mkpath(workDir + QStringLiteral("/task-0"));
        history.setRunWorkDir(id.value(), workDir);
        history.setRunState(id.value(), RunState::Running, start);
        Result<qint64> task = history.createTaskRun(id.value(), 0, QStringLiteral("Read movie data"), start);
        history.setTaskState(task.value(), RunState::Running, start, 1);
        history.addLog(id.value(), task.value(), {start, LogLevel::Info, QStringLiteral("Read 10 rows.")});
        history.setTaskState(task.value(), RunState::Completed, start.addSecs(1), 1);
        FlowSummary summary;
        summary.rowsKept = 10;
        summary.outputs = QJsonObject {{QStringLiteral("files"), QJsonArray::fromStringList(files)}};
        summary.signature
            = QJsonObject {{QStringLiteral("columns"), QJsonArray {}}, {QStringLiteral("n"), id.value()}};
        history.setRunSummary(id.value(), summary);
        history.setRunState(id.value(), state, start.addSecs(2));
        return id.value();
    }

private slots:
    void init()
    {
        ++m_n;
        m_path = m_dir.path() + QStringLiteral("/h%1/history.sqlite").arg(m_n);
    }

    void opensInWalModeAndOthersSeeARunAsItGoes()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        QVERIFY(QFileInfo::exists(m_path));

        FlowRunRecord record;
        record.flow = QStringLiteral("Movie data processing");
        const qint64 id = history.createRun(record, t0).value();
        QVERIFY(!history.setRunState(id, RunState::Running, t0).isError());
        const qint64 task = history.createTaskRun(id, 0, QStringLiteral("Read movie data"), t0).value();
        QVERIFY(!history.setTaskState(task, RunState::Running, t0, 1).isError());
        QVERIFY(!history.addLog(id, task, {t0, LogLevel::Info, QStringLiteral("Reading…")}).isError());

        // Another connection (another process would be the same) sees it all before the run ends.
        {
            QSqlDatabase other
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(m_path);
            QVERIFY(other.open());
            QSqlQuery q(other);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("SELECT state FROM flow_runs WHERE id=%1").arg(id)) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("Running"));
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM logs WHERE run_id=%1").arg(id)) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));

        const std::optional<FlowRunRecord> run = history.run(id);
        QCOMPARE(run->state, RunState::Running);
        QCOMPARE(run->startedAt, t0);
        QCOMPARE(run->tasks.size(), 1);
        QCOMPARE(run->tasks[0].logs.size(), 1);
        QCOMPARE(run->tasks[0].logs[0].message, QStringLiteral("Reading…"));
        QVERIFY(!history.run(id + 100));
    }

    void listsNewestFirstWithLimit()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        for (int i = 0; i < 5; ++i)
            QVERIFY(addRun(history, RunState::Completed, t0.addSecs(60 * i)) > 0);
        const QList<FlowRunRecord> all = history.runs();
        QCOMPARE(all.size(), 5);
        QVERIFY(all[0].id > all[4].id);
        QCOMPARE(history.runs(2).size(), 2);
        QCOMPARE(history.runs(2)[0].id, all[0].id);
        QCOMPARE(all[0].rowsKept, qint64(10));
        QCOMPARE(all[0].endedAt, t0.addSecs(4 * 60 + 2));
    }

    void previousCompletedAndLastGoodSignature()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        const qint64 a = addRun(history, RunState::Completed, t0);
        const qint64 b = addRun(history, RunState::Failed, t0.addSecs(60));
        const qint64 c = addRun(history, RunState::Completed, t0.addSecs(120));
        QCOMPARE(history.previousCompleted(QStringLiteral("Movie data processing"), c)->id, a);
        QVERIFY(!history.previousCompleted(QStringLiteral("Movie data processing"), a));
        QCOMPARE(history.previousCompleted(QStringLiteral("Movie data processing"), 0)->id, c);
        Q_UNUSED(b);
        const QJsonObject signature = history.lastGoodSignature(QStringLiteral("Movie data processing"),
                                                                QStringLiteral("/data/movie.csv"));
        QCOMPARE(signature.value(QStringLiteral("n")).toInteger(), c);
        QVERIFY(
            history.lastGoodSignature(QStringLiteral("Movie data processing"), QStringLiteral("/other.csv"))
                .isEmpty());
    }

    void lastScheduledForIsPerSchedule()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        addRun(history, RunState::Completed, t0, {}, QStringLiteral("daily 08:00"), t0);
        addRun(history, RunState::Completed, t0.addDays(1), {}, QStringLiteral("daily 08:00"), t0.addDays(1));
        addRun(history, RunState::Completed, t0.addDays(2), {}, QStringLiteral("every 1h"), t0.addDays(2));
        addRun(history, RunState::Completed, t0.addDays(3)); // manual
        QCOMPARE(
            history.lastScheduledFor(QStringLiteral("Movie data processing"), QStringLiteral("daily 08:00")),
            t0.addDays(1));
        QVERIFY(!history
                     .lastScheduledFor(QStringLiteral("Movie data processing"),
                                       QStringLiteral("weekly mon@08:00"))
                     .isValid());
    }

    void eventsWithoutARun()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        QVERIFY(
            !history
                 .addLog(0, 0, {t0, LogLevel::Warning, QStringLiteral("The run due at 08:00 was skipped.")})
                 .isError());
        const QList<LogEntry> events = history.events();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].level, LogLevel::Warning);
        QCOMPARE(events[0].time, t0);
    }

    void retentionKeepsNRunsAndNeverDeletesOutputsUnlessAsked()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        QStringList outputs;
        QList<qint64> ids;
        for (int i = 0; i < 4; ++i) {
            const QString file = m_dir.path() + QStringLiteral("/h%1-out%2.csv").arg(m_n).arg(i);
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.close();
            outputs << file;
            ids << addRun(history, RunState::Completed, t0.addSecs(60 * i), {file});
        }
        // An active run is never pruned.
        FlowRunRecord running;
        running.flow = QStringLiteral("Movie data processing");
        const qint64 active = history.createRun(running, t0).value();
        history.setRunState(active, RunState::Running, t0);

        const QString oldWorkDir = history.run(ids[0])->workDir;
        QVERIFY(QDir(oldWorkDir).exists());
        Result<int> pruned = history.prune({2, 0, false}, t0.addDays(1));
        QVERIFY(pruned.ok());
        QCOMPARE(pruned.value(), 2);
        QVERIFY(!history.run(ids[0]));
        QVERIFY(!history.run(ids[1]));
        QVERIFY(history.run(ids[2]));
        QVERIFY(history.run(active));
        QVERIFY(!QDir(oldWorkDir).exists());
        for (const QString &file : std::as_const(outputs))
            QVERIFY2(QFileInfo::exists(file), qPrintable(file)); // exported files stay

        // Asked to: the pruned runs' outputs go too.
        pruned = history.prune({1, 0, true}, t0.addDays(1));
        QCOMPARE(pruned.value(), 1);
        QVERIFY(!QFileInfo::exists(outputs[2]));
        QVERIFY(QFileInfo::exists(outputs[3]));
    }

    void retentionByAge()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        const qint64 old = addRun(history, RunState::Failed, t0.addDays(-40));
        const qint64 recent = addRun(history, RunState::Completed, t0.addDays(-3));
        Result<int> pruned = history.prune({0, 30, false}, t0);
        QCOMPARE(pruned.value(), 1);
        QVERIFY(!history.run(old));
        QVERIFY(history.run(recent));
        // Task runs, state changes and log lines go with their run (foreign keys cascade).
        QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        check.setDatabaseName(m_path);
        QVERIFY(check.open());
        for (const char *table : {"task_runs", "logs", "state_changes"}) {
            QSqlQuery q(check);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE run_id=%2")
                               .arg(QLatin1String(table))
                               .arg(old)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
        check.close();
        check = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void removeRefusesActiveRuns()
    {
        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        FlowRunRecord record;
        record.flow = QStringLiteral("Movie data processing");
        const qint64 id = history.createRun(record, t0).value();
        history.setRunState(id, RunState::Running, t0);
        const Error error = history.remove(id, false);
        QCOMPARE(error.kind, ErrorKind::Usage);
        QVERIFY(error.message.contains(QStringLiteral("still Running")));
    }

    void crashRecoveryRemovesWhatAKilledTaskPlacedOutside()
    {
        // A run killed while its file operations placed files in the output folder.
        const QString out = m_dir.path() + QStringLiteral("/h%1-out").arg(m_n);
        QVERIFY(QDir().mkpath(out));
        auto touch = [&out](const QString &name) {
            QFile file(out + QLatin1Char('/') + name);
            return file.open(QIODevice::WriteOnly) && file.write("x") == 1;
        };
        QVERIFY(touch(QStringLiteral("processed_movies_old.csv"))); // there before: stays
        QVERIFY(touch(QStringLiteral("somebody-elses.txt"))); // not ours: stays
        QVERIFY(touch(QStringLiteral("processed_movies_new.csv"))); // placed by the killed task
        QVERIFY(touch(QStringLiteral(".processed_movies_new.zip.x1.part"))); // its half-copied file
        const QString workDir = m_dir.path() + QStringLiteral("/h%1-work").arg(m_n);
        const QString taskDir = workDir + QStringLiteral("/task-4");
        QVERIFY(QDir().mkpath(taskDir));
        QFile outside(taskDir + QStringLiteral("/outside.json"));
        QVERIFY(outside.open(QIODevice::WriteOnly));
        outside.write(QJsonDocument(QJsonObject {{QStringLiteral("dir"), out},
                                                 {QStringLiteral("prefixes"),
                                                  QJsonArray {QStringLiteral("processed_movies_new"),
                                                              QStringLiteral(".processed_movies_new")}},
                                                 {QStringLiteral("existing"),
                                                  QJsonArray {QStringLiteral("processed_movies_old.csv"),
                                                              QStringLiteral("somebody-elses.txt")}}})
                          .toJson());
        outside.close();
        {
            RunHistory first(m_path); // makes the schema
            QVERIFY(!first.open(t0).isError());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("seed2"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(
                QStringLiteral("INSERT INTO flow_runs(id, flow, state, trigger, owner, created_at, work_dir) "
                               "VALUES(7, 'Movie data processing', 'Running', 'manual', 'dead', 1, '%1')")
                    .arg(workDir)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO task_runs(run_id, position, name, state, attempts) "
                                          "VALUES(7, 4, 'Rename, move and zip', 'Running', 1)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("seed2"));

        RunHistory history(m_path);
        QVERIFY(!history.open(t0).isError());
        QCOMPARE(history.run(7)->state, RunState::Crashed);
        QStringList left = QDir(out).entryList(QDir::Files | QDir::Hidden);
        left.sort();
        QCOMPARE(left, (QStringList {"processed_movies_old.csv", "somebody-elses.txt"}));
        QVERIFY(!QDir(taskDir).exists());
    }

    void unwritableFolderIsAClearError()
    {
        QFile blocker(m_dir.path() + QStringLiteral("/h%1-file").arg(m_n));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        RunHistory history(blocker.fileName() + QStringLiteral("/sub/history.sqlite"));
        const Error error = history.open(t0);
        QCOMPARE(error.kind, ErrorKind::Output);
        QVERIFY(error.message.contains(QStringLiteral("data folder is writable")));
        QVERIFY(!history.isOpen());
        QVERIFY(history.runs().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_runhistory.moc"
