// SPDX-License-Identifier: MIT
#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>

#include <unistd.h>

namespace mf {

namespace {

constexpr int timeoutMs = 5000;

/// Beside the run history: one instance per user and data folder.
QString dataFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

QString lockPath()
{
    return dataFolder() + QStringLiteral("/instance.lock");
}

} // namespace

SingleInstance::SingleInstance(QObject *parent) : QObject(parent) { }

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName()
{
    // Socket names are short: the user id plus a hash of the data folder (tests give each program
    // its own XDG_DATA_HOME and so their own instance).
    const QByteArray hash = QCryptographicHash::hash(dataFolder().toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStringLiteral("movieflow-%1-%2").arg(::getuid()).arg(QString::fromLatin1(hash.left(12)));
}

bool SingleInstance::claim(const QStringList &arguments, bool *handedOver)
{
    if (handedOver)
        *handedOver = false;
    QDir().mkpath(dataFolder());
    m_lock = std::make_unique<QLockFile>(lockPath());
    // A lock whose process is gone counts as stale at once; a live one is never stale.
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(200)) {
        const bool sent = send(arguments);
        if (handedOver)
            *handedOver = sent;
        m_lock.reset();
        return false;
    }
    // We hold the lock, so a socket file left by a killed instance is stale.
    QLocalServer::removeServer(serverName());
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    if (!m_server->listen(serverName()))
        qWarning("movieflow: cannot listen for later launches: %s", qPrintable(m_server->errorString()));
    return true;
}

bool SingleInstance::send(const QStringList &arguments)
{
    QLocalSocket socket;
    socket.connectToServer(serverName());
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QByteArray block;
    QDataStream out(&block, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << arguments;
    socket.write(block);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The first instance answers once it has read the arguments.
    return socket.waitForReadyRead(timeoutMs) && socket.readAll().startsWith("ok");
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            QDataStream in(socket);
            in.setVersion(QDataStream::Qt_6_4);
            in.startTransaction();
            QStringList arguments;
            in >> arguments;
            if (!in.commitTransaction())
                return; // not all there yet
            socket->write("ok\n");
            socket->flush();
            emit argumentsReceived(arguments);
        });
    }
}

} // namespace mf
