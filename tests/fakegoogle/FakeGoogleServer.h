// SPDX-License-Identifier: MIT
#pragma once

#include "FakeSpreadsheet.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMultiMap>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <optional>

class QTcpSocket;

namespace mf::fakegoogle {

/// A failure the fake serves instead of the real answer, for the next `times` requests whose path
/// contains `pathContains` (all requests when it is empty).
struct Fault
{
    enum class Kind {
        Status, ///< an error status with Google's JSON body for it (429 with Retry-After, 500, 503…)
        HtmlStatus, ///< an error status with an HTML body, as a front end sends
        Drop, ///< headers and half the body, then the connection is closed
        Delay, ///< the real answer, but only after delayMs
    };
    Kind kind = Kind::Status;
    int status = 503;
    int retryAfterSeconds = -1; ///< Retry-After header when >= 0
    int delayMs = 0;
    QString pathContains;
    int times = 1;
};

/// One request as the fake saw it.
struct RecordedRequest
{
    QString method;
    QByteArray target; ///< path and query exactly as sent (percent-encoding intact)
    QString path; ///< decoded
    QMultiMap<QString, QString> query; ///< decoded the way Google does ('+' is a space)
    QList<QPair<QString, QString>> queryItems; ///< the same, in the order sent
    QStringList queryValues(const QString &name) const; ///< in the order sent
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    qint64 atMs = 0; ///< since the server started
};

/// A local Google for tests: Sheets API v4 (spreadsheets.get with field masks, values.get,
/// values:batchGet), Drive v3 files.list, the docs.google.com CSV export (307 to a download path;
/// 302 to a sign-in page for private sheets) and a "publish to web" export, with Google's JSON
/// error bodies (GOOGLE.md §1.5). Listens on 127.0.0.1 at a random port. Bearer tokens and API keys
/// are checked against sets the test controls; faults are injected on demand.
///
/// HTTP/1.1 is spoken by a small loop on QTcpServer rather than QHttpServer, so that the fake sees
/// the request target byte for byte (QHttpServerRequest::url() goes through QUrl, which may
/// normalise the percent-encoding the tests check) and controls every byte it writes (a body cut in
/// half, a late answer).
class FakeGoogleServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeGoogleServer(QObject *parent = nullptr);
    ~FakeGoogleServer() override;

    /// Listens on 127.0.0.1 (port 0: any free port). Returns false when it cannot.
    bool start(quint16 port = 0);
    quint16 port() const { return m_port; }
    /// http://127.0.0.1:PORT, the base for every MOVIEFLOW_GOOGLE_*_URL.
    QUrl baseUrl() const;

    /// Adds a spreadsheet; its id is derived from the title unless set. Returns the id.
    QString addSpreadsheet(FakeSpreadsheet spreadsheet);
    /// A spreadsheet `title` with one worksheet `title` (sheetId 0) holding a CSV file, as Google
    /// makes it on import. Returns the id, or empty when the file cannot be read.
    QString addCsvSpreadsheet(const QString &title, const QString &csvPath, QString *error = nullptr);
    FakeSpreadsheet *spreadsheet(const QString &id);
    static QString idForTitle(const QString &title);

    void addToken(const QString &token, const QString &identity);
    void revokeToken(const QString &token);
    void addApiKey(const QString &key);
    void share(const QString &spreadsheetId, const QString &identity);
    void unshare(const QString &spreadsheetId, const QString &identity);
    void setAnyoneWithLink(const QString &spreadsheetId, bool on);

    void injectFault(const Fault &fault);
    void clearFaults();

    /// files.list never returns more than this per page (Google's own maximum is 1000).
    void setDriveMaxPageSize(int size) { m_driveMaxPageSize = size; }
    /// files.list puts an empty page (with a nextPageToken) before each real one, as Drive may.
    void setDriveEmptyPages(bool on) { m_driveEmptyPages = on; }

    QList<RecordedRequest> requests() const { return m_requests; }
    /// Requests whose path contains `part`.
    QList<RecordedRequest> requests(const QString &part) const;
    void clearRequests() { m_requests.clear(); }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handleRequest(RecordedRequest recorded, QTcpSocket *socket, bool closeAfter);

    struct Response
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
    };
    enum class Caller { Nobody, Token, ApiKey };
    struct Auth
    {
        Caller caller = Caller::Nobody;
        QString identity;
        bool ok = false;
        Response failure;
    };

    Response route(const RecordedRequest &request);
    Response sheetsRoute(const RecordedRequest &request, const QStringList &segments);
    Response metadata(const FakeSpreadsheet &spreadsheet, const RecordedRequest &request);
    Response values(const FakeSpreadsheet &spreadsheet, const RecordedRequest &request,
                    const QStringList &ranges, bool batch);
    Response driveList(const RecordedRequest &request);
    Response docsExport(const RecordedRequest &request, const QStringList &segments);
    Response download(const RecordedRequest &request, const QStringList &segments);
    Response signInPage();

    Auth authenticate(const RecordedRequest &request, bool drive) const;
    bool canRead(const FakeSpreadsheet &spreadsheet, const Auth &auth) const;

    static Response json(int status, const QJsonObject &object);
    static Response sheetsError(int status, const QString &message, const QJsonArray &details = {});
    static Response driveError(int status, const QString &message, const QString &domain,
                               const QString &reason, const QString &location = {});
    static Response html(int status, const QByteArray &body);
    static QByteArray prettyJson(const QJsonObject &object);
    static QByteArray reasonPhrase(int status);
    static QByteArray serialize(const Response &response);

    void respond(QTcpSocket *socket, const Response &response, const Fault *fault);
    std::optional<Fault> takeFault(const RecordedRequest &request);
    Response faultResponse(const Fault &fault, const RecordedRequest &request) const;

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    quint16 m_port = 0;
    QElapsedTimer m_clock;
    QList<FakeSpreadsheet> m_spreadsheets;
    QHash<QString, QString> m_tokens; ///< token -> identity
    QSet<QString> m_revoked;
    QSet<QString> m_apiKeys;
    QList<Fault> m_faults;
    QList<RecordedRequest> m_requests;
    int m_driveMaxPageSize = 1000;
    bool m_driveEmptyPages = false;
};

} // namespace mf::fakegoogle
