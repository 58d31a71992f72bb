// SPDX-License-Identifier: MIT
#include "A1Notation.h"

#include <QUrl>

namespace mf::google::a1 {

QString columnLetters(int column)
{
    QString letters;
    for (int n = column; n > 0; n = (n - 1) / 26)
        letters.prepend(QChar(u'A' + (n - 1) % 26));
    return letters;
}

QString quoteSheetTitle(const QString &title)
{
    QString quoted = title;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString rowRange(const QString &title, int firstRow, int lastRow, int lastColumn)
{
    return QStringLiteral("%1!A%2:%3%4")
        .arg(quoteSheetTitle(title))
        .arg(firstRow)
        .arg(columnLetters(lastColumn))
        .arg(lastRow);
}

QString encodePathSegment(const QString &range)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(range));
}

QString encodeQueryValue(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

QString buildQuery(const QList<QPair<QString, QString>> &items)
{
    QStringList parts;
    parts.reserve(items.size());
    for (const auto &item : items)
        parts.append(item.first + QLatin1Char('=') + encodeQueryValue(item.second));
    return parts.join(QLatin1Char('&'));
}

} // namespace mf::google::a1
