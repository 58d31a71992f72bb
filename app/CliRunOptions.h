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

} // namespace mf::cli
