// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "RunState.h"

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace mf {

class FlowService;

/// Tray mode: the tray icon with Run now, Pause/Resume schedule, Show window and Quit; closing the
/// window hides it to the tray while a schedule is active (saying so once, remembered in
/// QSettings "tray/closeNoticeShown"); a notification when a run fails (and, with
/// "tray/notifySuccess", when one completes). Without a system tray the window stays a normal
/// window and the app quits when it closes.
class TrayController : public QObject
{
    Q_OBJECT

public:
    /// What closing the window does.
    enum class CloseAction { Quit, HideToTray };

    /// `trayAvailable`: QSystemTrayIcon::isSystemTrayAvailable() (a parameter so the close logic can
    /// be tested on platforms without a tray).
    TrayController(QWidget *window, FlowService *service, bool trayAvailable, QObject *parent = nullptr);
    ~TrayController() override;

    bool isTrayAvailable() const { return m_trayAvailable; }
    /// The icon, or null without a tray.
    QSystemTrayIcon *trayIcon() const { return m_icon; }
    QMenu *menu() const { return m_menu; }
    QAction *runNowAction() const { return m_runNow; }
    QAction *pauseAction() const { return m_pause; }
    QAction *showAction() const { return m_show; }
    QAction *quitAction() const { return m_quit; }

    static CloseAction closeActionFor(bool trayAvailable, bool scheduleActive);
    CloseAction closeAction() const;
    /// Shows the window, raised and active.
    void showWindow();
    /// Ends the app (Quit in the menu): closes the window and asks to quit.
    void quit();

    /// The one-time "still running in the tray" text.
    static QString stillRunningText();

signals:
    /// The app should end (Quit, or the window closed without hiding to the tray).
    void quitRequested();
    /// The window was hidden to the tray; `firstTime` when the notice was shown.
    void hiddenToTray(bool firstTime);
    /// A notification (also emitted without a tray, for the status bar).
    void notified(const QString &title, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateActions();
    void onRunFinished(qint64 runId, RunState state, const Error &error);
    void notify(const QString &title, const QString &text, bool warning);

    QWidget *m_window;
    FlowService *m_service;
    bool m_trayAvailable;
    bool m_quitting = false;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_runNow;
    QAction *m_pause;
    QAction *m_show;
    QAction *m_quit;
};

} // namespace mf
