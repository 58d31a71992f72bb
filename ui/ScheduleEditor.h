// SPDX-License-Identifier: MIT
#pragma once

#include "Schedule.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSettings;
class QSpinBox;
class QStackedWidget;
class QTimeEdit;

namespace mf {

class FlowService;

/// The schedule section: off, every N minutes, daily at HH:MM or weekly on chosen days at HH:MM;
/// Apply, Pause/Resume, the next run time always shown, and "Start at login" (Autostart). Applies to the
/// service's scheduler and keeps the schedule (and whether it is paused) in QSettings ("schedule/spec",
/// "schedule/paused").
class ScheduleEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ScheduleEditor(FlowService *service, QWidget *parent = nullptr);

    /// What the controls say (invalid for "Off" or a weekly schedule without a day).
    Schedule schedule() const;
    /// Shows a schedule in the controls (does not apply it).
    void setSchedule(const Schedule &schedule);

    /// Applies the controls' schedule to the service and saves it.
    void apply();
    void setPaused(bool paused);

    /// Reads the saved schedule and applies it (at start).
    void restore();
    static QString settingsKey() { return QStringLiteral("schedule/spec"); }
    static QString pausedKey() { return QStringLiteral("schedule/paused"); }

signals:
    void scheduleApplied(const mf::Schedule &schedule);
    /// A setting could not be changed (the autostart entry could not be written).
    void problem(const QString &text);

private:
    void updateState();

    FlowService *m_service;
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QSpinBox *m_minutes;
    QTimeEdit *m_time;
    QList<QCheckBox *> m_days;
    QPushButton *m_apply;
    QPushButton *m_pause;
    QLabel *m_next;
    QCheckBox *m_startAtLogin;
};

} // namespace mf
