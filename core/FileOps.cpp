// SPDX-License-Identifier: MIT
#include "FileOps.h"

#include "Clock.h"
#include "ZipArchive.h"

#include <movieflow/Version.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#else
#include <QStorageInfo>
#endif

namespace mf {

namespace {

/// How the archive is compressed: the deflate level is the one knob for the zip step's speed/size
/// trade-off (-1 = zlib's default, 6). See ZipSettings for how large entries are handled.
const ZipSettings ArchiveSettings {-1, qint64(256) << 20};

constexpr qint64 ChunkSize = qint64(1) << 20;
/// Longest stem a template may produce, in UTF-8 bytes: with a "-NNNN" collision suffix and the
/// longest file suffix (_titles_by_release_date.csv) a name stays well under the usual 255-byte limit.
constexpr int MaxStemBytes = 150;
constexpr int MaxCollisionSuffix = 9999;

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

/// True when anything, even a dangling symbolic link, has this name.
bool pathTaken(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

bool isWindowsDeviceName(const QString &stem)
{
    const QString head = stem.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    static const QStringList names
        = {QStringLiteral("CON"), QStringLiteral("PRN"), QStringLiteral("AUX"), QStringLiteral("NUL")};
    if (names.contains(head))
        return true;
    return head.size() == 4
        && (head.startsWith(QLatin1String("COM")) || head.startsWith(QLatin1String("LPT")))
        && head.at(3) >= QLatin1Char('1') && head.at(3) <= QLatin1Char('9');
}

bool isEdgeJunk(QChar c)
{
    return c == QLatin1Char('.') || c.isSpace();
}

QString trimEdges(QString text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isEdgeJunk(text.at(begin)))
        ++begin;
    while (end > begin && isEdgeJunk(text.at(end - 1)))
        --end;
    return text.mid(begin, end - begin);
}

/// One file-name stem that stays inside its folder on every platform: no separators, no "..",
/// no control characters or characters Windows rejects, no leading dot, no trailing dot or space,
/// no device name, and a bounded length.
QString sanitizeStem(const QString &text)
{
    static const QString invalid = QStringLiteral("<>:\"/\\|?*");
    QString replaced;
    replaced.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7F && u < 0xA0);
        replaced.append(control || invalid.contains(c) ? QLatin1Char('_') : c);
    }

    // Each run of two or more dots becomes one '_', so ".." cannot survive in any form.
    QString stem;
    stem.reserve(replaced.size());
    for (qsizetype i = 0; i < replaced.size();) {
        if (replaced.at(i) != QLatin1Char('.')) {
            stem.append(replaced.at(i++));
            continue;
        }
        qsizetype run = 0;
        while (i < replaced.size() && replaced.at(i) == QLatin1Char('.')) {
            ++run;
            ++i;
        }
        stem.append(run == 1 ? QLatin1Char('.') : QLatin1Char('_'));
    }

    stem = trimEdges(stem);
    while (stem.toUtf8().size() > MaxStemBytes) {
        stem.chop(stem.size() >= 2 && stem.back().isLowSurrogate() ? 2 : 1);
        stem = trimEdges(stem);
    }
    if (!stem.isEmpty() && isWindowsDeviceName(stem))
        stem.prepend(QLatin1Char('_'));
    return stem;
}

bool sameFileSystem(const QString &file, const QString &folder)
{
#ifdef Q_OS_UNIX
    struct stat fileStat = {};
    struct stat folderStat = {};
    if (::stat(QFile::encodeName(file).constData(), &fileStat) != 0
        || ::stat(QFile::encodeName(folder).constData(), &folderStat) != 0)
        return false;
    return fileStat.st_dev == folderStat.st_dev;
#else
    return QStorageInfo(file).rootPath() == QStorageInfo(folder).rootPath();
#endif
}

Error writeProblem(const QString &what, const QFileDevice &device)
{
    const QString advice = device.error() == QFileDevice::ResourceError
        ? QStringLiteral("The disk may be full: free some space or choose another folder.")
        : QStringLiteral("Check the free space and the permissions of the output folder, "
                         "or choose another folder.");
    return Error::output(QStringLiteral("MovieFlow could not write %1: %2. %3")
                             .arg(native(what), device.errorString(), advice));
}

Error readProblem(const QString &path, const QString &reason)
{
    return Error::output(
        QStringLiteral("MovieFlow could not read %1: %2. Check that the file still exists and "
                       "can be read, then run again.")
            .arg(native(path), reason));
}

Error alreadyExists(const QString &path)
{
    return Error::output(
        QStringLiteral("%1 already exists and MovieFlow never overwrites files. Choose another "
                       "name or folder, or move that file away.")
            .arg(native(path)));
}

/// Copies `from` to `to` through a hidden temporary name in the target folder and renames it into place
/// only after its size and SHA-256 match the source. The source stays; `to` is never overwritten, and
/// the temporary file is removed on any failure.
Error copyVerified(const QString &from, const QString &to, const StepContext &ctx)
{
    QFile source(from);
    if (!source.open(QIODevice::ReadOnly))
        return readProblem(from, source.errorString());

    const QFileInfo target(to);
    QFile temp;
    for (int attempt = 0;; ++attempt) {
        const QString name
            = QStringLiteral(".%1.%2.part")
                  .arg(target.fileName(), QString::number(QRandomGenerator::global()->generate64(), 36));
        temp.setFileName(target.absoluteDir().absoluteFilePath(name));
        if (temp.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            break;
        if (attempt >= 8 || !pathTaken(temp.fileName())) {
            return Error::output(
                QStringLiteral("MovieFlow could not create a file in %1: %2. Check the free space "
                               "and the permissions of that folder, or choose another one.")
                    .arg(native(target.absolutePath()), temp.errorString()));
        }
    }
    const QString tempPath = temp.fileName();
    const auto discard = [&](Error error) {
        temp.close();
        QFile::remove(tempPath);
        return error;
    };

    QCryptographicHash sourceHash(QCryptographicHash::Sha256);
    QByteArray buffer(ChunkSize, Qt::Uninitialized);
    qint64 copied = 0;
    for (;;) {
        if (ctx.cancelled())
            return discard(Error::cancelled());
        const qint64 n = source.read(buffer.data(), buffer.size());
        if (n < 0)
            return discard(readProblem(from, source.errorString()));
        if (n == 0)
            break;
        sourceHash.addData(QByteArrayView(buffer.constData(), n));
        if (temp.write(buffer.constData(), n) != n)
            return discard(writeProblem(to, temp));
        copied += n;
    }
    if (!temp.flush())
        return discard(writeProblem(to, temp));
#ifdef Q_OS_UNIX
    // The original is deleted after this copy: make sure the copy is on the disk first.
    if (::fsync(temp.handle()) != 0) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        return discard(
            Error::output(QStringLiteral("MovieFlow could not write %1: %2. Check the target disk, "
                                         "or choose another folder.")
                              .arg(native(to), reason)));
    }
#endif
    temp.setPermissions(source.permissions());
    temp.close();

    if (QFileInfo(tempPath).size() != copied || copied != source.size()
        || sha256OfFile(tempPath).toLatin1() != sourceHash.result().toHex()) {
        return discard(
            Error::output(QStringLiteral("The copy of %1 in %2 does not match the original (size or "
                                         "SHA-256 differ). The original was kept; check the target "
                                         "disk and run again.")
                              .arg(native(from), native(target.absolutePath()))));
    }
    QFile placed(tempPath);
    if (!placed.rename(to)) {
        if (pathTaken(to))
            return discard(alreadyExists(to));
        return discard(Error::output(QStringLiteral("MovieFlow could not rename %1 to %2: %3. Check the "
                                                    "permissions of that folder.")
                                         .arg(native(tempPath), native(to), placed.errorString())));
    }
    return Error::none();
}

/// Puts `from` at `to`: a rename on the same file system (then *renamed is true and `from` is gone),
/// otherwise a verified copy that leaves `from` in place. Never overwrites `to`.
Error placeFile(const QString &from, const QString &to, const StepContext &ctx, bool *renamed)
{
    *renamed = false;
    if (pathTaken(to))
        return alreadyExists(to);
    if (sameFileSystem(from, QFileInfo(to).absolutePath())) {
        QFile file(from);
        // QFile::rename refuses an existing target (renameat2 with RENAME_NOREPLACE on Linux).
        if (file.rename(to)) {
            *renamed = true;
            return Error::none();
        }
        if (pathTaken(to))
            return alreadyExists(to);
        return Error::output(
            QStringLiteral("MovieFlow could not move %1 to %2: %3. Check the permissions of the "
                           "output folder, or choose another one.")
                .arg(native(from), native(to), file.errorString()));
    }
    return copyVerified(from, to, ctx);
}

/// Maps a running byte count onto a slice [from, to] of the step's progress.
class ByteProgress
{
public:
    ByteProgress(const StepContext &ctx, double from, double to, qint64 total)
        : m_ctx(ctx), m_from(from), m_to(to), m_total(std::max<qint64>(total, 1))
    { }
    void add(qint64 bytes)
    {
        m_done += bytes;
        m_ctx.report(m_from + (m_to - m_from) * double(std::min(m_done, m_total)) / double(m_total));
    }

private:
    const StepContext &m_ctx;
    double m_from;
    double m_to;
    qint64 m_total;
    qint64 m_done = 0;
};

Error folderProblem(const QString &dir, const QString &reason)
{
    return Error::output(
        QStringLiteral("The output folder %1 cannot be written: %2. Choose another folder or fix "
                       "its permissions.")
            .arg(native(dir), reason));
}

/// Creates the output folder when missing (recording the folders it created, deepest first) and
/// proves it writable by creating a file in it: permission bits alone miss read-only mounts and ACLs.
Error prepareOutputFolder(const QString &dir, QStringList *created)
{
    QString missing = dir;
    while (!missing.isEmpty() && !QFileInfo::exists(missing)) {
        created->append(missing);
        const QString parent = QFileInfo(missing).absolutePath();
        if (parent == missing)
            break;
        missing = parent;
    }
    const QFileInfo existing(missing);
    if (existing.exists() && !existing.isDir()) {
        created->clear();
        return folderProblem(dir,
                             existing.absoluteFilePath() == dir
                                 ? QStringLiteral("it is a file, not a folder")
                                 : QStringLiteral("%1 is a file, not a folder").arg(native(missing)));
    }
    const auto undo = [created] {
        for (const QString &folder : std::as_const(*created))
            QDir().rmdir(folder);
        created->clear();
    };
    if (!QDir().mkpath(dir)) {
        undo();
        return folderProblem(
            dir, QStringLiteral("the folder could not be created inside %1").arg(native(missing)));
    }
    QTemporaryFile probe(QDir(dir).absoluteFilePath(QStringLiteral(".movieflow-probe-XXXXXX")));
    if (!probe.open()) {
        const QString reason = probe.errorString();
        undo();
        return folderProblem(dir, reason);
    }
    return Error::none();
}

/// What finalizeOutputs has done so far, so that a failure can put everything back: the staged files
/// where they were, the output folder as it was.
struct Undo
{
    QStringList createdFiles; ///< files this call created in the staging folder
    struct Placed
    {
        QString from;
        QString to;
        bool renamed = false;
    };
    QList<Placed> placed; ///< files put into the output folder
    QStringList createdDirs; ///< folders created for the output, deepest first

    void rollback()
    {
        for (auto it = placed.crbegin(); it != placed.crend(); ++it) {
            // A renamed file goes back to where it was staged; a copy just disappears.
            if (!it->renamed || !QFile::rename(it->to, it->from))
                QFile::remove(it->to);
        }
        placed.clear();
        for (const QString &file : std::as_const(createdFiles))
            QFile::remove(file);
        createdFiles.clear();
        for (const QString &folder : std::as_const(createdDirs))
            QDir().rmdir(folder); // only succeeds while empty: nothing of anyone else's is lost
        createdDirs.clear();
    }
};

struct OutputItem
{
    QString staged; ///< as exported
    QString suffix; ///< after the base name in the output folder
    QString zipName; ///< inside the archive
    bool place = true;
    QString current; ///< absolute path of the staged file
};

} // namespace

QString defaultNameTemplate()
{
    return QStringLiteral("processed_movies_{timestamp}");
}

Result<QString> expandNameTemplate(const QString &templ, const NameTokens &tokens)
{
    const QDateTime timestamp = tokens.timestamp.isValid() ? tokens.timestamp : Clock::system().now();
    QString expanded;
    for (qsizetype i = 0; i < templ.size();) {
        if (templ.at(i) != QLatin1Char('{')) {
            expanded.append(templ.at(i++));
            continue;
        }
        const qsizetype close = templ.indexOf(QLatin1Char('}'), i + 1);
        if (close < 0) {
            return Error::usage(
                QStringLiteral("The name template \"%1\" has a '{' without a closing '}'. Write "
                               "tokens like {timestamp}, or remove the brace.")
                    .arg(templ));
        }
        const QString token = templ.mid(i + 1, close - i - 1);
        const QString key = token.trimmed().toLower();
        if (key == QLatin1String("timestamp"))
            expanded += timestamp.toString(QStringLiteral("yyyy-MM-dd_HHmmss"));
        else if (key == QLatin1String("date"))
            expanded += timestamp.toString(QStringLiteral("yyyy-MM-dd"));
        else if (key == QLatin1String("time"))
            expanded += timestamp.toString(QStringLiteral("HHmmss"));
        else if (key == QLatin1String("rows"))
            expanded += QString::number(tokens.rows);
        else if (key == QLatin1String("source"))
            expanded += tokens.source;
        else
            return Error::usage(
                QStringLiteral("The name template \"%1\" uses the unknown token {%2}. The known "
                               "tokens are {timestamp}, {date}, {time}, {rows} and {source}.")
                    .arg(templ, token));
        i = close + 1;
    }
    const QString stem = sanitizeStem(expanded);
    if (stem.isEmpty()) {
        return Error::usage(
            QStringLiteral("The name template \"%1\" gives an empty file name. Put some text or a "
                           "token such as {timestamp} in it.")
                .arg(templ));
    }
    return stem;
}

QString sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

Error moveFile(const QString &from, const QString &to)
{
    if (!QFileInfo(from).isFile()) {
        return Error::output(
            QStringLiteral("MovieFlow cannot move %1: there is no such file. Run the export again.")
                .arg(native(from)));
    }
    const QString folder = QFileInfo(to).absolutePath();
    if (!QFileInfo(folder).isDir()) {
        return Error::output(
            QStringLiteral("MovieFlow cannot move %1 into %2: that folder does not exist. Create it "
                           "or choose another folder.")
                .arg(native(from), native(folder)));
    }
    bool renamed = false;
    const Error error = placeFile(from, to, StepContext {}, &renamed);
    if (error.isError() || renamed)
        return error;
    if (!QFile::remove(from)) {
        QFile::remove(to);
        return Error::output(
            QStringLiteral("MovieFlow copied %1 to %2 but could not delete the original, so the "
                           "copy was removed again. Check the permissions of %3.")
                .arg(native(from), native(to), native(QFileInfo(from).absolutePath())));
    }
    return Error::none();
}

Result<FinalOutputs> finalizeOutputs(const ExportedFiles &staged, const QString &baseName,
                                     const QJsonObject &manifestInfo, const FileOpsOptions &options,
                                     const StepContext &ctx)
{
    if (ctx.cancelled())
        return Error::cancelled();
    if (baseName.isEmpty() || sanitizeStem(baseName) != baseName) {
        return Error::usage(
            QStringLiteral("\"%1\" cannot be used as an output name: it must be a plain file name "
                           "without folders, \"..\" or special characters. Change the name "
                           "template.")
                .arg(baseName));
    }
    if (options.outputDir.isEmpty())
        return Error::usage(
            QStringLiteral("No output folder was chosen. Choose one in the settings or pass --out."));

    const bool zip = options.zip;
    const bool keepCsv = options.keepCsv || !zip; // without a zip the CSV has nowhere else to go
    std::vector<OutputItem> items = {
        {staged.csv, QStringLiteral(".csv"), QString(), keepCsv, QString()},
        {staged.top, QStringLiteral("_top.csv"), QStringLiteral("top.csv"), true, QString()},
        {staged.moviesPerYear, QStringLiteral("_movies_per_year.csv"), QStringLiteral("movies_per_year.csv"),
         true, QString()},
        {staged.titlesByReleaseDate, QStringLiteral("_titles_by_release_date.csv"),
         QStringLiteral("titles_by_release_date.csv"), true, QString()},
        {staged.summary, QStringLiteral("_summary.json"), QStringLiteral("summary.json"), true, QString()},
    };
    for (OutputItem &item : items) {
        if (item.staged.isEmpty() || !QFileInfo(item.staged).isFile()) {
            return Error::output(QStringLiteral("The exported file %1 is missing, so the outputs cannot be "
                                                "finished. Run again.")
                                     .arg(native(item.staged)));
        }
        item.current = QFileInfo(item.staged).absoluteFilePath();
    }

    const QString outDir = QDir::cleanPath(QFileInfo(options.outputDir).absoluteFilePath());
    Undo undo;
    Error error = prepareOutputFolder(outDir, &undo.createdDirs);
    if (error.isError())
        return error;
    const QDir out(outDir);
    const auto fail = [&undo](Error e) {
        undo.rollback();
        return e;
    };

    // One base name for all files: the first of base, base-1, base-2 … under which nothing is taken.
    QString base;
    for (int n = 0; n <= MaxCollisionSuffix && base.isEmpty(); ++n) {
        const QString candidate = n == 0 ? baseName : QStringLiteral("%1-%2").arg(baseName).arg(n);
        bool taken = zip && pathTaken(out.absoluteFilePath(candidate + QLatin1String(".zip")));
        for (const OutputItem &item : items)
            taken = taken || (item.place && pathTaken(out.absoluteFilePath(candidate + item.suffix)));
        if (!taken)
            base = candidate;
    }
    if (base.isEmpty()) {
        return fail(
            Error::output(QStringLiteral("The output folder %1 already holds files named %2 up to %2-%3. "
                                         "Move some away or choose another folder.")
                              .arg(native(outDir), baseName)
                              .arg(MaxCollisionSuffix)));
    }
    items[0].zipName = base + QLatin1String(".csv");

    ctx.report(0.02);

    // 1. Zip the files with a manifest beside the staged files, then read the archive back. The staged
    // files get their final names only when they are placed; inside the zip they have them already.
    QString stagedZip;
    if (zip) {
        stagedZip = QFileInfo(items[0].current)
                        .absoluteDir()
                        .absoluteFilePath(
                            QStringLiteral(".%1.zip.%2.part")
                                .arg(base, QString::number(QRandomGenerator::global()->generate64(), 36)));
        if (pathTaken(stagedZip))
            return fail(alreadyExists(stagedZip));
        std::vector<ZipItem> entries;
        qint64 totalBytes = 0;
        for (const OutputItem &item : items) {
            entries.push_back({item.zipName, item.current, QByteArray(), 0, QByteArray()});
            totalBytes += QFileInfo(item.current).size();
        }

        undo.createdFiles.append(stagedZip);
        const auto makeManifest = [&manifestInfo](const std::vector<ZipItem> &written) {
            QJsonObject manifest = manifestInfo;
            if (!manifest.contains(QLatin1String("app_version")))
                manifest.insert(QStringLiteral("app_version"), QStringLiteral(MOVIEFLOW_VERSION));
            QJsonArray files;
            for (const ZipItem &entry : written) {
                files.append(QJsonObject {{QStringLiteral("name"), entry.name},
                                          {QStringLiteral("size"), double(entry.size)},
                                          {QStringLiteral("sha256"), QString::fromLatin1(entry.sha256)}});
            }
            manifest.insert(QStringLiteral("files"), files);
            const QDateTime now = QDateTime::currentDateTime();
            manifest.insert(QStringLiteral("created_at"),
                            now.toOffsetFromUtc(now.offsetFromUtc()).toString(Qt::ISODate));
            ZipItem entry;
            entry.name = QStringLiteral("manifest.json");
            entry.content = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
            return entry;
        };
        ByteProgress writing(ctx, 0.02, 0.62, totalBytes);
        error = writeZipArchive(stagedZip, entries, ArchiveSettings, makeManifest, ctx,
                                [&writing](qint64 bytes) { writing.add(bytes); });
        if (error.isError())
            return fail(error);
        ByteProgress verifying(ctx, 0.62, 0.90, totalBytes);
        error
            = verifyZipArchive(stagedZip, entries, ctx, [&verifying](qint64 bytes) { verifying.add(bytes); });
        if (error.isError())
            return fail(error);
    }

    // 2. Move everything into the output folder.
    struct Move
    {
        QString from;
        QString to;
    };
    std::vector<Move> moves;
    for (const OutputItem &item : items) {
        if (item.place)
            moves.push_back({item.current, out.absoluteFilePath(base + item.suffix)});
    }
    if (zip)
        moves.push_back({stagedZip, out.absoluteFilePath(base + QLatin1String(".zip"))});
    const double moveFrom = zip ? 0.90 : 0.02;
    for (size_t i = 0; i < moves.size(); ++i) {
        if (ctx.cancelled())
            return fail(Error::cancelled());
        bool renamed = false;
        error = placeFile(moves[i].from, moves[i].to, ctx, &renamed);
        if (error.isError())
            return fail(error);
        undo.placed.append({moves[i].from, moves[i].to, renamed});
        ctx.report(moveFrom + (1.0 - moveFrom) * double(i + 1) / double(moves.size()));
    }

    // 3. Done: drop what stays behind in the staging folder (copied originals, the zipped-only CSV).
    FinalOutputs result;
    result.outputDir = outDir;
    result.baseName = base;
    for (const Undo::Placed &placed : std::as_const(undo.placed)) {
        result.files.append(placed.to);
        if (!placed.renamed && !QFile::remove(placed.from))
            ctx.warning(QStringLiteral("MovieFlow could not delete the staged file %1 after copying it.")
                            .arg(native(placed.from)));
    }
    if (!keepCsv)
        QFile::remove(items[0].current);
    if (keepCsv)
        result.csv = out.absoluteFilePath(base + QLatin1String(".csv"));
    if (zip)
        result.zip = out.absoluteFilePath(base + QLatin1String(".zip"));
    ctx.report(1.0);
    return result;
}

} // namespace mf
