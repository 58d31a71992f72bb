// SPDX-License-Identifier: MIT
#include "TrayController.h"

#include "FlowService.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QWidget>

namespace mf {

namespace {

const QString closeNoticeKey = QStringLiteral("tray/closeNoticeShown");
const QString notifySuccessKey = QStringLiteral("tray/notifySuccess");

} // namespace

TrayController::TrayController(QWidget *window, FlowService *service, bool trayAvailable, QObject *parent)
    : QObject(parent),
      m_window(window),
      m_service(service),
      m_trayAvailable(trayAvailable),
      m_runNow(new QAction(tr("Run now"), this)),
      m_pause(new QAction(tr("Pause schedule"), this)),
      m_show(new QAction(tr("Show window"), this)),
      m_quit(new QAction(tr("Quit"), this))
{
    m_runNow->setObjectName(QStringLiteral("trayRunNow"));
    m_pause->setObjectName(QStringLiteral("trayPause"));
    m_show->setObjectName(QStringLiteral("trayShow"));
    m_quit->setObjectName(QStringLiteral("trayQuit"));

    connect(m_runNow, &QAction::triggered, this, [this] {
        const Result<qint64> started = m_service->runNow();
        if (!started.ok())
            notify(tr("MovieFlow"), started.error().message, true);
    });
    connect(m_pause, &QAction::triggered, this, [this] {
        Scheduler *scheduler = m_service->scheduler();
        if (scheduler->isPaused())
            scheduler->resume();
        else
            scheduler->pause();
    });
    connect(m_show, &QAction::triggered, this, &TrayController::showWindow);
    connect(m_quit, &QAction::triggered, this, &TrayController::quit);
    connect(m_service->scheduler(), &Scheduler::pausedChanged, this, &TrayController::updateActions);
    connect(m_service, &FlowService::nextRunChanged, this, &TrayController::updateActions);
    connect(m_service, &FlowService::runStarted, this, &TrayController::updateActions);
    connect(m_service, &FlowService::runFinished, this, &TrayController::onRunFinished);

    if (m_trayAvailable) {
        m_menu = new QMenu(m_window);
        m_menu->setObjectName(QStringLiteral("trayMenu"));
        m_menu->addAction(m_runNow);
        m_menu->addAction(m_pause);
        m_menu->addSeparator();
        m_menu->addAction(m_show);
        m_menu->addAction(m_quit);
        m_icon = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_icon->setObjectName(QStringLiteral("trayIcon"));
        m_icon->setToolTip(QStringLiteral("MovieFlow"));
        m_icon->setContextMenu(m_menu);
        connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                showWindow();
        });
        m_icon->show();
    }
    // Only while the tray is there may the last window close without quitting.
    QApplication::setQuitOnLastWindowClosed(!m_trayAvailable);
    m_window->installEventFilter(this);
    updateActions();
}

TrayController::~TrayController()
{
    delete m_menu;
}

TrayController::CloseAction TrayController::closeActionFor(bool trayAvailable, bool scheduleActive)
{
    return trayAvailable && scheduleActive ? CloseAction::HideToTray : CloseAction::Quit;
}

TrayController::CloseAction TrayController::closeAction() const
{
    return m_quitting ? CloseAction::Quit
                      : closeActionFor(m_trayAvailable, m_service->scheduler()->isActive());
}

QString TrayController::stillRunningText()
{
    return tr("MovieFlow keeps running in the tray so the scheduled runs happen. Use Quit in the tray menu "
              "to stop it.");
}

void TrayController::showWindow()
{
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
}

void TrayController::quit()
{
    m_quitting = true;
    if (!m_window->close() || !m_window->isVisible())
        emit quitRequested();
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close) {
        if (closeAction() == CloseAction::HideToTray) {
            event->ignore();
            m_window->hide();
            QSettings settings;
            const bool firstTime = !settings.value(closeNoticeKey, false).toBool();
            if (firstTime) {
                settings.setValue(closeNoticeKey, true);
                notify(tr("MovieFlow is still running"), stillRunningText(), false);
            }
            emit hiddenToTray(firstTime);
            return true;
        }
        // With a tray the app does not quit by itself when its last window closes.
        if (m_trayAvailable)
            emit quitRequested();
    }
    return QObject::eventFilter(watched, event);
}

void TrayController::updateActions()
{
    const Scheduler *scheduler = m_service->scheduler();
    m_pause->setText(scheduler->isPaused() ? tr("Resume schedule") : tr("Pause schedule"));
    m_pause->setEnabled(scheduler->schedule().isValid());
    m_runNow->setEnabled(!m_service->isRunning());
    if (m_icon) {
        const QDateTime next = scheduler->nextRun();
        m_icon->setToolTip(next.isValid()
                               ? tr("MovieFlow — next run %1")
                                     .arg(QLocale().toString(next.toLocalTime(), QLocale::ShortFormat))
                               : QStringLiteral("MovieFlow"));
    }
}

void TrayController::onRunFinished(qint64 runId, RunState state, const Error &error)
{
    updateActions();
    if (state == RunState::Failed || state == RunState::Crashed)
        notify(tr("MovieFlow run %1 failed").arg(runId), error.message, true);
    else if (state == RunState::Completed && QSettings().value(notifySuccessKey, false).toBool())
        notify(tr("MovieFlow run %1 completed").arg(runId), tr("The new files are in the output folder."),
               false);
}

void TrayController::notify(const QString &title, const QString &text, bool warning)
{
    if (m_icon && m_icon->isVisible())
        m_icon->showMessage(title, text, warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    emit notified(title, text);
}

} // namespace mf
