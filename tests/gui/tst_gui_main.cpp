// SPDX-License-Identifier: MIT
// The `movieflow` program itself: `--version`/`--help` without a display, usage errors, and
// `movieflow [FILE.csv] --run` loading and running once.
#include <movieflow/Version.h>

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestGuiMain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QProcessEnvironment environment(bool display) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        if (display)
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        else
            env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        return env;
    }

    struct Outcome
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Outcome runToEnd(const QStringList &arguments, bool display) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(display));
        process.start(QStringLiteral(MOVIEFLOW_GUI_PATH), arguments);
        Outcome outcome;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        outcome.out = QString::fromUtf8(process.readAllStandardOutput());
        outcome.err = QString::fromUtf8(process.readAllStandardError());
        return outcome;
    }

    /// Starts the window with `arguments`, waits until a run has put a zip into the default output
    /// folder (~/MovieFlow), then closes the program. Returns the files found there.
    QStringList runWindowUntilOutput(const QStringList &arguments)
    {
        const QString outputDir = m_home.filePath(QStringLiteral("MovieFlow"));
        QDir(outputDir).removeRecursively();
        QProcess process;
        process.setProcessEnvironment(environment(true));
        process.start(QStringLiteral(MOVIEFLOW_GUI_PATH), arguments);
        if (!process.waitForStarted(10000))
            return {};
        const auto files = [&outputDir] {
            return QDir(outputDir).entryList({QStringLiteral("*.csv"), QStringLiteral("*.zip")}, QDir::Files,
                                             QDir::Name);
        };
        const bool done = QTest::qWaitFor(
            [&] {
                return process.state() != QProcess::Running
                    || files().filter(QStringLiteral(".zip")).size() == 1;
            },
            60000);
        const bool stillRunning = process.state() == QProcess::Running;
        process.terminate();
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished();
        }
        if (!done || !stillRunning) {
            qWarning("movieflow stopped or produced nothing: %s", process.readAllStandardError().constData());
            return {};
        }
        return files();
    }

    /// The cleaned CSV of the one run in `files`: the name of its zip with .csv instead of .zip.
    static QString mainCsv(const QStringList &files)
    {
        const QStringList zips = files.filter(QRegularExpression(QStringLiteral("\\.zip$")));
        if (zips.size() != 1)
            return {};
        QString csv = zips.first();
        csv.replace(csv.size() - 4, 4, QStringLiteral(".csv"));
        return files.contains(csv) ? csv : QString();
    }

private slots:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void versionAndHelpNeedNoDisplay()
    {
        const Outcome version = runToEnd({QStringLiteral("--version")}, false);
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), QStringLiteral("MovieFlow " MOVIEFLOW_VERSION));

        const Outcome help = runToEnd({QStringLiteral("--help")}, false);
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(QStringLiteral("--run")), qPrintable(help.out));
        QVERIFY(help.out.contains(QStringLiteral("[FILE.csv]")));
    }

    void usageErrorsExitWithTwo()
    {
        const Outcome twoFiles = runToEnd({QStringLiteral("a.csv"), QStringLiteral("b.csv")}, true);
        QCOMPARE(twoFiles.exitCode, 2);
        QVERIFY2(twoFiles.err.contains(QStringLiteral("--help")), qPrintable(twoFiles.err));

        const Outcome unknown = runToEnd({QStringLiteral("--frobnicate")}, true);
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("frobnicate")), qPrintable(unknown.err));
    }

    void runFlagRunsTheSampleOnce()
    {
        const QStringList files = runWindowUntilOutput({QStringLiteral("--run")});
        const QString csv = mainCsv(files);
        QVERIFY2(!csv.isEmpty(), qPrintable(files.join(QLatin1Char(','))));
        QVERIFY(csv.startsWith(QStringLiteral("processed_movies_")));
    }

    void fileArgumentIsOpenedAndRun()
    {
        const QString csv = m_home.filePath(QStringLiteral("three.csv"));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("title,release_date,popularity,vote_average\n"
                   "Heat,1995-12-15,40.5,7.9\nAlien,1979-05-25,38.2,8.2\nCats,2019-12-19,20.1,4.2\n");
        file.close();
        const QStringList files = runWindowUntilOutput({csv, QStringLiteral("--run")});
        const QString writtenName = mainCsv(files);
        QVERIFY2(!writtenName.isEmpty(), qPrintable(files.join(QLatin1Char(','))));
        QFile written(m_home.filePath(QStringLiteral("MovieFlow/") + writtenName));
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray content = written.readAll();
        QVERIFY2(content.contains("Heat") && content.contains("Alien"), content.constData());
        QVERIFY2(!content.contains("Cats"), "Cats is rated 4.2 and must be filtered out");
    }
};

QTEST_GUILESS_MAIN(TestGuiMain)
#include "tst_gui_main.moc"
