// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Pipeline.h"

#include <QCommandLineParser>

namespace mf::cli {

/// Adds the options that choose a source and shape a run (shared by `run` and later `serve`).
void addRunOptions(QCommandLineParser &parser);

/// Builds run settings from parsed options; a Usage error says which option is wrong.
Result<PipelineSettings> runSettingsFrom(const QCommandLineParser &parser);

/// For a sheet read through the signed-in account: asks the keychain for the account now, on the
/// calling (main) thread, and hands the result (credentials, or the error that says to sign in) to
/// the runs, which read on a worker thread. Does nothing for other sources.
void provideSignedInAccount(const SourceSpec &source);

} // namespace mf::cli
