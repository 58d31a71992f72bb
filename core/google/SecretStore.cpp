// SPDX-License-Identifier: MIT
#include "SecretStore.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

namespace mf::google {

namespace {

/// The session-only fallback, shared by every SecretStore of the process.
class SessionMemory
{
public:
    static SessionMemory &instance()
    {
        static SessionMemory memory;
        return memory;
    }
    void put(const QString &slot, const QString &secret)
    {
        const QMutexLocker lock(&m_mutex);
        m_secrets.insert(slot, secret);
    }
    std::optional<QString> get(const QString &slot) const
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_secrets.constFind(slot);
        if (it == m_secrets.constEnd())
            return std::nullopt;
        return *it;
    }
    bool take(const QString &slot)
    {
        const QMutexLocker lock(&m_mutex);
        return m_secrets.remove(slot) > 0;
    }

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_secrets;
};

QString slotOf(const QString &service, const QString &key)
{
    return service + QLatin1Char('\n') + key;
}

QString keychainError(const QKeychain::Job *job)
{
    const QString why = job->errorString().trimmed();
    return why.isEmpty() ? QStringLiteral("error %1").arg(int(job->error())) : why;
}

QString unavailableProblem(const QKeychain::Job *job)
{
    QString why = job->errorString().trimmed();
    if (why.endsWith(QLatin1Char('.')))
        why.chop(1);
    if (job->error() == QKeychain::AccessDeniedByUser || job->error() == QKeychain::AccessDenied) {
        return QStringLiteral(
                   "The keychain refused access (%1), so MovieFlow keeps your Google sign-in in memory "
                   "for this session only; nothing is written to disk.")
            .arg(why);
    }
    return QStringLiteral(
               "No keychain is available (%1), so MovieFlow keeps your Google sign-in in memory for this "
               "session only; nothing is written to disk. Start a Secret Service such as GNOME Keyring "
               "or KWallet to stay signed in.")
        .arg(why.isEmpty() ? QStringLiteral("error %1").arg(int(job->error())) : why);
}

QString memoryOnlyProblem()
{
    return QStringLiteral(
        "MovieFlow is set to keep secrets in memory only, so your Google sign-in lasts for this "
        "session only; nothing is written to disk.");
}

void finishLater(QObject *context, SecretStore::Done done, SecretStore::Outcome outcome)
{
    // Callbacks always run from the event loop, as the keychain jobs' do.
    QTimer::singleShot(0, context, [done = std::move(done), outcome = std::move(outcome)] { done(outcome); });
}

SecretStore::Outcome waitFor(const std::function<void(QObject *, SecretStore::Done)> &start)
{
    QEventLoop loop;
    SecretStore::Outcome result;
    bool finished = false;
    start(&loop, [&](const SecretStore::Outcome &outcome) {
        result = outcome;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

} // namespace

SecretStore::SecretStore(Mode mode, QString service) : m_mode(mode), m_service(std::move(service)) { }

void SecretStore::write(const QString &key, const QString &secret, QObject *context, Done done) const
{
    const QString slot = slotOf(m_service, key);
    if (m_mode == Mode::MemoryOnly) {
        SessionMemory::instance().put(slot, secret);
        finishLater(context, std::move(done),
                    {std::nullopt, Location::SessionMemory, memoryOnlyProblem(), QString()});
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(key);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [slot, secret, done = std::move(done)](QKeychain::Job *j) {
                         Outcome outcome;
                         if (j->error() == QKeychain::NoError) {
                             // A stale session copy must not shadow the keychain later.
                             SessionMemory::instance().take(slot);
                             outcome.location = Location::Keychain;
                         } else {
                             SessionMemory::instance().put(slot, secret);
                             outcome.location = Location::SessionMemory;
                             outcome.problem = unavailableProblem(j);
                             outcome.keychainError = keychainError(j);
                         }
                         done(outcome);
                     });
    job->start();
}

void SecretStore::read(const QString &key, QObject *context, Done done) const
{
    const QString slot = slotOf(m_service, key);
    if (m_mode == Mode::MemoryOnly) {
        finishLater(
            context, std::move(done),
            {SessionMemory::instance().get(slot), Location::SessionMemory, memoryOnlyProblem(), QString()});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [slot, done = std::move(done)](QKeychain::Job *j) {
            Outcome outcome;
            if (j->error() == QKeychain::NoError) {
                outcome.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
                outcome.location = Location::Keychain;
            } else if (const std::optional<QString> remembered = SessionMemory::instance().get(slot)) {
                // Written while the keychain was unavailable (or before it appeared) in this session.
                outcome.secret = remembered;
                outcome.location = Location::SessionMemory;
                if (j->error() != QKeychain::EntryNotFound) {
                    outcome.problem = unavailableProblem(j);
                    outcome.keychainError = keychainError(j);
                }
            } else if (j->error() == QKeychain::EntryNotFound) {
                outcome.location = Location::Keychain;
            } else {
                outcome.location = Location::SessionMemory;
                outcome.problem = unavailableProblem(j);
                outcome.keychainError = keychainError(j);
            }
            done(outcome);
        });
    job->start();
}

void SecretStore::remove(const QString &key, QObject *context, Done done) const
{
    const QString slot = slotOf(m_service, key);
    SessionMemory::instance().take(slot);
    if (m_mode == Mode::MemoryOnly) {
        finishLater(context, std::move(done),
                    {std::nullopt, Location::SessionMemory, memoryOnlyProblem(), QString()});
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *j) {
        Outcome outcome;
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound) {
            outcome.location = Location::Keychain;
        } else {
            outcome.location = Location::SessionMemory;
            outcome.problem = unavailableProblem(j);
            outcome.keychainError = keychainError(j);
        }
        done(outcome);
    });
    job->start();
}

void SecretStore::probe(QObject *context, Done done) const
{
    read(QStringLiteral("availability-probe"), context, [done = std::move(done)](const Outcome &outcome) {
        Outcome probed;
        probed.location = outcome.location;
        probed.problem = outcome.problem;
        probed.keychainError = outcome.keychainError;
        done(probed);
    });
}

SecretStore::Outcome SecretStore::probeAndWait() const
{
    return waitFor([&](QObject *context, Done done) { probe(context, std::move(done)); });
}

SecretStore::Outcome SecretStore::writeAndWait(const QString &key, const QString &secret) const
{
    return waitFor([&](QObject *context, Done done) { write(key, secret, context, std::move(done)); });
}

SecretStore::Outcome SecretStore::readAndWait(const QString &key) const
{
    return waitFor([&](QObject *context, Done done) { read(key, context, std::move(done)); });
}

SecretStore::Outcome SecretStore::removeAndWait(const QString &key) const
{
    return waitFor([&](QObject *context, Done done) { remove(key, context, std::move(done)); });
}

QString SecretStore::describe(Location location, const QString &service)
{
    if (location == Location::Keychain)
        return QStringLiteral("the system keychain (service \"%1\")").arg(service);
    return QStringLiteral("memory, for this session only");
}

} // namespace mf::google
