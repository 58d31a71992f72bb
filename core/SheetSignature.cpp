// SPDX-License-Identifier: MIT
#include "SheetSignature.h"

#include "DataTable.h"
#include "ValueParsers.h"

#include <QHash>
#include <QJsonArray>

namespace mf {

namespace {

QString inferType(const DataTable &table, int column, int sampleRows)
{
    bool allInteger = true;
    bool allNumber = true;
    bool allDate = true;
    int seen = 0;
    values::DateOrderDetector order;
    const qsizetype rows = qMin<qsizetype>(table.rowCount(), sampleRows);
    for (qsizetype row = 0; row < rows; ++row) {
        const std::string_view cell = table.cell(row, column);
        if (values::isMissingToken(cell))
            continue;
        order.add(cell);
    }
    for (qsizetype row = 0; row < rows && (allInteger || allNumber || allDate); ++row) {
        const std::string_view cell = table.cell(row, column);
        if (values::isMissingToken(cell))
            continue;
        ++seen;
        allInteger = allInteger && values::parseInteger(cell).has_value();
        allNumber = allNumber && values::parseDouble(cell).has_value();
        allDate
            = allDate && values::parseDate(cell, order.order(), table.numericDatesAreSerials()).has_value();
    }
    if (seen == 0)
        return QStringLiteral("empty");
    if (allInteger)
        return QStringLiteral("integer");
    if (allNumber)
        return QStringLiteral("number");
    if (allDate)
        return QStringLiteral("date");
    return QStringLiteral("text");
}

/// Integers and numbers are one kind: a column of counts may hold 7.5 one day.
QString kindOf(const QString &type)
{
    return type == QLatin1String("integer") ? QStringLiteral("number") : type;
}

QString quoted(const QString &header)
{
    return header.isEmpty() ? QStringLiteral("the unnamed column") : QStringLiteral("\"%1\"").arg(header);
}

QString kindPhrase(const QString &type)
{
    if (type == QLatin1String("number") || type == QLatin1String("integer"))
        return QStringLiteral("numbers");
    if (type == QLatin1String("date"))
        return QStringLiteral("dates");
    return QStringLiteral("text");
}

} // namespace

SheetSignature SheetSignature::of(const DataTable &table, int sampleRows)
{
    SheetSignature signature;
    signature.headers = table.headers();
    for (int column = 0; column < table.columnCount(); ++column)
        signature.types << inferType(table, column, sampleRows);
    return signature;
}

SheetSignature SheetSignature::fromJson(const QJsonObject &object)
{
    SheetSignature signature;
    const QJsonArray columns = object.value(QStringLiteral("columns")).toArray();
    for (const QJsonValue &value : columns) {
        const QJsonObject column = value.toObject();
        signature.headers << column.value(QStringLiteral("header")).toString();
        signature.types << column.value(QStringLiteral("type")).toString();
    }
    return signature;
}

QJsonObject SheetSignature::toJson() const
{
    QJsonArray columns;
    for (qsizetype i = 0; i < headers.size(); ++i)
        columns.append(
            QJsonObject {{QStringLiteral("header"), headers[i]}, {QStringLiteral("type"), types.value(i)}});
    return {{QStringLiteral("columns"), columns}};
}

QString SheetDrift::message() const
{
    return QStringLiteral(
               "The sheet changed since the last good run: %1. Fix the sheet, or map its columns again "
               "and run it by hand, then the schedule goes on.")
        .arg(problems.join(QStringLiteral("; ")));
}

SheetDrift compareSheets(const SheetSignature &lastGood, const SheetSignature &current)
{
    SheetDrift drift;
    if (lastGood.isEmpty())
        return drift;
    QHash<QString, int> count;
    for (const QString &header : current.headers)
        count[header] += 1;
    QStringList reported;
    for (const QString &header : current.headers) {
        const int n = count.value(header);
        if (n > 1 && lastGood.headers.count(header) < n && !reported.contains(header)) {
            drift.problems << QStringLiteral("the column %1 now appears %2 times").arg(quoted(header)).arg(n);
            reported << header;
        }
    }
    QStringList renamedTo;
    for (qsizetype i = 0; i < lastGood.headers.size(); ++i) {
        const QString &header = lastGood.headers[i];
        const qsizetype now = current.headers.indexOf(header);
        if (now < 0) {
            const QString replacement = current.headers.value(i);
            if (i < current.headers.size() && !lastGood.headers.contains(replacement)
                && !renamedTo.contains(replacement)) {
                drift.problems << QStringLiteral("the column %1 was renamed to %2")
                                      .arg(quoted(header), quoted(replacement));
                renamedTo << replacement;
            } else {
                drift.problems << QStringLiteral("the column %1 is missing").arg(quoted(header));
            }
            continue;
        }
        const QString before = kindOf(lastGood.types.value(i));
        const QString after = kindOf(current.types.value(now));
        if (before != after && before != QLatin1String("empty") && after != QLatin1String("empty")
            && !before.isEmpty() && !after.isEmpty()) {
            drift.problems << QStringLiteral("the column %1 held %2 and now holds %3")
                                  .arg(quoted(header), kindPhrase(before), kindPhrase(after));
        }
    }
    for (const QString &header : current.headers) {
        if (!lastGood.headers.contains(header) && !renamedTo.contains(header))
            drift.notes << QStringLiteral("a new column %1").arg(quoted(header));
    }
    QStringList common;
    for (const QString &header : lastGood.headers) {
        if (current.headers.contains(header))
            common << header;
    }
    QStringList commonNow;
    for (const QString &header : current.headers) {
        if (lastGood.headers.contains(header) && !commonNow.contains(header))
            commonNow << header;
    }
    if (common != commonNow)
        drift.notes << QStringLiteral("the columns are in a new order");
    return drift;
}

} // namespace mf
