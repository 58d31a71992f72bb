// SPDX-License-Identifier: MIT
#pragma once

#include "RunState.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace mf {

class FlowService;
class RunsModel;
struct Error;

/// The Runs tab: the history's runs newest first; the selected run's task runs with their log
/// lines, what changed since the previous completed run, and Re-run / Resume / Open output folder.
/// Follows the service's signals, so runs appear and change state as they go.
class RunsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunsPanel(FlowService *service, QWidget *parent = nullptr);

    RunsModel *model() const { return m_model; }
    /// The selected run's id, or 0.
    qint64 selectedRunId() const;
    /// Selects a run by id (false when it is not listed).
    bool selectRun(qint64 runId);
    /// Reads the history again, keeping the selection.
    void reload();

signals:
    /// A user action could not be done (shown by the window).
    void problem(const QString &text);

private:
    void showSelectedRun();
    void rerun();
    void resume();
    void openOutputFolder();
    QString outputFolderOf(qint64 runId) const;

    FlowService *m_service;
    RunsModel *m_model;
    QTableView *m_table;
    QTreeWidget *m_details;
    QLabel *m_changes;
    QPushButton *m_rerun;
    QPushButton *m_resume;
    QPushButton *m_openFolder;
};

} // namespace mf
