// SPDX-License-Identifier: MIT
// The first window, driven like a user would: load, run, cancel, errors, settings, drag and drop.
#include "GuiTestSupport.h"

#include "AboutDialog.h"
#include "FileDialog.h"
#include "MainWindow.h"
#include "MessageWidget.h"
#include "Pipeline.h"
#include "PipelineController.h"
#include "ResultsView.h"
#include "RunOptions.h"
#include "TopMoviesModel.h"
#include "UrlOpener.h"

#include <movieflow/Version.h>

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using mf::MainWindow;
using mf::MessageWidget;
using mf::SourceSpec;
using mf::WorkflowSession;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> makeWindow(const QString &outputDir)
    {
        auto window = std::make_unique<MainWindow>();
        auto *output = window->findChild<QLineEdit *>(QStringLiteral("outputDirEdit"));
        if (output)
            output->setText(outputDir);
        window->show();
        return window;
    }

    template<typename T> static T *child(const MainWindow &window, const char *name)
    {
        return window.findChild<T *>(QString::fromLatin1(name));
    }

    /// The expected run, computed by the core pipeline directly (not by the window).
    static mf::PipelineRun expectedRun(const SourceSpec &source, const QString &outputDir)
    {
        mf::PipelineSettings settings;
        settings.source = source;
        settings.outputDir = outputDir;
        mf::RunOptions::defaults().applyTo(settings);
        settings.outputDir = outputDir;
        mf::Pipeline pipeline;
        mf::PipelineRun run = pipeline.start(settings);
        pipeline.runAll(run, {});
        return run;
    }

    static QStringList filesIn(const QString &dir)
    {
        return QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        mftest::isolateSettings();
    }

    void init() { mftest::isolateSettings(); }

    void cleanup() { mf::UrlOpener::setHandler({}); }

    void startsEmptyWithRunDisabled()
    {
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(!child<QPushButton>(*window, "runButton")->isEnabled());
        QVERIFY(!child<QAction>(*window, "runAction")->isEnabled());
        QVERIFY(!child<QAction>(*window, "cancelAction")->isEnabled());
        QVERIFY(window->messages()->isHidden());
        QCOMPARE(window->tabs()->count(), 2);
        QCOMPARE(window->tabs()->tabText(0), QStringLiteral("Data"));
        QCOMPARE(window->tabs()->tabText(1), QStringLiteral("Results"));
        QCOMPARE(child<QAction>(*window, "openAction")->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(child<QAction>(*window, "runAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+R")));
        QCOMPARE(child<QAction>(*window, "cancelAction")->shortcut(), QKeySequence(Qt::Key_Escape));
        QVERIFY(!window->windowIcon().isNull());
    }

    void loadsSampleIntoPreview()
    {
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        const mf::Result<mf::DataTable> expected = mf::readSource(SourceSpec::sample());
        QVERIFY(expected.ok());

        child<QAction>(*window, "openSampleAction")->trigger();
        QCOMPARE(window->session()->state(), WorkflowSession::State::Loading);
        QVERIFY(mftest::waitIdle(*window));
        QVERIFY(window->session()->hasSource());

        auto *view = child<QTableView>(*window, "dataView");
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), int(expected.value().rowCount()));
        QCOMPARE(view->model()->columnCount(), expected.value().columnCount());
        QCOMPARE(view->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("(unnamed)"));
        QCOMPARE(view->model()->data(view->model()->index(0, 2)).toString(), expected.value().text(0, 2));
        QCOMPARE(window->tabs()->currentWidget()->objectName(), QStringLiteral("dataTab"));

        const QString line = child<QLabel>(*window, "sourceLine")->text();
        QVERIFY2(line.contains(QStringLiteral("sample")), qPrintable(line));
        QVERIFY2(line.contains(QLocale().toString(expected.value().rowCount())), qPrintable(line));
        QVERIFY(child<QPushButton>(*window, "runButton")->isEnabled());
    }

    void runShowsTopTenAndWritesFiles()
    {
        const QString out = m_dir.filePath(QStringLiteral("run-out"));
        const mf::PipelineRun expected
            = expectedRun(SourceSpec::sample(), m_dir.filePath(QStringLiteral("expected")));
        QVERIFY2(!expected.error.isError(), qPrintable(expected.error.message));
        QVERIFY(expected.analysis && expected.cleaned);
        QCOMPARE(expected.analysis->top.size(), size_t(10));

        auto window = makeWindow(out);
        window->openSource(SourceSpec::sample());
        QVERIFY(mftest::waitIdle(*window));

        QTest::mouseClick(child<QPushButton>(*window, "runButton"), Qt::LeftButton);
        QCOMPARE(window->session()->state(), WorkflowSession::State::Running);
        QVERIFY(!child<QPushButton>(*window, "runButton")->isEnabled());
        QVERIFY(!child<QPushButton>(*window, "openButton")->isEnabled());
        QVERIFY(!child<QPushButton>(*window, "openSampleButton")->isEnabled());
        QVERIFY(child<QAction>(*window, "cancelAction")->isEnabled());
        QVERIFY(child<QWidget>(*window, "runStatus")->isVisible());

        auto *results = child<mf::ResultsView>(*window, "resultsTab");
        QTRY_VERIFY_WITH_TIMEOUT(results->hasResults(), 60000);
        QCOMPARE(window->tabs()->currentWidget(), results);
        QVERIFY(child<QPushButton>(*window, "runButton")->isEnabled());
        QVERIFY(child<QPushButton>(*window, "openButton")->isEnabled());
        QVERIFY(!child<QWidget>(*window, "runStatus")->isVisible());

        // The top 10, in the order the core computes.
        auto *top = child<QTableView>(*window, "topMoviesView");
        QCOMPARE(top->model()->rowCount(), 10);
        QCOMPARE(top->model()->data(top->model()->index(0, mf::TopMoviesModel::TitleColumn)).toString(),
                 expected.analysis->top.front().title);
        QCOMPARE(top->model()->data(top->model()->index(9, mf::TopMoviesModel::TitleColumn)).toString(),
                 expected.analysis->top.back().title);
        QCOMPARE(top->model()->data(top->model()->index(0, mf::TopMoviesModel::RankColumn)).toInt(), 1);
        QCOMPARE(top->model()
                     ->data(top->model()->index(0, mf::TopMoviesModel::PopularityColumn), Qt::EditRole)
                     .toDouble(),
                 expected.analysis->top.front().popularity);
        QCOMPARE(top->model()->data(top->model()->index(0, mf::TopMoviesModel::ReleaseDateColumn)).toString(),
                 expected.analysis->top.front().releaseDate.toString(Qt::ISODate));

        // Counts and figures.
        const mf::CleanCounts &counts = expected.cleaned->counts;
        QCOMPARE(child<QLabel>(*window, "countRead")->text(), QLocale().toString(counts.read));
        QCOMPARE(child<QLabel>(*window, "countKept")->text(), QLocale().toString(counts.kept));
        QCOMPARE(child<QLabel>(*window, "countDroppedFilter")->text(),
                 QLocale().toString(counts.droppedFilter));
        QCOMPARE(child<QLabel>(*window, "countDroppedMissing")->text(),
                 QLocale().toString(counts.droppedMissing));
        QCOMPARE(child<QLabel>(*window, "avgRatingTop")->text(),
                 QLocale().toString(expected.analysis->avgRatingTop, 'f', 2));
        QCOMPARE(child<QLabel>(*window, "avgRatingAll")->text(),
                 QLocale().toString(expected.analysis->avgRatingAll, 'f', 2));
        QCOMPARE(child<QLabel>(*window, "meanPopularity")->text(),
                 QLocale().toString(expected.analysis->meanPopularity, 'f', 2));

        // The files exist in the chosen folder and the window names them.
        const QString csv = child<QLineEdit>(*window, "csvPathEdit")->text();
        const QString zip = child<QLineEdit>(*window, "zipPathEdit")->text();
        QVERIFY2(QFileInfo(csv).isFile(), qPrintable(csv));
        QVERIFY2(QFileInfo(zip).isFile(), qPrintable(zip));
        QCOMPARE(QFileInfo(csv).absolutePath(), QFileInfo(out).absoluteFilePath());
        QCOMPARE(QFileInfo(zip).absolutePath(), QFileInfo(out).absoluteFilePath());
        QVERIFY(QFileInfo(csv).fileName().startsWith(QStringLiteral("processed_movies_")));
        QVERIFY(filesIn(out).contains(QFileInfo(zip).fileName()));

        // Warnings of the run (duplicate ids) are a warning banner; no warnings, no banner.
        if (expected.warnings.isEmpty()) {
            QVERIFY(window->messages()->isHidden());
        } else {
            QVERIFY(window->messages()->isVisible());
            QCOMPARE(window->messages()->type(), MessageWidget::Type::Warning);
        }

        // The output folder opens through the desktop.
        QList<QUrl> opened;
        mf::UrlOpener::setHandler([&opened](const QUrl &url) {
            opened << url;
            return true;
        });
        QTest::mouseClick(child<QPushButton>(*window, "openOutputFolderButton"), Qt::LeftButton);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(QFileInfo(opened.first().toLocalFile()).absoluteFilePath(),
                 QFileInfo(out).absoluteFilePath());
    }

    void realDataRunMatchesReferenceFigures()
    {
        if (!mftest::realDataPresent())
            QSKIP("The real data file " MOVIEFLOW_REAL_DATA " is absent; the reference run is skipped.");
        const QString out = m_dir.filePath(QStringLiteral("real-out"));
        auto window = makeWindow(out);
        window->openSource(SourceSpec::csvFile(QStringLiteral(MOVIEFLOW_REAL_DATA)), true);
        auto *results = child<mf::ResultsView>(*window, "resultsTab");
        QTRY_VERIFY_WITH_TIMEOUT(results->hasResults(), 120000);
        // SPEC.md's reference figures (default settings, > 7.0).
        QCOMPARE(child<QLabel>(*window, "countKept")->text(), QLocale().toString(3180));
        auto *top = child<QTableView>(*window, "topMoviesView");
        QCOMPARE(top->model()->data(top->model()->index(0, mf::TopMoviesModel::TitleColumn)).toString(),
                 QStringLiteral("Deadpool & Wolverine"));
        QCOMPARE(child<QLabel>(*window, "countDuplicateIds")->text(), QLocale().toString(218));
        // 218 duplicate ids are reported as a warning.
        QVERIFY(window->messages()->isVisible());
        QCOMPARE(window->messages()->type(), MessageWidget::Type::Warning);
    }

    void cancelLeavesNoFilesAndReenablesRun()
    {
        if (!mftest::realDataPresent())
            QSKIP("The real data file " MOVIEFLOW_REAL_DATA
                  " is absent; the cancel test needs a large file.");
        const QString out = m_dir.filePath(QStringLiteral("cancel-out"));
        auto window = makeWindow(out);
        window->openSource(SourceSpec::csvFile(QStringLiteral(MOVIEFLOW_REAL_DATA)));
        QVERIFY(mftest::waitIdle(*window));
        QVERIFY(window->session()->hasSource());

        QSignalSpy finished(window->session(), &WorkflowSession::runFinished);
        QTest::mouseClick(child<QPushButton>(*window, "runButton"), Qt::LeftButton);
        QCOMPARE(window->session()->state(), WorkflowSession::State::Running);
        QVERIFY(!child<QPushButton>(*window, "runButton")->isEnabled());
        auto *cancel = child<QPushButton>(*window, "cancelButton");
        QVERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto run = finished.first().first().value<std::shared_ptr<const mf::PipelineRun>>();
        QVERIFY(run);
        QCOMPARE(run->error.kind, mf::ErrorKind::Cancelled);
        QCOMPARE(window->session()->state(), WorkflowSession::State::Idle);
        QVERIFY(child<QPushButton>(*window, "runButton")->isEnabled());
        QVERIFY(child<QAction>(*window, "runAction")->isEnabled());
        QVERIFY(!child<QAction>(*window, "cancelAction")->isEnabled());
        QVERIFY(!child<QWidget>(*window, "runStatus")->isVisible());
        QVERIFY(window->messages()->isVisible());
        QCOMPARE(window->messages()->type(), MessageWidget::Type::Info);
        QVERIFY(window->messages()->text().contains(QStringLiteral("cancelled")));
        QVERIFY(!child<mf::ResultsView>(*window, "resultsTab")->hasResults());
        QVERIFY2(filesIn(out).isEmpty(), qPrintable(filesIn(out).join(QLatin1Char(','))));
    }

    void escapeCancelsALoad()
    {
        if (!mftest::realDataPresent())
            QSKIP("The real data file " MOVIEFLOW_REAL_DATA
                  " is absent; cancelling a load needs a large file.");
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->openSource(SourceSpec::csvFile(QStringLiteral(MOVIEFLOW_REAL_DATA)));
        QCOMPARE(window->session()->state(), WorkflowSession::State::Loading);
        QVERIFY(child<QAction>(*window, "cancelAction")->isEnabled());
        child<QAction>(*window, "cancelAction")->trigger();
        QCOMPARE(window->session()->state(), WorkflowSession::State::Idle);
        QVERIFY(!window->session()->hasSource());
        QVERIFY(!child<QWidget>(*window, "runStatus")->isVisible());
        // The cancelled load's result is dropped when it arrives.
        auto *loader = window->session()->findChild<mf::SourceLoader *>();
        QVERIFY(loader);
        QTRY_VERIFY(!loader->isLoading());
        QVERIFY(!window->session()->hasSource());
        QVERIFY(window->messages()->isHidden());
    }

    void missingFileShowsErrorBanner()
    {
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        const QString missing = m_dir.filePath(QStringLiteral("no-such-file.csv"));
        const mf::Result<mf::DataTable> expected = mf::readSource(SourceSpec::csvFile(missing));
        QVERIFY(!expected.ok());

        mf::FileDialog::setNextFileName(missing);
        child<QAction>(*window, "openAction")->trigger();
        QVERIFY(mftest::waitIdle(*window));
        QVERIFY(window->messages()->isVisible());
        QCOMPARE(window->messages()->type(), MessageWidget::Type::Error);
        QCOMPARE(window->messages()->text(), expected.error().message);
        QVERIFY(window->messages()->text().contains(QStringLiteral("no-such-file.csv")));
        QVERIFY(!window->session()->hasSource());
        QVERIFY(!child<QPushButton>(*window, "runButton")->isEnabled());

        // The close button hides the banner.
        QTest::mouseClick(child<QWidget>(*window, "messageCloseButton"), Qt::LeftButton);
        QVERIFY(window->messages()->isHidden());
    }

    void garbageFileShowsErrorAndKeepsPreviousSource()
    {
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.csv"));
        QVERIFY(mftest::writeFile(garbage,
                                  QByteArray("title,\"popularity\n\xff\xfe\x80 broken \"quote,\x01\x02\n")));
        const mf::Result<mf::DataTable> expected = mf::readSource(SourceSpec::csvFile(garbage));
        QVERIFY2(!expected.ok(), "the garbage file must be rejected by the CSV reader");

        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        window->openSource(SourceSpec::sample());
        QVERIFY(mftest::waitIdle(*window));
        const int sampleRows = child<QTableView>(*window, "dataView")->model()->rowCount();

        window->openSource(SourceSpec::csvFile(garbage));
        QVERIFY(mftest::waitIdle(*window));
        QVERIFY(window->messages()->isVisible());
        QCOMPARE(window->messages()->type(), MessageWidget::Type::Error);
        QCOMPARE(window->messages()->text(), expected.error().message);
        // The sample stays loaded and runnable.
        QCOMPARE(window->session()->source().kind, SourceSpec::Kind::Sample);
        QCOMPARE(child<QTableView>(*window, "dataView")->model()->rowCount(), sampleRows);
        QVERIFY(child<QPushButton>(*window, "runButton")->isEnabled());
    }

    void runFailureShowsTheCoreSentence()
    {
        const QString odd = m_dir.filePath(QStringLiteral("odd-columns.csv"));
        QVERIFY(mftest::writeFile(odd, "alpha,beta,gamma\n1,2,3\n4,5,6\n"));
        const QString out = m_dir.filePath(QStringLiteral("odd-out"));
        const mf::PipelineRun expected = expectedRun(SourceSpec::csvFile(odd), out);
        QVERIFY(expected.error.isError());

        auto window = makeWindow(out);
        window->openSource(SourceSpec::csvFile(odd));
        QVERIFY(mftest::waitIdle(*window));
        QVERIFY(window->messages()->isHidden());
        QSignalSpy finished(window->session(), &WorkflowSession::runFinished);
        child<QAction>(*window, "runAction")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY(window->messages()->isVisible());
        QCOMPARE(window->messages()->type(), MessageWidget::Type::Error);
        QCOMPARE(window->messages()->text(), expected.error.message);
        QVERIFY(!child<mf::ResultsView>(*window, "resultsTab")->hasResults());
        QVERIFY(filesIn(out).isEmpty());
        QVERIFY(child<QPushButton>(*window, "runButton")->isEnabled());
    }

    void droppingACsvOpensIt()
    {
        const QString file = m_dir.filePath(QStringLiteral("dropped.csv"));
        QVERIFY(mftest::writeFile(file,
                                  "title,release_date,popularity,vote_average\n"
                                  "Heat,1995-12-15,40.5,7.9\nAlien,1979-05-25,38.2,8.2\n"));
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &drop);
        QVERIFY(mftest::waitIdle(*window));
        QCOMPARE(window->session()->source().location, file);
        QCOMPARE(child<QTableView>(*window, "dataView")->model()->rowCount(), 2);
        QVERIFY(child<QLabel>(*window, "sourceLine")->text().contains(QStringLiteral("dropped.csv")));

        // Other files are refused.
        QMimeData text;
        text.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("notes.txt")))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QApplication::sendEvent(window.get(), &refused);
        QVERIFY(!refused.isAccepted());
    }

    void settingsArePersisted()
    {
        const QString out = m_dir.filePath(QStringLiteral("persisted"));
        {
            auto window = makeWindow(out);
            child<QDoubleSpinBox>(*window, "minRatingSpin")->setValue(6.5);
            child<QCheckBox>(*window, "inclusiveCheck")->setChecked(true);
            child<QSpinBox>(*window, "topNSpin")->setValue(25);
            child<QCheckBox>(*window, "dedupeCheck")->setChecked(true);
            child<QLineEdit>(*window, "nameTemplateEdit")->setText(QStringLiteral("movies_{date}"));
            window->close();
        }
        auto window = std::make_unique<MainWindow>();
        QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(*window, "outputDirEdit")->text()), out);
        QCOMPARE(child<QDoubleSpinBox>(*window, "minRatingSpin")->value(), 6.5);
        QVERIFY(child<QCheckBox>(*window, "inclusiveCheck")->isChecked());
        QCOMPARE(child<QSpinBox>(*window, "topNSpin")->value(), 25);
        QVERIFY(child<QCheckBox>(*window, "dedupeCheck")->isChecked());
        QCOMPARE(child<QLineEdit>(*window, "nameTemplateEdit")->text(), QStringLiteral("movies_{date}"));

        // The saved values are what a run uses.
        QSettings settings(QStringLiteral("MovieFlow"), QStringLiteral("MovieFlow"));
        const mf::RunOptions options = mf::RunOptions::load(settings);
        mf::PipelineSettings pipeline;
        options.applyTo(pipeline);
        QCOMPARE(pipeline.clean.minRating, 6.5);
        QVERIFY(pipeline.clean.inclusive);
        QVERIFY(pipeline.clean.dedupe);
        QCOMPARE(pipeline.topN, 25);
        QCOMPARE(pipeline.nameTemplate, QStringLiteral("movies_{date}"));
    }

    void badSavedSettingsFallBackToDefaults()
    {
        QSettings settings(QStringLiteral("MovieFlow"), QStringLiteral("MovieFlow"));
        settings.setValue(QStringLiteral("run/minRating"), QStringLiteral("eleven"));
        settings.setValue(QStringLiteral("run/topN"), -3);
        settings.setValue(QStringLiteral("run/nameTemplate"), QStringLiteral("   "));
        const mf::RunOptions options = mf::RunOptions::load(settings);
        const mf::RunOptions defaults = mf::RunOptions::defaults();
        QCOMPARE(options.minRating, defaults.minRating);
        QCOMPARE(options.topN, defaults.topN);
        QCOMPARE(options.nameTemplate, defaults.nameTemplate);
        QCOMPARE(defaults.minRating, 7.0);
        QCOMPARE(defaults.topN, 10);
        QCOMPARE(defaults.outputDir, mf::defaultOutputDir());
        QCOMPARE(defaults.nameTemplate, QStringLiteral("processed_movies_{timestamp}"));
    }

    void browseUsesTheChosenFolder()
    {
        auto window = makeWindow(m_dir.filePath(QStringLiteral("before")));
        const QString chosen = m_dir.filePath(QStringLiteral("chosen"));
        mf::FileDialog::setNextDirectory(chosen);
        QTest::mouseClick(child<QPushButton>(*window, "browseOutputDirButton"), Qt::LeftButton);
        QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(*window, "outputDirEdit")->text()), chosen);
        // Cancelling the dialog keeps the folder.
        mf::FileDialog::setNextDirectory(QString());
        QTest::mouseClick(child<QPushButton>(*window, "browseOutputDirButton"), Qt::LeftButton);
        QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(*window, "outputDirEdit")->text()), chosen);
    }

    void badNameTemplateIsShownBeforeRunning()
    {
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        auto *preview = child<QLabel>(*window, "namePreviewLabel");
        QVERIFY(preview->text().contains(QStringLiteral("processed_movies_")));
        child<QLineEdit>(*window, "nameTemplateEdit")->setText(QStringLiteral("movies_{nonsense}"));
        const mf::Result<QString> expected = mf::expandNameTemplate(QStringLiteral("movies_{nonsense}"), {});
        QVERIFY(!expected.ok());
        QCOMPARE(preview->text(), expected.error().message);
    }

    void openOutputFolderActionOpensTheFolder()
    {
        const QString out = m_dir.filePath(QStringLiteral("existing-out"));
        auto window = makeWindow(out);
        QList<QUrl> opened;
        mf::UrlOpener::setHandler([&opened](const QUrl &url) {
            opened << url;
            return true;
        });
        // Not created yet: a notice instead of a file manager.
        child<QAction>(*window, "openOutputFolderAction")->trigger();
        QVERIFY(opened.isEmpty());
        QCOMPARE(window->messages()->type(), MessageWidget::Type::Info);
        QVERIFY(window->messages()->isVisible());
        QVERIFY(QDir().mkpath(out));
        child<QAction>(*window, "openOutputFolderAction")->trigger();
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().toLocalFile(), out);
    }

    void aboutShowsVersions()
    {
        auto window = makeWindow(m_dir.filePath(QStringLiteral("unused")));
        child<QAction>(*window, "aboutAction")->trigger();
        auto *about = window->findChild<mf::AboutDialog *>();
        QVERIFY(about);
        QTRY_VERIFY(about->isVisible());
        QVERIFY(about->findChild<QLabel *>(QStringLiteral("aboutVersion"))
                    ->text()
                    .contains(QStringLiteral(MOVIEFLOW_VERSION)));
        QVERIFY(about->findChild<QLabel *>(QStringLiteral("aboutQtVersion"))
                    ->text()
                    .contains(QString::fromLatin1(qVersion())));
        about->reject();
        QVERIFY(!about->isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
