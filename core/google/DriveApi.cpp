// SPDX-License-Identifier: MIT
#include "DriveApi.h"

#include "A1Notation.h"
#include "GoogleHttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mf::google {

namespace {

// A guard against a server that hands out the same page token forever.
constexpr int MaxPages = 1000;

} // namespace

DriveApi::DriveApi(GoogleHttpClient &http, GoogleEndpoints endpoints)
    : m_http(http), m_endpoints(std::move(endpoints))
{ }

QString DriveApi::escapeQueryString(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return escaped;
}

QString DriveApi::titleQuery(const QString &title)
{
    return QStringLiteral(
               "mimeType = 'application/vnd.google-apps.spreadsheet' and name = '%1' and trashed = false")
        .arg(escapeQueryString(title));
}

QUrl DriveApi::listUrl(const QString &query, const QString &pageToken) const
{
    QList<QPair<QString, QString>> items {
        {QStringLiteral("q"), query},
        {QStringLiteral("pageSize"), QStringLiteral("1000")},
        {QStringLiteral("supportsAllDrives"), QStringLiteral("true")},
        {QStringLiteral("includeItemsFromAllDrives"), QStringLiteral("true")},
        // nextPageToken must be in the mask, or Drive leaves it out and paging silently stops.
        {QStringLiteral("fields"),
         QStringLiteral("kind,nextPageToken,incompleteSearch,files(id,name,modifiedTime)")},
    };
    if (!pageToken.isEmpty())
        items.append({QStringLiteral("pageToken"), pageToken});
    return GoogleEndpoints::join(m_endpoints.drive, QStringLiteral("/drive/v3/files"), a1::buildQuery(items));
}

Result<QList<DriveFile>> DriveApi::findSpreadsheets(const QString &title, const StepContext &ctx)
{
    const QString query = titleQuery(title);
    QList<DriveFile> files;
    QString pageToken;
    for (int page = 0; page < MaxPages; ++page) {
        HttpRequest request;
        request.url = listUrl(query, pageToken);
        request.subject = {
            RequestSubject::Service::Drive, {}, {}, QStringLiteral("the Drive search for \"%1\"").arg(title)};
        request.paced = false; // Drive's quota is separate and far larger than Sheets' read quota.
        Result<HttpResponse> response = m_http.get(request, ctx);
        if (!response.ok())
            return response.error();
        const QJsonObject root = QJsonDocument::fromJson(response.value().body).object();
        for (const QJsonValue &value : root.value(QStringLiteral("files")).toArray()) {
            const QJsonObject file = value.toObject();
            DriveFile found {file.value(QStringLiteral("id")).toString(),
                             file.value(QStringLiteral("name")).toString(),
                             QDateTime::fromString(file.value(QStringLiteral("modifiedTime")).toString(),
                                                   Qt::ISODateWithMs)};
            if (found.name == title && !found.id.isEmpty())
                files.append(found);
        }
        pageToken = root.value(QStringLiteral("nextPageToken")).toString();
        if (pageToken.isEmpty())
            return files;
    }
    return Error::google(
        QStringLiteral("Drive kept returning more pages while searching for \"%1\". Open the "
                       "sheet by its link instead.")
            .arg(title));
}

} // namespace mf::google
