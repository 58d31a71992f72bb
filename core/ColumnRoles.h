// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <array>

namespace mf {

/// The meaning MovieFlow gives a column, whatever its header says.
enum class Role { Title, ReleaseDate, Popularity, VoteAverage, VoteCount, Id, Overview };
inline constexpr int RoleCount = 7;

enum class ValueType { Text, Date, Double, Integer };

struct RoleInfo
{
    Role role;
    const char *name;  ///< canonical name, e.g. "vote_average"
    ValueType type;
    bool required;
    QStringList synonyms; ///< normalized forms that also match (the name itself included)
};

const RoleInfo &roleInfo(Role role);
/// Role by canonical name ("vote_average"), or false.
bool roleFromName(const QString &name, Role *role);
/// Lowercase, spaces and underscores removed: "Vote Average" and "vote_average" both become "voteaverage".
QString normalizeHeader(const QString &header);

/// Which source column (index) holds each role; -1 where a role is not present.
struct RoleMap
{
    std::array<int, RoleCount> columns{-1, -1, -1, -1, -1, -1, -1};

    int column(Role role) const { return columns[size_t(role)]; }
    bool has(Role role) const { return column(role) >= 0; }
    /// The role of a column, or false when the column has none.
    bool roleOfColumn(int column, Role *role) const;
    /// The value type of a column: the role's type, or Text for a column without role.
    ValueType columnType(int column) const;
};

/// Maps headers to roles by name and synonyms. `overrides` maps a role name ("vote_average") to a
/// header as written in the source; an override naming a header that does not exist is an error.
/// A required role that cannot be matched is an Input error naming the headers seen and how to map them.
Result<RoleMap> mapRoles(const QStringList &headers, const QHash<QString, QString> &overrides = {});

} // namespace mf
