// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "GoogleEndpoints.h"
#include "StepContext.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace mf::google {

class GoogleHttpClient;

/// A spreadsheet found in Drive.
struct DriveFile
{
    QString id;
    QString name;
    QDateTime modifiedTime;
};

/// Opening a spreadsheet by its title: Drive v3 files.list. Needs a user or service-account
/// identity (an API key or nobody cannot search Drive).
class DriveApi
{
public:
    DriveApi(GoogleHttpClient &http, GoogleEndpoints endpoints);

    /// The q expression: spreadsheets named exactly `title`, not in the trash. Quotes and
    /// backslashes in the title are escaped (name = 'It\'s').
    static QString titleQuery(const QString &title);
    static QString escapeQueryString(const QString &text);
    QUrl listUrl(const QString &query, const QString &pageToken) const;

    /// Every spreadsheet whose name is exactly `title` (compared again here, as gspread does),
    /// following nextPageToken through all pages, empty ones included.
    Result<QList<DriveFile>> findSpreadsheets(const QString &title, const StepContext &ctx);

private:
    GoogleHttpClient &m_http;
    GoogleEndpoints m_endpoints;
};

} // namespace mf::google
