// SPDX-License-Identifier: MIT
// Grabs the window in its main states to PNG files under the build folder (tests/screenshots/) for a
// person to look at, and checks what a machine can see in them: nothing squeezed below its minimum
// size and no text cut off.
#include "GuiTestSupport.h"

#include "AboutDialog.h"
#include "MainWindow.h"
#include "MessageWidget.h"
#include "ResultsView.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using mf::MainWindow;
using mf::SourceSpec;

class TestScreenshots : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_shots;

    void save(QWidget *widget, const QString &name)
    {
        // Lay out what changed since the last event loop turn, as the next paint would.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        const QPixmap pixmap = widget->grab();
        QVERIFY(!pixmap.isNull());
        QCOMPARE(pixmap.size(), widget->size() * pixmap.devicePixelRatio());
        const QString path = m_shots + QLatin1Char('/') + name + QStringLiteral(".png");
        QVERIFY2(pixmap.save(path), qPrintable(path));
        QVERIFY(QFileInfo(path).size() > 0);
        qInfo("screenshot: %s", qPrintable(path));
    }

    static bool insideScrollArea(const QWidget *w, const QWidget *root)
    {
        for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
            if (qobject_cast<const QAbstractScrollArea *>(p))
                return true;
        }
        return false;
    }

    /// Visible widgets must lie inside the window and keep their minimum width (unless they scroll),
    /// and single-line labels and buttons must show their whole text.
    static QStringList layoutProblems(QWidget *root)
    {
        QStringList problems;
        const QList<QWidget *> widgets = root->findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            if (!w->isVisible() || w->isWindow())
                continue;
            const QString name = w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                                           : w->objectName();
            const QRect inWindow(w->mapTo(root, QPoint(0, 0)), w->size());
            if (!insideScrollArea(w, root) && !root->rect().contains(inWindow))
                problems << QStringLiteral("%1 lies outside the window: %2,%3 %4x%5 in %6x%7")
                                .arg(name)
                                .arg(inWindow.x())
                                .arg(inWindow.y())
                                .arg(inWindow.width())
                                .arg(inWindow.height())
                                .arg(root->width())
                                .arg(root->height());
            // A widget narrower than its minimum size hint overlaps its neighbours or cuts its content.
            const QSize minimum = w->minimumSizeHint();
            if (!insideScrollArea(w, root) && w->sizePolicy().horizontalPolicy() != QSizePolicy::Ignored
                && minimum.isValid() && w->width() < minimum.width())
                problems << QStringLiteral("%1 is %2 px wide, less than its minimum of %3 px")
                                .arg(name)
                                .arg(w->width())
                                .arg(minimum.width());
            if (auto *label = qobject_cast<QLabel *>(w)) {
                if (label->wordWrap() || label->text().isEmpty() || label->textFormat() == Qt::RichText
                    || label->sizePolicy().horizontalPolicy() == QSizePolicy::Ignored)
                    continue;
                const int needed
                    = label->fontMetrics().horizontalAdvance(label->text().remove(QLatin1Char('&')));
                if (label->contentsRect().width() < needed)
                    problems << QStringLiteral("label %1 \"%2\" is %3 px wide, its text needs %4 px")
                                    .arg(name, label->text())
                                    .arg(label->contentsRect().width())
                                    .arg(needed);
            } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
                if (button->text().isEmpty())
                    continue;
                if (button->width() < button->minimumSizeHint().width())
                    problems << QStringLiteral("button %1 \"%2\" is %3 px wide, needs %4 px")
                                    .arg(name, button->text())
                                    .arg(button->width())
                                    .arg(button->minimumSizeHint().width());
            }
        }
        return problems;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        mftest::isolateSettings();
        m_shots = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(m_shots));
    }

    void windowStates()
    {
        MainWindow window;
        window.findChild<QLineEdit *>(QStringLiteral("outputDirEdit"))
            ->setText(m_dir.filePath(QStringLiteral("out")));
        window.resize(1180, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        save(&window, QStringLiteral("01-empty"));
        QStringList problems = layoutProblems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        window.openSource(SourceSpec::sample());
        QVERIFY(mftest::waitIdle(window));
        save(&window, QStringLiteral("02-sample-loaded"));
        problems = layoutProblems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        window.runPipeline();
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<mf::ResultsView *>()->hasResults(), 60000);
        save(&window, QStringLiteral("03-results"));
        problems = layoutProblems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        window.openSource(SourceSpec::csvFile(m_dir.filePath(QStringLiteral("missing.csv"))));
        QVERIFY(mftest::waitIdle(window));
        QVERIFY(window.messages()->isVisible());
        save(&window, QStringLiteral("04-error-banner"));

        // The smallest the layouts allow must still show every label and button whole.
        window.resize(window.minimumSizeHint());
        QTRY_COMPARE(window.size(), window.minimumSizeHint().expandedTo(window.minimumSize()));
        save(&window, QStringLiteral("05-minimum-size"));
        problems = layoutProblems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void aboutBox()
    {
        MainWindow window;
        window.show();
        window.findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
        auto *about = window.findChild<mf::AboutDialog *>();
        QVERIFY(about);
        QVERIFY(QTest::qWaitForWindowExposed(about));
        save(about, QStringLiteral("09-about"));
        const QStringList problems = layoutProblems(about);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        about->reject();
    }

    void realDataLoaded()
    {
        if (!mftest::realDataPresent())
            QSKIP("The real data file " MOVIEFLOW_REAL_DATA " is absent; its screenshot is skipped.");
        MainWindow window;
        window.findChild<QLineEdit *>(QStringLiteral("outputDirEdit"))
            ->setText(m_dir.filePath(QStringLiteral("real")));
        window.resize(1180, 760);
        window.show();
        window.openSource(SourceSpec::csvFile(QStringLiteral(MOVIEFLOW_REAL_DATA)), true);
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<mf::ResultsView *>()->hasResults(), 120000);
        window.tabs()->setCurrentIndex(0);
        save(&window, QStringLiteral("06-real-data"));
        window.tabs()->setCurrentIndex(1);
        save(&window, QStringLiteral("07-real-results"));

        // A run in progress: stage, progress bar and Cancel in the status bar.
        window.runPipeline();
        QCOMPARE(window.session()->state(), mf::WorkflowSession::State::Running);
        save(&window, QStringLiteral("08-running"));
        QStringList problems = layoutProblems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        window.session()->cancel();
        QVERIFY(mftest::waitIdle(window));
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
