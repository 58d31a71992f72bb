// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace mf::cli {

/// `movieflow-cli auth login|status|logout`. `arguments` are the program name followed by the subcommand
/// and its options. Returns the exit code: 0 done, 2 usage, 4 Google/auth failure (and `auth status` when
/// nobody is signed in), 130 cancelled.
int authCommand(const QStringList &arguments);

/// The help of `movieflow-cli auth`.
QString authHelp();

} // namespace mf::cli
