// SPDX-License-Identifier: MIT
#include "RunHistory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <memory>

namespace mf {

namespace {

constexpr int schemaVersion = 1;

const char *const schemaStatements[] = {
    "CREATE TABLE IF NOT EXISTS flow_runs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " flow TEXT NOT NULL, state TEXT NOT NULL, trigger TEXT NOT NULL,"
    " schedule TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', owner TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL, scheduled_for INTEGER, started_at INTEGER, ended_at INTEGER,"
    " rows_kept INTEGER NOT NULL DEFAULT -1, outputs TEXT NOT NULL DEFAULT '{}',"
    " settings TEXT NOT NULL DEFAULT '{}', work_dir TEXT NOT NULL DEFAULT '',"
    " error_kind TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', failed_task TEXT NOT NULL DEFAULT "
    "'',"
    " resumes INTEGER NOT NULL DEFAULT 0,"
    " fingerprint TEXT NOT NULL DEFAULT '{}', signature TEXT NOT NULL DEFAULT '{}')",
    "CREATE TABLE IF NOT EXISTS task_runs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " run_id INTEGER NOT NULL REFERENCES flow_runs(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, started_at INTEGER, ended_at INTEGER,"
    " result TEXT NOT NULL DEFAULT '{}', error TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS state_changes ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " run_id INTEGER NOT NULL REFERENCES flow_runs(id) ON DELETE CASCADE,"
    " task_run_id INTEGER REFERENCES task_runs(id) ON DELETE CASCADE,"
    " state TEXT NOT NULL, at INTEGER NOT NULL, message TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS logs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " run_id INTEGER REFERENCES flow_runs(id) ON DELETE CASCADE,"
    " task_run_id INTEGER REFERENCES task_runs(id) ON DELETE CASCADE,"
    " at INTEGER NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS task_runs_by_run ON task_runs(run_id, position)",
    "CREATE INDEX IF NOT EXISTS logs_by_run ON logs(run_id, task_run_id, id)",
    "CREATE INDEX IF NOT EXISTS state_changes_by_run ON state_changes(run_id, id)",
    "CREATE INDEX IF NOT EXISTS flow_runs_by_state ON flow_runs(state)",
};

const QString activeStates = QStringLiteral("('Pending','Running','Retrying')");

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QDateTime timeFrom(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong());
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonFrom(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

RunState stateFrom(const QVariant &value)
{
    RunState state = RunState::Crashed;
    runStateFromName(value.toString(), &state);
    return state;
}

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return {};
    case ErrorKind::Usage:
        return QStringLiteral("usage");
    case ErrorKind::Input:
        return QStringLiteral("input");
    case ErrorKind::Google:
        return QStringLiteral("google");
    case ErrorKind::Output:
        return QStringLiteral("output");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::Internal:
        break;
    }
    return QStringLiteral("internal");
}

/// The lock files this process holds, one per history folder, while a RunHistory on it is open.
struct OwnerLock
{
    QString id;
    std::shared_ptr<QLockFile> lock;
    int users = 0;
};

struct OwnerLocks
{
    QMutex mutex;
    QHash<QString, OwnerLock> byFolder;
};

OwnerLocks &ownerLocks()
{
    static OwnerLocks locks;
    return locks;
}

std::atomic<int> connectionCounter {0};

/// A task that places files outside the working folder lists where in outside.json (see Flow.h);
/// when it never completed, the files it may have placed are removed again.
void undoOutsideFiles(const QString &taskDir)
{
    QFile file(taskDir + QStringLiteral("/outside.json"));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject outside = QJsonDocument::fromJson(file.readAll()).object();
    const QDir dir(outside.value(QStringLiteral("dir")).toString());
    if (dir.path().isEmpty() || !dir.exists())
        return;
    QStringList prefixes;
    for (const QJsonValue &prefix : outside.value(QStringLiteral("prefixes")).toArray()) {
        if (!prefix.toString().isEmpty())
            prefixes << prefix.toString();
    }
    QStringList existing;
    for (const QJsonValue &name : outside.value(QStringLiteral("existing")).toArray())
        existing << name.toString();
    const QStringList entries = dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &name : entries) {
        if (existing.contains(name))
            continue;
        for (const QString &prefix : std::as_const(prefixes)) {
            if (name.startsWith(prefix)) {
                QFile::remove(dir.absoluteFilePath(name));
                break;
            }
        }
    }
}

} // namespace

QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return QStringLiteral("debug");
    case LogLevel::Info:
        return QStringLiteral("info");
    case LogLevel::Warning:
        return QStringLiteral("warning");
    case LogLevel::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

LogLevel logLevelFromName(const QString &name)
{
    if (name == QLatin1String("debug"))
        return LogLevel::Debug;
    if (name == QLatin1String("warning"))
        return LogLevel::Warning;
    if (name == QLatin1String("error"))
        return LogLevel::Error;
    return LogLevel::Info;
}

QString isoTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

RunHistory::RunHistory(QString path)
    : m_path(path.isEmpty() ? defaultPath() : std::move(path)),
      m_connection(QStringLiteral("movieflow-history-%1").arg(++connectionCounter)),
      m_thread(QThread::currentThread())
{ }

RunHistory::~RunHistory()
{
    if (m_ownerHeld) {
        OwnerLocks &locks = ownerLocks();
        QMutexLocker guard(&locks.mutex);
        auto it = locks.byFolder.find(ownersFolder());
        if (it != locks.byFolder.end() && --it->users <= 0)
            locks.byFolder.erase(it); // unlocks and removes the lock file
    }
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString RunHistory::defaultPath()
{
    // The app data folder as movieflow-cli sees it (AppLocalDataLocation without an organization
    // name: ~/.local/share/MovieFlow), spelled out so that the window — whose organization name
    // would add a second MovieFlow level — shares the same history with `serve` and `runs`.
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/MovieFlow/history.sqlite");
}

QString RunHistory::runsFolder() const
{
    return QFileInfo(m_path).absolutePath() + QStringLiteral("/runs");
}

QString RunHistory::ownersFolder() const
{
    return QFileInfo(m_path).absolutePath() + QStringLiteral("/owners");
}

bool RunHistory::isOpen() const
{
    return m_open;
}

Error RunHistory::checkThread() const
{
    if (QThread::currentThread() != m_thread)
        return {ErrorKind::Internal,
                QStringLiteral("The run history was used from a thread that did not open it.")};
    if (!m_open)
        return {ErrorKind::Internal, QStringLiteral("The run history is not open.")};
    return {};
}

Error RunHistory::writeError(const QString &what, const QString &detail) const
{
    return Error::output(
        QStringLiteral("The run history %1 could not %2: %3. Check that the disk is not full "
                       "and the data folder is writable.")
            .arg(QDir::toNativeSeparators(m_path), what, detail));
}

Error RunHistory::open(const QDateTime &now)
{
    if (QThread::currentThread() != m_thread)
        return {ErrorKind::Internal,
                QStringLiteral("The run history was opened from a thread that did not make it.")};
    if (m_open)
        return {};
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return Error::output(
            QStringLiteral("The SQLite driver of Qt is missing, so MovieFlow cannot keep a run "
                           "history. Install the package libqt6sql6-sqlite."));
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder))
        return writeError(QStringLiteral("be created"), QStringLiteral("the folder cannot be made"));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    // Another process (a `serve`) may be writing; wait for its short transactions.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return writeError(QStringLiteral("be opened"), db.lastError().text());
    m_open = true;
    ownerId();
    {
        OwnerLocks &locks = ownerLocks();
        QMutexLocker guard(&locks.mutex);
        locks.byFolder[ownersFolder()].users += 1;
        m_ownerHeld = true;
    }

    QSqlQuery pragma(db);
    // WAL: readers never block the writer, and a killed process leaves the last committed state.
    if (!pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !pragma.next()
        || pragma.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        m_open = false;
        return writeError(QStringLiteral("switch to write-ahead logging"), pragma.lastError().text());
    }
    pragma.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    pragma.exec(QStringLiteral("PRAGMA foreign_keys=ON"));

    if (!db.transaction()) {
        m_open = false;
        return writeError(QStringLiteral("be opened"), db.lastError().text());
    }
    for (const char *statement : schemaStatements) {
        Error error = exec(QString::fromLatin1(statement));
        if (error.isError()) {
            db.rollback();
            m_open = false;
            return error;
        }
    }
    Error error = exec(QStringLiteral("PRAGMA user_version=%1").arg(schemaVersion));
    if (error.isError() || !db.commit()) {
        db.rollback();
        m_open = false;
        return error.isError() ? error : writeError(QStringLiteral("be set up"), db.lastError().text());
    }
    recoverCrashedRuns(now);
    return {};
}

Error RunHistory::exec(const QString &sql, const QVariantList &values, qint64 *insertId) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    if (!query.prepare(sql))
        return writeError(QStringLiteral("be written"), query.lastError().text());
    for (const QVariant &value : values) {
        // A null QString would be bound as SQL NULL; the text columns want ''.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QStringLiteral(""));
        else
            query.addBindValue(value);
    }
    if (!query.exec())
        return writeError(QStringLiteral("be written"), query.lastError().text());
    if (insertId)
        *insertId = query.lastInsertId().toLongLong();
    return {};
}

QString RunHistory::ownerId()
{
    OwnerLocks &locks = ownerLocks();
    QMutexLocker guard(&locks.mutex);
    const QString folder = ownersFolder();
    auto it = locks.byFolder.find(folder);
    if (it == locks.byFolder.end()) {
        QDir().mkpath(folder);
        OwnerLock entry;
        entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        entry.lock
            = std::make_shared<QLockFile>(folder + QLatin1Char('/') + entry.id + QStringLiteral(".lock"));
        entry.lock->setStaleLockTime(0); // stale only when the process is gone, however long it runs
        entry.lock->tryLock(0);
        it = locks.byFolder.insert(folder, entry);
    }
    return it->id;
}

bool RunHistory::ownerAlive(const QString &owner) const
{
    if (owner.isEmpty())
        return false;
    {
        OwnerLocks &locks = ownerLocks();
        QMutexLocker guard(&locks.mutex);
        auto it = locks.byFolder.constFind(ownersFolder());
        if (it != locks.byFolder.cend() && it->id == owner)
            return true;
    }
    const QString path = ownersFolder() + QLatin1Char('/') + owner + QStringLiteral(".lock");
    if (!QFileInfo::exists(path))
        return false;
    QLockFile probe(path);
    probe.setStaleLockTime(0);
    // A lock whose process is gone is stale: tryLock takes it over. Then the owner is dead.
    if (probe.tryLock(0)) {
        probe.unlock();
        return false;
    }
    return probe.error() == QLockFile::LockFailedError;
}

QList<qint64> RunHistory::recoverCrashedRuns(const QDateTime &now)
{
    QList<qint64> crashed;
    if (checkThread().isError())
        return crashed;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QList<std::pair<qint64, QString>> candidates;
    {
        QSqlQuery query(db);
        query.exec(QStringLiteral("SELECT id, owner, work_dir FROM flow_runs WHERE state IN ")
                   + activeStates);
        while (query.next()) {
            if (!ownerAlive(query.value(1).toString()))
                candidates.append({query.value(0).toLongLong(), query.value(2).toString()});
        }
    }
    const QString message = QStringLiteral("MovieFlow stopped during this run (the process was killed or the "
                                           "computer shut down). Resume the run or start a new one.");
    for (const auto &[runId, workDir] : candidates) {
        QList<std::pair<qint64, int>> unfinishedTasks;
        {
            QSqlQuery tasks(db);
            tasks.prepare(QStringLiteral("SELECT id, position FROM task_runs WHERE run_id=? AND state IN ")
                          + activeStates);
            tasks.addBindValue(runId);
            tasks.exec();
            while (tasks.next())
                unfinishedTasks.append({tasks.value(0).toLongLong(), tasks.value(1).toInt()});
        }
        if (!db.transaction())
            continue;
        bool ok = true;
        for (const auto &[taskId, position] : unfinishedTasks) {
            ok = ok
                && !exec(QStringLiteral("UPDATE task_runs SET state='Crashed', ended_at=? WHERE id=?"),
                         {timeValue(now), taskId})
                        .isError();
            ok = ok
                && !exec(QStringLiteral("INSERT INTO state_changes(run_id, task_run_id, state, at, message) "
                                        "VALUES(?,?,?,?,?)"),
                         {runId, taskId, QStringLiteral("Crashed"), timeValue(now), message})
                        .isError();
        }
        ok = ok
            && !exec(QStringLiteral("UPDATE flow_runs SET state='Crashed', ended_at=?, error_kind='crashed', "
                                    "error=? WHERE id=?"),
                     {timeValue(now), message, runId})
                    .isError();
        ok = ok
            && !exec(QStringLiteral("INSERT INTO state_changes(run_id, task_run_id, state, at, message) "
                                    "VALUES(?,NULL,?,?,?)"),
                     {runId, QStringLiteral("Crashed"), timeValue(now), message})
                    .isError();
        ok = ok
            && !exec(QStringLiteral(
                         "INSERT INTO logs(run_id, task_run_id, at, level, message) VALUES(?,NULL,?,?,?)"),
                     {runId, timeValue(now), QStringLiteral("error"), message})
                    .isError();
        if (!ok || !db.commit()) {
            db.rollback();
            continue;
        }
        // An unfinished task may have left half-written files in its own folder: remove them, so
        // only the outputs of completed tasks stay for a resume.
        if (!workDir.isEmpty()) {
            for (const auto &task : unfinishedTasks) {
                const QString taskDir = workDir + QStringLiteral("/task-%1").arg(task.second);
                undoOutsideFiles(taskDir);
                QDir(taskDir).removeRecursively();
            }
        }
        crashed.append(runId);
    }
    return crashed;
}

Result<qint64> RunHistory::createRun(const FlowRunRecord &run, const QDateTime &now)
{
    if (Error error = checkThread(); error.isError())
        return error;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return writeError(QStringLiteral("be written"), db.lastError().text());
    qint64 id = 0;
    Error error = exec(
        QStringLiteral("INSERT INTO flow_runs(flow, state, trigger, schedule, source, owner, created_at, "
                       "scheduled_for, settings, work_dir) VALUES(?,?,?,?,?,?,?,?,?,?)"),
        {run.flow, runStateName(run.state), runTriggerName(run.trigger), run.schedule, run.source, ownerId(),
         timeValue(now), timeValue(run.scheduledFor), jsonText(run.settings), run.workDir},
        &id);
    if (!error.isError())
        error = exec(QStringLiteral("INSERT INTO state_changes(run_id, task_run_id, state, at, message) "
                                    "VALUES(?,NULL,?,?,'')"),
                     {id, runStateName(run.state), timeValue(now)});
    if (error.isError() || !db.commit()) {
        db.rollback();
        return error.isError() ? error : writeError(QStringLiteral("be written"), db.lastError().text());
    }
    return id;
}

Error RunHistory::setRunState(qint64 runId, RunState state, const QDateTime &time, const QString &message)
{
    if (Error error = checkThread(); error.isError())
        return error;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return writeError(QStringLiteral("be written"), db.lastError().text());
    QString sql = QStringLiteral("UPDATE flow_runs SET state=?, owner=?");
    QVariantList values {runStateName(state), ownerId()};
    if (state == RunState::Running) {
        sql += QStringLiteral(", started_at=COALESCE(started_at, ?), ended_at=NULL");
        values << timeValue(time);
    } else if (state == RunState::Pending) {
        sql += QStringLiteral(", ended_at=NULL, error='', error_kind='', failed_task=''");
    } else if (isFinalState(state)) {
        sql += QStringLiteral(", ended_at=?");
        values << timeValue(time);
    }
    sql += QStringLiteral(" WHERE id=?");
    values << runId;
    Error error = exec(sql, values);
    if (!error.isError())
        error = exec(QStringLiteral("INSERT INTO state_changes(run_id, task_run_id, state, at, message) "
                                    "VALUES(?,NULL,?,?,?)"),
                     {runId, runStateName(state), timeValue(time), message});
    if (error.isError() || !db.commit()) {
        db.rollback();
        return error.isError() ? error : writeError(QStringLiteral("be written"), db.lastError().text());
    }
    return {};
}

Error RunHistory::setRunWorkDir(qint64 runId, const QString &workDir)
{
    if (Error error = checkThread(); error.isError())
        return error;
    return exec(QStringLiteral("UPDATE flow_runs SET work_dir=? WHERE id=?"), {workDir, runId});
}

Error RunHistory::setRunError(qint64 runId, const Error &error, const QString &failedTask)
{
    if (Error e = checkThread(); e.isError())
        return e;
    return exec(QStringLiteral("UPDATE flow_runs SET error_kind=?, error=?, failed_task=? WHERE id=?"),
                {errorKindName(error.kind), error.message, failedTask, runId});
}

Error RunHistory::setRunSummary(qint64 runId, const FlowSummary &summary)
{
    if (Error error = checkThread(); error.isError())
        return error;
    return exec(
        QStringLiteral("UPDATE flow_runs SET rows_kept=?, outputs=?, fingerprint=?, signature=? WHERE id=?"),
        {summary.rowsKept, jsonText(summary.outputs), jsonText(summary.fingerprint),
         jsonText(summary.signature), runId});
}

Error RunHistory::incrementResumes(qint64 runId)
{
    if (Error error = checkThread(); error.isError())
        return error;
    return exec(QStringLiteral("UPDATE flow_runs SET resumes=resumes+1 WHERE id=?"), {runId});
}

Result<qint64> RunHistory::createTaskRun(qint64 runId, int position, const QString &name,
                                         const QDateTime &now)
{
    if (Error error = checkThread(); error.isError())
        return error;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return writeError(QStringLiteral("be written"), db.lastError().text());
    qint64 id = 0;
    Error error
        = exec(QStringLiteral("INSERT INTO task_runs(run_id, position, name, state) VALUES(?,?,?,'Pending')"),
               {runId, position, name}, &id);
    if (!error.isError())
        error = exec(QStringLiteral("INSERT INTO state_changes(run_id, task_run_id, state, at, message) "
                                    "VALUES(?,?,'Pending',?,'')"),
                     {runId, id, timeValue(now)});
    if (error.isError() || !db.commit()) {
        db.rollback();
        return error.isError() ? error : writeError(QStringLiteral("be written"), db.lastError().text());
    }
    return id;
}

Error RunHistory::setTaskState(qint64 taskRunId, RunState state, const QDateTime &time, int attempts,
                               const QString &message)
{
    if (Error error = checkThread(); error.isError())
        return error;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return writeError(QStringLiteral("be written"), db.lastError().text());
    QString sql = QStringLiteral("UPDATE task_runs SET state=?, attempts=?");
    QVariantList values {runStateName(state), attempts};
    if (state == RunState::Running) {
        sql += QStringLiteral(", started_at=COALESCE(started_at, ?), ended_at=NULL, error=''");
        values << timeValue(time);
    } else if (isFinalState(state)) {
        sql += QStringLiteral(", ended_at=?");
        values << timeValue(time);
    }
    if (state == RunState::Failed || state == RunState::Retrying || state == RunState::Cancelled) {
        sql += QStringLiteral(", error=?");
        values << message;
    }
    sql += QStringLiteral(" WHERE id=?");
    values << taskRunId;
    Error error = exec(sql, values);
    if (!error.isError())
        error = exec(QStringLiteral("INSERT INTO state_changes(run_id, task_run_id, state, at, message) "
                                    "SELECT run_id, id, ?, ?, ? FROM task_runs WHERE id=?"),
                     {runStateName(state), timeValue(time), message, taskRunId});
    if (error.isError() || !db.commit()) {
        db.rollback();
        return error.isError() ? error : writeError(QStringLiteral("be written"), db.lastError().text());
    }
    return {};
}

Error RunHistory::setTaskResult(qint64 taskRunId, const QJsonObject &result)
{
    if (Error error = checkThread(); error.isError())
        return error;
    return exec(QStringLiteral("UPDATE task_runs SET result=? WHERE id=?"), {jsonText(result), taskRunId});
}

Error RunHistory::addLog(qint64 runId, qint64 taskRunId, const LogEntry &entry)
{
    if (Error error = checkThread(); error.isError())
        return error;
    const QVariant nullId(QMetaType(QMetaType::LongLong));
    return exec(QStringLiteral("INSERT INTO logs(run_id, task_run_id, at, level, message) VALUES(?,?,?,?,?)"),
                {runId > 0 ? QVariant(runId) : nullId, taskRunId > 0 ? QVariant(taskRunId) : nullId,
                 timeValue(entry.time), logLevelName(entry.level), entry.message});
}

QList<FlowRunRecord> RunHistory::selectRuns(const QString &where, const QVariantList &values, int limit) const
{
    QList<FlowRunRecord> runs;
    if (checkThread().isError())
        return runs;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    QString sql
        = QStringLiteral("SELECT id, flow, state, trigger, schedule, source, created_at, scheduled_for, "
                         "started_at, ended_at, rows_kept, outputs, settings, work_dir, error_kind, error, "
                         "failed_task, resumes, fingerprint, signature FROM flow_runs ")
        + where + QStringLiteral(" ORDER BY id DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return runs;
    while (query.next()) {
        FlowRunRecord run;
        run.id = query.value(0).toLongLong();
        run.flow = query.value(1).toString();
        run.state = stateFrom(query.value(2));
        runTriggerFromName(query.value(3).toString(), &run.trigger);
        run.schedule = query.value(4).toString();
        run.source = query.value(5).toString();
        run.createdAt = timeFrom(query.value(6));
        run.scheduledFor = timeFrom(query.value(7));
        run.startedAt = timeFrom(query.value(8));
        run.endedAt = timeFrom(query.value(9));
        run.rowsKept = query.value(10).toLongLong();
        run.outputs = jsonFrom(query.value(11));
        run.settings = jsonFrom(query.value(12));
        run.workDir = query.value(13).toString();
        run.errorKind = query.value(14).toString();
        run.error = query.value(15).toString();
        run.failedTask = query.value(16).toString();
        run.resumes = query.value(17).toInt();
        run.fingerprint = jsonFrom(query.value(18));
        run.signature = jsonFrom(query.value(19));
        runs.append(run);
    }
    return runs;
}

QList<TaskRunRecord> RunHistory::selectTaskRuns(qint64 runId) const
{
    QList<TaskRunRecord> tasks;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(
        QStringLiteral("SELECT id, position, name, state, attempts, started_at, ended_at, result, error "
                       "FROM task_runs WHERE run_id=? ORDER BY position, id"));
    query.addBindValue(runId);
    if (!query.exec())
        return tasks;
    while (query.next()) {
        TaskRunRecord task;
        task.id = query.value(0).toLongLong();
        task.runId = runId;
        task.position = query.value(1).toInt();
        task.name = query.value(2).toString();
        task.state = stateFrom(query.value(3));
        task.attempts = query.value(4).toInt();
        task.startedAt = timeFrom(query.value(5));
        task.endedAt = timeFrom(query.value(6));
        task.result = jsonFrom(query.value(7));
        task.error = query.value(8).toString();
        tasks.append(task);
    }
    return tasks;
}

QList<LogEntry> RunHistory::selectLogs(const QString &where, const QVariantList &values, int limit) const
{
    QList<LogEntry> logs;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    QString sql = QStringLiteral("SELECT at, level, message FROM logs WHERE ") + where;
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return logs;
    while (query.next())
        logs.append({timeFrom(query.value(0)), logLevelFromName(query.value(1).toString()),
                     query.value(2).toString()});
    return logs;
}

QList<FlowRunRecord> RunHistory::runs(int limit) const
{
    return selectRuns({}, {}, limit);
}

std::optional<FlowRunRecord> RunHistory::run(qint64 runId) const
{
    QList<FlowRunRecord> found = selectRuns(QStringLiteral("WHERE id=?"), {runId}, 1);
    if (found.isEmpty())
        return std::nullopt;
    FlowRunRecord run = found.takeFirst();
    run.tasks = selectTaskRuns(runId);
    for (TaskRunRecord &task : run.tasks)
        task.logs = selectLogs(QStringLiteral("task_run_id=? ORDER BY id"), {task.id});
    run.logs = selectLogs(QStringLiteral("run_id=? AND task_run_id IS NULL ORDER BY id"), {runId});
    return run;
}

QList<StateChange> RunHistory::stateChanges(qint64 runId) const
{
    QList<StateChange> changes;
    if (checkThread().isError())
        return changes;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral(
        "SELECT task_run_id, state, at, message FROM state_changes WHERE run_id=? ORDER BY id"));
    query.addBindValue(runId);
    if (!query.exec())
        return changes;
    while (query.next())
        changes.append({query.value(0).toLongLong(), stateFrom(query.value(1)), timeFrom(query.value(2)),
                        query.value(3).toString()});
    return changes;
}

QList<LogEntry> RunHistory::events(int limit) const
{
    if (checkThread().isError())
        return {};
    return selectLogs(QStringLiteral("run_id IS NULL ORDER BY id DESC"), {}, limit);
}

std::optional<FlowRunRecord> RunHistory::previousCompleted(const QString &flow, qint64 runId) const
{
    QList<FlowRunRecord> found = runId > 0
        ? selectRuns(QStringLiteral("WHERE flow=? AND state='Completed' AND id<?"), {flow, runId}, 1)
        : selectRuns(QStringLiteral("WHERE flow=? AND state='Completed'"), {flow}, 1);
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

QJsonObject RunHistory::lastGoodSignature(const QString &flow, const QString &source) const
{
    QList<FlowRunRecord> found
        = selectRuns(QStringLiteral("WHERE flow=? AND source=? AND state='Completed' AND signature!='{}'"),
                     {flow, source}, 1);
    return found.isEmpty() ? QJsonObject() : found.constFirst().signature;
}

QDateTime RunHistory::lastScheduledFor(const QString &flow, const QString &schedule) const
{
    if (checkThread().isError())
        return {};
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT MAX(scheduled_for) FROM flow_runs WHERE flow=? AND schedule=?"));
    query.addBindValue(flow);
    query.addBindValue(schedule);
    if (!query.exec() || !query.next())
        return {};
    return timeFrom(query.value(0));
}

Error RunHistory::remove(qint64 runId, bool deleteOutputs)
{
    if (Error error = checkThread(); error.isError())
        return error;
    std::optional<FlowRunRecord> record = run(runId);
    if (!record)
        return Error::usage(QStringLiteral("There is no run %1 in the history. List the runs with "
                                           "movieflow-cli runs.")
                                .arg(runId));
    if (!isFinalState(record->state) && record->state != RunState::Deferred
        && record->state != RunState::Scheduled)
        return Error::usage(QStringLiteral("Run %1 is still %2; it can be deleted once it has ended.")
                                .arg(runId)
                                .arg(runStateName(record->state)));
    Error error = exec(QStringLiteral("DELETE FROM flow_runs WHERE id=?"), {runId});
    if (error.isError())
        return error;
    if (!record->workDir.isEmpty())
        QDir(record->workDir).removeRecursively();
    if (deleteOutputs) {
        const QJsonArray files = record->outputs.value(QStringLiteral("files")).toArray();
        for (const QJsonValue &file : files)
            QFile::remove(file.toString());
    }
    return {};
}

Result<int> RunHistory::prune(const RetentionPolicy &policy, const QDateTime &now)
{
    if (Error error = checkThread(); error.isError())
        return error;
    QList<qint64> doomed;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    const QString finished = QStringLiteral("state IN ('Completed','Failed','Cancelled','Crashed')");
    if (policy.keepRuns > 0) {
        query.prepare(QStringLiteral("SELECT id FROM flow_runs WHERE ") + finished
                      + QStringLiteral(" ORDER BY id DESC LIMIT -1 OFFSET ?"));
        query.addBindValue(policy.keepRuns);
        if (query.exec()) {
            while (query.next())
                doomed.append(query.value(0).toLongLong());
        }
    }
    if (policy.keepDays > 0) {
        query.prepare(QStringLiteral("SELECT id FROM flow_runs WHERE ") + finished
                      + QStringLiteral(" AND COALESCE(ended_at, created_at) < ?"));
        query.addBindValue(now.addDays(-policy.keepDays).toMSecsSinceEpoch());
        if (query.exec()) {
            while (query.next()) {
                const qint64 id = query.value(0).toLongLong();
                if (!doomed.contains(id))
                    doomed.append(id);
            }
        }
    }
    int removed = 0;
    for (qint64 id : std::as_const(doomed)) {
        Error error = remove(id, policy.deleteOutputs);
        if (error.isError())
            return error;
        ++removed;
    }
    return removed;
}

} // namespace mf
