// SPDX-License-Identifier: MIT
// Tray mode's logic without a real tray: close hides to the tray only while a schedule is active
// (telling so once), Quit ends the app, failed runs notify, and with no tray the window stays normal.
#include "FlowService.h"
#include "NetworkMonitor.h"
#include "TrayController.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

using namespace mf;

class TestTrayController : public QObject
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
        QCoreApplication::setApplicationName(QStringLiteral("tst_traycontroller"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           m_dir.path() + QStringLiteral("/config"));
    }

    void init()
    {
        QSettings().clear();
        m_history = std::make_unique<RunHistory>(m_dir.path() + QStringLiteral("/history.sqlite"));
        QVERIFY(!m_history->open().isError());
        m_network = std::make_unique<NetworkMonitor>();
        m_service = std::make_unique<FlowService>(m_history.get(), m_network.get());
    }

    void cleanup()
    {
        m_service.reset();
        m_network.reset();
        m_history.reset();
    }

    void closeActionFor()
    {
        using C = TrayController::CloseAction;
        QCOMPARE(TrayController::closeActionFor(true, true), C::HideToTray);
        QCOMPARE(TrayController::closeActionFor(true, false), C::Quit);
        QCOMPARE(TrayController::closeActionFor(false, true), C::Quit);
        QCOMPARE(TrayController::closeActionFor(false, false), C::Quit);
    }

    void closeHidesToTrayWhileAScheduleIsActive()
    {
        QWidget window;
        TrayController tray(&window, m_service.get(), true);
        QVERIFY(!QApplication::quitOnLastWindowClosed());
        QSignalSpy hidden(&tray, &TrayController::hiddenToTray);
        QSignalSpy notified(&tray, &TrayController::notified);
        QSignalSpy quit(&tray, &TrayController::quitRequested);
        m_service->setSchedule(Schedule::interval(3600));
        window.show();

        QVERIFY(!window.close());
        QVERIFY(!window.isVisible());
        QCOMPARE(hidden.size(), 1);
        QCOMPARE(hidden[0][0].toBool(), true);
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified[0][1].toString(), TrayController::stillRunningText());
        QVERIFY(QSettings().value(QStringLiteral("tray/closeNoticeShown")).toBool());

        // The second time says nothing.
        tray.showAction()->trigger();
        QVERIFY(window.isVisible());
        QVERIFY(!window.close());
        QCOMPARE(hidden.size(), 2);
        QCOMPARE(hidden[1][0].toBool(), false);
        QCOMPARE(notified.size(), 1);
        QCOMPARE(quit.size(), 0);

        // A paused schedule runs nothing, so closing ends the app.
        tray.showWindow();
        tray.pauseAction()->trigger();
        QVERIFY(m_service->scheduler()->isPaused());
        QCOMPARE(tray.pauseAction()->text(), QStringLiteral("Resume schedule"));
        QVERIFY(window.close());
        QCOMPARE(quit.size(), 1);
    }

    void quitEndsTheAppEvenWithASchedule()
    {
        QWidget window;
        TrayController tray(&window, m_service.get(), true);
        QSignalSpy quit(&tray, &TrayController::quitRequested);
        m_service->setSchedule(Schedule::interval(3600));
        window.show();
        tray.quitAction()->trigger();
        QVERIFY(!window.isVisible());
        QVERIFY(quit.size() >= 1);
    }

    void withoutATrayTheWindowStaysNormal()
    {
        QWidget window;
        TrayController tray(&window, m_service.get(), false);
        QVERIFY(!tray.trayIcon());
        QVERIFY(QApplication::quitOnLastWindowClosed());
        QSignalSpy hidden(&tray, &TrayController::hiddenToTray);
        m_service->setSchedule(Schedule::interval(3600));
        QCOMPARE(tray.closeAction(), TrayController::CloseAction::Quit);
        window.show();
        QVERIFY(window.close());
        QCOMPARE(hidden.size(), 0);
    }

    void failedRunNotifies()
    {
        QWidget window;
        TrayController tray(&window, m_service.get(), false);
        QSignalSpy notified(&tray, &TrayController::notified);
        const QString blocked = m_dir.path() + QStringLiteral("/blocked");
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        PipelineSettings settings;
        settings.source = SourceSpec::sample();
        settings.outputDir = blocked;
        m_service->setSettings(settings);
        tray.runNowAction()->trigger();
        QVERIFY(m_service->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(notified.size() == 1, 30000);
        QVERIFY2(notified[0][0].toString().contains(QStringLiteral("failed")),
                 qPrintable(notified[0][0].toString()));
        QVERIFY(!notified[0][1].toString().isEmpty());
    }
};

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
