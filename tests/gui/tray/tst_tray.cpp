// SPDX-License-Identifier: MIT
// The tray icon under a real tray host (Xvfb + trayer, see run-tray-test.sh): the tray is there,
// the icon becomes visible and its menu has Run now, Pause schedule, Show window and Quit.
#include "FlowService.h"
#include "NetworkMonitor.h"
#include "TrayController.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

using namespace mf;

class TestTray : public QObject
{
    Q_OBJECT

private slots:
    void iconWithItsMenu()
    {
        // The tray host may still be starting (as at login): give it a few seconds.
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 10000);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RunHistory history(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(!history.open().isError());
        NetworkMonitor network;
        FlowService service(&history, &network);
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/movieflow/icons/movieflow.svg")));
        QWidget window;
        TrayController tray(&window, &service, QSystemTrayIcon::isSystemTrayAvailable());
        QVERIFY(tray.trayIcon());
        QTRY_VERIFY_WITH_TIMEOUT(tray.trayIcon()->isVisible(), 10000);
        QVERIFY(!tray.trayIcon()->geometry().isEmpty());

        QMenu *menu = tray.trayIcon()->contextMenu();
        QVERIFY(menu);
        QStringList texts;
        for (const QAction *action : menu->actions()) {
            if (!action->isSeparator())
                texts << action->text();
        }
        QCOMPARE(texts, (QStringList {QStringLiteral("Run now"), QStringLiteral("Pause schedule"),
                                      QStringLiteral("Show window"), QStringLiteral("Quit")}));
        // No schedule yet: nothing to pause.
        QVERIFY(!tray.pauseAction()->isEnabled());
        service.setSchedule(Schedule::interval(600));
        QVERIFY(tray.pauseAction()->isEnabled());
        QVERIFY(tray.trayIcon()->toolTip().contains(QStringLiteral("next run")));
    }
};

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
