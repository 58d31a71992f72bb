// SPDX-License-Identifier: MIT
// One instance: with two real `movieflow` programs, the second hands its arguments to the first and
// exits 0; a lock left by a killed first instance is taken over.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestSingleInstance : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    void start(QProcess &process, const QStringList &arguments) const
    {
        process.setProcessEnvironment(environment());
        process.setWorkingDirectory(m_home.path());
        process.start(QStringLiteral(MOVIEFLOW_GUI_PATH), arguments);
    }

    QString lockFile() const
    {
        QDirIterator it(m_home.filePath(QStringLiteral("data")), {QStringLiteral("instance.lock")},
                        QDir::Files, QDirIterator::Subdirectories);
        return it.hasNext() ? it.next() : QString();
    }

    /// Until the first instance holds its lock (it listens right after taking it).
    bool waitUntilClaimed(const QProcess &process) const
    {
        const bool claimed = QTest::qWaitFor(
            [&] { return process.state() != QProcess::Running || !lockFile().isEmpty(); }, 30000);
        QTest::qWait(500);
        return claimed && process.state() == QProcess::Running;
    }

    static void stop(QProcess &process)
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished();
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QFile csv(m_home.filePath(QStringLiteral("films.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("id,title,release_date,popularity,vote_average\n1,Alpha,2001-01-01,90.5,7.5\n");
    }

    void secondLaunchHandsOverAndExits()
    {
        QProcess first;
        start(first, {});
        QVERIFY(first.waitForStarted(10000));
        QVERIFY2(waitUntilClaimed(first), first.readAllStandardError().constData());

        QProcess second;
        start(second, {QStringLiteral("films.csv")});
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);

        // The first one got the file, made absolute against the second one's working folder.
        QString firstErr;
        const bool told = QTest::qWaitFor(
            [&] {
                firstErr += QString::fromUtf8(first.readAllStandardError());
                return firstErr.contains(QStringLiteral("handed over"));
            },
            10000);
        QVERIFY2(told, qPrintable(firstErr));
        QVERIFY2(firstErr.contains(m_home.filePath(QStringLiteral("films.csv"))), qPrintable(firstErr));
        QCOMPARE(first.state(), QProcess::Running);

        // Killed: the next launch takes the stale lock and socket over and stays.
        first.kill();
        QVERIFY(first.waitForFinished(10000));
        QProcess third;
        start(third, {});
        QVERIFY(third.waitForStarted(10000));
        QVERIFY(!third.waitForFinished(3000));
        QCOMPARE(third.state(), QProcess::Running);

        QProcess fourth;
        start(fourth, {});
        QVERIFY(fourth.waitForFinished(30000));
        QCOMPARE(fourth.exitCode(), 0);
        QCOMPARE(third.state(), QProcess::Running);
        stop(third);
    }
};

QTEST_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
