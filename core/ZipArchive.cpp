// SPDX-License-Identifier: MIT
#include "ZipArchive.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

namespace mf {

namespace {

constexpr qint64 ChunkSize = qint64(1) << 20;
/// From this size on an entry needs the zip64 format.
constexpr qint64 Zip32Limit = qint64(0xFFFFFFFF);
/// zlib's Z_DEFAULT_COMPRESSION means level 6; libdeflate has no "default" value.
constexpr int DefaultLevel = 6;

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString zipReason(int code, const QuaZip &zip)
{
    const auto *file = qobject_cast<const QFileDevice *>(zip.getIoDevice());
    if (file && file->error() != QFileDevice::NoError)
        return file->errorString();
    return QStringLiteral("zip error %1").arg(code);
}

Error writeProblem(const QString &zipPath, const QString &reason)
{
    return Error::output(
        QStringLiteral("MovieFlow could not write the archive %1: %2. Check the free space and "
                       "the permissions of that folder, then run again.")
            .arg(native(zipPath), reason));
}

Error verifyProblem(const QString &zipPath, const QString &what)
{
    return Error::output(
        QStringLiteral("The archive %1 did not read back correctly: %2. It was not kept; check "
                       "the disk and run again.")
            .arg(native(zipPath), what));
}

Error readProblem(const QString &path, const QString &reason)
{
    return Error::output(
        QStringLiteral("MovieFlow could not read %1: %2. Check that the file still exists and "
                       "can be read, then run again.")
            .arg(native(path), reason));
}

class EntryWriter
{
public:
    EntryWriter(QuaZip &zip, const QString &zipPath, const ZipSettings &settings, const StepContext &ctx,
                const ZipProgress &progress)
        : m_zip(zip), m_zipPath(zipPath), m_settings(settings), m_ctx(ctx), m_progress(progress)
    { }

    Error write(ZipItem &item)
    {
        if (item.path.isEmpty())
            return writeBytes(item, item.content);
        QFile input(item.path);
        if (!input.open(QIODevice::ReadOnly))
            return readProblem(item.path, input.errorString());
        if (input.size() > m_settings.inMemoryLimit)
            return writeStreamed(item, input);
        const QByteArray bytes = input.readAll();
        if (input.error() != QFileDevice::NoError || bytes.size() != input.size())
            return readProblem(item.path, input.errorString());
        return writeBytes(item, bytes);
    }

private:
    int level() const { return m_settings.level < 0 ? DefaultLevel : std::min(m_settings.level, 9); }

    void advance(qint64 bytes) const
    {
        if (m_progress)
            m_progress(bytes);
    }

    QuaZipNewInfo infoFor(const ZipItem &item) const
    {
        // Time stamp and permissions of the file; "now" for an in-memory entry.
        return item.path.isEmpty() ? QuaZipNewInfo(item.name) : QuaZipNewInfo(item.name, item.path);
    }

    Error failed(QuaZipFile &output, Error error)
    {
        if (output.isOpen())
            output.close();
        return error;
    }

    // The whole entry is in memory: one libdeflate call, then the deflate stream goes in raw.
    Error writeBytes(ZipItem &item, const QByteArray &bytes)
    {
        if (m_ctx.cancelled())
            return Error::cancelled();
        // One compressor serves the whole archive: setting one up costs more than a small entry.
        if (!m_compressor)
            m_compressor.reset(libdeflate_alloc_compressor(level()));
        if (!m_compressor)
            return writeProblem(m_zipPath,
                                QStringLiteral("out of memory while compressing %1").arg(item.name));
        const size_t bound = libdeflate_deflate_compress_bound(m_compressor.get(), size_t(bytes.size()));
        QByteArray packed(qsizetype(bound), Qt::Uninitialized);
        const size_t packedSize = libdeflate_deflate_compress(m_compressor.get(), bytes.constData(),
                                                              size_t(bytes.size()), packed.data(), bound);
        if (packedSize == 0)
            return writeProblem(m_zipPath, QStringLiteral("%1 could not be compressed").arg(item.name));
        if (m_ctx.cancelled())
            return Error::cancelled();
        const quint32 crc = libdeflate_crc32(0, bytes.constData(), size_t(bytes.size()));

        QuaZipNewInfo info = infoFor(item);
        info.uncompressedSize = ulong(bytes.size());
        m_zip.setZip64Enabled(bytes.size() >= Zip32Limit || qint64(packedSize) >= Zip32Limit);
        QuaZipFile output(&m_zip);
        if (!output.open(QIODevice::WriteOnly, info, nullptr, crc, Z_DEFLATED, level(), true))
            return writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (qint64 offset = 0; offset < bytes.size(); offset += ChunkSize) {
            if (m_ctx.cancelled())
                return failed(output, Error::cancelled());
            const qint64 length = std::min(ChunkSize, bytes.size() - offset);
            hash.addData(QByteArrayView(bytes.constData() + offset, length));
            // The compressed stream goes in proportionally, chunk by chunk, so progress moves evenly.
            const auto share = [&](qint64 at) {
                return at == bytes.size() ? qint64(packedSize)
                                          : qint64(double(packedSize) * double(at) / double(bytes.size()));
            };
            const qint64 from = share(offset);
            const qint64 to = share(offset + length);
            if (output.write(packed.constData() + from, to - from) != to - from)
                return failed(output, writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip)));
            advance(length);
        }
        if (bytes.isEmpty() && output.write(packed.constData(), qint64(packedSize)) != qint64(packedSize))
            return failed(output, writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip)));
        output.close();
        if (output.getZipError() != ZIP_OK)
            return writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip));
        item.size = bytes.size();
        item.sha256 = hash.result().toHex();
        return Error::none();
    }

    // Too large to hold: zlib compresses it as it streams by.
    Error writeStreamed(ZipItem &item, QFile &input)
    {
        m_zip.setZip64Enabled(input.size() >= Zip32Limit);
        QuaZipFile output(&m_zip);
        if (!output.open(QIODevice::WriteOnly, infoFor(item), nullptr, 0, Z_DEFLATED, level()))
            return writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QByteArray buffer(ChunkSize, Qt::Uninitialized);
        qint64 total = 0;
        for (;;) {
            if (m_ctx.cancelled())
                return failed(output, Error::cancelled());
            const qint64 n = input.read(buffer.data(), buffer.size());
            if (n < 0)
                return failed(output, readProblem(item.path, input.errorString()));
            if (n == 0)
                break;
            hash.addData(QByteArrayView(buffer.constData(), n));
            if (output.write(buffer.constData(), n) != n)
                return failed(output, writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip)));
            total += n;
            advance(n);
        }
        output.close();
        if (output.getZipError() != ZIP_OK)
            return writeProblem(m_zipPath, zipReason(output.getZipError(), m_zip));
        item.size = total;
        item.sha256 = hash.result().toHex();
        return Error::none();
    }

    QuaZip &m_zip;
    const QString &m_zipPath;
    const ZipSettings &m_settings;
    const StepContext &m_ctx;
    const ZipProgress &m_progress;
    std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> m_compressor {
        nullptr, &libdeflate_free_compressor};
};

} // namespace

Error writeZipArchive(const QString &zipPath, std::vector<ZipItem> &items, const ZipSettings &settings,
                      const std::function<ZipItem(const std::vector<ZipItem> &)> &makeLast,
                      const StepContext &ctx, const ZipProgress &progress)
{
    if (QFileInfo(zipPath).exists() || QFileInfo(zipPath).isSymLink())
        return writeProblem(zipPath, QStringLiteral("a file with that name already exists"));
    QuaZip zip(zipPath);
    zip.setUtf8Enabled(true);
    if (!zip.open(QuaZip::mdCreate))
        return writeProblem(zipPath, zipReason(zip.getZipError(), zip));

    EntryWriter writer(zip, zipPath, settings, ctx, progress);
    for (ZipItem &item : items) {
        Error error = writer.write(item);
        if (error.isError()) {
            zip.close();
            return error;
        }
    }
    if (makeLast) {
        ZipItem last = makeLast(items);
        Error error = writer.write(last);
        if (error.isError()) {
            zip.close();
            return error;
        }
        items.push_back(std::move(last));
    }
    zip.close();
    if (zip.getZipError() != ZIP_OK)
        return writeProblem(zipPath, zipReason(zip.getZipError(), zip));
    return Error::none();
}

Error verifyZipArchive(const QString &zipPath, const std::vector<ZipItem> &items, const StepContext &ctx,
                       const ZipProgress &progress)
{
    QuaZip zip(zipPath);
    if (!zip.open(QuaZip::mdUnzip))
        return verifyProblem(zipPath, zipReason(zip.getZipError(), zip));
    const auto abandon = [&zip](Error error) {
        zip.close();
        return error;
    };

    QStringList expected;
    for (const ZipItem &item : items)
        expected.append(item.name);
    QStringList found = zip.getFileNameList();
    if (zip.getZipError() != UNZ_OK)
        return abandon(verifyProblem(zipPath, zipReason(zip.getZipError(), zip)));
    expected.sort();
    found.sort();
    if (found != expected) {
        return abandon(
            verifyProblem(zipPath,
                          QStringLiteral("it holds %1 instead of %2")
                              .arg(found.join(QLatin1String(", ")), expected.join(QLatin1String(", ")))));
    }

    QByteArray buffer(ChunkSize, Qt::Uninitialized);
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        const QString name = zip.getCurrentFileName();
        const auto item
            = std::find_if(items.begin(), items.end(), [&name](const ZipItem &i) { return i.name == name; });
        QuaZipFile file(&zip);
        if (item == items.end() || !file.open(QIODevice::ReadOnly))
            return abandon(verifyProblem(zipPath, QStringLiteral("%1 cannot be opened").arg(name)));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 size = 0;
        for (;;) {
            if (ctx.cancelled()) {
                file.close();
                return abandon(Error::cancelled());
            }
            const qint64 n = file.read(buffer.data(), buffer.size());
            if (n < 0) {
                file.close();
                return abandon(verifyProblem(zipPath, QStringLiteral("%1 cannot be read").arg(name)));
            }
            if (n == 0)
                break;
            hash.addData(QByteArrayView(buffer.constData(), n));
            size += n;
            if (progress)
                progress(n);
        }
        file.close(); // checks the entry's CRC-32
        if (file.getZipError() != UNZ_OK)
            return abandon(verifyProblem(zipPath, QStringLiteral("%1 fails its CRC check").arg(name)));
        if (size != item->size || hash.result().toHex() != item->sha256)
            return abandon(
                verifyProblem(zipPath, QStringLiteral("%1 differs from the exported file").arg(name)));
    }
    if (zip.getZipError() != UNZ_OK)
        return abandon(verifyProblem(zipPath, zipReason(zip.getZipError(), zip)));
    zip.close();
    return Error::none();
}

} // namespace mf
