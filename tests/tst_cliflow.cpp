// SPDX-License-Identifier: MIT
// End-to-end tests of movieflow-cli serve / runs / run history: the real binary, as a user (or
// systemd) runs it — including kill -9 in the middle of a run.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

class TestCliFlow : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonDocument json;
    };

    QTemporaryDir m_dir;
    QString m_home;
    int m_n = 0;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home + QStringLiteral("/cache"));
        return env;
    }

    Outcome cli(const QStringList &arguments, int timeoutMs = 120000) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(MOVIEFLOW_CLI_PATH), arguments);
        Outcome outcome;
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        outcome.out = process.readAllStandardOutput();
        outcome.err = process.readAllStandardError();
        if (arguments.contains(QStringLiteral("--json")))
            outcome.json = QJsonDocument::fromJson(outcome.out);
        return outcome;
    }

    QString historyPath() const { return m_home + QStringLiteral("/data/MovieFlow/history.sqlite"); }

    static QStringList filesUnder(const QString &dir)
    {
        QStringList files;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        return files;
    }

    static bool writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }

    /// A TMDB-shaped table big enough that reading, exporting and zipping each take a while.
    static bool writeBigCsv(const QString &path, int rows)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        QByteArray chunk = ",id,title,overview,release_date,popularity,vote_average,vote_count\n";
        const QByteArray overview(60, 'x');
        for (int i = 0; i < rows; ++i) {
            chunk += QByteArray::number(i) + ',' + QByteArray::number(100000 + i) + ",Film number "
                + QByteArray::number(i) + ",\"A story, told " + overview + "\","
                + QByteArray::number(1950 + i % 70) + "-0" + QByteArray::number(1 + i % 9) + "-1"
                + QByteArray::number(i % 9) + ',' + QByteArray::number(1 + (i % 997) * 0.731, 'f', 3) + ','
                + QByteArray::number(7.1 + (i % 20) * 0.1, 'f', 1) + ',' + QByteArray::number(i % 5000)
                + '\n';
            if (chunk.size() > (1 << 20)) {
                if (file.write(chunk) != chunk.size())
                    return false;
                chunk.clear();
            }
        }
        return file.write(chunk) == chunk.size();
    }

    static QByteArray smallCsv(bool withGamma = true)
    {
        QByteArray csv = "id,title,release_date,popularity,vote_average\n"
                         "1,Alpha,2001-01-01,90.5,7.5\n"
                         "2,Beta,2002-02-02,80.25,8.0\n";
        if (withGamma)
            csv += "3,Gamma,2003-03-03,70,7.2\n";
        csv += "4,Delta,2004-04-04,60,9.0\n5,Low,2005-05-05,99,5.0\n";
        return csv;
    }

    QString integrityOf(const QString &path)
    {
        QString result;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next())
                    result = q.value(0).toString();
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        return result;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(QStringLiteral(MOVIEFLOW_CLI_PATH)), "movieflow-cli is not built");
    }

    void init()
    {
        ++m_n;
        m_home = m_dir.path() + QStringLiteral("/home%1").arg(m_n);
        QVERIFY(QDir().mkpath(m_home));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("show without id") << QStringList {"runs", "show"} << "takes one run id";
        QTest::newRow("show a word") << QStringList {"runs", "show", "x"} << "takes one run id";
        QTest::newRow("show unknown run") << QStringList {"runs", "show", "999"} << "there is no run 999";
        QTest::newRow("resume unknown run") << QStringList {"runs", "resume", "999"} << "There is no run 999";
        QTest::newRow("unknown subcommand") << QStringList {"runs", "bogus"} << "unknown subcommand";
        QTest::newRow("serve without schedule") << QStringList {"serve", "--sample"} << "choose one schedule";
        QTest::newRow("serve two schedules")
            << QStringList {"serve", "--every", "5m", "--daily", "08:00", "--sample"}
            << "choose one schedule";
        QTest::newRow("serve zero interval")
            << QStringList {"serve", "--every", "0s", "--sample"} << "duration";
        QTest::newRow("serve bad weekly")
            << QStringList {"serve", "--weekly", "mon", "--sample"} << "DAYS@HH:MM";
        QTest::newRow("serve bad daily") << QStringList {"serve", "--daily", "25:00", "--sample"} << "HH:MM";
        QTest::newRow("serve without source")
            << QStringList {"serve", "--every", "5m"} << "Choose one source";
        QTest::newRow("serve bad max-runs")
            << QStringList {"serve", "--every", "5m", "--sample", "--max-runs", "0"} << "--max-runs";
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Outcome outcome = cli(arguments);
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(QString::fromUtf8(outcome.err).contains(message), outcome.err.constData());
    }

    void helpMentionsTheNewCommands()
    {
        const Outcome outcome = cli({QStringLiteral("--help")});
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY(outcome.out.contains("serve"));
        QVERIFY(outcome.out.contains("runs"));
        QCOMPARE(cli({QStringLiteral("runs"), QStringLiteral("--help")}).exitCode, 0);
        QVERIFY(cli({QStringLiteral("serve"), QStringLiteral("--help")}).out.contains("--max-runs"));
    }

    void runIsRecordedAsManualAndRunsShowsWhatChanged()
    {
        const QString source = m_home + QStringLiteral("/movies.csv");
        QVERIFY(writeFile(source, smallCsv(true)));
        const QString out = m_home + QStringLiteral("/out");
        Outcome first = cli({"run", "--source", source, "--out", out, "--json"});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json.object().value(QStringLiteral("run_id")).toInt(), 1);
        QVERIFY(writeFile(source, smallCsv(false)));
        QCOMPARE(cli({"run", "--source", source, "--out", out, "--quiet"}).exitCode, 0);

        const Outcome list = cli({"runs", "--json"});
        QCOMPARE(list.exitCode, 0);
        const QJsonArray runs = list.json.array();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("id")).toInt(), 2); // newest first
        for (const QJsonValue &value : runs) {
            const QJsonObject run = value.toObject();
            QCOMPARE(run.value(QStringLiteral("trigger")).toString(), QStringLiteral("manual"));
            QCOMPARE(run.value(QStringLiteral("state")).toString(), QStringLiteral("Completed"));
            QCOMPARE(run.value(QStringLiteral("flow")).toString(), QStringLiteral("Movie data processing"));
            for (const char *key : {"started_at", "ended_at"})
                QVERIFY(QDateTime::fromString(run.value(QLatin1String(key)).toString(), Qt::ISODateWithMs)
                            .isValid());
            QVERIFY(run.value(QStringLiteral("outputs"))
                        .toObject()
                        .value(QStringLiteral("files"))
                        .toArray()
                        .size()
                    > 1);
        }
        QCOMPARE(runs[1].toObject().value(QStringLiteral("rows_kept")).toInt(), 4);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("rows_kept")).toInt(), 3);
        QCOMPARE(cli({"runs", "--json", "--limit", "1"}).json.array().size(), 1);

        const Outcome show = cli({"runs", "show", "2", "--json"});
        const QJsonObject changes = show.json.object().value(QStringLiteral("changes")).toObject();
        QCOMPARE(changes.value(QStringLiteral("previous_run")).toInt(), 1);
        QCOMPARE(changes.value(QStringLiteral("films_removed")).toInt(), 1);
        QCOMPARE(changes.value(QStringLiteral("removed")).toArray().at(0).toString(),
                 QStringLiteral("Gamma"));
        const Outcome human = cli({"runs", "show", "2"});
        QVERIFY2(human.out.contains("1 films removed (Gamma)"), human.out.constData());
        QVERIFY(human.out.contains("Read movie data — Completed, 1 attempt"));
        const Outcome table = cli({"runs"});
        QVERIFY(table.out.contains("Completed  manual"));
    }

    void serveEvery2sMakesThreeCompletedRunsOnTheRealData()
    {
        if (!QFileInfo::exists(QStringLiteral(MOVIEFLOW_REAL_DATA)))
            QSKIP("The real TMDB export ../shared/data/movie.csv is not beside this clone; the serve test is "
                  "skipped.");
        const QString out = m_home + QStringLiteral("/out");
        QElapsedTimer timer;
        timer.start();
        const Outcome serve = cli({"serve", "--every", "2s", "--max-runs", "3", "--source",
                                   QStringLiteral(MOVIEFLOW_REAL_DATA), "--out", out});
        QCOMPARE(serve.exitCode, 0);
        QVERIFY(timer.elapsed() >= 5500); // due at 2, 4 and 6 s: on the clock, not back to back
        QVERIFY(serve.err.contains("Next run at"));

        const Outcome list = cli({"runs", "--json"});
        const QJsonArray runs = list.json.array();
        QCOMPARE(runs.size(), 3);
        QDateTime previousStart;
        for (const QJsonValue &value : runs) {
            const QJsonObject run = value.toObject();
            QCOMPARE(run.value(QStringLiteral("state")).toString(), QStringLiteral("Completed"));
            QCOMPARE(run.value(QStringLiteral("trigger")).toString(), QStringLiteral("schedule"));
            QCOMPARE(run.value(QStringLiteral("rows_kept")).toInt(), 3180);
            const QDateTime started = QDateTime::fromString(
                run.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
            if (previousStart.isValid()) {
                const qint64 gap = started.msecsTo(previousStart);
                QVERIFY2(gap > 1500 && gap < 2500, qPrintable(QString::number(gap))); // every 2 s
            }
            previousStart = started;

            const Outcome show
                = cli({"runs", "show", QString::number(run.value(QStringLiteral("id")).toInt()), "--json"});
            const QJsonArray tasks = show.json.object().value(QStringLiteral("tasks")).toArray();
            QCOMPARE(tasks.size(), 5);
            for (const QJsonValue &t : tasks) {
                const QJsonObject task = t.toObject();
                QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("Completed"));
                QCOMPARE(task.value(QStringLiteral("attempts")).toInt(), 1);
                const QJsonArray logs = task.value(QStringLiteral("logs")).toArray();
                QVERIFY2(!logs.isEmpty(), qPrintable(task.value(QStringLiteral("name")).toString()));
                const QJsonObject line = logs[0].toObject();
                QVERIFY(!line.value(QStringLiteral("time")).toString().isEmpty());
                QVERIFY(!line.value(QStringLiteral("level")).toString().isEmpty());
                QVERIFY(!line.value(QStringLiteral("message")).toString().isEmpty());
            }
            QCOMPARE(tasks[0].toObject().value(QStringLiteral("name")).toString(),
                     QStringLiteral("Read movie data"));
        }
        // Each run's own files: three zips, nothing else left behind.
        QStringList zips;
        for (const QString &file : filesUnder(out)) {
            QVERIFY2(!QFileInfo(file).fileName().startsWith(QLatin1Char('.')), qPrintable(file));
            if (file.endsWith(QLatin1String(".zip")))
                zips << file;
        }
        QCOMPARE(zips.size(), 3);
        QVERIFY(filesUnder(m_home + QStringLiteral("/data/MovieFlow/runs")).isEmpty());
    }

    void serveStopsCleanlyOnSigterm()
    {
        QProcess serve;
        serve.setProcessEnvironment(environment());
        serve.start(QStringLiteral(MOVIEFLOW_CLI_PATH),
                    {"serve", "--every", "1h", "--sample", "--out", m_home + "/out"});
        QByteArray err;
        connect(&serve, &QProcess::readyReadStandardError, this,
                [&] { err += serve.readAllStandardError(); });
        QTRY_VERIFY_WITH_TIMEOUT(err.contains("Next run at"), 20000);
        serve.terminate();
        QVERIFY(serve.waitForFinished(5000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
    }

    void killDuringARunLeavesAConsistentHistoryAndNoPartialOutputs_data()
    {
        QTest::addColumn<QString>("stage");
        QTest::addColumn<int>("position");
        QTest::newRow("while reading") << "Read movie data" << 0;
        QTest::newRow("while exporting") << "Export data to CSV" << 3;
        QTest::newRow("while zipping and moving") << "Rename, move and zip" << 4;
    }

    void killDuringARunLeavesAConsistentHistoryAndNoPartialOutputs()
    {
        QFETCH(QString, stage);
        QFETCH(int, position);
        const QString source = m_home + QStringLiteral("/big.csv");
        QVERIFY(writeBigCsv(source, 400000));
        const QString out = m_home + QStringLiteral("/out");
        QVERIFY(QDir().mkpath(out));
        QVERIFY(writeFile(out + QStringLiteral("/earlier-result.csv"), "kept\n")); // must survive

        QProcess run;
        run.setProcessEnvironment(environment());
        QByteArray err;
        connect(&run, &QProcess::readyReadStandardError, this, [&] { err += run.readAllStandardError(); });
        run.start(QStringLiteral(MOVIEFLOW_CLI_PATH), {"run", "--source", source, "--out", out});
        const QByteArray marker = (stage + QStringLiteral("…")).toUtf8();
        QTRY_VERIFY_WITH_TIMEOUT(err.contains(marker) || run.state() == QProcess::NotRunning, 60000);
        QVERIFY2(run.state() == QProcess::Running, "the run ended before it could be killed");
        run.kill(); // SIGKILL: no handler, no cleanup
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitStatus(), QProcess::CrashExit);

        // The history file is intact and the next start marks the run Crashed.
        QCOMPARE(integrityOf(historyPath()), QStringLiteral("ok"));
        const Outcome list = cli({"runs", "--json"});
        QCOMPARE(list.exitCode, 0);
        const QJsonObject crashed = list.json.array().at(0).toObject();
        QCOMPARE(crashed.value(QStringLiteral("state")).toString(), QStringLiteral("Crashed"));
        QVERIFY(!crashed.value(QStringLiteral("ended_at")).toString().isEmpty());
        const int id = crashed.value(QStringLiteral("id")).toInt();
        const QJsonArray tasks = cli({"runs", "show", QString::number(id), "--json"})
                                     .json.object()
                                     .value(QStringLiteral("tasks"))
                                     .toArray();
        QVERIFY(tasks.size() >= position + 1);
        int crashedTasks = 0;
        for (int i = 0; i < tasks.size(); ++i) {
            const QString state = tasks[i].toObject().value(QStringLiteral("state")).toString();
            if (state == QLatin1String("Crashed"))
                ++crashedTasks;
            else
                QCOMPARE(state, QStringLiteral("Completed"));
        }
        QCOMPARE(crashedTasks, 1);
        QCOMPARE(tasks.last().toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("Crashed"));
        // No partial outputs: only the earlier result is in the output folder.
        QCOMPARE(filesUnder(out), QStringList {out + QStringLiteral("/earlier-result.csv")});

        // And the crashed run resumes to the end.
        const Outcome resumed = cli({"runs", "resume", QString::number(id), "--json", "--quiet"});
        QCOMPARE(resumed.exitCode, 0);
        QCOMPARE(resumed.json.object().value(QStringLiteral("state")).toString(),
                 QStringLiteral("Completed"));
        QCOMPARE(filesUnder(out).size(), 7); // the earlier result plus 6 new files
    }

    void failedExportLeavesNothingAndResumesWithoutTheSource()
    {
        const bool real = QFileInfo::exists(QStringLiteral(MOVIEFLOW_REAL_DATA));
        const QString source = m_home + QStringLiteral("/movie.csv");
        if (real)
            QVERIFY(QFile::copy(QStringLiteral(MOVIEFLOW_REAL_DATA), source));
        else
            QVERIFY(writeFile(source, smallCsv()));
        // An output folder under a regular file cannot be made, even by root.
        const QString blocker = m_home + QStringLiteral("/blocker");
        QVERIFY(writeFile(blocker, "not a folder"));
        const QString out = blocker + QStringLiteral("/results");
        const QStringList before = filesUnder(m_home);

        const Outcome failed = cli({"run", "--source", source, "--out", out, "--json"});
        QCOMPARE(failed.exitCode, 5);
        const QJsonObject result = failed.json.object();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(result.value(QStringLiteral("error")).toObject().value(QStringLiteral("task")).toString(),
                 QStringLiteral("Export data to CSV"));
        QVERIFY(result.value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("cannot be created")));
        const int id = result.value(QStringLiteral("run_id")).toInt();
        QVERIFY(id > 0);
        // Nothing behind outside MovieFlow's own data folder.
        QStringList after;
        for (const QString &file : filesUnder(m_home)) {
            if (!file.startsWith(m_home + QStringLiteral("/data/")))
                after << file;
        }
        QCOMPARE(after, before);
        const QJsonObject listed = cli({"runs", "--json"}).json.array().at(0).toObject();
        QCOMPARE(listed.value(QStringLiteral("state")).toString(), QStringLiteral("Failed"));

        // Fix the cause; take the source away.
        QVERIFY(QFile::remove(blocker));
        QVERIFY(QFile::remove(source));
        const Outcome resumed = cli({"runs", "resume", QString::number(id), "--json"});
        QCOMPARE(resumed.exitCode, 0);
        const QJsonObject done = resumed.json.object();
        QCOMPARE(done.value(QStringLiteral("state")).toString(), QStringLiteral("Completed"));
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(done.value(QStringLiteral("rows")).toObject().value(QStringLiteral("kept")).toInt(),
                 real ? 3180 : 4);
        QVERIFY(resumed.err.contains("Reusing the output of \"Read movie data\""));

        const QJsonObject show = cli({"runs", "show", QString::number(id), "--json"}).json.object();
        QCOMPARE(show.value(QStringLiteral("state")).toString(), QStringLiteral("Completed"));
        QCOMPARE(show.value(QStringLiteral("resumes")).toInt(), 1);
        const QJsonArray tasks = show.value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.size(), 5);
        QCOMPARE(tasks[0].toObject().value(QStringLiteral("attempts")).toInt(),
                 1); // the source was not read again
        QCOMPARE(tasks[3].toObject().value(QStringLiteral("attempts")).toInt(), 2);
        const QJsonArray files
            = show.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 6);
        for (const QJsonValue &file : files)
            QVERIFY2(QFileInfo::exists(file.toString()), qPrintable(file.toString()));
        QCOMPARE(filesUnder(out).size(), 6);
        // A completed run cannot be resumed again.
        QCOMPARE(cli({"runs", "resume", QString::number(id)}).exitCode, 2);
    }

    void pruneKeepsExportedFiles()
    {
        const QString source = m_home + QStringLiteral("/movies.csv");
        QVERIFY(writeFile(source, smallCsv()));
        const QString out = m_home + QStringLiteral("/out");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(cli({"run", "--source", source, "--out", out, "--quiet"}).exitCode, 0);
        const int files = filesUnder(out).size();
        const Outcome prune = cli({"runs", "prune", "--keep", "1"});
        QCOMPARE(prune.exitCode, 0);
        QVERIFY(prune.out.contains("Removed 2 runs"));
        QCOMPARE(cli({"runs", "--json"}).json.array().size(), 1);
        QCOMPARE(filesUnder(out).size(), files);
    }
};

QTEST_GUILESS_MAIN(TestCliFlow)
#include "tst_cliflow.moc"
