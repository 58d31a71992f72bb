// SPDX-License-Identifier: MIT
#include "RunsPanel.h"

#include "FlowService.h"
#include "MovieFlow.h"
#include "RunFingerprint.h"
#include "RunsModel.h"
#include "UrlOpener.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace mf {

namespace {

QTreeWidgetItem *logItem(const LogEntry &entry)
{
    auto *item = new QTreeWidgetItem(
        {QLocale().toString(entry.time.toLocalTime().time(), QStringLiteral("HH:mm:ss")),
         logLevelName(entry.level), entry.message});
    if (entry.level == LogLevel::Error)
        item->setForeground(2, RunsModel::stateColor(RunState::Failed));
    return item;
}

} // namespace

RunsPanel::RunsPanel(FlowService *service, QWidget *parent)
    : QWidget(parent),
      m_service(service),
      m_model(new RunsModel(service->history(), this)),
      m_table(new QTableView(this)),
      m_details(new QTreeWidget(this)),
      m_changes(new QLabel(this)),
      m_rerun(new QPushButton(tr("Re-run"), this)),
      m_resume(new QPushButton(tr("Resume"), this)),
      m_openFolder(new QPushButton(tr("Open output folder"), this))
{
    setObjectName(QStringLiteral("runsPanel"));
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setAccessibleName(tr("Runs"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_details->setObjectName(QStringLiteral("runDetails"));
    m_details->setAccessibleName(tr("Tasks and log of the selected run"));
    m_details->setHeaderLabels({tr("Task / time"), tr("State / level"), tr("Details")});

    m_changes->setObjectName(QStringLiteral("runChanges"));
    m_changes->setAccessibleName(tr("What changed since the previous run"));
    m_changes->setWordWrap(true);
    m_changes->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_rerun->setObjectName(QStringLiteral("rerunButton"));
    m_rerun->setAccessibleName(tr("Run again with the selected run's settings"));
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_resume->setAccessibleName(tr("Resume the selected run from its first unfinished task"));
    m_openFolder->setObjectName(QStringLiteral("openRunFolderButton"));
    m_openFolder->setAccessibleName(tr("Open the selected run's output folder"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_rerun);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_openFolder);
    buttons->addStretch();

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(buttons);
    lowerLayout->addWidget(m_changes);
    lowerLayout->addWidget(m_details, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(lower);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsPanel::showSelectedRun);
    connect(m_rerun, &QPushButton::clicked, this, &RunsPanel::rerun);
    connect(m_resume, &QPushButton::clicked, this, &RunsPanel::resume);
    connect(m_openFolder, &QPushButton::clicked, this, &RunsPanel::openOutputFolder);
    connect(m_service, &FlowService::runStarted, this, &RunsPanel::reload);
    connect(m_service, &FlowService::runStateChanged, this, &RunsPanel::reload);
    connect(m_service, &FlowService::runFinished, this, &RunsPanel::reload);

    reload();
}

qint64 RunsPanel::selectedRunId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(RunsModel::RunIdRole).toLongLong();
}

bool RunsPanel::selectRun(qint64 runId)
{
    const int row = m_model->rowOf(runId);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

void RunsPanel::reload()
{
    const qint64 selected = selectedRunId();
    m_model->reload();
    if (selected == 0 || !selectRun(selected))
        showSelectedRun();
}

void RunsPanel::showSelectedRun()
{
    m_details->clear();
    m_changes->clear();
    const qint64 runId = selectedRunId();
    const std::optional<FlowRunRecord> run = runId ? m_service->history()->run(runId) : std::nullopt;
    const bool busy = m_service->isRunning();
    m_rerun->setEnabled(run.has_value() && !busy);
    m_resume->setEnabled(run.has_value() && !busy && isResumableState(run->state));
    m_openFolder->setEnabled(run.has_value() && !outputFolderOf(runId).isEmpty());
    if (!run)
        return;

    for (const LogEntry &entry : run->logs)
        m_details->addTopLevelItem(logItem(entry));
    for (const TaskRunRecord &task : run->tasks) {
        QString detail = RunsModel::durationText(task.startedAt, task.endedAt);
        if (task.attempts > 1)
            detail = tr("%1, %n attempts", nullptr, task.attempts).arg(detail);
        if (!task.error.isEmpty())
            detail += QStringLiteral(" — ") + task.error;
        auto *item = new QTreeWidgetItem({task.name, runStateName(task.state), detail});
        item->setForeground(1, RunsModel::stateColor(task.state));
        for (const LogEntry &entry : task.logs)
            item->addChild(logItem(entry));
        m_details->addTopLevelItem(item);
    }

    if (run->state != RunState::Completed || run->fingerprint.isEmpty()) {
        m_changes->setText(run->error.isEmpty() ? QString() : tr("Error: %1").arg(run->error));
        return;
    }
    const std::optional<FlowRunRecord> previous = m_service->history()->previousCompleted(run->flow, run->id);
    if (!previous || previous->fingerprint.isEmpty()) {
        m_changes->setText(tr("First completed run: nothing to compare with."));
        return;
    }
    RunDiff diff = diffRuns(RunFingerprint::fromJson(previous->fingerprint),
                            RunFingerprint::fromJson(run->fingerprint));
    diff.previousRunId = previous->id;
    m_changes->setText(tr("Since run %1: %2").arg(previous->id).arg(diff.summary()));
}

QString RunsPanel::outputFolderOf(qint64 runId) const
{
    const int row = m_model->rowOf(runId);
    if (row < 0)
        return {};
    const FlowRunRecord &run = m_model->runAt(row);
    QString dir = run.outputs.value(QStringLiteral("dir")).toString();
    if (dir.isEmpty())
        dir = run.settings.value(QStringLiteral("output_dir")).toString();
    return dir.isEmpty() || !QDir(dir).exists() ? QString() : dir;
}

void RunsPanel::rerun()
{
    const int row = m_model->rowOf(selectedRunId());
    if (row < 0)
        return;
    const Result<PipelineSettings> settings = MovieFlow::settingsFromJson(m_model->runAt(row).settings);
    if (!settings.ok()) {
        emit problem(settings.error().message);
        return;
    }
    m_service->setSettings(settings.value());
    const Result<qint64> started = m_service->runNow();
    if (!started.ok())
        emit problem(started.error().message);
    else
        selectRun(started.value());
}

void RunsPanel::resume()
{
    const qint64 runId = selectedRunId();
    if (runId == 0)
        return;
    const Result<qint64> resumed = m_service->resume(runId);
    if (!resumed.ok())
        emit problem(resumed.error().message);
}

void RunsPanel::openOutputFolder()
{
    const QString dir = outputFolderOf(selectedRunId());
    if (!dir.isEmpty() && !UrlOpener::open(QUrl::fromLocalFile(dir)))
        emit problem(tr("Cannot open %1.").arg(QDir::toNativeSeparators(dir)));
}

} // namespace mf
