// SPDX-License-Identifier: MIT
#include "PublicSheetExport.h"

#include "A1Notation.h"
#include "CsvReader.h"

#include <QBuffer>
#include <QRegularExpression>

namespace mf::google {

namespace {

bool isSignInPage(const HttpResponse &response)
{
    const QString host = response.finalUrl.host().toLower();
    const QString path = response.finalUrl.path();
    return host == QLatin1String("accounts.google.com") || path.contains(QStringLiteral("ServiceLogin"))
        || path.contains(QStringLiteral("/signin"));
}

bool isCsvType(const QByteArray &contentType)
{
    return contentType == "text/csv" || contentType == "application/csv"
        || contentType == "text/comma-separated-values";
}

QString sheetName(const SpreadsheetRef &ref, std::optional<qint64> gid)
{
    return gid ? QStringLiteral("the worksheet with gid %1 of %2").arg(*gid).arg(ref.describe())
               : QStringLiteral("the sheet %1").arg(ref.describe());
}

/// Google names the download "<spreadsheet> - <worksheet>.csv"; the spreadsheet's title is the
/// name for messages and the {source} token. Falls back to "google-sheet".
QString titleFromDisposition(const QByteArray &header)
{
    QString name;
    static const QRegularExpression extended(QStringLiteral("filename\\*=UTF-8''([^;]+)"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression plain(QStringLiteral("filename=\"([^\"]*)\""),
                                          QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromLatin1(header);
    if (const QRegularExpressionMatch m = extended.match(text); m.hasMatch())
        name = QString::fromUtf8(QByteArray::fromPercentEncoding(m.captured(1).trimmed().toLatin1()));
    else if (const QRegularExpressionMatch m = plain.match(text); m.hasMatch())
        name = m.captured(1);
    if (name.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        name.chop(4);
    const qsizetype dash = name.lastIndexOf(QStringLiteral(" - "));
    if (dash > 0)
        name.truncate(dash);
    name = name.trimmed();
    return name.isEmpty() ? QStringLiteral("google-sheet") : name;
}

} // namespace

QUrl PublicSheetExport::exportUrl(const GoogleEndpoints &endpoints, const SpreadsheetRef &ref,
                                  std::optional<qint64> gid)
{
    if (ref.kind == SpreadsheetRef::Kind::PublishedKey) {
        QList<QPair<QString, QString>> query {{QStringLiteral("output"), QStringLiteral("csv")}};
        if (gid) {
            query.append({QStringLiteral("gid"), QString::number(*gid)});
            query.append({QStringLiteral("single"), QStringLiteral("true")});
        }
        return GoogleEndpoints::join(
            endpoints.docs, QStringLiteral("/spreadsheets/d/e/%1/pub").arg(a1::encodePathSegment(ref.key)),
            a1::buildQuery(query));
    }
    QList<QPair<QString, QString>> query {{QStringLiteral("format"), QStringLiteral("csv")}};
    if (gid)
        query.append({QStringLiteral("gid"), QString::number(*gid)});
    return GoogleEndpoints::join(
        endpoints.docs, QStringLiteral("/spreadsheets/d/%1/export").arg(a1::encodePathSegment(ref.key)),
        a1::buildQuery(query));
}

QString PublicSheetExport::notPublicMessage()
{
    return QStringLiteral("This sheet is not public — sign in or share it with 'Anyone with the link'.");
}

Result<DataTable> PublicSheetExport::read(const GoogleEndpoints &endpoints, const SpreadsheetRef &ref,
                                          std::optional<qint64> gid, const HttpOptions &options,
                                          const StepContext &ctx)
{
    if (ref.kind == SpreadsheetRef::Kind::Title)
        return Error::google(
            QStringLiteral("A sheet can be opened by its title only when signed in (Drive search "
                           "needs an account). Paste the sheet's link instead, or sign in."));
    GoogleHttpClient http(nullptr, options);
    HttpRequest request;
    request.url = exportUrl(endpoints, ref, gid);
    request.subject
        = {RequestSubject::Service::Docs, RequestSubject::Access::Anonymous, {}, sheetName(ref, gid)};
    request.authorize = false;
    request.paced = false; // the export is not a Sheets API call
    request.expectJson = false;
    ctx.info(QStringLiteral("Downloading %1 as CSV.").arg(sheetName(ref, gid)));
    Result<HttpResponse> response = http.getRaw(request, ctx);
    if (!response.ok())
        return response.error();
    return parseResponse(response.value(), ref, gid, ctx);
}

Result<DataTable> PublicSheetExport::parseResponse(const HttpResponse &response, const SpreadsheetRef &ref,
                                                   std::optional<qint64> gid, const StepContext &ctx)
{
    const int status = response.status;
    if (status == 401 || status == 403
        || (response.isSuccess() && (isSignInPage(response) || !isCsvType(response.contentType))))
        return Error::google(notPublicMessage());
    if (status == 404)
        return Error::google(
            QStringLiteral("Google found no sheet at %1. Check the link; the sheet may have been "
                           "deleted.")
                .arg(ref.describe()));
    if (status == 400 && gid)
        return Error::google(
            QStringLiteral("Google could not export the worksheet with gid %1 of %2. Check the "
                           "gid in the link (the number after #gid=).")
                .arg(*gid)
                .arg(ref.describe()));
    if (!response.isSuccess()) {
        RequestSubject subject {
            RequestSubject::Service::Docs, RequestSubject::Access::Anonymous, {}, sheetName(ref, gid)};
        return describeHttpFailure(GoogleApiError::parse(status, response.body), subject, response.attempts);
    }

    const QString where = sheetName(ref, gid);
    if (response.body.trimmed().isEmpty())
        return Error::input(
            QStringLiteral("%1 is empty. Put the movie table in it, with a header row, and try "
                           "again.")
                .arg(where.left(1).toUpper() + where.mid(1)));
    QByteArray body = response.body;
    QBuffer buffer(&body);
    buffer.open(QIODevice::ReadOnly);
    Result<DataTable> table = CsvReader::read(buffer, ctx);
    if (!table.ok()) {
        if (table.error().kind == ErrorKind::Input && !response.body.trimmed().contains('\n'))
            return Error::input(
                QStringLiteral("%1 has a header row but no data rows. Add the movies below the "
                               "header and try again.")
                    .arg(where.left(1).toUpper() + where.mid(1)));
        return table.error();
    }
    table.value().setSourceName(titleFromDisposition(response.contentDisposition));
    return table;
}

} // namespace mf::google
