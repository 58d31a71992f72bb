// SPDX-License-Identifier: MIT
#include "RunState.h"

#include <array>

namespace mf {

namespace {

struct StateName
{
    RunState state;
    const char *name;
};

constexpr std::array<StateName, 9> stateNames {{
    {RunState::Scheduled, "Scheduled"},
    {RunState::Pending, "Pending"},
    {RunState::Running, "Running"},
    {RunState::Retrying, "Retrying"},
    {RunState::Completed, "Completed"},
    {RunState::Failed, "Failed"},
    {RunState::Cancelled, "Cancelled"},
    {RunState::Crashed, "Crashed"},
    {RunState::Deferred, "Deferred"},
}};

bool isOneOf(RunState state, std::initializer_list<RunState> states)
{
    for (RunState s : states) {
        if (s == state)
            return true;
    }
    return false;
}

} // namespace

QString runStateName(RunState state)
{
    for (const StateName &entry : stateNames) {
        if (entry.state == state)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("Unknown");
}

bool runStateFromName(const QString &name, RunState *state)
{
    for (const StateName &entry : stateNames) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0) {
            *state = entry.state;
            return true;
        }
    }
    return false;
}

QString runTriggerName(RunTrigger trigger)
{
    return trigger == RunTrigger::Schedule ? QStringLiteral("schedule") : QStringLiteral("manual");
}

bool runTriggerFromName(const QString &name, RunTrigger *trigger)
{
    if (name == QLatin1String("manual")) {
        *trigger = RunTrigger::Manual;
        return true;
    }
    if (name == QLatin1String("schedule")) {
        *trigger = RunTrigger::Schedule;
        return true;
    }
    return false;
}

bool isFinalState(RunState state)
{
    return isOneOf(state, {RunState::Completed, RunState::Failed, RunState::Cancelled, RunState::Crashed});
}

bool isResumableState(RunState state)
{
    return isOneOf(state, {RunState::Failed, RunState::Cancelled, RunState::Crashed});
}

bool canTransition(RunLevel level, RunState from, RunState to)
{
    if (to == RunState::Crashed)
        return isOneOf(from, {RunState::Pending, RunState::Running, RunState::Retrying});
    if (level == RunLevel::Flow) {
        switch (from) {
        case RunState::Scheduled:
            return isOneOf(to, {RunState::Pending, RunState::Deferred, RunState::Cancelled});
        case RunState::Deferred:
            return isOneOf(to, {RunState::Pending, RunState::Cancelled});
        case RunState::Pending:
            return isOneOf(to, {RunState::Running, RunState::Failed, RunState::Cancelled});
        case RunState::Running:
            return isOneOf(to, {RunState::Completed, RunState::Failed, RunState::Cancelled});
        case RunState::Failed:
        case RunState::Cancelled:
        case RunState::Crashed:
            return to == RunState::Pending;
        case RunState::Retrying:
        case RunState::Completed:
            return false;
        }
        return false;
    }
    switch (from) {
    case RunState::Pending:
        return isOneOf(to, {RunState::Running, RunState::Cancelled});
    case RunState::Running:
        return isOneOf(to, {RunState::Completed, RunState::Failed, RunState::Retrying, RunState::Cancelled});
    case RunState::Retrying:
        return isOneOf(to, {RunState::Running, RunState::Cancelled});
    case RunState::Failed:
    case RunState::Cancelled:
    case RunState::Crashed:
    case RunState::Completed:
        return to == RunState::Pending;
    case RunState::Scheduled:
    case RunState::Deferred:
        return false;
    }
    return false;
}

} // namespace mf
