// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace mf::google::a1 {

/// Column letters of a 1-based column number: 1 → A, 26 → Z, 27 → AA, 703 → AAA.
QString columnLetters(int column);

/// A sheet title as A1 notation wants it: always in single quotes, embedded quotes doubled
/// ("Sheet'1" → 'Sheet''1'). Unquoted, a title like "D3" would be read as a cell.
QString quoteSheetTitle(const QString &title);

/// The rows firstRow..lastRow (1-based, inclusive) of columns A..lastColumn of a sheet:
/// 'Title'!A1:Z2000.
QString rowRange(const QString &title, int firstRow, int lastRow, int lastColumn);

/// A range as one URL path segment: everything outside the unreserved characters is
/// percent-encoded ('/' → %2F, '!' → %21, ':' → %3A, '#' → %23).
QString encodePathSegment(const QString &range);

/// A query value: percent-encoded like a path segment, so '+' goes out as %2B (Google reads a
/// bare '+' as a space) and ' ', '&', '=', '#' cannot break the query.
QString encodeQueryValue(const QString &value);

/// name=value pairs joined with '&', each value encoded with encodeQueryValue.
QString buildQuery(const QList<QPair<QString, QString>> &items);

} // namespace mf::google::a1
