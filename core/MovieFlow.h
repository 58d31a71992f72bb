// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "Flow.h"
#include "Pipeline.h"
#include "RetryPolicy.h"
#include "RunHistory.h"
#include "SheetSignature.h"

#include <QJsonObject>

#include <memory>

namespace mf {

/// What a changed sheet does to a run: nothing, a warning in the log, or a failed read task.
enum class DriftCheck { Off, Warn, Fail };

struct MovieFlowOptions
{
    RetryPolicy readRetry = RetryPolicy::readDefault();
    int taskTimeoutMs = 0; ///< per task; 0 = no limit
    DriftCheck drift = DriftCheck::Off;
    /// The source signature of the last good run (RunHistory::lastGoodSignature), for the drift check.
    QJsonObject lastGoodSignature;
};

/// The movie pipeline as a flow of five tasks — "Read movie data", "Clean movie data", "Analyze
/// movie data", "Export data to CSV", "Rename, move and zip" — over one PipelineRun.
///
/// Each task keeps what a resume needs in its task folder: the read task a snapshot of the source
/// table (so a resume never reads the source again), the export task the list of staged files.
/// Cleaning and analysis are pure functions of the snapshot and the stored settings; their restore
/// recomputes them and checks the row counts against what the run recorded. The export task checks
/// first that the output folder can be written, so an unusable folder fails before any file is made.
class MovieFlow
{
public:
    explicit MovieFlow(const PipelineSettings &settings = {}, const MovieFlowOptions &options = {},
                       const Clock &clock = Clock::system());

    /// "Movie data processing", as the original Prefect flow was called.
    static QString flowName();

    /// The flow to give a FlowRunner. Its tasks share this object's state (copies share it too).
    Flow flow() const;
    /// The pipeline state; complete once the runner reports the run finished.
    std::shared_ptr<PipelineRun> pipelineRun() const;
    /// Records the outcome in the pipeline state (for PipelineRun::toJson()).
    void setOutcome(const Error &error, const QString &failedTask);

    /// Settings as stored with a run, and back (for a resume in another process).
    static QJsonObject settingsToJson(const PipelineSettings &settings);
    static Result<PipelineSettings> settingsFromJson(const QJsonObject &object);
    /// Rebuilds the flow of a stored run, for FlowRunner::resume().
    static Result<MovieFlow> fromRecord(const FlowRunRecord &record, const MovieFlowOptions &options = {},
                                        const Clock &clock = Clock::system());

    /// Whether reading this source needs the network (anything but a local file or the sample), so
    /// a scheduled run is deferred while offline.
    static bool sourceNeedsNetwork(const SourceSpec &source);

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace mf
