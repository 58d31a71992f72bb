// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

class QLocalServer;
class QLockFile;

namespace mf {

/// One MovieFlow window per user (and data folder, where the history lives): the first launch holds
/// a QLockFile there (stale locks of dead processes are taken over) and listens on a per-user
/// QLocalServer; a later launch hands its arguments over and exits.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(QObject *parent = nullptr);
    ~SingleInstance() override;

    /// "movieflow-<user id>-<hash of the data folder>".
    static QString serverName();

    /// Becomes the first instance (true) or, when another one runs, sends it `arguments` and
    /// returns false (`*handedOver` says whether it took them).
    bool claim(const QStringList &arguments, bool *handedOver = nullptr);

signals:
    /// A later launch handed over its arguments (program name first).
    void argumentsReceived(const QStringList &arguments);

private:
    void onNewConnection();
    bool send(const QStringList &arguments);

    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
};

} // namespace mf
