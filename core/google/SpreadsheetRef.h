// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QString>

#include <optional>

namespace mf::google {

/// What a user pasted to name a spreadsheet: a link in any of the shapes Google hands out, a bare
/// key, a "publish to web" link, or else a title to look up in Drive.
struct SpreadsheetRef
{
    enum class Kind {
        Key, ///< a spreadsheet id ("1BxiM…", 44 characters for current sheets)
        PublishedKey, ///< a "publish to web" key ("2PACX-…"): readable only as a public export
        Title, ///< a title, resolved through Drive files.list
    };

    Kind kind = Kind::Title;
    QString key; ///< Key or PublishedKey
    QString title; ///< Title
    std::optional<qint64> gid; ///< the worksheet's sheetId when the link names one (#gid=N, ?gid=N)

    /// Parses what the user pasted. Accepted: …/spreadsheets/d/ID[/edit|/view|/htmlview|/pubhtml|
    /// /export?format=csv…] with ?gid=N or #gid=N, …/spreadsheets/u/N/d/ID/…, …/d/e/2PACX-…/pub…,
    /// the old …/spreadsheet/ccc?key=ID, a bare key, and otherwise a title. An empty text or a link
    /// that is not a Google Sheet is a Usage error.
    static Result<SpreadsheetRef> parse(const QString &text);

    /// The legacy worksheet id ("od6") of old links as a gid (od6 → 0).
    static std::optional<qint64> gidFromWid(const QString &wid);

    /// For messages and history: the sheet's link (never a query string a user pasted, which could
    /// hold an API key), or the title in quotes.
    QString describe() const;
};

} // namespace mf::google
