// SPDX-License-Identifier: MIT
#include "FakeOAuthBrowser.h"

#include <QNetworkReply>
#include <QNetworkRequest>

FakeOAuthBrowser::FakeOAuthBrowser(QObject *parent) : QObject(parent) { }

void FakeOAuthBrowser::open(const QUrl &url)
{
    m_opened = rewrite ? rewrite(url) : url;
    m_redirects.clear();
    m_status = 0;
    m_page.clear();
    ++m_visits;
    QNetworkRequest request(m_opened);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::redirected, this, [this](const QUrl &target) { m_redirects << target; });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_page = reply->readAll();
        reply->deleteLater();
        Q_EMIT loaded();
    });
}
