// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace mf {

/// Whether the internet is reachable, for runs whose source needs the network (Google). The base
/// class is told by setOnline() (tests, or "always online" when nothing better is known);
/// SystemNetworkMonitor follows QNetworkInformation.
class NetworkMonitor : public QObject
{
    Q_OBJECT

public:
    explicit NetworkMonitor(QObject *parent = nullptr);

    bool isOnline() const { return m_online; }
    void setOnline(bool online);

signals:
    void onlineChanged(bool online);

private:
    bool m_online = true;
};

/// Follows QNetworkInformation's reachability. Without a backend (no NetworkManager, a container)
/// the state is unknown and counts as online, so a run tries and its read task retries.
class SystemNetworkMonitor : public NetworkMonitor
{
    Q_OBJECT

public:
    explicit SystemNetworkMonitor(QObject *parent = nullptr);
    /// False when no reachability backend could be loaded.
    bool hasBackend() const { return m_backend; }

private:
    bool m_backend = false;
};

} // namespace mf
