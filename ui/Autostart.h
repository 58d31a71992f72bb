// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QString>

namespace mf {

/// "Start at login": an XDG autostart entry, movieflow.desktop in $XDG_CONFIG_HOME/autostart
/// (~/.config/autostart when XDG_CONFIG_HOME is unset or not absolute), that starts the window
/// hidden in the tray (`movieflow --tray`).
class Autostart
{
public:
    /// The entry's full path for the current environment.
    static QString entryPath();
    /// Whether the entry exists and is not disabled (Hidden=true).
    static bool isEnabled();
    /// Writes the entry (atomically) for `program`, or removes it. Removing a missing entry is fine.
    static Error setEnabled(bool enabled, const QString &program);
    /// The entry's text for `program` (quoted for the Exec key as the XDG spec asks).
    static QString entryText(const QString &program);
};

} // namespace mf
