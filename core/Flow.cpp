// SPDX-License-Identifier: MIT
#include "Flow.h"

#include <QSet>

namespace mf {

bool TaskSpec::shouldRetry(const Error &error) const
{
    if (!error.isError() || error.kind == ErrorKind::Cancelled)
        return false;
    if (retryable)
        return retryable(error);
    return error.kind != ErrorKind::Usage && error.kind != ErrorKind::Internal;
}

int Flow::indexOf(const QString &taskName) const
{
    for (size_t i = 0; i < tasks.size(); ++i) {
        if (tasks[i].name == taskName)
            return int(i);
    }
    return -1;
}

Error Flow::validate() const
{
    auto invalid = [this](const QString &what) {
        return Error {ErrorKind::Internal,
                      QStringLiteral("The flow \"%1\" is not valid: %2.").arg(name, what)};
    };
    if (name.isEmpty())
        return invalid(QStringLiteral("it has no name"));
    if (tasks.empty())
        return invalid(QStringLiteral("it has no tasks"));
    QSet<QString> earlier;
    for (const TaskSpec &task : tasks) {
        if (task.name.isEmpty())
            return invalid(QStringLiteral("a task has no name"));
        if (!task.run)
            return invalid(QStringLiteral("the task \"%1\" has nothing to run").arg(task.name));
        if (earlier.contains(task.name))
            return invalid(QStringLiteral("the task name \"%1\" is used twice").arg(task.name));
        for (const QString &input : task.inputs) {
            if (!earlier.contains(input))
                return invalid(QStringLiteral("the task \"%1\" reads \"%2\", which is not an earlier task")
                                   .arg(task.name, input));
        }
        earlier.insert(task.name);
    }
    return {};
}

} // namespace mf
