// SPDX-License-Identifier: MIT
#include "FileDialog.h"

#include <QCoreApplication>
#include <QFileDialog>

#include <optional>

namespace mf {

namespace {
std::optional<QString> g_nextFileName;
std::optional<QString> g_nextDirectory;
} // namespace

QString FileDialog::getOpenCsvFileName(QWidget *parent, const QString &startDir)
{
    if (g_nextFileName) {
        const QString answer = *g_nextFileName;
        g_nextFileName.reset();
        return answer;
    }
    return QFileDialog::getOpenFileName(
        parent, QCoreApplication::translate("mf::FileDialog", "Open movie data"), startDir,
        QCoreApplication::translate("mf::FileDialog", "CSV files (*.csv);;All files (*)"));
}

QString FileDialog::getExistingDirectory(QWidget *parent, const QString &title, const QString &startDir)
{
    if (g_nextDirectory) {
        const QString answer = *g_nextDirectory;
        g_nextDirectory.reset();
        return answer;
    }
    return QFileDialog::getExistingDirectory(parent, title, startDir);
}

void FileDialog::setNextFileName(const QString &fileName)
{
    g_nextFileName = fileName;
}

void FileDialog::setNextDirectory(const QString &dir)
{
    g_nextDirectory = dir;
}

} // namespace mf
