// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace mf::google {

/// The OAuth scopes MovieFlow asks for. All of them are read-only.
struct GoogleScopes
{
    /// Reading sheets: values.get, batchGet and spreadsheets.get.
    static QString spreadsheetsReadOnly()
    {
        return QStringLiteral("https://www.googleapis.com/auth/spreadsheets.readonly");
    }
    /// Opening a sheet by its title (Drive files.list).
    static QString driveMetadataReadOnly()
    {
        return QStringLiteral("https://www.googleapis.com/auth/drive.metadata.readonly");
    }
    /// Who signed in: the token response then carries an id_token with the e-mail address.
    static QString openId() { return QStringLiteral("openid"); }
    static QString email() { return QStringLiteral("email"); }

    /// The scopes a sheet reader needs: spreadsheets, plus Drive metadata when opening by title.
    static QStringList forSheets(bool openByTitle)
    {
        QStringList scopes {spreadsheetsReadOnly()};
        if (openByTitle)
            scopes << driveMetadataReadOnly();
        return scopes;
    }

    /// Google's short name of a scope for messages: "spreadsheets.readonly".
    static QString shortName(const QString &scope)
    {
        const QString prefix = QStringLiteral("https://www.googleapis.com/auth/");
        return scope.startsWith(prefix) ? scope.mid(prefix.size()) : scope;
    }
};

} // namespace mf::google
