// SPDX-License-Identifier: MIT
#include "RunsModel.h"

#include <QColor>
#include <QLocale>

namespace mf {

RunsModel::RunsModel(RunHistory *history, QObject *parent) : QAbstractTableModel(parent), m_history(history)
{ }

void RunsModel::reload()
{
    beginResetModel();
    m_runs = (m_history && m_history->isOpen()) ? m_history->runs(m_limit) : QList<FlowRunRecord> {};
    endResetModel();
}

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int RunsModel::rowOf(qint64 runId) const
{
    for (int row = 0; row < m_runs.size(); ++row) {
        if (m_runs.at(row).id == runId)
            return row;
    }
    return -1;
}

QColor RunsModel::stateColor(RunState state)
{
    switch (state) {
    case RunState::Completed:
        return QColor(0x2e, 0x7d, 0x32);
    case RunState::Failed:
    case RunState::Crashed:
        return QColor(0xc6, 0x28, 0x28);
    case RunState::Cancelled:
        return QColor(0x75, 0x75, 0x75);
    case RunState::Running:
    case RunState::Retrying:
        return QColor(0x15, 0x65, 0xc0);
    case RunState::Scheduled:
    case RunState::Pending:
    case RunState::Deferred:
        return QColor(0xef, 0x6c, 0x00);
    }
    return {};
}

QString RunsModel::durationText(const QDateTime &start, const QDateTime &end)
{
    if (!start.isValid() || !end.isValid())
        return {};
    const qint64 ms = start.msecsTo(end);
    if (ms < 0)
        return {};
    if (ms < 10000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 secs = ms / 1000;
    if (secs < 3600)
        return tr("%1 min %2 s").arg(secs / 60).arg(secs % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(secs / 3600).arg((secs % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const FlowRunRecord &run = m_runs.at(index.row());
    if (role == RunIdRole)
        return run.id;
    if (role == StateRole)
        return QVariant::fromValue(run.state);
    if (role == Qt::ForegroundRole && index.column() == StateColumn)
        return stateColor(run.state);
    if (role == Qt::TextAlignmentRole
        && (index.column() == IdColumn || index.column() == RowsColumn || index.column() == DurationColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && !run.error.isEmpty())
        return run.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return run.id;
    case StateColumn:
        return runStateName(run.state);
    case StartedColumn:
        return run.startedAt.isValid() ? QLocale().toString(run.startedAt.toLocalTime(), QLocale::ShortFormat)
                                       : QString();
    case DurationColumn:
        return durationText(run.startedAt, run.endedAt);
    case TriggerColumn:
        return run.trigger == RunTrigger::Schedule ? tr("schedule") : tr("manual");
    case RowsColumn:
        return run.rowsKept >= 0 ? QVariant(run.rowsKept) : QVariant();
    default:
        return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Run");
    case StateColumn:
        return tr("State");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case TriggerColumn:
        return tr("Trigger");
    case RowsColumn:
        return tr("Rows kept");
    default:
        return {};
    }
}

} // namespace mf
