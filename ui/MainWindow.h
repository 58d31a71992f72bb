// SPDX-License-Identifier: MIT
#pragma once

#include "WorkflowSession.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;

namespace mf {

class DataPreview;
class MessageWidget;
class ResultsView;
class RunStatusWidget;
class SettingsPanel;

/// The main window: a view of a WorkflowSession. Left, the source and the run settings; right, the
/// loaded source, a message banner and the tabs (Data, Results). Work in progress shows in the status
/// bar with a progress bar and a Cancel button.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    WorkflowSession *session() const { return m_session; }
    QTabWidget *tabs() const { return m_tabs; }
    MessageWidget *messages() const { return m_messages; }

    /// Loads a source into the preview; with `runWhenLoaded` the pipeline runs once it has loaded.
    void openSource(const SourceSpec &source, bool runWhenLoaded = false);
    /// Runs the pipeline on the loaded source with the current settings.
    void runPipeline();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    QWidget *createSidePanel();
    QWidget *createMainArea();
    void restoreWindowState();
    void saveWindowState();

    void openFile();
    void openOutputFolder();
    void showAbout();
    void saveOptions();

    void updateActions();
    void onLoadStarted(const SourceSpec &source);
    void onLoaded(const SourceSpec &source, const std::shared_ptr<const DataTable> &table);
    void onLoadFailed(const SourceSpec &source, const Error &error);
    void onLoadCancelled(const SourceSpec &source);
    void onRunStarted();
    void onStageStarted(Stage stage);
    void onLogMessage(LogLevel level, const QString &message);
    void onRunFinished(const std::shared_ptr<const PipelineRun> &run);

    WorkflowSession *m_session = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_openSampleAction = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_openOutputAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;

    QSplitter *m_splitter = nullptr;
    SettingsPanel *m_settings = nullptr;
    QPushButton *m_runButton = nullptr;
    QLabel *m_sourceLine = nullptr;
    MessageWidget *m_messages = nullptr;
    QTabWidget *m_tabs = nullptr;
    DataPreview *m_preview = nullptr;
    ResultsView *m_results = nullptr;
    RunStatusWidget *m_status = nullptr;
};

} // namespace mf
