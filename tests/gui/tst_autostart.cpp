// SPDX-License-Identifier: MIT
// "Start at login": the XDG autostart entry is written and removed under XDG_CONFIG_HOME.
#include "Autostart.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using mf::Autostart;

class TestAutostart : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.path()));
        QFile::remove(Autostart::entryPath());
    }

    void entryFollowsXdgConfigHome()
    {
        QCOMPARE(Autostart::entryPath(), m_dir.path() + QStringLiteral("/autostart/movieflow.desktop"));
    }

    void relativeXdgConfigHomeIsIgnored()
    {
        qputenv("XDG_CONFIG_HOME", "relative/config");
        QCOMPARE(Autostart::entryPath(),
                 QDir::homePath() + QStringLiteral("/.config/autostart/movieflow.desktop"));
    }

    void writtenThenRemoved()
    {
        QVERIFY(!Autostart::isEnabled());
        const mf::Error written = Autostart::setEnabled(true, QStringLiteral("/opt/movie flow/movieflow"));
        QVERIFY2(!written.isError(), qPrintable(written.message));
        QVERIFY(QFile::exists(Autostart::entryPath()));
        QVERIFY(Autostart::isEnabled());

        QFile file(Autostart::entryPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.startsWith(QStringLiteral("[Desktop Entry]\n")));
        QVERIFY(text.contains(QStringLiteral("Type=Application\n")));
        QVERIFY2(text.contains(QStringLiteral("Exec=\"/opt/movie flow/movieflow\" --tray\n")),
                 qPrintable(text));
        file.close();

        const mf::Error removed = Autostart::setEnabled(false, QStringLiteral("/opt/movie flow/movieflow"));
        QVERIFY2(!removed.isError(), qPrintable(removed.message));
        QVERIFY(!QFile::exists(Autostart::entryPath()));
        QVERIFY(!Autostart::isEnabled());
        // Removing twice is not an error.
        QVERIFY(!Autostart::setEnabled(false, QString()).isError());
    }

    void plainProgramIsNotQuoted()
    {
        QVERIFY(Autostart::entryText(QStringLiteral("/usr/bin/movieflow"))
                    .contains(QStringLiteral("Exec=/usr/bin/movieflow --tray\n")));
        QVERIFY(Autostart::entryText(QStringLiteral("/a%b/movieflow"))
                    .contains(QStringLiteral("Exec=/a%%b/movieflow --tray\n")));
    }

    void hiddenEntryCountsAsDisabled()
    {
        QVERIFY(!Autostart::setEnabled(true, QStringLiteral("movieflow")).isError());
        QFile file(Autostart::entryPath());
        QVERIFY(file.open(QIODevice::Append));
        file.write("Hidden=true\n");
        file.close();
        QVERIFY(!Autostart::isEnabled());
    }

    void unwritableFolderIsReported()
    {
        // A file where the autostart folder should be (a permission check would not stop root).
        QVERIFY(QDir(m_dir.path() + QStringLiteral("/autostart")).removeRecursively());
        QFile blocker(m_dir.path() + QStringLiteral("/autostart"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const mf::Error error = Autostart::setEnabled(true, QStringLiteral("movieflow"));
        QVERIFY(error.isError());
        QCOMPARE(error.kind, mf::ErrorKind::Output);
        QVERIFY(QFile::remove(blocker.fileName()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestAutostart)
#include "tst_autostart.moc"
