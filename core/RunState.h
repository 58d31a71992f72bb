// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace mf {

/// The state of a flow run or of one task run (the same set, as in Prefect).
enum class RunState {
    Scheduled, ///< a scheduled run whose time has come, before it is picked up
    Pending, ///< accepted, waiting to start
    Running,
    Retrying, ///< a task failed and waits for its next attempt
    Completed,
    Failed,
    Cancelled,
    Crashed, ///< the process ended during the run (found at the next start)
    Deferred, ///< a scheduled run waiting for the network to return
};

/// Whether a run or task run is a flow run or a task run; they allow different transitions.
enum class RunLevel { Flow, Task };

/// What started a flow run.
enum class RunTrigger { Manual, Schedule };

/// "Completed", "Failed", … (stored in the history and printed by `movieflow-cli runs`).
QString runStateName(RunState state);
/// The state for a stored name, or false.
bool runStateFromName(const QString &name, RunState *state);

QString runTriggerName(RunTrigger trigger); ///< "manual" or "schedule"
bool runTriggerFromName(const QString &name, RunTrigger *trigger);

/// Completed, Failed, Cancelled and Crashed end a run (until a resume).
bool isFinalState(RunState state);
/// Failed, Cancelled and Crashed runs can be resumed from their first unfinished task.
bool isResumableState(RunState state);

/// The state machine. Flow runs: Scheduled → Pending | Deferred | Cancelled; Deferred → Pending |
/// Cancelled; Pending → Running | Failed | Cancelled; Running → Completed | Failed | Cancelled |
/// Crashed; Failed | Cancelled | Crashed → Pending (resume). Task runs: Pending → Running | Cancelled;
/// Running → Completed | Failed | Retrying | Cancelled | Crashed; Retrying → Running | Cancelled |
/// Crashed; Failed | Cancelled | Crashed → Pending (resume); Completed → Pending (a resume whose
/// stored output is gone runs that task again). Pending, Running and Retrying runs can always become
/// Crashed (crash recovery).
bool canTransition(RunLevel level, RunState from, RunState to);

} // namespace mf
