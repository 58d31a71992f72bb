// SPDX-License-Identifier: MIT
// `movieflow [FILE.csv] [--run] [--tray]`, `--help`, `--version`.
#include "StartupOptions.h"

#include <movieflow/Version.h>

#include <QDir>
#include <QtTest>

using mf::StartupOptions;

class TestStartupOptions : public QObject
{
    Q_OBJECT

private:
    static const QString program() { return QStringLiteral("movieflow"); }

private slots:
    void noArgumentsOpensTheSample()
    {
        const mf::Result<StartupOptions> options = StartupOptions::parse({program()});
        QVERIFY(options.ok());
        QCOMPARE(options.value().action, StartupOptions::Action::Start);
        QCOMPARE(options.value().source.kind, mf::SourceSpec::Kind::Sample);
        QVERIFY(!options.value().run);
    }

    void fileAndRun_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("run");
        QTest::newRow("file") << QStringList {QStringLiteral("movies.csv")} << false;
        QTest::newRow("file --run") << QStringList {QStringLiteral("movies.csv"), QStringLiteral("--run")}
                                    << true;
        QTest::newRow("--run file") << QStringList {QStringLiteral("--run"), QStringLiteral("movies.csv")}
                                    << true;
    }

    void fileAndRun()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, run);
        const mf::Result<StartupOptions> options = StartupOptions::parse(QStringList {program()} + arguments);
        QVERIFY2(options.ok(), qPrintable(options.error().message));
        QCOMPARE(options.value().source.kind, mf::SourceSpec::Kind::CsvFile);
        // Relative paths are resolved against the working folder the user started from.
        QCOMPARE(options.value().source.location,
                 QDir::current().absoluteFilePath(QStringLiteral("movies.csv")));
        QCOMPARE(options.value().run, run);
    }

    void runWithoutFileRunsTheSample()
    {
        const mf::Result<StartupOptions> options
            = StartupOptions::parse({program(), QStringLiteral("--run")});
        QVERIFY(options.ok());
        QCOMPARE(options.value().source.kind, mf::SourceSpec::Kind::Sample);
        QVERIFY(options.value().run);
    }

    void wrongUsageIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList {QStringLiteral("--frobnicate")};
        QTest::newRow("two files") << QStringList {QStringLiteral("a.csv"), QStringLiteral("b.csv")};
    }

    void wrongUsageIsAUsageError()
    {
        QFETCH(QStringList, arguments);
        const mf::Result<StartupOptions> options = StartupOptions::parse(QStringList {program()} + arguments);
        QVERIFY(!options.ok());
        QCOMPARE(options.error().kind, mf::ErrorKind::Usage);
        QCOMPARE(mf::exitCodeFor(options.error().kind), 2);
        QVERIFY2(options.error().message.contains(QStringLiteral("--help")),
                 qPrintable(options.error().message));
        QVERIFY(options.error().message.endsWith(QLatin1Char('.')));
    }

    void trayStartsHidden()
    {
        const mf::Result<StartupOptions> tray = StartupOptions::parse({program(), QStringLiteral("--tray")});
        QVERIFY(tray.ok());
        QVERIFY(tray.value().tray);
        QVERIFY(!tray.value().run);
        QVERIFY(!StartupOptions::parse({program()}).value().tray);
        const mf::Result<StartupOptions> help = StartupOptions::parse({program(), QStringLiteral("--help")});
        QVERIFY(help.value().text.contains(QStringLiteral("--tray")));
    }

    void helpAndVersion()
    {
        const mf::Result<StartupOptions> help = StartupOptions::parse({program(), QStringLiteral("--help")});
        QVERIFY(help.ok());
        QCOMPARE(help.value().action, StartupOptions::Action::ShowHelp);
        QVERIFY(help.value().text.contains(QStringLiteral("--run")));
        QVERIFY(help.value().text.contains(QStringLiteral("FILE.csv")));

        const mf::Result<StartupOptions> version
            = StartupOptions::parse({program(), QStringLiteral("--version")});
        QVERIFY(version.ok());
        QCOMPARE(version.value().action, StartupOptions::Action::ShowVersion);
        QVERIFY(version.value().text.contains(QStringLiteral(MOVIEFLOW_VERSION)));
    }
};

QTEST_MAIN(TestStartupOptions)
#include "tst_startupoptions.moc"
