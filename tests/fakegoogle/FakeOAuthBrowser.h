// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>

/// The user's browser in sign-in tests: open() GETs the consent page and follows Google's redirect to the
/// app's loopback listener, as a browser does; the page the app answered with is kept. `rewrite` may change
/// the address first (to tamper with the PKCE challenge, for example).
class FakeOAuthBrowser : public QObject
{
    Q_OBJECT

public:
    explicit FakeOAuthBrowser(QObject *parent = nullptr);

    /// Opens `url` (after `rewrite`, when set). loaded() follows.
    void open(const QUrl &url);
    std::function<QUrl(const QUrl &)> rewrite;

    /// What was opened, every redirect target, and the final page.
    QUrl openedUrl() const { return m_opened; }
    QList<QUrl> redirects() const { return m_redirects; }
    int status() const { return m_status; }
    QByteArray page() const { return m_page; }
    int visits() const { return m_visits; }

Q_SIGNALS:
    void loaded();

private:
    QNetworkAccessManager m_network;
    QUrl m_opened;
    QList<QUrl> m_redirects;
    int m_status = 0;
    QByteArray m_page;
    int m_visits = 0;
};
