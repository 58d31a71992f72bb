// SPDX-License-Identifier: MIT
#pragma once

#include "Analysis.h"
#include "Cleaner.h"
#include "Clock.h"
#include "ColumnRoles.h"
#include "DataTable.h"
#include "Error.h"
#include "Exporter.h"
#include "FileOps.h"
#include "Source.h"
#include "StepContext.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace mf {

/// Everything a run needs to know.
struct PipelineSettings
{
    SourceSpec source;
    QHash<QString, QString> mapping; ///< role name -> source header (user's mapping)
    CleanSettings clean;
    int topN = 10;
    ExportOptions exportOptions;
    QString outputDir;    ///< empty = the default output folder
    QString nameTemplate; ///< empty = defaultNameTemplate()
    bool zip = true;
    bool keepCsv = true;

    QJsonObject toJson() const;
};

/// The default output folder: ~/MovieFlow (the user's home, or Documents when home is not writable).
QString defaultOutputDir();

/// The steps of the movie flow, in order. Their names are the task names shown to the user.
enum class Stage { Read, Clean, Analyze, Export, FileOps };
inline constexpr int StageCount = 5;
QString stageName(Stage stage); ///< "Read movie data", "Clean movie data", …

struct StageTimings
{
    double ms[StageCount] = {0, 0, 0, 0, 0};
};

/// The state of one run, filled step by step. Each step reads what the earlier ones left.
struct PipelineRun
{
    PipelineSettings settings;
    QDateTime startedAt;
    QString workDir; ///< staging folder for the export; removed after the file operations

    std::shared_ptr<DataTable> table;
    RoleMap roles;
    std::shared_ptr<CleanedData> cleaned;
    std::shared_ptr<Analysis> analysis;
    ExportedFiles exported;
    FinalOutputs outputs;
    StageTimings timings;
    QStringList warnings;
    Error error;
    Stage failedStage = Stage::Read;

    /// The single JSON object of `movieflow-cli run --json` (status, rows, analysis, outputs, timings_ms).
    QJsonObject toJson() const;
    /// summary.json: counts, analysis figures and the settings used.
    QJsonObject summaryJson() const;
};

/// Runs the steps of one run. Steps are synchronous and run on the caller's thread: call from a
/// worker (PipelineController does). Every step checks ctx for cancellation; a failed or cancelled
/// run removes its staging folder and never touches earlier outputs.
class Pipeline
{
public:
    explicit Pipeline(const Clock &clock = Clock::system());

    /// Starts a run: records the start time and chooses the staging folder.
    PipelineRun start(const PipelineSettings &settings) const;

    Error runStage(Stage stage, PipelineRun &run, const StepContext &ctx) const;
    /// All steps in order; stops at the first failure (run.error, run.failedStage).
    void runAll(PipelineRun &run, const StepContext &ctx,
                const std::function<void(Stage)> &stageStarted = {}) const;

    /// Removes the run's staging folder (after success, failure or cancel).
    static void cleanup(PipelineRun &run);

private:
    const Clock &m_clock;
};

} // namespace mf
