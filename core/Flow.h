// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "RetryPolicy.h"
#include "StepContext.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mf {

/// What a task gets when it runs: the step context (cancel token, progress, log) plus the run's
/// working folder and the attempt number. The task puts its result summary (row counts, output
/// paths, figures) into `result`; the engine stores it with the task run.
struct TaskContext : StepContext
{
    QString workDir; ///< the run's working folder
    /// This task's own folder inside workDir. Files the task keeps here survive for a resume once
    /// it completes; the folder is emptied before each attempt and removed when one fails.
    /// A task that places files elsewhere writes outside.json here first — {"dir": folder,
    /// "prefixes": [name prefixes of what it may create], "existing": [names already there]} — so
    /// that crash recovery can remove what a killed attempt left in that folder.
    QString taskDir;
    int attempt = 1; ///< 1 for the first attempt
    QJsonObject result;

    void error(const QString &message) const
    {
        if (log)
            log(LogLevel::Error, message);
    }
};

using TaskFunction = std::function<Error(TaskContext &)>;

/// One named task of a flow.
struct TaskSpec
{
    QString name;
    /// Names of earlier tasks whose outputs this task reads. A resume restores exactly these
    /// (transitively) before running the task.
    QStringList inputs;
    RetryPolicy retry;
    /// 0 = no limit. A task over its limit is cancelled and fails (and may be retried).
    int timeoutMs = 0;
    /// Runs on a worker thread. Must check ctx.cancelled() regularly (a cancel should take effect
    /// within a second) and leave no partial files when it fails or is cancelled.
    TaskFunction run;
    /// Rebuilds the task's outputs from what `run` kept in the working folder, for a resume; runs on
    /// a worker thread. Empty, or an error, means the task runs again instead.
    TaskFunction restore;
    /// Whether an error is worth another attempt. Empty = every error except Usage, Cancelled and
    /// Internal ones.
    std::function<bool(const Error &)> retryable;

    bool shouldRetry(const Error &error) const;
};

/// What the engine stores with a finished flow run, taken from the flow's own state.
struct FlowSummary
{
    qint64 rowsKept = -1; ///< -1 when unknown
    QJsonObject outputs; ///< {"dir", "csv", "zip", "files"} for the movie flow
    QJsonObject fingerprint; ///< compact result fingerprint of a completed run (RunFingerprint)
    QJsonObject signature; ///< the source's headers and column types (SheetSignature)
};

/// An ordered set of named tasks. Tasks run one after another; a task's inputs must come earlier.
struct Flow
{
    QString name;
    /// The settings the flow was made from; stored with the run so a resume can rebuild the flow.
    QJsonObject settings;
    std::vector<TaskSpec> tasks;
    /// Called on the runner's thread once the run ends (whatever its state).
    std::function<FlowSummary()> summarize;
    /// Called on the runner's thread when the run completed, after summarize (e.g. to tidy up).
    std::function<void()> completed;

    /// Index of a task by name, or -1.
    int indexOf(const QString &taskName) const;
    /// An Internal error when the flow has no tasks, a task has no name or function, a name repeats,
    /// or an input names a task that does not come earlier.
    Error validate() const;
};

} // namespace mf
