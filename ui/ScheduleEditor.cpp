// SPDX-License-Identifier: MIT
#include "ScheduleEditor.h"

#include "Autostart.h"
#include "FlowService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimeEdit>

#include <algorithm>

namespace mf {

namespace {

enum Page { OffPage, IntervalPage, DailyPage, WeeklyPage };

} // namespace

ScheduleEditor::ScheduleEditor(FlowService *service, QWidget *parent)
    : QWidget(parent),
      m_service(service),
      m_kind(new QComboBox(this)),
      m_pages(new QStackedWidget(this)),
      m_minutes(new QSpinBox(this)),
      m_time(new QTimeEdit(QTime(8, 0), this)),
      m_apply(new QPushButton(tr("Apply schedule"), this)),
      m_pause(new QPushButton(this)),
      m_next(new QLabel(this)),
      m_startAtLogin(new QCheckBox(tr("Start at login (in the tray)"), this))
{
    setObjectName(QStringLiteral("scheduleEditor"));
    m_kind->setObjectName(QStringLiteral("scheduleKind"));
    m_kind->setAccessibleName(tr("How often the flow runs by itself"));
    m_kind->addItems({tr("Off"), tr("Every"), tr("Daily"), tr("Weekly")});
    m_minutes->setObjectName(QStringLiteral("scheduleMinutes"));
    m_minutes->setAccessibleName(tr("Minutes between runs"));
    m_minutes->setRange(1, 7 * 24 * 60);
    m_minutes->setValue(60);
    m_minutes->setSuffix(tr(" min"));
    m_time->setObjectName(QStringLiteral("scheduleTime"));
    m_time->setAccessibleName(tr("Time of day of the run"));
    m_time->setDisplayFormat(QStringLiteral("HH:mm"));
    m_apply->setObjectName(QStringLiteral("applyScheduleButton"));
    m_apply->setAccessibleName(tr("Apply the schedule"));
    m_pause->setObjectName(QStringLiteral("pauseScheduleButton"));
    m_next->setObjectName(QStringLiteral("nextRunLabel"));
    m_next->setAccessibleName(tr("Next scheduled run"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    m_startAtLogin->setAccessibleName(tr("Start MovieFlow in the tray when you log in"));
    m_startAtLogin->setChecked(Autostart::isEnabled());

    m_pages->addWidget(new QWidget(m_pages));
    m_pages->addWidget(m_minutes);
    auto *timePage = new QWidget(m_pages); // daily and weekly share the time
    m_pages->addWidget(timePage);
    auto *weekPage = new QWidget(m_pages);
    auto *weekLayout = new QHBoxLayout(weekPage);
    weekLayout->setContentsMargins(0, 0, 0, 0);
    const QLocale locale;
    for (int day = 1; day <= 7; ++day) {
        auto *box = new QCheckBox(locale.dayName(day, QLocale::ShortFormat), weekPage);
        box->setObjectName(QStringLiteral("scheduleDay%1").arg(day));
        box->setAccessibleName(locale.dayName(day));
        weekLayout->addWidget(box);
        m_days << box;
    }
    m_pages->addWidget(weekPage);

    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Run by itself:"), this));
    row->addWidget(m_kind);
    row->addWidget(m_pages);
    row->addWidget(m_time);
    row->addWidget(m_apply);
    row->addWidget(m_pause);
    row->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_next, 1);
    bottom->addWidget(m_startAtLogin);
    layout->addLayout(bottom);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int page) {
        m_pages->setCurrentIndex(page);
        m_time->setVisible(page == DailyPage || page == WeeklyPage);
    });
    m_time->setVisible(false);
    connect(m_startAtLogin, &QCheckBox::toggled, this, [this](bool on) {
        const Error error = Autostart::setEnabled(on, QCoreApplication::applicationFilePath());
        if (error.isError()) {
            const QSignalBlocker blocker(m_startAtLogin);
            m_startAtLogin->setChecked(Autostart::isEnabled());
            emit problem(error.message);
        }
    });
    connect(m_apply, &QPushButton::clicked, this, &ScheduleEditor::apply);
    connect(m_pause, &QPushButton::clicked, this, [this] { setPaused(!m_service->scheduler()->isPaused()); });
    connect(m_service, &FlowService::nextRunChanged, this, &ScheduleEditor::updateState);
    connect(m_service->scheduler(), &Scheduler::pausedChanged, this, &ScheduleEditor::updateState);
    updateState();
}

Schedule ScheduleEditor::schedule() const
{
    switch (m_kind->currentIndex()) {
    case IntervalPage:
        return Schedule::interval(qint64(m_minutes->value()) * 60);
    case DailyPage:
        return Schedule::daily(m_time->time());
    case WeeklyPage: {
        quint8 days = 0;
        for (int day = 0; day < m_days.size(); ++day) {
            if (m_days.at(day)->isChecked())
                days |= quint8(1u << day);
        }
        return days ? Schedule::weekly(days, m_time->time()) : Schedule();
    }
    default:
        return {};
    }
}

void ScheduleEditor::setSchedule(const Schedule &schedule)
{
    switch (schedule.kind()) {
    case Schedule::Kind::None:
        m_kind->setCurrentIndex(OffPage);
        break;
    case Schedule::Kind::Interval:
        m_minutes->setValue(
            int(std::clamp<qint64>(schedule.intervalSeconds() / 60, 1, m_minutes->maximum())));
        m_kind->setCurrentIndex(IntervalPage);
        break;
    case Schedule::Kind::Daily:
        m_time->setTime(schedule.time());
        m_kind->setCurrentIndex(DailyPage);
        break;
    case Schedule::Kind::Weekly:
        m_time->setTime(schedule.time());
        for (int day = 0; day < m_days.size(); ++day)
            m_days.at(day)->setChecked(schedule.days() & (1u << day));
        m_kind->setCurrentIndex(WeeklyPage);
        break;
    }
}

void ScheduleEditor::apply()
{
    const Schedule chosen = schedule();
    m_service->setSchedule(chosen);
    QSettings settings;
    settings.setValue(settingsKey(), chosen.toString());
    updateState();
    emit scheduleApplied(chosen);
}

void ScheduleEditor::setPaused(bool paused)
{
    if (paused)
        m_service->scheduler()->pause();
    else
        m_service->scheduler()->resume();
    QSettings().setValue(pausedKey(), paused);
    updateState();
}

void ScheduleEditor::restore()
{
    QSettings settings;
    const Result<Schedule> saved = Schedule::fromString(settings.value(settingsKey()).toString());
    const Schedule schedule = saved.ok() ? saved.value() : Schedule();
    setSchedule(schedule);
    if (settings.value(pausedKey(), false).toBool())
        m_service->scheduler()->pause();
    m_service->setSchedule(schedule);
    updateState();
}

void ScheduleEditor::updateState()
{
    const Scheduler *scheduler = m_service->scheduler();
    const bool paused = scheduler->isPaused();
    m_pause->setText(paused ? tr("Resume schedule") : tr("Pause schedule"));
    m_pause->setAccessibleName(m_pause->text());
    m_pause->setEnabled(scheduler->schedule().isValid());
    if (!scheduler->schedule().isValid())
        m_next->setText(tr("No schedule: runs start only when you ask."));
    else if (paused)
        m_next->setText(tr("Schedule paused (%1).").arg(scheduler->schedule().describe()));
    else
        m_next->setText(tr("Next run: %1 (%2)")
                            .arg(QLocale().toString(scheduler->nextRun().toLocalTime(), QLocale::LongFormat),
                                 scheduler->schedule().describe()));
}

} // namespace mf
