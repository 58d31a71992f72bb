// SPDX-License-Identifier: MIT
#include "ColumnRoles.h"

#include <algorithm>
#include <optional>

namespace mf {

namespace {

// The role table of SPEC.md, in the order of the Role enum. Synonyms are stored normalized.
const std::array<RoleInfo, RoleCount> &roleTable()
{
    static const std::array<RoleInfo, RoleCount> table = {{
        {Role::Title,
         "title",
         ValueType::Text,
         true,
         {QStringLiteral("title"), QStringLiteral("name"), QStringLiteral("movie"),
          QStringLiteral("movietitle"), QStringLiteral("originaltitle")}},
        {Role::ReleaseDate,
         "release_date",
         ValueType::Date,
         true,
         {QStringLiteral("releasedate"), QStringLiteral("released"), QStringLiteral("date")}},
        {Role::Popularity,
         "popularity",
         ValueType::Double,
         true,
         {QStringLiteral("popularity"), QStringLiteral("popularityscore")}},
        {Role::VoteAverage,
         "vote_average",
         ValueType::Double,
         true,
         {QStringLiteral("voteaverage"), QStringLiteral("rating"), QStringLiteral("averagerating"),
          QStringLiteral("score"), QStringLiteral("imdbrating")}},
        {Role::VoteCount,
         "vote_count",
         ValueType::Integer,
         false,
         {QStringLiteral("votecount"), QStringLiteral("votes"), QStringLiteral("imdbvotes")}},
        {Role::Id,
         "id",
         ValueType::Integer,
         false,
         {QStringLiteral("id"), QStringLiteral("movieid"), QStringLiteral("tmdbid")}},
        {Role::Overview,
         "overview",
         ValueType::Text,
         false,
         {QStringLiteral("overview"), QStringLiteral("description"), QStringLiteral("plot"),
          QStringLiteral("summary")}},
    }};
    return table;
}

QString displayHeader(const QString &header)
{
    if (header.isEmpty())
        return QStringLiteral("(unnamed)");
    return QLatin1Char('"') + header + QLatin1Char('"');
}

QString headerList(const QStringList &headers)
{
    if (headers.isEmpty())
        return QStringLiteral("(none)");
    QStringList shown;
    shown.reserve(headers.size());
    for (const QString &header : headers)
        shown.append(displayHeader(header));
    return shown.join(QStringLiteral(", "));
}

QString roleNameList()
{
    QStringList names;
    for (const RoleInfo &info : roleTable())
        names.append(QString::fromLatin1(info.name));
    return names.join(QStringLiteral(", "));
}

// "a", "a and b", "a, b and c".
QString joinWithAnd(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + QStringLiteral(" and ")
        + items.last();
}

// How well a header matches a role: 0 exactly the canonical name, 1 the canonical name up to case,
// spaces and underscores, 2 a synonym; -1 no match.
int matchTier(const RoleInfo &info, const QString &header, const QString &normalized)
{
    const QString canonical = QString::fromLatin1(info.name);
    if (header == canonical)
        return 0;
    if (normalized == normalizeHeader(canonical))
        return 1;
    if (info.synonyms.contains(normalized))
        return 2;
    return -1;
}

// The column the user named: the header as written, or failing that the first header that is the
// same up to case, spaces and underscores.
int findHeader(const QStringList &headers, const QString &wanted)
{
    const qsizetype exact = headers.indexOf(wanted);
    if (exact >= 0)
        return int(exact);
    const QString normalized = normalizeHeader(wanted);
    if (normalized.isEmpty())
        return -1;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (normalizeHeader(headers.at(i)) == normalized)
            return int(i);
    }
    return -1;
}

} // namespace

const RoleInfo &roleInfo(Role role)
{
    return roleTable()[size_t(role)];
}

bool roleFromName(const QString &name, Role *role)
{
    const QString normalized = normalizeHeader(name);
    for (const RoleInfo &info : roleTable()) {
        if (normalized == normalizeHeader(QString::fromLatin1(info.name))) {
            if (role)
                *role = info.role;
            return true;
        }
    }
    return false;
}

QString normalizeHeader(const QString &header)
{
    QString out;
    out.reserve(header.size());
    for (const QChar ch : header) {
        if (ch.isSpace() || ch == QLatin1Char('_'))
            continue;
        out.append(ch.toLower());
    }
    return out;
}

bool RoleMap::roleOfColumn(int column, Role *role) const
{
    if (column < 0)
        return false;
    for (size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == column) {
            if (role)
                *role = Role(i);
            return true;
        }
    }
    return false;
}

ValueType RoleMap::columnType(int column) const
{
    Role role;
    if (!roleOfColumn(column, &role))
        return ValueType::Text;
    return roleInfo(role).type;
}

Result<RoleMap> mapRoles(const QStringList &headers, const QHash<QString, QString> &overrides)
{
    RoleMap map;
    // Which role claimed each column, so that no column serves two roles.
    std::vector<std::optional<Role>> claimedBy(size_t(headers.size()));

    // The user's mapping first. Keys are sorted so that messages do not depend on hash order.
    QStringList keys = overrides.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : keys) {
        Role role;
        if (!roleFromName(key, &role)) {
            return Error::usage(
                QStringLiteral("The mapping names a role \"%1\" that MovieFlow does not know. "
                               "The roles are %2; map them as --map role=Header.")
                    .arg(key, roleNameList()));
        }
        const QString roleName = QString::fromLatin1(roleInfo(role).name);
        if (map.has(role)) {
            return Error::usage(QStringLiteral("The role %1 is mapped more than once. Map each role to one "
                                               "column only.")
                                    .arg(roleName));
        }
        const QString &wanted = overrides.value(key);
        const int column = findHeader(headers, wanted);
        if (column < 0) {
            return Error::input(
                QStringLiteral("The column %1 mapped to %2 is not in the data; the headers are "
                               "%3. Check the header in --map %2=Header or pick the column in "
                               "the column mapping dialog.")
                    .arg(displayHeader(wanted), roleName, headerList(headers)));
        }
        if (const std::optional<Role> other = claimedBy[size_t(column)]) {
            return Error::input(QStringLiteral("The column %1 is mapped to both %2 and %3. Map each role to "
                                               "a different column with --map role=Header or in the column "
                                               "mapping dialog.")
                                    .arg(displayHeader(headers.at(column)),
                                         QString::fromLatin1(roleInfo(*other).name), roleName));
        }
        map.columns[size_t(role)] = column;
        claimedBy[size_t(column)] = role;
    }

    QStringList normalized;
    normalized.reserve(headers.size());
    for (const QString &header : headers)
        normalized.append(normalizeHeader(header));

    // Then every other role by name: the best tier wins, and within a tier the first column.
    // Columns the user mapped are not taken again.
    QStringList missing;
    for (const RoleInfo &info : roleTable()) {
        if (map.has(info.role))
            continue;
        int best = -1;
        int bestTier = 3;
        int takenColumn = -1;
        for (int c = 0; c < headers.size(); ++c) {
            const int tier = matchTier(info, headers.at(c), normalized.at(c));
            if (tier < 0 || tier >= bestTier)
                continue;
            if (claimedBy[size_t(c)]) {
                if (takenColumn < 0)
                    takenColumn = c;
                continue;
            }
            best = c;
            bestTier = tier;
        }
        if (best >= 0) {
            map.columns[size_t(info.role)] = best;
            claimedBy[size_t(best)] = info.role;
        } else if (info.required) {
            QString entry = QString::fromLatin1(info.name);
            if (takenColumn >= 0) {
                entry += QStringLiteral(" (its column %1 is already mapped to %2)")
                             .arg(displayHeader(headers.at(takenColumn)),
                                  QString::fromLatin1(roleInfo(*claimedBy[size_t(takenColumn)]).name));
            }
            missing.append(entry);
        }
    }

    if (!missing.isEmpty()) {
        Role firstMissing = Role::Title;
        for (const RoleInfo &info : roleTable()) {
            if (info.required && !map.has(info.role)) {
                firstMissing = info.role;
                break;
            }
        }
        const QString what
            = missing.size() == 1 ? QStringLiteral("required column") : QStringLiteral("required columns");
        return Error::input(QStringLiteral("The data has no %1 %2; the headers are %3. Tell MovieFlow which "
                                           "column holds each role with --map %4=Header (one --map per role) "
                                           "or in the column mapping dialog.")
                                .arg(what, joinWithAnd(missing), headerList(headers),
                                     QString::fromLatin1(roleInfo(firstMissing).name)));
    }
    return map;
}

} // namespace mf
