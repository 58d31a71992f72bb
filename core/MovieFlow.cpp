// SPDX-License-Identifier: MIT
#include "MovieFlow.h"

#include "CsvReader.h"
#include "CsvWriter.h"
#include "RunFingerprint.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTemporaryFile>

namespace mf {

struct MovieFlow::State
{
    explicit State(const Clock &clock) : pipeline(clock) { }

    Pipeline pipeline;
    std::shared_ptr<PipelineRun> run = std::make_shared<PipelineRun>();
    MovieFlowOptions options;
    SheetSignature signature;
};

namespace {

const QString snapshotName = QStringLiteral("snapshot.csv");
const QString readInfoName = QStringLiteral("read.json");
const QString cleanInfoName = QStringLiteral("clean.json");
const QString exportInfoName = QStringLiteral("export.json");

QString sourceKindName(SourceSpec::Kind kind)
{
    switch (kind) {
    case SourceSpec::Kind::CsvFile:
        return QStringLiteral("csv");
    case SourceSpec::Kind::Sample:
        return QStringLiteral("sample");
    }
    return QStringLiteral("other");
}

Error writeJson(const QString &path, const QJsonObject &object)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit())
        return Error::output(
            QStringLiteral("MovieFlow cannot write %1: %2. Check that the data folder is writable "
                           "and not full.")
                .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

Result<QJsonObject> readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::input(QStringLiteral("%1 is missing.").arg(QDir::toNativeSeparators(path)));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error::input(QStringLiteral("%1 is damaged.").arg(QDir::toNativeSeparators(path)));
    return document.object();
}

/// The source table as CSV, so a resume never needs the source again.
Error writeSnapshot(const DataTable &table, const QString &path, const StepContext &ctx)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::output(
            QStringLiteral("MovieFlow cannot keep a copy of the source in %1: %2. Check that the "
                           "data folder is writable and not full.")
                .arg(QDir::toNativeSeparators(path), file.errorString()));
    CsvWriter writer(&file);
    std::vector<QByteArray> headers;
    for (const QString &header : table.headers())
        headers.push_back(header.toUtf8());
    for (const QByteArray &header : headers)
        writer.writeField(std::string_view(header.constData(), size_t(header.size())));
    writer.endRow();
    for (qsizetype row = 0; row < table.rowCount(); ++row) {
        if (row % 4096 == 0 && ctx.cancelled()) {
            file.cancelWriting();
            return Error::cancelled();
        }
        for (int column = 0; column < table.columnCount(); ++column)
            writer.writeField(table.cell(row, column));
        writer.endRow();
    }
    if (!writer.flush() || !writer.ok() || !file.commit())
        return Error::output(
            QStringLiteral("MovieFlow cannot keep a copy of the source in %1: %2. Check that the "
                           "data folder is not full.")
                .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

QJsonObject countsSummary(const CleanCounts &c)
{
    return {{QStringLiteral("read"), c.read},
            {QStringLiteral("kept"), c.kept},
            {QStringLiteral("dropped_missing"), c.droppedMissing},
            {QStringLiteral("dropped_invalid"), c.droppedInvalidTotal()},
            {QStringLiteral("dropped_filter"), c.droppedFilter},
            {QStringLiteral("duplicate_ids"), c.duplicateIds},
            {QStringLiteral("dropped_duplicates"), c.droppedDuplicates}};
}

QJsonObject outputsJson(const FinalOutputs &outputs)
{
    return {{QStringLiteral("dir"), outputs.outputDir},
            {QStringLiteral("csv"), outputs.csv.isEmpty() ? QJsonValue() : QJsonValue(outputs.csv)},
            {QStringLiteral("zip"), outputs.zip.isEmpty() ? QJsonValue() : QJsonValue(outputs.zip)},
            {QStringLiteral("files"), QJsonArray::fromStringList(outputs.files)}};
}

/// A step context that passes cancel and progress on but keeps the step's own log lines quiet
/// (a restore recomputes what the run already logged).
StepContext quiet(const StepContext &ctx)
{
    StepContext q;
    q.cancel = ctx.cancel;
    q.progress = ctx.progress;
    return q;
}

class StageTimer
{
public:
    StageTimer(PipelineRun &run, Stage stage) : m_run(run), m_stage(stage) { m_timer.start(); }
    ~StageTimer() { m_run.timings.ms[int(m_stage)] += double(m_timer.nsecsElapsed()) / 1e6; }

private:
    PipelineRun &m_run;
    Stage m_stage;
    QElapsedTimer m_timer;
};

} // namespace

MovieFlow::MovieFlow(const PipelineSettings &settings, const MovieFlowOptions &options, const Clock &clock)
    : m_state(std::make_shared<State>(clock))
{
    *m_state->run = m_state->pipeline.start(settings);
    m_state->options = options;
}

QString MovieFlow::flowName()
{
    return QStringLiteral("Movie data processing");
}

std::shared_ptr<PipelineRun> MovieFlow::pipelineRun() const
{
    return m_state->run;
}

void MovieFlow::setOutcome(const Error &error, const QString &failedTask)
{
    m_state->run->error = error;
    for (int i = 0; i < StageCount; ++i) {
        if (stageName(Stage(i)) == failedTask)
            m_state->run->failedStage = Stage(i);
    }
}

bool MovieFlow::sourceNeedsNetwork(const SourceSpec &source)
{
    return source.kind != SourceSpec::Kind::CsvFile && source.kind != SourceSpec::Kind::Sample;
}

QJsonObject MovieFlow::settingsToJson(const PipelineSettings &s)
{
    QJsonObject mapping;
    for (auto it = s.mapping.cbegin(); it != s.mapping.cend(); ++it)
        mapping.insert(it.key(), it.value());
    const QString location = s.source.kind == SourceSpec::Kind::CsvFile
        ? QFileInfo(s.source.location).absoluteFilePath()
        : s.source.location;
    return {{QStringLiteral("source"),
             QJsonObject {{QStringLiteral("kind"), sourceKindName(s.source.kind)},
                          {QStringLiteral("kind_index"), int(s.source.kind)},
                          {QStringLiteral("location"), location},
                          {QStringLiteral("describe"), s.source.describe()}}},
            {QStringLiteral("mapping"), mapping},
            {QStringLiteral("min_rating"), s.clean.minRating},
            {QStringLiteral("inclusive"), s.clean.inclusive},
            {QStringLiteral("dedupe"), s.clean.dedupe},
            {QStringLiteral("checked_columns"), QJsonArray::fromStringList(s.clean.checkedColumns)},
            {QStringLiteral("top"), s.topN},
            {QStringLiteral("utf8_bom"), s.exportOptions.utf8Bom},
            {QStringLiteral("formula_guard"), s.exportOptions.formulaGuard},
            {QStringLiteral("output_dir"), s.outputDir},
            {QStringLiteral("name_template"), s.nameTemplate},
            {QStringLiteral("zip"), s.zip},
            {QStringLiteral("keep_csv"), s.keepCsv}};
}

Result<PipelineSettings> MovieFlow::settingsFromJson(const QJsonObject &o)
{
    const QJsonObject source = o.value(QStringLiteral("source")).toObject();
    if (source.isEmpty())
        return Error::input(
            QStringLiteral("The stored settings of this run name no source, so it cannot be resumed. "
                           "Start a new run instead."));
    PipelineSettings s;
    const QString kind = source.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("csv"))
        s.source = SourceSpec::csvFile(source.value(QStringLiteral("location")).toString());
    else if (kind == QLatin1String("sample"))
        s.source = SourceSpec::sample();
    else {
        s.source.kind = SourceSpec::Kind(source.value(QStringLiteral("kind_index")).toInt());
        s.source.location = source.value(QStringLiteral("location")).toString();
    }
    const QJsonObject mapping = o.value(QStringLiteral("mapping")).toObject();
    for (auto it = mapping.constBegin(); it != mapping.constEnd(); ++it)
        s.mapping.insert(it.key(), it.value().toString());
    s.clean.minRating = o.value(QStringLiteral("min_rating")).toDouble(7.0);
    s.clean.inclusive = o.value(QStringLiteral("inclusive")).toBool();
    s.clean.dedupe = o.value(QStringLiteral("dedupe")).toBool();
    for (const QJsonValue &column : o.value(QStringLiteral("checked_columns")).toArray())
        s.clean.checkedColumns << column.toString();
    s.topN = o.value(QStringLiteral("top")).toInt(10);
    s.exportOptions.utf8Bom = o.value(QStringLiteral("utf8_bom")).toBool();
    s.exportOptions.formulaGuard = o.value(QStringLiteral("formula_guard")).toBool();
    s.outputDir = o.value(QStringLiteral("output_dir")).toString();
    s.nameTemplate = o.value(QStringLiteral("name_template")).toString();
    s.zip = o.value(QStringLiteral("zip")).toBool(true);
    s.keepCsv = o.value(QStringLiteral("keep_csv")).toBool(true);
    return s;
}

Result<MovieFlow> MovieFlow::fromRecord(const FlowRunRecord &record, const MovieFlowOptions &options,
                                        const Clock &clock)
{
    if (record.flow != flowName())
        return Error::usage(QStringLiteral("Run %1 is not a run of the movie flow.").arg(record.id));
    Result<PipelineSettings> settings = settingsFromJson(record.settings);
    if (!settings.ok())
        return settings.error();
    MovieFlow flow(settings.value(), options, clock);
    // Names made from {timestamp} keep the time the run first started.
    const QDateTime started = record.startedAt.isValid() ? record.startedAt : record.createdAt;
    if (started.isValid())
        flow.m_state->run->startedAt = started;
    return flow;
}

Flow MovieFlow::flow() const
{
    const std::shared_ptr<State> state = m_state;
    Flow flow;
    flow.name = flowName();
    flow.settings = settingsToJson(state->run->settings);

    // Read movie data
    TaskSpec read;
    read.name = stageName(Stage::Read);
    read.retry = state->options.readRetry;
    read.retryable = [state](const Error &error) {
        // Retry what may pass: the network, or a file that is not there (yet) or cannot be opened
        // (a sync in progress, a drive not mounted). A malformed file stays malformed.
        if (error.kind == ErrorKind::Google)
            return true;
        const SourceSpec &source = state->run->settings.source;
        if (error.kind == ErrorKind::Input && source.kind == SourceSpec::Kind::CsvFile) {
            const QFileInfo info(source.location);
            return !info.exists() || !info.isReadable();
        }
        return false;
    };
    read.run = [state](TaskContext &ctx) -> Error {
        PipelineRun &run = *state->run;
        {
            StageTimer timer(run, Stage::Read);
            if (Error error = state->pipeline.runStage(Stage::Read, run, ctx); error.isError())
                return error;
        }
        state->signature = SheetSignature::of(*run.table);
        const QJsonObject lastGood = state->options.lastGoodSignature;
        if (state->options.drift != DriftCheck::Off && !lastGood.isEmpty()) {
            const SheetDrift drift = compareSheets(SheetSignature::fromJson(lastGood), state->signature);
            for (const QString &note : drift.notes)
                ctx.info(QStringLiteral("Since the last good run the sheet has %1.").arg(note));
            if (drift.hasProblems()) {
                if (state->options.drift == DriftCheck::Fail) {
                    run.table.reset();
                    return Error::input(drift.message());
                }
                ctx.warning(drift.message());
            }
        }
        if (Error error = writeSnapshot(*run.table, ctx.taskDir + QLatin1Char('/') + snapshotName, ctx);
            error.isError())
            return error;
        const QJsonObject info {{QStringLiteral("source"), run.settings.source.describe()},
                                {QStringLiteral("source_name"), run.table->sourceName()},
                                {QStringLiteral("rows"), run.table->rowCount()},
                                {QStringLiteral("columns"), run.table->columnCount()},
                                {QStringLiteral("serial_dates"), run.table->numericDatesAreSerials()},
                                {QStringLiteral("signature"), state->signature.toJson()}};
        if (Error error = writeJson(ctx.taskDir + QLatin1Char('/') + readInfoName, info); error.isError())
            return error;
        ctx.result = {{QStringLiteral("rows"), run.table->rowCount()},
                      {QStringLiteral("columns"), run.table->columnCount()},
                      {QStringLiteral("source"), run.settings.source.describe()},
                      {QStringLiteral("snapshot"), ctx.taskDir + QLatin1Char('/') + snapshotName}};
        return {};
    };
    read.restore = [state](TaskContext &ctx) -> Error {
        Result<QJsonObject> info = readJson(ctx.taskDir + QLatin1Char('/') + readInfoName);
        if (!info.ok())
            return info.error();
        Result<DataTable> table
            = CsvReader::readFile(ctx.taskDir + QLatin1Char('/') + snapshotName, quiet(ctx));
        if (!table.ok())
            return table.error();
        if (table.value().rowCount() != info.value().value(QStringLiteral("rows")).toInteger())
            return Error::input(QStringLiteral("The copy of the source holds a different number of rows."));
        Result<RoleMap> roles = mapRoles(table.value().headers(), state->run->settings.mapping);
        if (!roles.ok())
            return roles.error();
        table.value().setSourceName(info.value().value(QStringLiteral("source_name")).toString());
        table.value().setNumericDatesAreSerials(info.value().value(QStringLiteral("serial_dates")).toBool());
        state->run->table = std::make_shared<DataTable>(table.takeValue());
        state->run->roles = roles.value();
        state->signature
            = SheetSignature::fromJson(info.value().value(QStringLiteral("signature")).toObject());
        ctx.info(
            QStringLiteral("Read %1 rows from the copy of the source kept by the earlier attempt; the source "
                           "itself is not read again.")
                .arg(state->run->table->rowCount()));
        return {};
    };
    flow.tasks.push_back(read);

    // Clean movie data
    TaskSpec clean;
    clean.name = stageName(Stage::Clean);
    clean.inputs = {read.name};
    clean.run = [state](TaskContext &ctx) -> Error {
        PipelineRun &run = *state->run;
        {
            StageTimer timer(run, Stage::Clean);
            if (Error error = state->pipeline.runStage(Stage::Clean, run, ctx); error.isError())
                return error;
        }
        ctx.result = countsSummary(run.cleaned->counts);
        return writeJson(ctx.taskDir + QLatin1Char('/') + cleanInfoName, ctx.result);
    };
    clean.restore = [state](TaskContext &ctx) -> Error {
        Result<QJsonObject> info = readJson(ctx.taskDir + QLatin1Char('/') + cleanInfoName);
        if (!info.ok())
            return info.error();
        PipelineRun &run = *state->run;
        if (Error error = state->pipeline.runStage(Stage::Clean, run, quiet(ctx)); error.isError())
            return error;
        if (run.cleaned->counts.kept != info.value().value(QStringLiteral("kept")).toInteger())
            return Error::input(QStringLiteral("cleaning the copy of the source now keeps %1 rows, not %2")
                                    .arg(run.cleaned->counts.kept)
                                    .arg(info.value().value(QStringLiteral("kept")).toInteger()));
        return {};
    };
    flow.tasks.push_back(clean);

    // Analyze movie data
    TaskSpec analyze;
    analyze.name = stageName(Stage::Analyze);
    analyze.inputs = {clean.name};
    analyze.run = [state](TaskContext &ctx) -> Error {
        PipelineRun &run = *state->run;
        {
            StageTimer timer(run, Stage::Analyze);
            if (Error error = state->pipeline.runStage(Stage::Analyze, run, ctx); error.isError())
                return error;
        }
        const Analysis &a = *run.analysis;
        ctx.result
            = {{QStringLiteral("top"), qint64(a.top.size())},
               {QStringLiteral("top_1"), a.top.empty() ? QJsonValue() : QJsonValue(a.top.front().title)},
               {QStringLiteral("avg_rating_top"), a.avgRatingTop},
               {QStringLiteral("avg_rating_all"), a.avgRatingAll},
               {QStringLiteral("mean_popularity"), a.meanPopularity},
               {QStringLiteral("years"), qint64(a.moviesPerYear.size())}};
        return {};
    };
    analyze.restore = [state](TaskContext &ctx) -> Error {
        return state->pipeline.runStage(Stage::Analyze, *state->run, quiet(ctx));
    };
    flow.tasks.push_back(analyze);

    // Export data to CSV
    TaskSpec exportTask;
    exportTask.name = stageName(Stage::Export);
    exportTask.inputs = {clean.name, analyze.name};
    exportTask.run = [state](TaskContext &ctx) -> Error {
        PipelineRun &run = *state->run;
        StageTimer timer(run, Stage::Export);
        // Fail before writing anything when the results could not be placed anyway.
        const QString outputDir = run.settings.outputDir;
        if (!QDir().mkpath(outputDir))
            return Error::output(
                QStringLiteral("The output folder %1 cannot be created. Choose another folder, or "
                               "check that the folder above it exists and is writable.")
                    .arg(QDir::toNativeSeparators(outputDir)));
        {
            QTemporaryFile probe(outputDir + QStringLiteral("/.movieflow-write-test-XXXXXX"));
            if (!probe.open())
                return Error::output(
                    QStringLiteral("The output folder %1 is not writable: %2. Choose another folder "
                                   "or fix its permissions.")
                        .arg(QDir::toNativeSeparators(outputDir), probe.errorString()));
        }
        run.workDir = ctx.taskDir;
        if (Error error = state->pipeline.runStage(Stage::Export, run, ctx); error.isError())
            return error;
        const ExportedFiles &f = run.exported;
        auto name = [](const QString &path) { return QFileInfo(path).fileName(); };
        const QJsonObject info {{QStringLiteral("csv"), name(f.csv)},
                                {QStringLiteral("top"), name(f.top)},
                                {QStringLiteral("movies_per_year"), name(f.moviesPerYear)},
                                {QStringLiteral("titles_by_release_date"), name(f.titlesByReleaseDate)},
                                {QStringLiteral("summary"), name(f.summary)}};
        if (Error error = writeJson(ctx.taskDir + QLatin1Char('/') + exportInfoName, info); error.isError())
            return error;
        ctx.result = {{QStringLiteral("staged"), QJsonArray::fromStringList(f.all())},
                      {QStringLiteral("rows"), qint64(run.cleaned->size())}};
        return {};
    };
    exportTask.restore = [state](TaskContext &ctx) -> Error {
        Result<QJsonObject> info = readJson(ctx.taskDir + QLatin1Char('/') + exportInfoName);
        if (!info.ok())
            return info.error();
        auto path = [&](const char *key) {
            return ctx.taskDir + QLatin1Char('/') + info.value().value(QLatin1String(key)).toString();
        };
        ExportedFiles files;
        files.csv = path("csv");
        files.top = path("top");
        files.moviesPerYear = path("movies_per_year");
        files.titlesByReleaseDate = path("titles_by_release_date");
        files.summary = path("summary");
        for (const QString &file : files.all()) {
            if (!QFileInfo::exists(file))
                return Error::input(
                    QStringLiteral("the staged file %1 is gone").arg(QFileInfo(file).fileName()));
        }
        state->run->workDir = ctx.taskDir;
        state->run->exported = files;
        return {};
    };
    flow.tasks.push_back(exportTask);

    // Rename, move and zip
    TaskSpec fileOps;
    fileOps.name = stageName(Stage::FileOps);
    fileOps.inputs = {exportTask.name, clean.name};
    fileOps.run = [state](TaskContext &ctx) -> Error {
        PipelineRun &run = *state->run;
        // Should the process die while files are being placed, crash recovery removes them again.
        NameTokens tokens;
        tokens.timestamp = run.startedAt;
        tokens.rows = run.cleaned ? run.cleaned->size() : 0;
        tokens.source = QFileInfo(run.settings.source.displayName()).completeBaseName();
        const Result<QString> base = expandNameTemplate(run.settings.nameTemplate, tokens);
        if (base.ok()) {
            const QDir out(run.settings.outputDir);
            const QJsonObject outside {
                {QStringLiteral("dir"), out.absolutePath()},
                {QStringLiteral("prefixes"), QJsonArray {base.value(), QLatin1Char('.') + base.value()}},
                {QStringLiteral("existing"),
                 QJsonArray::fromStringList(
                     out.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot))}};
            if (Error error = writeJson(ctx.taskDir + QStringLiteral("/outside.json"), outside);
                error.isError())
                return error;
        }
        {
            StageTimer timer(run, Stage::FileOps);
            if (Error error = state->pipeline.runStage(Stage::FileOps, run, ctx); error.isError())
                return error;
        }
        ctx.result = outputsJson(run.outputs);
        return {};
    };
    flow.tasks.push_back(fileOps);

    for (TaskSpec &task : flow.tasks)
        task.timeoutMs = state->options.taskTimeoutMs;

    flow.summarize = [state]() {
        const PipelineRun &run = *state->run;
        FlowSummary summary;
        if (run.cleaned)
            summary.rowsKept = run.cleaned->counts.kept;
        if (!run.outputs.outputDir.isEmpty()) {
            summary.outputs = outputsJson(run.outputs);
            if (run.cleaned && run.analysis)
                summary.fingerprint = RunFingerprint::of(*run.cleaned, *run.analysis).toJson();
        }
        if (!state->signature.isEmpty())
            summary.signature = state->signature.toJson();
        return summary;
    };
    return flow;
}

} // namespace mf
