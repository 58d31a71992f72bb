// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mf {

class DataTable;

/// The shape of a source table: its headers in order and the type each column's values suggest
/// ("integer", "number", "date", "text", or "empty" when the sample holds no value). Stored with
/// every completed run, so the next scheduled run can tell whether the sheet changed.
struct SheetSignature
{
    QStringList headers;
    QStringList types; ///< one per header

    /// Infers the types from up to `sampleRows` rows (missing cells skipped).
    static SheetSignature of(const DataTable &table, int sampleRows = 500);
    static SheetSignature fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
    bool isEmpty() const { return headers.isEmpty(); }
};

/// How a sheet differs from the last good one.
struct SheetDrift
{
    /// Changes that break the run: a renamed, missing or duplicated column, a column whose values
    /// changed kind (numbers became text). Each is a short phrase.
    QStringList problems;
    /// Harmless changes (new columns, a new order), for the log.
    QStringList notes;

    bool hasProblems() const { return !problems.isEmpty(); }
    /// "The sheet changed since the last good run: … Fix the sheet or map its columns again, then
    /// run again."
    QString message() const;
};

SheetDrift compareSheets(const SheetSignature &lastGood, const SheetSignature &current);

} // namespace mf
