// SPDX-License-Identifier: MIT
#pragma once

#include "Pipeline.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace mf {

/// Runs a pipeline on a worker thread (QtConcurrent) and reports back on the thread it lives in.
/// One run at a time: start() while running is refused and returns false.
class PipelineController : public QObject
{
    Q_OBJECT

public:
    explicit PipelineController(QObject *parent = nullptr, const Clock &clock = Clock::system());
    ~PipelineController() override;

    bool isRunning() const;
    bool start(const PipelineSettings &settings);
    /// Asks the run to stop; finished() follows with a Cancelled error, usually within a second.
    void cancel();
    /// The last finished run, or null.
    std::shared_ptr<const PipelineRun> lastRun() const { return m_lastRun; }

signals:
    void started();
    void stageStarted(mf::Stage stage);
    /// Overall progress 0..1 across all steps.
    void progress(double fraction);
    void logMessage(mf::LogLevel level, const QString &message);
    /// The run ended: completed, failed or cancelled (see run->error).
    void finished(std::shared_ptr<const mf::PipelineRun> run);

private:
    Pipeline m_pipeline;
    std::shared_ptr<CancelToken> m_cancel;
    QFutureWatcher<std::shared_ptr<PipelineRun>> m_watcher;
    std::shared_ptr<const PipelineRun> m_lastRun;
};

/// Loads a source for the preview on a worker thread.
class SourceLoader : public QObject
{
    Q_OBJECT

public:
    explicit SourceLoader(QObject *parent = nullptr);
    ~SourceLoader() override;

    bool isLoading() const;
    /// Starts loading; a load already running is cancelled and its result dropped.
    void load(const SourceSpec &source);
    void cancel();

signals:
    void progress(double fraction);
    void loaded(const mf::SourceSpec &source, std::shared_ptr<const mf::DataTable> table);
    void failed(const mf::SourceSpec &source, const mf::Error &error);

private:
    struct Outcome;
    std::shared_ptr<CancelToken> m_cancel;
    QFutureWatcher<std::shared_ptr<Outcome>> *m_watcher = nullptr;
};

} // namespace mf

Q_DECLARE_METATYPE(mf::Stage)
Q_DECLARE_METATYPE(mf::LogLevel)
