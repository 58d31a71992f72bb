// SPDX-License-Identifier: MIT
#pragma once

#include "Pipeline.h"
#include "RunHistory.h"
#include "RunState.h"
#include "StepContext.h"

#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace mf {
class FlowRunner;
}

namespace mf::cli {

/// A run made through the flow engine and recorded in the history.
struct RecordedRun
{
    std::shared_ptr<PipelineRun> run; ///< the pipeline state (PipelineRun::toJson() for --json)
    qint64 runId = 0; ///< 0 when the history could not be used
    RunState state = RunState::Failed;
    Error error;
};

/// `movieflow-cli run`: one manual run through the flow engine, recorded in the history. Runs the
/// event loop until the run ends; `cancel` (set by the SIGINT handler) stops it. When the history
/// cannot be opened the run still happens, unrecorded, with a warning.
RecordedRun runAndRecord(const PipelineSettings &settings, CancelToken &cancel, bool quiet);

/// `movieflow-cli serve …` and `movieflow-cli runs …`; `arguments` start with the program name.
int serveCommand(const QStringList &arguments);
int runsCommand(const QStringList &arguments);

// Shared by the commands above.
void printOut(const QString &text);
void printErr(const QString &text);
QString levelLabel(LogLevel level); ///< "INFO", "WARNING", …
/// Prints task starts and log lines of a runner on stderr, as `run` does.
void echoRunner(FlowRunner &runner);
/// A flow run as one JSON object (the `runs --json` entries; with tasks and logs when `detail`).
QJsonObject runJson(const FlowRunRecord &run, bool detail);
/// Opens the history; prints the reason and returns false when it cannot.
bool openHistory(RunHistory &history);

} // namespace mf::cli
