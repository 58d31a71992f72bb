// SPDX-License-Identifier: MIT
#pragma once

#include "RunHistory.h"

#include <QAbstractTableModel>
#include <QList>

namespace mf {

/// The runs of the history for the Runs tab, newest first: id, state (coloured), start, duration,
/// trigger and rows kept. Reads the history on reload() (call it from the history's thread, e.g.
/// when FlowService reports runStarted/runStateChanged/runFinished).
class RunsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        StateColumn,
        StartedColumn,
        DurationColumn,
        TriggerColumn,
        RowsColumn,
        ColumnCount
    };
    /// Qt::UserRole: the run id (qint64); StateRole: the RunState.
    enum Role { RunIdRole = Qt::UserRole, StateRole };

    explicit RunsModel(RunHistory *history, QObject *parent = nullptr);

    /// How many runs to show (newest); <= 0 = all. Default 200.
    void setLimit(int limit) { m_limit = limit; }
    /// Reads the runs again from the history.
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const FlowRunRecord &runAt(int row) const { return m_runs.at(row); }
    /// The row of a run id, or -1.
    int rowOf(qint64 runId) const;

    /// The colour that stands for a state (green completed, red failed/crashed, …).
    static QColor stateColor(RunState state);
    /// "1 min 05 s", "0.4 s", or empty when the run has not started or ended.
    static QString durationText(const QDateTime &start, const QDateTime &end);

private:
    RunHistory *m_history;
    QList<FlowRunRecord> m_runs;
    int m_limit = 200;
};

} // namespace mf
