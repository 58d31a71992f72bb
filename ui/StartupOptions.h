// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Source.h"

#include <QString>
#include <QStringList>

namespace mf {

/// What `movieflow [FILE.csv] [--run] [--tray]` was asked to do.
struct StartupOptions
{
    enum class Action { Start, ShowHelp, ShowVersion };

    Action action = Action::Start;
    SourceSpec source = SourceSpec::sample(); ///< the bundled sample when no file is given
    bool run = false; ///< run the pipeline once the source has loaded
    bool tray = false; ///< start hidden in the tray (`--tray`)
    QString text; ///< help or version text for ShowHelp/ShowVersion

    /// Parses the command line (arguments[0] is the program). Wrong options are a Usage error whose
    /// message says what is wrong and points to --help.
    static Result<StartupOptions> parse(const QStringList &arguments);
};

} // namespace mf
