// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMap>
#include <QWidget>

class QFormLayout;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTableView;

namespace mf {

struct PipelineRun;
class TopMoviesModel;

/// The "Results" tab: what a completed run did (row counts), the most popular films with the average
/// ratings, and where the files went, with a button that opens the output folder.
class ResultsView : public QWidget
{
    Q_OBJECT

public:
    explicit ResultsView(QWidget *parent = nullptr);

    /// Shows a completed run. Runs that failed or were cancelled are not shown here.
    void showRun(const PipelineRun &run);
    void clear();
    bool hasResults() const;

    TopMoviesModel *topModel() const { return m_topModel; }
    QString outputDir() const { return m_outputDir; }

private:
    void openOutputFolder();
    void showInvalidBreakdown(const QMap<QString, qint64> &droppedInvalid);
    void fitTopView();
    QLabel *addCount(QFormLayout *form, const QString &label, const QString &objectName);

    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QWidget *m_content = nullptr;
    QScrollArea *m_scroll = nullptr;
    QGridLayout *m_grid = nullptr;

    QLabel *m_read = nullptr;
    QLabel *m_droppedMissing = nullptr;
    QLabel *m_droppedInvalid = nullptr;
    QFormLayout *m_rowsForm = nullptr;
    QList<QWidget *> m_breakdownLabels; ///< one form row per column with invalid values
    QLabel *m_filterLabel = nullptr;
    QLabel *m_droppedFilter = nullptr;
    QLabel *m_duplicateIds = nullptr;
    QLabel *m_kept = nullptr;

    QGroupBox *m_topGroup = nullptr;
    TopMoviesModel *m_topModel = nullptr;
    QTableView *m_topView = nullptr;
    QLabel *m_avgTopLabel = nullptr;
    QLabel *m_avgTop = nullptr;
    QLabel *m_avgAll = nullptr;
    QLabel *m_meanPopularity = nullptr;

    QLabel *m_folderLink = nullptr;
    QLineEdit *m_csvPath = nullptr;
    QLineEdit *m_zipPath = nullptr;
    QPushButton *m_openFolder = nullptr;
    QString m_outputDir;
};

} // namespace mf
