// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Pipeline.h"
#include "Source.h"

#include <QObject>

#include <functional>
#include <memory>

namespace mf {

class PipelineController;
class SourceLoader;

/// What the window is working on, without any widget: the loaded source and its table, loading a
/// new source on a worker, and running the pipeline on it. One thing at a time: while a source loads
/// or a run is going, run() is refused. The window is a view of this object.
class WorkflowSession : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Loading, Running };
    Q_ENUM(State)

    explicit WorkflowSession(QObject *parent = nullptr);
    ~WorkflowSession() override;

    /// `provider` gives the settings of the next run; the source is filled in here.
    void setSettingsProvider(std::function<PipelineSettings()> provider);

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    bool hasSource() const { return m_table != nullptr; }
    /// The loaded source (valid when hasSource()).
    const SourceSpec &source() const { return m_source; }
    const std::shared_ptr<const DataTable> &table() const { return m_table; }
    /// The source being loaded while state() is Loading.
    const SourceSpec &pendingSource() const { return m_pending; }
    std::shared_ptr<const PipelineRun> lastRun() const { return m_lastRun; }

    /// Loads `source` for the preview; with `runWhenLoaded` the pipeline runs once it has loaded.
    /// A load already going is replaced. Refused (false) while a run is going.
    bool open(const SourceSpec &source, bool runWhenLoaded = false);
    /// Runs the pipeline on the loaded source. False when busy or nothing is loaded.
    bool run();
    /// Cancels the load or the run that is going.
    void cancel();

signals:
    void stateChanged(mf::WorkflowSession::State state);
    void loadStarted(const mf::SourceSpec &source);
    void loaded(const mf::SourceSpec &source, std::shared_ptr<const mf::DataTable> table);
    void loadFailed(const mf::SourceSpec &source, const mf::Error &error);
    void loadCancelled(const mf::SourceSpec &source);
    /// Progress of the load or the run, 0..1.
    void progress(double fraction);
    void runStarted();
    void stageStarted(mf::Stage stage);
    void logMessage(mf::LogLevel level, const QString &message);
    /// The run ended: completed, failed or cancelled (see run->error).
    void runFinished(std::shared_ptr<const mf::PipelineRun> run);

private:
    void setState(State state);
    void onLoaded(const SourceSpec &source, std::shared_ptr<const DataTable> table);
    void onLoadFailed(const SourceSpec &source, const Error &error);
    void onRunFinished(std::shared_ptr<const PipelineRun> run);

    SourceLoader *m_loader = nullptr;
    PipelineController *m_controller = nullptr;
    std::function<PipelineSettings()> m_settingsProvider;
    State m_state = State::Idle;
    SourceSpec m_source;
    SourceSpec m_pending;
    bool m_runWhenLoaded = false;
    std::shared_ptr<const DataTable> m_table;
    std::shared_ptr<const PipelineRun> m_lastRun;
};

} // namespace mf
