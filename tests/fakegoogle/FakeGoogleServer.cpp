// SPDX-License-Identifier: MIT
#include "FakeGoogleServer.h"

#include "FieldMask.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace mf::fakegoogle {

namespace {

const char *const SpreadsheetMime = "application/vnd.google-apps.spreadsheet";

const QString MetadataSchema = QStringLiteral(
    "spreadsheetId,properties(title,locale,autoRecalc,timeZone,defaultFormat,spreadsheetTheme,"
    "iterativeCalculationSettings),sheets(properties(sheetId,title,index,sheetType,gridProperties(rowCount,"
    "columnCount,frozenRowCount,frozenColumnCount,hideGridlines,rowGroupControlAfter,columnGroupControlAfter)"
    ","
    "hidden,tabColor,tabColorStyle,rightToLeft,dataSourceSheetProperties),data,merges,conditionalFormats,"
    "filterViews,protectedRanges,basicFilter,charts,bandedRanges,developerMetadata,rowGroups,columnGroups,"
    "slicers),"
    "namedRanges,spreadsheetUrl,developerMetadata,dataSources,dataSourceSchedules");

const QString DriveListSchema = QStringLiteral("kind,nextPageToken,incompleteSearch,files(kind,id,name,"
                                               "mimeType,createdTime,modifiedTime,parents,trashed,"
                                               "owners,webViewLink,driveId,size)");

/// Google decodes '+' in a query as a space (GOOGLE.md §1.1).
QList<QPair<QString, QString>> parseQuery(const QByteArray &query)
{
    QList<QPair<QString, QString>> items;
    for (const QByteArray &pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        items.append({QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value))});
    }
    return items;
}

} // namespace

FakeGoogleServer::FakeGoogleServer(QObject *parent) : QObject(parent)
{
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, &FakeGoogleServer::onNewConnection);
}

FakeGoogleServer::~FakeGoogleServer()
{
    m_server.close();
    const QList<QTcpSocket *> sockets = m_buffers.keys();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

bool FakeGoogleServer::start(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

QUrl FakeGoogleServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QString FakeGoogleServer::idForTitle(const QString &title)
{
    // 44 characters starting with "1", like the ids of current Google Sheets.
    const QByteArray hash = QCryptographicHash::hash(title.toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("1")
        + QString::fromLatin1(hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
              .left(43);
}

QString FakeGoogleServer::addSpreadsheet(FakeSpreadsheet spreadsheet)
{
    if (spreadsheet.id.isEmpty())
        spreadsheet.id = idForTitle(spreadsheet.title);
    const QString id = spreadsheet.id;
    m_spreadsheets.erase(std::remove_if(m_spreadsheets.begin(), m_spreadsheets.end(),
                                        [&](const FakeSpreadsheet &s) { return s.id == id; }),
                         m_spreadsheets.end());
    m_spreadsheets.append(std::move(spreadsheet));
    return id;
}

QString FakeGoogleServer::addCsvSpreadsheet(const QString &title, const QString &csvPath, QString *error)
{
    FakeWorksheet sheet;
    sheet.title = title;
    QString message;
    if (!readCsvFile(csvPath, &sheet.cells, &message)) {
        if (error)
            *error = message;
        return {};
    }
    sheet.fitGrid();
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = title;
    spreadsheet.sheets.append(sheet);
    return addSpreadsheet(spreadsheet);
}

FakeSpreadsheet *FakeGoogleServer::spreadsheet(const QString &id)
{
    for (FakeSpreadsheet &s : m_spreadsheets) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

void FakeGoogleServer::addToken(const QString &token, const QString &identity)
{
    m_tokens.insert(token, identity);
    m_revoked.remove(token);
}

void FakeGoogleServer::revokeToken(const QString &token)
{
    m_revoked.insert(token);
}

void FakeGoogleServer::addApiKey(const QString &key)
{
    m_apiKeys.insert(key);
}

void FakeGoogleServer::share(const QString &spreadsheetId, const QString &identity)
{
    if (FakeSpreadsheet *s = spreadsheet(spreadsheetId))
        s->sharedWith.insert(identity);
}

void FakeGoogleServer::unshare(const QString &spreadsheetId, const QString &identity)
{
    if (FakeSpreadsheet *s = spreadsheet(spreadsheetId))
        s->sharedWith.remove(identity);
}

void FakeGoogleServer::setAnyoneWithLink(const QString &spreadsheetId, bool on)
{
    if (FakeSpreadsheet *s = spreadsheet(spreadsheetId))
        s->anyoneWithLink = on;
}

void FakeGoogleServer::injectFault(const Fault &fault)
{
    m_faults.append(fault);
}

void FakeGoogleServer::clearFaults()
{
    m_faults.clear();
}

QList<RecordedRequest> FakeGoogleServer::requests(const QString &part) const
{
    QList<RecordedRequest> matching;
    for (const RecordedRequest &request : m_requests) {
        if (request.path.contains(part))
            matching.append(request);
    }
    return matching;
}

QStringList RecordedRequest::queryValues(const QString &name) const
{
    QStringList values;
    for (const auto &item : queryItems) {
        if (item.first == name)
            values.append(item.second);
    }
    return values;
}

// --- HTTP plumbing ---------------------------------------------------------------------------

void FakeGoogleServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(nullptr);
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeGoogleServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    // One loop turn per complete request; a client may send the next one right behind it.
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        RecordedRequest recorded;
        qint64 bodyLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            recorded.headers.insert(name, line.mid(colon + 1).trimmed());
            if (name == "content-length")
                bodyLength = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headEnd + 4 + bodyLength)
            return; // the body is still on its way
        buffer.remove(0, headEnd + 4 + bodyLength);
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
            respond(socket, html(400, "<html><body>Bad Request</body></html>"), nullptr);
            socket->disconnectFromHost();
            return;
        }
        recorded.method = QString::fromLatin1(requestLine.at(0));
        recorded.target = requestLine.at(1);
        const bool closeAfter
            = recorded.headers.value("connection").toLower() == "close" || requestLine.at(2) == "HTTP/1.0";
        handleRequest(std::move(recorded), socket, closeAfter);
        if (closeAfter || !m_buffers.contains(socket))
            return;
    }
}

void FakeGoogleServer::handleRequest(RecordedRequest recorded, QTcpSocket *socket, bool closeAfter)
{
    const qsizetype question = recorded.target.indexOf('?');
    const QByteArray encodedPath = question < 0 ? recorded.target : recorded.target.left(question);
    const QByteArray encodedQuery = question < 0 ? QByteArray() : recorded.target.mid(question + 1);
    recorded.path = QString::fromUtf8(QByteArray::fromPercentEncoding(encodedPath));
    recorded.queryItems = parseQuery(encodedQuery);
    for (const auto &item : recorded.queryItems)
        recorded.query.insert(item.first, item.second);
    recorded.atMs = m_clock.elapsed();
    m_requests.append(recorded);

    const std::optional<Fault> fault = takeFault(recorded);
    if (fault && (fault->kind == Fault::Kind::Status || fault->kind == Fault::Kind::HtmlStatus))
        respond(socket, faultResponse(*fault, recorded), nullptr);
    else
        respond(socket, route(recorded), fault ? &*fault : nullptr);
    if (closeAfter)
        socket->disconnectFromHost();
}

std::optional<Fault> FakeGoogleServer::takeFault(const RecordedRequest &request)
{
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        Fault &fault = m_faults[i];
        if (!fault.pathContains.isEmpty() && !request.path.contains(fault.pathContains))
            continue;
        const Fault taken = fault;
        if (--fault.times <= 0)
            m_faults.removeAt(i);
        return taken;
    }
    return std::nullopt;
}

FakeGoogleServer::Response FakeGoogleServer::faultResponse(const Fault &fault,
                                                           const RecordedRequest &request) const
{
    Response response;
    if (fault.kind == Fault::Kind::HtmlStatus) {
        response = html(fault.status,
                        QByteArrayLiteral("<!DOCTYPE html><html><head><title>Error %1 (Server Error)!!1"
                                          "</title></head><body><p><b>%1.</b> That’s an error.</p>"
                                          "<p>The server encountered a temporary error. Please try "
                                          "again in 30 seconds.</p></body></html>")
                            .replace("%1", QByteArray::number(fault.status)));
    } else if (fault.status == 429) {
        const bool drive = request.path.startsWith(QStringLiteral("/drive/"));
        if (drive) {
            response = driveError(403, QStringLiteral("User rate limit exceeded."),
                                  QStringLiteral("usageLimits"), QStringLiteral("userRateLimitExceeded"));
        } else {
            const QJsonArray details {QJsonObject {
                {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo")},
                {QStringLiteral("reason"), QStringLiteral("RATE_LIMIT_EXCEEDED")},
                {QStringLiteral("domain"), QStringLiteral("googleapis.com")},
                {QStringLiteral("metadata"),
                 QJsonObject {
                     {QStringLiteral("consumer"), QStringLiteral("projects/123456789")},
                     {QStringLiteral("quota_limit"), QStringLiteral("ReadRequestsPerMinutePerUser")},
                     {QStringLiteral("quota_metric"), QStringLiteral("sheets.googleapis.com/read_requests")},
                     {QStringLiteral("service"), QStringLiteral("sheets.googleapis.com")}}}}};
            response = sheetsError(
                429,
                QStringLiteral("Quota exceeded for quota metric 'Read requests' and limit 'Read "
                               "requests per minute per user' of service "
                               "'sheets.googleapis.com' for consumer 'project_number:123456789'."),
                details);
        }
    } else if (fault.status == 500) {
        response = sheetsError(500, QStringLiteral("Internal error encountered."));
    } else if (fault.status == 503) {
        response = sheetsError(503, QStringLiteral("The service is currently unavailable."));
    } else if (fault.status == 403) {
        response = sheetsError(403, QStringLiteral("The caller does not have permission"));
    } else if (fault.status == 401) {
        response
            = sheetsError(401,
                          QStringLiteral("Request had invalid authentication credentials. Expected OAuth 2 "
                                         "access token, login cookie or other valid authentication "
                                         "credential. See https://developers.google.com/identity/sign-in/"
                                         "web/devconsole-project."));
    } else {
        response = sheetsError(fault.status, QStringLiteral("Error %1.").arg(fault.status));
    }
    if (fault.retryAfterSeconds >= 0)
        response.headers.append(
            qMakePair(QByteArray("Retry-After"), QByteArray::number(fault.retryAfterSeconds)));
    return response;
}

QByteArray FakeGoogleServer::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QByteArray FakeGoogleServer::serialize(const Response &response)
{
    QByteArray head
        = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &header : response.headers)
        head += header.first + ": " + header.second + "\r\n";
    head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    return head;
}

void FakeGoogleServer::respond(QTcpSocket *socket, const Response &response, const Fault *fault)
{
    const QByteArray head = serialize(response);
    if (fault && fault->kind == Fault::Kind::Drop) {
        // Promise the whole body, send half of it, and hang up.
        socket->write(head);
        socket->write(response.body.left(response.body.size() / 2));
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    if (fault && fault->kind == Fault::Kind::Delay) {
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(fault->delayMs, this, [guard, head, body = response.body] {
            if (guard && guard->state() == QAbstractSocket::ConnectedState) {
                guard->write(head);
                guard->write(body);
            }
        });
        return;
    }
    socket->write(head + response.body);
}

QByteArray FakeGoogleServer::prettyJson(const QJsonObject &object)
{
    // Google indents with two spaces and ends with a newline; Qt indents with four.
    const QByteArray indented = QJsonDocument(object).toJson(QJsonDocument::Indented);
    QByteArray result;
    result.reserve(indented.size());
    for (const QByteArray &line : indented.split('\n')) {
        if (line.isEmpty())
            continue;
        qsizetype spaces = 0;
        while (spaces < line.size() && line.at(spaces) == ' ')
            ++spaces;
        result += QByteArray(spaces / 2, ' ') + line.mid(spaces) + '\n';
    }
    return result;
}

FakeGoogleServer::Response FakeGoogleServer::json(int status, const QJsonObject &object)
{
    return {status,
            {{"Content-Type", "application/json; charset=UTF-8"}, {"Vary", "Origin, X-Origin, Referer"}},
            prettyJson(object)};
}

FakeGoogleServer::Response FakeGoogleServer::sheetsError(int status, const QString &message,
                                                         const QJsonArray &details)
{
    static const QHash<int, QString> canonical {
        {400, QStringLiteral("INVALID_ARGUMENT")},  {401, QStringLiteral("UNAUTHENTICATED")},
        {403, QStringLiteral("PERMISSION_DENIED")}, {404, QStringLiteral("NOT_FOUND")},
        {408, QStringLiteral("DEADLINE_EXCEEDED")}, {429, QStringLiteral("RESOURCE_EXHAUSTED")},
        {500, QStringLiteral("INTERNAL")},          {503, QStringLiteral("UNAVAILABLE")}};
    QJsonObject error {{QStringLiteral("code"), status},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("status"), canonical.value(status, QStringLiteral("UNKNOWN"))}};
    if (!details.isEmpty())
        error.insert(QStringLiteral("details"), details);
    Response response = json(status, {{QStringLiteral("error"), error}});
    if (status == 401)
        response.headers.append(qMakePair(QByteArray("WWW-Authenticate"),
                                          QByteArray("Bearer realm=\"https://accounts.google.com/\"")));
    return response;
}

FakeGoogleServer::Response FakeGoogleServer::driveError(int status, const QString &message,
                                                        const QString &domain, const QString &reason,
                                                        const QString &location)
{
    QJsonObject item {{QStringLiteral("message"), message},
                      {QStringLiteral("domain"), domain},
                      {QStringLiteral("reason"), reason}};
    if (!location.isEmpty()) {
        item.insert(QStringLiteral("location"), location);
        item.insert(QStringLiteral("locationType"),
                    location == QLatin1String("Authorization") ? QStringLiteral("header")
                                                               : QStringLiteral("parameter"));
    }
    const QJsonObject error {{QStringLiteral("code"), status},
                             {QStringLiteral("message"), message},
                             {QStringLiteral("errors"), QJsonArray {item}}};
    return json(status, {{QStringLiteral("error"), error}});
}

FakeGoogleServer::Response FakeGoogleServer::html(int status, const QByteArray &body)
{
    return {status, {{"Content-Type", "text/html; charset=utf-8"}}, body};
}

// --- Routing and authentication --------------------------------------------------------------

FakeGoogleServer::Response FakeGoogleServer::route(const RecordedRequest &request)
{
    // Split the encoded path so that an encoded '/' (%2F) stays inside its segment.
    const QByteArray encodedPath = request.target.left(
        request.target.indexOf('?') < 0 ? request.target.size() : request.target.indexOf('?'));
    QStringList segments;
    for (const QByteArray &segment : encodedPath.split('/')) {
        if (!segment.isEmpty())
            segments.append(QString::fromUtf8(QByteArray::fromPercentEncoding(segment)));
    }
    if (request.method != QLatin1String("GET"))
        return sheetsError(405, QStringLiteral("Method not allowed."));
    if (segments.size() >= 3 && segments[0] == QLatin1String("v4")
        && segments[1] == QLatin1String("spreadsheets"))
        return sheetsRoute(request, segments);
    if (segments == QStringList {QStringLiteral("drive"), QStringLiteral("v3"), QStringLiteral("files")})
        return driveList(request);
    if (segments.size() >= 3 && segments[0] == QLatin1String("spreadsheets")
        && segments[1] == QLatin1String("d"))
        return docsExport(request, segments);
    if (segments.size() >= 2 && segments[0] == QLatin1String("export-download"))
        return download(request, segments);
    if (!segments.isEmpty() && segments[0] == QLatin1String("ServiceLogin"))
        return signInPage();
    return html(404, "<!DOCTYPE html><html><body><p><b>404.</b> That’s an error.</p></body></html>");
}

FakeGoogleServer::Auth FakeGoogleServer::authenticate(const RecordedRequest &request, bool drive) const
{
    Auth auth;
    const QByteArray authorization = request.headers.value("authorization");
    QString key = QString::fromUtf8(request.headers.value("x-goog-api-key"));
    if (key.isEmpty())
        key = request.query.value(QStringLiteral("key"));
    if (authorization.startsWith("Bearer ")) {
        const QString token = QString::fromUtf8(authorization.mid(7).trimmed());
        if (!m_tokens.contains(token) || m_revoked.contains(token)) {
            auth.failure = drive
                ? driveError(401, QStringLiteral("Invalid Credentials"), QStringLiteral("global"),
                             QStringLiteral("authError"), QStringLiteral("Authorization"))
                : sheetsError(401,
                              QStringLiteral("Request had invalid authentication credentials. "
                                             "Expected OAuth 2 access token, login cookie or "
                                             "other valid authentication credential. See "
                                             "https://developers.google.com/identity/sign-in/"
                                             "web/devconsole-project."));
            return auth;
        }
        auth.caller = Caller::Token;
        auth.identity = m_tokens.value(token);
        auth.ok = true;
        return auth;
    }
    if (!key.isEmpty()) {
        if (!m_apiKeys.contains(key)) {
            const QJsonArray details {QJsonObject {
                {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo")},
                {QStringLiteral("reason"), QStringLiteral("API_KEY_INVALID")},
                {QStringLiteral("domain"), QStringLiteral("googleapis.com")},
                {QStringLiteral("metadata"),
                 QJsonObject {{QStringLiteral("service"),
                               drive ? QStringLiteral("drive.googleapis.com")
                                     : QStringLiteral("sheets.googleapis.com")}}}}};
            auth.failure = sheetsError(400, QStringLiteral("API key not valid. Please pass a valid API key."),
                                       details);
            return auth;
        }
        if (drive) {
            // Listing files needs a user: a key alone gets Drive's "Login Required".
            auth.failure = driveError(401, QStringLiteral("Login Required."), QStringLiteral("global"),
                                      QStringLiteral("required"), QStringLiteral("Authorization"));
            return auth;
        }
        auth.caller = Caller::ApiKey;
        auth.ok = true;
        return auth;
    }
    auth.failure = drive
        ? driveError(403,
                     QStringLiteral("Method doesn't allow unregistered callers (callers without "
                                    "established identity). Please use API Key or other form "
                                    "of API consumer identity to call this API."),
                     QStringLiteral("global"), QStringLiteral("forbidden"))
        : sheetsError(403,
                      QStringLiteral("Method doesn't allow unregistered callers (callers without "
                                     "established identity). Please use API Key or other form "
                                     "of API consumer identity to call this API."));
    return auth;
}

bool FakeGoogleServer::canRead(const FakeSpreadsheet &spreadsheet, const Auth &auth) const
{
    if (spreadsheet.anyoneWithLink)
        return true;
    return auth.caller == Caller::Token && spreadsheet.sharedWith.contains(auth.identity);
}

// --- Sheets API ------------------------------------------------------------------------------

FakeGoogleServer::Response FakeGoogleServer::sheetsRoute(const RecordedRequest &request,
                                                         const QStringList &segments)
{
    const Auth auth = authenticate(request, false);
    if (!auth.ok)
        return auth.failure;

    QString id = segments[2];
    QString action;
    if (const qsizetype colon = id.indexOf(QLatin1Char(':')); colon >= 0) {
        action = id.mid(colon + 1);
        id = id.left(colon);
    }
    const FakeSpreadsheet *spreadsheet = nullptr;
    for (const FakeSpreadsheet &s : m_spreadsheets) {
        if (s.id == id && !s.trashed)
            spreadsheet = &s;
    }
    if (!spreadsheet)
        return sheetsError(404, QStringLiteral("Requested entity was not found."));
    if (!canRead(*spreadsheet, auth))
        return sheetsError(403, QStringLiteral("The caller does not have permission"));

    if (segments.size() == 3 && action.isEmpty())
        return metadata(*spreadsheet, request);
    if (segments.size() == 4 && segments[3] == QLatin1String("values:batchGet"))
        return values(*spreadsheet, request, request.queryValues(QStringLiteral("ranges")), true);
    if (segments.size() == 5 && segments[3] == QLatin1String("values"))
        return values(*spreadsheet, request, {segments[4]}, false);
    return sheetsError(404, QStringLiteral("Requested entity was not found."));
}

FakeGoogleServer::Response FakeGoogleServer::metadata(const FakeSpreadsheet &spreadsheet,
                                                      const RecordedRequest &request)
{
    QJsonArray sheets;
    for (int index = 0; index < spreadsheet.sheets.size(); ++index) {
        const FakeWorksheet &sheet = spreadsheet.sheets.at(index);
        QJsonObject properties {
            {QStringLiteral("sheetId"), sheet.sheetId},
            {QStringLiteral("title"), sheet.title},
            {QStringLiteral("index"), index},
            {QStringLiteral("sheetType"), sheet.chart ? QStringLiteral("OBJECT") : QStringLiteral("GRID")}};
        if (!sheet.chart)
            properties.insert(QStringLiteral("gridProperties"),
                              QJsonObject {{QStringLiteral("rowCount"), sheet.rowCount},
                                           {QStringLiteral("columnCount"), sheet.columnCount}});
        if (sheet.hidden)
            properties.insert(QStringLiteral("hidden"), true); // false is left out
        sheets.append(QJsonObject {{QStringLiteral("properties"), properties}});
    }
    const QJsonObject full {
        {QStringLiteral("spreadsheetId"), spreadsheet.id},
        {QStringLiteral("properties"),
         QJsonObject {{QStringLiteral("title"), spreadsheet.title},
                      {QStringLiteral("locale"), QStringLiteral("en_US")},
                      {QStringLiteral("autoRecalc"), QStringLiteral("ON_CHANGE")},
                      {QStringLiteral("timeZone"), QStringLiteral("Etc/GMT")}}},
        {QStringLiteral("sheets"), sheets},
        {QStringLiteral("spreadsheetUrl"),
         QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit").arg(spreadsheet.id)}};

    const QString fields = request.query.value(QStringLiteral("fields"));
    if (fields.isEmpty())
        return json(200, full);
    FieldMask mask;
    if (!mask.parse(fields))
        return sheetsError(400, QStringLiteral("Request contains an invalid argument."));
    FieldMask schema;
    schema.parse(MetadataSchema);
    if (const QString unknown = mask.firstUnknownPath(schema); !unknown.isEmpty()) {
        const QJsonArray details {QJsonObject {
            {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.BadRequest")},
            {QStringLiteral("fieldViolations"),
             QJsonArray {QJsonObject {
                 {QStringLiteral("description"),
                  QStringLiteral("Error expanding 'fields' parameter. Cannot find matching fields "
                                 "for path '%1'.")
                      .arg(unknown)}}}}}};
        return sheetsError(400, QStringLiteral("Request contains an invalid argument."), details);
    }
    return json(200, mask.apply(full));
}

FakeGoogleServer::Response FakeGoogleServer::values(const FakeSpreadsheet &spreadsheet,
                                                    const RecordedRequest &request, const QStringList &ranges,
                                                    bool batch)
{
    RenderOptions options;
    const QString render
        = request.query.value(QStringLiteral("valueRenderOption"), QStringLiteral("FORMATTED_VALUE"));
    if (render == QLatin1String("FORMATTED_VALUE"))
        options.value = RenderOptions::Value::Formatted;
    else if (render == QLatin1String("UNFORMATTED_VALUE"))
        options.value = RenderOptions::Value::Unformatted;
    else if (render == QLatin1String("FORMULA"))
        options.value = RenderOptions::Value::Formula;
    else
        return sheetsError(
            400,
            QStringLiteral("Invalid value at 'value_render_option' "
                           "(type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \"%1\"")
                .arg(render));
    const QString dates
        = request.query.value(QStringLiteral("dateTimeRenderOption"), QStringLiteral("SERIAL_NUMBER"));
    if (dates != QLatin1String("SERIAL_NUMBER") && dates != QLatin1String("FORMATTED_STRING"))
        return sheetsError(
            400,
            QStringLiteral("Invalid value at 'date_time_render_option' "
                           "(type.googleapis.com/google.apps.sheets.v4.DateTimeRenderOption), \"%1\"")
                .arg(dates));
    options.serialDates = dates == QLatin1String("SERIAL_NUMBER");
    const QString major = request.query.value(QStringLiteral("majorDimension"), QStringLiteral("ROWS"));
    if (major != QLatin1String("ROWS") && major != QLatin1String("COLUMNS"))
        return sheetsError(400,
                           QStringLiteral("Invalid value at 'major_dimension' "
                                          "(type.googleapis.com/google.apps.sheets.v4.Dimension), \"%1\"")
                               .arg(major));
    options.columns = major == QLatin1String("COLUMNS");
    if (batch && ranges.isEmpty())
        return json(200, {{QStringLiteral("spreadsheetId"), spreadsheet.id}});

    QJsonArray valueRanges;
    for (const QString &text : ranges) {
        A1Range range;
        const FakeWorksheet *sheet = nullptr;
        if (A1Range::parse(text, &range))
            sheet = range.hasSheet ? spreadsheet.sheetByTitle(range.sheetTitle)
                                   : spreadsheet.firstVisibleGrid();
        if (!sheet || sheet->chart)
            return sheetsError(400, QStringLiteral("Unable to parse range: %1").arg(text));
        QString error;
        const QJsonObject rendered = ValueRenderer::render(*sheet, range, options, &error);
        if (!error.isEmpty())
            return sheetsError(400, error);
        if (!batch)
            return json(200, rendered);
        valueRanges.append(rendered);
    }
    return json(
        200,
        {{QStringLiteral("spreadsheetId"), spreadsheet.id}, {QStringLiteral("valueRanges"), valueRanges}});
}

// --- Drive -----------------------------------------------------------------------------------

FakeGoogleServer::Response FakeGoogleServer::driveList(const RecordedRequest &request)
{
    const Auth auth = authenticate(request, true);
    if (!auth.ok)
        return auth.failure;

    // The q grammar MovieFlow uses: terms joined by "and"; name/mimeType with = or contains, trashed = bool.
    const QString q = request.query.value(QStringLiteral("q"));
    static const QRegularExpression term(
        QStringLiteral("^\\s*(name|mimeType|trashed)\\s*(=|!=|contains)\\s*('((?:[^'\\\\]|\\\\.)*)'|true|"
                       "false)\\s*(?:and\\s+|$)"));
    struct Condition
    {
        QString field, op, value;
    };
    QList<Condition> conditions;
    int pos = 0;
    while (pos < q.size()) {
        const QRegularExpressionMatch m = term.match(q.mid(pos));
        if (!m.hasMatch())
            return driveError(400, QStringLiteral("Invalid Value"), QStringLiteral("global"),
                              QStringLiteral("invalid"), QStringLiteral("q"));
        QString value = m.captured(4);
        if (m.captured(3).startsWith(QLatin1Char('\''))) {
            QString unescaped;
            for (qsizetype i = 0; i < value.size(); ++i) {
                if (value.at(i) == QLatin1Char('\\') && i + 1 < value.size())
                    ++i;
                unescaped += value.at(i);
            }
            value = unescaped;
        } else {
            value = m.captured(3);
        }
        conditions.append({m.captured(1), m.captured(2), value});
        pos += int(m.capturedLength(0));
    }

    FieldMask mask;
    const QString fields = request.query.value(QStringLiteral("fields"));
    if (!fields.isEmpty()) {
        FieldMask schema;
        schema.parse(DriveListSchema);
        if (!mask.parse(fields) || !mask.firstUnknownPath(schema).isEmpty())
            return driveError(400, QStringLiteral("Invalid field selection %1").arg(fields),
                              QStringLiteral("global"), QStringLiteral("invalidParameter"),
                              QStringLiteral("fields"));
    }

    QList<const FakeSpreadsheet *> matches;
    for (const FakeSpreadsheet &s : m_spreadsheets) {
        if (!s.sharedWith.contains(auth.identity))
            continue; // a Drive only lists what is shared with the caller
        bool keep = true;
        for (const Condition &c : conditions) {
            QString actual;
            if (c.field == QLatin1String("name"))
                actual = s.title;
            else if (c.field == QLatin1String("mimeType"))
                actual = QString::fromLatin1(SpreadsheetMime);
            else
                actual = s.trashed ? QStringLiteral("true") : QStringLiteral("false");
            if (c.op == QLatin1String("="))
                keep = keep && actual == c.value;
            else if (c.op == QLatin1String("!="))
                keep = keep && actual != c.value;
            else
                keep = keep && actual.contains(c.value, Qt::CaseInsensitive);
        }
        if (keep)
            matches.append(&s);
    }

    int pageSize = request.query.value(QStringLiteral("pageSize"), QStringLiteral("100")).toInt();
    if (pageSize < 1 || pageSize > 1000)
        return driveError(400,
                          QStringLiteral("Invalid value '%1'. Values must be within the range: [1, 1000]")
                              .arg(request.query.value(QStringLiteral("pageSize"))),
                          QStringLiteral("global"), QStringLiteral("invalidParameter"),
                          QStringLiteral("pageSize"));
    pageSize = std::min(pageSize, m_driveMaxPageSize);
    // Page tokens: "p<offset>" for a real page, "e<offset>" for the empty page before it.
    const QString token = request.query.value(QStringLiteral("pageToken"));
    int offset = 0;
    bool emptyPage = m_driveEmptyPages;
    if (!token.isEmpty()) {
        const QString decoded
            = QString::fromUtf8(QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding));
        bool ok = false;
        offset = decoded.mid(1).toInt(&ok);
        if (!ok || (decoded.at(0) != QLatin1Char('p') && decoded.at(0) != QLatin1Char('e')))
            return driveError(400, QStringLiteral("Invalid Value"), QStringLiteral("global"),
                              QStringLiteral("invalid"), QStringLiteral("pageToken"));
        emptyPage = m_driveEmptyPages && decoded.at(0) == QLatin1Char('e');
    }
    const auto tokenFor = [](QChar kind, int at) {
        return QString::fromLatin1(
            QString(kind + QString::number(at)).toUtf8().toBase64(QByteArray::Base64UrlEncoding));
    };
    QJsonArray files;
    QString next;
    if (emptyPage && offset < matches.size()) {
        next = tokenFor(QLatin1Char('p'), offset);
    } else {
        const int end = std::min(int(matches.size()), offset + pageSize);
        for (int i = offset; i < end; ++i) {
            const FakeSpreadsheet *s = matches.at(i);
            files.append(
                QJsonObject {{QStringLiteral("kind"), QStringLiteral("drive#file")},
                             {QStringLiteral("id"), s->id},
                             {QStringLiteral("name"), s->title},
                             {QStringLiteral("mimeType"), QString::fromLatin1(SpreadsheetMime)},
                             {QStringLiteral("createdTime"), s->modifiedTime.toString(Qt::ISODateWithMs)},
                             {QStringLiteral("modifiedTime"), s->modifiedTime.toString(Qt::ISODateWithMs)}});
        }
        if (end < matches.size())
            next = tokenFor(m_driveEmptyPages ? QLatin1Char('e') : QLatin1Char('p'), end);
    }
    QJsonObject list {{QStringLiteral("kind"), QStringLiteral("drive#fileList")},
                      {QStringLiteral("incompleteSearch"), false},
                      {QStringLiteral("files"), files}};
    if (!next.isEmpty())
        list.insert(QStringLiteral("nextPageToken"), next);
    return json(200, fields.isEmpty() ? list : mask.apply(list));
}

// --- docs.google.com export ------------------------------------------------------------------

FakeGoogleServer::Response FakeGoogleServer::docsExport(const RecordedRequest &request,
                                                        const QStringList &segments)
{
    const FakeSpreadsheet *spreadsheet = nullptr;
    if (segments.size() == 5 && segments[2] == QLatin1String("e") && segments[4] == QLatin1String("pub")) {
        for (const FakeSpreadsheet &s : m_spreadsheets) {
            if (!s.publishKey.isEmpty() && s.publishKey == segments[3])
                spreadsheet = &s;
        }
        if (request.query.value(QStringLiteral("output")) != QLatin1String("csv"))
            return html(400, "<html><body>Bad Request</body></html>");
    } else if (segments.size() == 4 && segments[3] == QLatin1String("export")) {
        for (const FakeSpreadsheet &s : m_spreadsheets) {
            if (s.id == segments[2] && !s.trashed)
                spreadsheet = &s;
        }
        if (spreadsheet && !spreadsheet->anyoneWithLink) {
            // Not public and no browser cookie: Google sends the caller to its sign-in page.
            const QString here = baseUrl().toString() + QString::fromLatin1(request.target);
            const QByteArray continueUrl = QUrl::toPercentEncoding(here);
            return {
                302,
                {{"Location",
                  baseUrl().toString().toLatin1() + "/ServiceLogin?service=wise&passive=1209600&continue="
                      + continueUrl + "&followup=" + continueUrl},
                 {"Content-Type", "text/html; charset=UTF-8"}},
                "<HTML><HEAD><TITLE>Moved Temporarily</TITLE></HEAD><BODY>Moved Temporarily</BODY></HTML>"};
        }
        if (request.query.value(QStringLiteral("format")) != QLatin1String("csv"))
            return html(400, "<html><body>Bad Request</body></html>");
    }
    if (!spreadsheet)
        return html(
            404,
            "<!DOCTYPE html><html><head><title>Page Not Found</title></head><body>Sorry, unable to open "
            "the file at this time.</body></html>");
    const FakeWorksheet *sheet = spreadsheet->firstVisibleGrid();
    if (request.query.contains(QStringLiteral("gid"))) {
        bool ok = false;
        const qint64 gid = request.query.value(QStringLiteral("gid")).toLongLong(&ok);
        sheet = ok ? spreadsheet->sheetById(gid) : nullptr;
    }
    if (!sheet || sheet->chart)
        return html(400, "<html><body>Bad Request</body></html>");
    const QByteArray location = baseUrl().toString().toLatin1() + "/export-download/"
        + QUrl::toPercentEncoding(spreadsheet->id) + "/" + QByteArray::number(sheet->sheetId);
    return {307,
            {{"Location", location}, {"Content-Type", "text/html; charset=UTF-8"}},
            "<HTML><HEAD><TITLE>Temporary Redirect</TITLE></HEAD><BODY>Temporary Redirect</BODY></HTML>"};
}

FakeGoogleServer::Response FakeGoogleServer::download(const RecordedRequest &, const QStringList &segments)
{
    if (segments.size() != 3)
        return html(404, "<html><body>Not Found</body></html>");
    const FakeSpreadsheet *spreadsheet = nullptr;
    for (const FakeSpreadsheet &s : m_spreadsheets) {
        if (s.id == segments[1])
            spreadsheet = &s;
    }
    const FakeWorksheet *sheet = spreadsheet ? spreadsheet->sheetById(segments[2].toLongLong()) : nullptr;
    if (!sheet)
        return html(404, "<html><body>Not Found</body></html>");
    const QString fileName = QStringLiteral("%1 - %2.csv").arg(spreadsheet->title, sheet->title);
    return {200,
            {{"Content-Type", "text/csv; charset=utf-8"},
             {"Content-Disposition",
              "attachment; filename=\"" + fileName.toUtf8().replace('"', "") + "\"; filename*=UTF-8''"
                  + QUrl::toPercentEncoding(fileName)}},
            exportCsv(*sheet)};
}

FakeGoogleServer::Response FakeGoogleServer::signInPage()
{
    return html(200,
                "<!DOCTYPE html><html lang=\"en\"><head><title>Google Sheets - sign in</title></head><body>"
                "<form action=\"/signin/v2/identifier\"><p>Sign in to continue to Google Sheets</p>"
                "<input type=\"email\" name=\"identifier\"></form></body></html>");
}

} // namespace mf::fakegoogle
