// SPDX-License-Identifier: MIT
#include "Autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace mf {

namespace {

QString configHome()
{
    // The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
    const QString xdg = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg))
        return xdg;
    return QDir::homePath() + QStringLiteral("/.config");
}

/// Exec= quoting: arguments with reserved characters go in double quotes, with ", `, $ and \ escaped.
QString quoteExecArgument(const QString &argument)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    bool needsQuotes = argument.isEmpty();
    for (const QChar c : argument)
        needsQuotes = needsQuotes || reserved.contains(c);
    if (!needsQuotes)
        return QString(argument).replace(QLatin1Char('%'), QStringLiteral("%%"));
    QString quoted;
    for (const QChar c : argument) {
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
            quoted += QLatin1Char('\\');
        quoted += c;
    }
    // A literal % must be doubled in Exec, quoted or not.
    quoted.replace(QLatin1Char('%'), QStringLiteral("%%"));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

QString Autostart::entryPath()
{
    return configHome() + QStringLiteral("/autostart/movieflow.desktop");
}

bool Autostart::isEnabled()
{
    QFile file(entryPath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line == "Hidden=true")
            return false;
    }
    return true;
}

QString Autostart::entryText(const QString &program)
{
    const QString exec = quoteExecArgument(program);
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=MovieFlow\n"
                          "Comment=Runs the scheduled movie flow from the system tray\n"
                          "Exec=%1 --tray\n"
                          "Icon=movieflow\n"
                          "Terminal=false\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(exec);
}

Error Autostart::setEnabled(bool enabled, const QString &program)
{
    const QString path = entryPath();
    if (!enabled) {
        if (QFileInfo::exists(path) && !QFile::remove(path))
            return Error::output(QCoreApplication::translate("mf::Autostart", "Cannot remove %1")
                                     .arg(QDir::toNativeSeparators(path)));
        return {};
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error::output(QCoreApplication::translate("mf::Autostart", "Cannot create the folder of %1")
                                 .arg(QDir::toNativeSeparators(path)));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(entryText(program).toUtf8()) < 0
        || !file.commit())
        return Error::output(QCoreApplication::translate("mf::Autostart", "Cannot write %1: %2")
                                 .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

} // namespace mf
