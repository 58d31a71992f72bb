// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace mf {

/// The status bar part that shows work in progress: what is happening ("Clean movie data…"),
/// a determinate progress bar and a Cancel button. Hidden while nothing runs.
class RunStatusWidget : public QWidget
{
    Q_OBJECT

public:
    explicit RunStatusWidget(QWidget *parent = nullptr);

    /// Shows the widget with `text` and an empty bar.
    void begin(const QString &text);
    void setText(const QString &text);
    /// 0..1; values outside are clamped.
    void setProgress(double fraction);
    void end();

    QString text() const;
    QProgressBar *progressBar() const { return m_bar; }
    QPushButton *cancelButton() const { return m_cancel; }

    static constexpr int Steps = 1000;

signals:
    void cancelRequested();

private:
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace mf
