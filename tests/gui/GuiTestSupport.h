// SPDX-License-Identifier: MIT
// Helpers shared by the GUI tests: isolated settings, files in temporary folders, waiting for the window.
#pragma once

#include "MainWindow.h"
#include "WorkflowSession.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

namespace mftest {

/// Settings and the pipeline's staging folder go to Qt's test locations, never the user's.
inline void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings(QStringLiteral("MovieFlow"), QStringLiteral("MovieFlow")).clear();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.flush();
}

inline bool waitIdle(const mf::MainWindow &window, int timeoutMs = 60000)
{
    return QTest::qWaitFor([&window] { return !window.session()->isBusy(); }, timeoutMs);
}

inline bool realDataPresent()
{
    return QFileInfo::exists(QStringLiteral(MOVIEFLOW_REAL_DATA));
}

} // namespace mftest
