// SPDX-License-Identifier: MIT
#include "Pipeline.h"

#include <movieflow/Version.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cmath>

namespace mf {

namespace {

QJsonValue optionalDate(const QDate &date)
{
    return date.isValid() ? QJsonValue(date.toString(Qt::ISODate)) : QJsonValue();
}

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return QStringLiteral("none");
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

QJsonObject countsJson(const CleanCounts &counts)
{
    QJsonObject invalid;
    for (auto it = counts.droppedInvalid.cbegin(); it != counts.droppedInvalid.cend(); ++it)
        invalid.insert(it.key(), it.value());
    return {{QStringLiteral("read"), counts.read},
            {QStringLiteral("dropped_missing"), counts.droppedMissing},
            {QStringLiteral("dropped_invalid"), invalid},
            {QStringLiteral("dropped_filter"), counts.droppedFilter},
            {QStringLiteral("duplicate_ids"), counts.duplicateIds},
            {QStringLiteral("dropped_duplicates"), counts.droppedDuplicates},
            {QStringLiteral("kept"), counts.kept}};
}

QJsonObject analysisJson(const Analysis &analysis)
{
    QJsonArray top;
    for (const TopMovie &movie : analysis.top) {
        top.append(QJsonObject {{QStringLiteral("title"), movie.title},
                                {QStringLiteral("popularity"), movie.popularity},
                                {QStringLiteral("vote_average"), movie.voteAverage},
                                {QStringLiteral("release_date"), optionalDate(movie.releaseDate)}});
    }
    QJsonObject perYear;
    for (auto it = analysis.moviesPerYear.cbegin(); it != analysis.moviesPerYear.cend(); ++it)
        perYear.insert(QString::number(it.key()), it.value());
    return {{QStringLiteral("top"), top},
            {QStringLiteral("avg_rating_top"), analysis.avgRatingTop},
            {QStringLiteral("avg_rating_all"), analysis.avgRatingAll},
            {QStringLiteral("mean_popularity"), analysis.meanPopularity},
            {QStringLiteral("movies_per_year"), perYear}};
}

QString workRoot()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + QStringLiteral("/movieflow");
    return base + QStringLiteral("/work");
}

} // namespace

QJsonObject PipelineSettings::toJson() const
{
    QJsonObject map;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it)
        map.insert(it.key(), it.value());
    return {{QStringLiteral("source"), source.describe()},
            {QStringLiteral("min_rating"), clean.minRating},
            {QStringLiteral("inclusive"), clean.inclusive},
            {QStringLiteral("top"), topN},
            {QStringLiteral("dedupe"), clean.dedupe},
            {QStringLiteral("checked_columns"),
             clean.checkedColumns.isEmpty() ? QJsonValue(QStringLiteral("all"))
                                            : QJsonValue(QJsonArray::fromStringList(clean.checkedColumns))},
            {QStringLiteral("mapping"), map},
            {QStringLiteral("name_template"), nameTemplate.isEmpty() ? defaultNameTemplate() : nameTemplate},
            {QStringLiteral("zip"), zip},
            {QStringLiteral("keep_csv"), keepCsv},
            {QStringLiteral("utf8_bom"), exportOptions.utf8Bom},
            {QStringLiteral("formula_guard"), exportOptions.formulaGuard}};
}

QString defaultOutputDir()
{
    const QString home = QDir::homePath();
    if (QFileInfo(home).isWritable())
        return home + QStringLiteral("/MovieFlow");
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/MovieFlow");
}

QString stageName(Stage stage)
{
    switch (stage) {
    case Stage::Read:
        return QStringLiteral("Read movie data");
    case Stage::Clean:
        return QStringLiteral("Clean movie data");
    case Stage::Analyze:
        return QStringLiteral("Analyze movie data");
    case Stage::Export:
        return QStringLiteral("Export data to CSV");
    case Stage::FileOps:
        return QStringLiteral("Rename, move and zip");
    }
    return {};
}

QJsonObject PipelineRun::summaryJson() const
{
    QJsonObject summary {{QStringLiteral("app"), QStringLiteral(MOVIEFLOW_NAME)},
                         {QStringLiteral("app_version"), QStringLiteral(MOVIEFLOW_VERSION)},
                         {QStringLiteral("started_at"), startedAt.toString(Qt::ISODate)},
                         {QStringLiteral("source"), settings.source.describe()},
                         {QStringLiteral("settings"), settings.toJson()},
                         {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}};
    if (cleaned)
        summary.insert(QStringLiteral("rows"), countsJson(cleaned->counts));
    if (analysis)
        summary.insert(QStringLiteral("analysis"), analysisJson(*analysis));
    return summary;
}

QJsonObject PipelineRun::toJson() const
{
    QString status = QStringLiteral("completed");
    if (error.kind == ErrorKind::Cancelled)
        status = QStringLiteral("cancelled");
    else if (error.isError())
        status = QStringLiteral("failed");

    QJsonObject object {{QStringLiteral("status"), status}};
    if (error.isError()) {
        object.insert(QStringLiteral("error"),
                      QJsonObject {{QStringLiteral("kind"), errorKindName(error.kind)},
                                   {QStringLiteral("message"), error.message},
                                   {QStringLiteral("task"), stageName(failedStage)}});
    }
    if (cleaned)
        object.insert(QStringLiteral("rows"), countsJson(cleaned->counts));
    if (analysis)
        object.insert(QStringLiteral("analysis"), analysisJson(*analysis));
    if (!outputs.outputDir.isEmpty()) {
        object.insert(
            QStringLiteral("outputs"),
            QJsonObject {{QStringLiteral("dir"), outputs.outputDir},
                         {QStringLiteral("csv"), outputs.csv.isEmpty() ? QJsonValue() : outputs.csv},
                         {QStringLiteral("zip"), outputs.zip.isEmpty() ? QJsonValue() : outputs.zip},
                         {QStringLiteral("files"), QJsonArray::fromStringList(outputs.files)}});
    }
    static const char *const keys[StageCount] = {"read", "clean", "analyze", "export", "fileops"};
    QJsonObject timings;
    for (int i = 0; i < StageCount; ++i)
        timings.insert(QLatin1String(keys[i]), std::round(this->timings.ms[i] * 1000.0) / 1000.0);
    object.insert(QStringLiteral("timings_ms"), timings);
    if (!warnings.isEmpty())
        object.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    return object;
}

Pipeline::Pipeline(const Clock &clock) : m_clock(clock) { }

PipelineRun Pipeline::start(const PipelineSettings &settings) const
{
    PipelineRun run;
    run.settings = settings;
    if (run.settings.outputDir.isEmpty())
        run.settings.outputDir = defaultOutputDir();
    if (run.settings.nameTemplate.isEmpty())
        run.settings.nameTemplate = defaultNameTemplate();
    run.startedAt = m_clock.now();
    return run;
}

Error Pipeline::runStage(Stage stage, PipelineRun &run, const StepContext &ctx) const
{
    if (ctx.cancelled())
        return Error::cancelled();

    switch (stage) {
    case Stage::Read: {
        Result<DataTable> table = readSource(run.settings.source, ctx);
        if (!table.ok())
            return table.error();
        Result<RoleMap> roles = mapRoles(table.value().headers(), run.settings.mapping);
        if (!roles.ok())
            return roles.error();
        run.table = std::make_shared<DataTable>(table.takeValue());
        run.roles = roles.value();
        ctx.info(QStringLiteral("Read %1 rows and %2 columns from %3.")
                     .arg(run.table->rowCount())
                     .arg(run.table->columnCount())
                     .arg(run.settings.source.kind == SourceSpec::Kind::GoogleSheet
                              ? run.table->sourceName()
                              : run.settings.source.displayName()));
        return {};
    }
    case Stage::Clean: {
        if (!run.table)
            return {ErrorKind::Internal, QStringLiteral("Cleaning needs the data read first.")};
        Result<CleanedData> cleaned = cleanTable(*run.table, run.roles, run.settings.clean, ctx);
        if (!cleaned.ok())
            return cleaned.error();
        run.cleaned = std::make_shared<CleanedData>(cleaned.takeValue());
        for (const QString &warning : run.cleaned->warnings) {
            ctx.warning(warning);
            if (!run.warnings.contains(warning))
                run.warnings.append(warning);
        }
        const CleanCounts &c = run.cleaned->counts;
        ctx.info(QStringLiteral("Kept %1 of %2 rows: %3 with missing cells, %4 with invalid values, "
                                "%5 at or below the rating threshold dropped.")
                     .arg(c.kept)
                     .arg(c.read)
                     .arg(c.droppedMissing)
                     .arg(c.droppedInvalidTotal())
                     .arg(c.droppedFilter));
        return {};
    }
    case Stage::Analyze: {
        if (!run.cleaned)
            return {ErrorKind::Internal, QStringLiteral("The analysis needs the cleaned data first.")};
        run.analysis = std::make_shared<Analysis>(analyze(*run.cleaned, run.settings.topN, ctx));
        if (ctx.cancelled())
            return Error::cancelled();
        ctx.info(QStringLiteral("Average rating of the top %1: %2; of all kept films: %3.")
                     .arg(run.analysis->top.size())
                     .arg(run.analysis->avgRatingTop, 0, 'f', 4)
                     .arg(run.analysis->avgRatingAll, 0, 'f', 4));
        return {};
    }
    case Stage::Export: {
        if (!run.cleaned || !run.analysis)
            return {ErrorKind::Internal, QStringLiteral("The export needs the analysis first.")};
        if (run.workDir.isEmpty()) {
            const QString root = workRoot();
            if (!QDir().mkpath(root))
                return Error::output(QStringLiteral("MovieFlow cannot create its working folder %1. "
                                                    "Check that your data folder is writable.")
                                         .arg(QDir::toNativeSeparators(root)));
            QTemporaryDir dir(root + QStringLiteral("/run-XXXXXX"));
            if (!dir.isValid())
                return Error::output(QStringLiteral("MovieFlow cannot create a working folder in %1: %2. "
                                                    "Check that your data folder is writable and not full.")
                                         .arg(QDir::toNativeSeparators(root), dir.errorString()));
            dir.setAutoRemove(false);
            run.workDir = dir.path();
        }
        const QString csvName = QStringLiteral("movies_%1.csv")
                                    .arg(run.startedAt.toString(QStringLiteral("yyyy-MM-dd_HHmmss")));
        Result<ExportedFiles> files = exportResults(*run.cleaned, *run.analysis, run.summaryJson(),
                                                    run.workDir, csvName, run.settings.exportOptions, ctx);
        if (!files.ok())
            return files.error();
        run.exported = files.value();
        ctx.info(QStringLiteral("Exported %1 rows to %2.").arg(run.cleaned->size()).arg(csvName));
        return {};
    }
    case Stage::FileOps: {
        if (run.exported.csv.isEmpty())
            return {ErrorKind::Internal,
                    QStringLiteral("The file operations need the exported files first.")};
        NameTokens tokens;
        tokens.timestamp = run.startedAt;
        tokens.rows = run.cleaned ? run.cleaned->size() : 0;
        // A sheet's title is known only once it has been read.
        if (run.settings.source.kind == SourceSpec::Kind::GoogleSheet && run.table
            && !run.table->sourceName().isEmpty())
            tokens.source = run.table->sourceName();
        else
            tokens.source = QFileInfo(run.settings.source.displayName()).completeBaseName();
        Result<QString> base = expandNameTemplate(run.settings.nameTemplate, tokens);
        if (!base.ok())
            return base.error();
        QJsonObject manifest {{QStringLiteral("source"), run.settings.source.describe()},
                              {QStringLiteral("settings"), run.settings.toJson()},
                              {QStringLiteral("app_version"), QStringLiteral(MOVIEFLOW_VERSION)},
                              {QStringLiteral("started_at"), run.startedAt.toString(Qt::ISODate)}};
        if (run.cleaned)
            manifest.insert(QStringLiteral("rows"), countsJson(run.cleaned->counts));
        FileOpsOptions options;
        options.outputDir = run.settings.outputDir;
        options.zip = run.settings.zip;
        options.keepCsv = run.settings.keepCsv;
        Result<FinalOutputs> outputs = finalizeOutputs(run.exported, base.value(), manifest, options, ctx);
        if (!outputs.ok())
            return outputs.error();
        run.outputs = outputs.value();
        ctx.info(QStringLiteral("Saved %1 files in %2.")
                     .arg(run.outputs.files.size())
                     .arg(QDir::toNativeSeparators(run.outputs.outputDir)));
        return {};
    }
    }
    return {ErrorKind::Internal, QStringLiteral("Unknown step.")};
}

void Pipeline::runAll(PipelineRun &run, const StepContext &ctx,
                      const std::function<void(Stage)> &stageStarted) const
{
    for (int i = 0; i < StageCount; ++i) {
        const Stage stage = Stage(i);
        if (stageStarted)
            stageStarted(stage);
        QElapsedTimer timer;
        timer.start();
        Error error = runStage(stage, run, ctx);
        run.timings.ms[i] = double(timer.nsecsElapsed()) / 1e6;
        if (error.isError()) {
            run.error = error;
            run.failedStage = stage;
            break;
        }
    }
    cleanup(run);
}

void Pipeline::cleanup(PipelineRun &run)
{
    if (!run.workDir.isEmpty()) {
        QDir(run.workDir).removeRecursively();
        run.workDir.clear();
    }
}

} // namespace mf
