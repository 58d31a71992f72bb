// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QWidget;

namespace mf {

/// The file dialogs the window opens, behind a seam: a test queues the next answer with
/// setNextFileName()/setNextDirectory() and no dialog is shown, so no test blocks on a modal.
class FileDialog
{
public:
    /// Asks for a CSV file to open; empty when the user cancels.
    static QString getOpenCsvFileName(QWidget *parent, const QString &startDir);
    /// Asks for a folder; empty when the user cancels.
    static QString getExistingDirectory(QWidget *parent, const QString &title, const QString &startDir);

    /// The next getOpenCsvFileName() returns `fileName` without showing a dialog (empty = "cancelled").
    static void setNextFileName(const QString &fileName);
    /// The next getExistingDirectory() returns `dir` without showing a dialog (empty = "cancelled").
    static void setNextDirectory(const QString &dir);
};

} // namespace mf
