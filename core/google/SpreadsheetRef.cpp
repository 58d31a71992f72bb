// SPDX-License-Identifier: MIT
#include "SpreadsheetRef.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace mf::google {

namespace {

// Real keys are 44 characters of [A-Za-z0-9_-]; old ones are a little shorter. A title of that
// length and alphabet without spaces is unlikely, so such a text counts as a key.
constexpr int MinBareKeyLength = 30;

bool looksLikeUrl(const QString &text)
{
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    if (scheme.match(text).hasMatch())
        return true;
    static const QRegularExpression hostFirst(QStringLiteral("^(docs|drive|sheets)\\.google\\.com/"),
                                              QRegularExpression::CaseInsensitiveOption);
    return hostFirst.match(text).hasMatch();
}

std::optional<qint64> parseGidValue(const QString &value)
{
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 gid = value.toLongLong(&ok);
    if (ok && gid >= 0)
        return gid;
    return SpreadsheetRef::gidFromWid(value);
}

/// gid from the query (?gid=N) or the fragment (#gid=N, #gid=N&range=A1); the query wins.
std::optional<qint64> gidFromUrl(const QUrl &url)
{
    const QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("gid")))
        return parseGidValue(query.queryItemValue(QStringLiteral("gid")));
    const QUrlQuery fragment(url.fragment());
    if (fragment.hasQueryItem(QStringLiteral("gid")))
        return parseGidValue(fragment.queryItemValue(QStringLiteral("gid")));
    return std::nullopt;
}

Error notASheet(const QString &text)
{
    return Error::usage(QStringLiteral("The link \"%1\" does not point to a Google Sheet. Paste the address "
                                       "of the sheet as shown in the browser (…/spreadsheets/d/…), its key, "
                                       "or its title.")
                            .arg(text.left(200)));
}

} // namespace

std::optional<qint64> SpreadsheetRef::gidFromWid(const QString &wid)
{
    // The rule gspread's utils.wid_to_gid uses: base 36, XORed with a constant that depends on the length.
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-z]{1,12}$"));
    if (!pattern.match(wid).hasMatch())
        return std::nullopt;
    bool ok = false;
    if (wid.size() > 3) {
        const qint64 value = wid.mid(1).toLongLong(&ok, 36);
        return ok ? std::optional<qint64>(value ^ 474) : std::nullopt;
    }
    const qint64 value = wid.toLongLong(&ok, 36);
    return ok ? std::optional<qint64>(value ^ 31578) : std::nullopt;
}

Result<SpreadsheetRef> SpreadsheetRef::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error::usage(
            QStringLiteral("No Google Sheet was given. Paste the sheet's link, its key or its title."));

    SpreadsheetRef ref;
    if (!looksLikeUrl(trimmed)) {
        static const QRegularExpression publishedKey(QStringLiteral("^2PACX-[A-Za-z0-9_-]+$"));
        static const QRegularExpression bareKey(QStringLiteral("^[A-Za-z0-9_-]{%1,}$").arg(MinBareKeyLength));
        if (publishedKey.match(trimmed).hasMatch()) {
            ref.kind = Kind::PublishedKey;
            ref.key = trimmed;
        } else if (bareKey.match(trimmed).hasMatch()) {
            ref.kind = Kind::Key;
            ref.key = trimmed;
        } else {
            ref.kind = Kind::Title;
            ref.title = trimmed;
        }
        return ref;
    }

    const QString withScheme
        = trimmed.contains(QStringLiteral("://")) ? trimmed : QStringLiteral("https://") + trimmed;
    const QUrl url(withScheme, QUrl::TolerantMode);
    if (!url.isValid())
        return notASheet(trimmed);
    const QString path = url.path(QUrl::FullyDecoded);

    static const QRegularExpression published(
        QStringLiteral("/spreadsheets/(?:u/\\d+/)?d/e/([A-Za-z0-9_-]+)"));
    static const QRegularExpression keyed(QStringLiteral("/spreadsheets/(?:u/\\d+/)?d/([A-Za-z0-9_-]+)"));
    if (const QRegularExpressionMatch m = published.match(path); m.hasMatch()) {
        ref.kind = Kind::PublishedKey;
        ref.key = m.captured(1);
    } else if (const QRegularExpressionMatch m = keyed.match(path); m.hasMatch()) {
        ref.kind = Kind::Key;
        ref.key = m.captured(1);
    } else if (path.contains(QStringLiteral("/spreadsheet/"))
               && QUrlQuery(url).hasQueryItem(QStringLiteral("key"))) {
        // The old form …/spreadsheet/ccc?key=ID. Only there: elsewhere key= is an API key.
        ref.kind = Kind::Key;
        ref.key = QUrlQuery(url).queryItemValue(QStringLiteral("key"));
    } else if (url.host().compare(QStringLiteral("drive.google.com"), Qt::CaseInsensitive) == 0
               && QUrlQuery(url).hasQueryItem(QStringLiteral("id"))) {
        ref.kind = Kind::Key; // drive.google.com/open?id=ID
        ref.key = QUrlQuery(url).queryItemValue(QStringLiteral("id"));
    } else {
        return notASheet(trimmed);
    }
    static const QRegularExpression keyChars(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (!keyChars.match(ref.key).hasMatch())
        return notASheet(trimmed);
    ref.gid = gidFromUrl(url);
    return ref;
}

QString SpreadsheetRef::describe() const
{
    switch (kind) {
    case Kind::Key:
        return QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit%2")
            .arg(key, gid ? QStringLiteral("#gid=%1").arg(*gid) : QString());
    case Kind::PublishedKey:
        return QStringLiteral("https://docs.google.com/spreadsheets/d/e/%1/pubhtml%2")
            .arg(key, gid ? QStringLiteral("?gid=%1").arg(*gid) : QString());
    case Kind::Title:
        return QStringLiteral("the Google Sheet titled \"%1\"").arg(title);
    }
    return {};
}

} // namespace mf::google
