// SPDX-License-Identifier: MIT
#include "NetworkMonitor.h"

#include <QNetworkInformation>

namespace mf {

namespace {

bool reachable(QNetworkInformation::Reachability reachability)
{
    // Local or Site means no way out to Google; Unknown means nobody can tell, so try.
    return reachability == QNetworkInformation::Reachability::Online
        || reachability == QNetworkInformation::Reachability::Unknown;
}

} // namespace

NetworkMonitor::NetworkMonitor(QObject *parent) : QObject(parent) { }

void NetworkMonitor::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    emit onlineChanged(online);
}

SystemNetworkMonitor::SystemNetworkMonitor(QObject *parent) : NetworkMonitor(parent)
{
    m_backend = QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    QNetworkInformation *info = m_backend ? QNetworkInformation::instance() : nullptr;
    if (!info)
        return;
    setOnline(reachable(info->reachability()));
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) { setOnline(reachable(reachability)); });
}

} // namespace mf
