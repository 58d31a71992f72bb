// SPDX-License-Identifier: MIT
// The schedule section: controls ↔ Schedule round trip, applied to the service, kept in QSettings.
#include "FlowService.h"
#include "NetworkMonitor.h"
#include "ScheduleEditor.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;

class TestScheduleEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunHistory> m_history;
    std::unique_ptr<NetworkMonitor> m_network;
    std::unique_ptr<FlowService> m_service;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("MovieFlowTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_scheduleeditor"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           m_dir.path() + QStringLiteral("/config"));
    }

    void init()
    {
        QSettings().clear();
        openService();
    }

    void cleanup()
    {
        m_service.reset();
        m_network.reset();
        m_history.reset();
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::newRow("off") << QString();
        QTest::newRow("every 5 minutes") << QStringLiteral("every 5m");
        QTest::newRow("every 2 hours") << QStringLiteral("every 2h");
        QTest::newRow("daily") << QStringLiteral("daily 07:45");
        QTest::newRow("weekly") << QStringLiteral("weekly mon,wed,sun@18:30");
    }

    void roundTrip()
    {
        QFETCH(QString, spec);
        Schedule schedule;
        if (!spec.isEmpty()) {
            const Result<Schedule> parsed = Schedule::fromString(spec);
            QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
            schedule = parsed.value();
        }
        ScheduleEditor editor(m_service.get());
        editor.setSchedule(schedule);
        QCOMPARE(editor.schedule().toString(), spec);
        QVERIFY(editor.schedule() == schedule);
    }

    void weeklyWithoutDaysIsOff()
    {
        ScheduleEditor editor(m_service.get());
        editor.findChild<QComboBox *>(QStringLiteral("scheduleKind"))->setCurrentIndex(3);
        QVERIFY(!editor.schedule().isValid());
    }

    void applySavesAndRestores()
    {
        {
            ScheduleEditor editor(m_service.get());
            auto *next = editor.findChild<QLabel *>(QStringLiteral("nextRunLabel"));
            QVERIFY(next);
            QVERIFY(next->text().contains(QStringLiteral("No schedule")));
            editor.setSchedule(Schedule::daily(QTime(6, 15)));
            editor.apply();
            QCOMPARE(m_service->schedule().toString(), QStringLiteral("daily 06:15"));
            QVERIFY(m_service->scheduler()->nextRun().isValid());
            QVERIFY2(next->text().startsWith(QStringLiteral("Next run:")), qPrintable(next->text()));

            auto *pause = editor.findChild<QPushButton *>(QStringLiteral("pauseScheduleButton"));
            QVERIFY(pause->isEnabled());
            pause->click();
            QVERIFY(m_service->scheduler()->isPaused());
            QVERIFY(next->text().contains(QStringLiteral("paused")));
            QCOMPARE(pause->text(), QStringLiteral("Resume schedule"));
        }
        QCOMPARE(QSettings().value(ScheduleEditor::settingsKey()).toString(), QStringLiteral("daily 06:15"));
        QCOMPARE(QSettings().value(ScheduleEditor::pausedKey()).toBool(), true);

        // A new start: the saved schedule comes back, still paused.
        cleanup();
        openService();
        ScheduleEditor restored(m_service.get());
        restored.restore();
        QCOMPARE(restored.schedule().toString(), QStringLiteral("daily 06:15"));
        QCOMPARE(m_service->schedule().toString(), QStringLiteral("daily 06:15"));
        QVERIFY(m_service->scheduler()->isPaused());
        restored.setPaused(false);
        QVERIFY(m_service->scheduler()->nextRun().isValid());
        QCOMPARE(QSettings().value(ScheduleEditor::pausedKey()).toBool(), false);
    }

private:
    void openService()
    {
        m_history = std::make_unique<RunHistory>(m_dir.path() + QStringLiteral("/history.sqlite"));
        QVERIFY(!m_history->open().isError());
        m_network = std::make_unique<NetworkMonitor>();
        m_service = std::make_unique<FlowService>(m_history.get(), m_network.get());
    }
};

QTEST_MAIN(TestScheduleEditor)
#include "tst_scheduleeditor.moc"
