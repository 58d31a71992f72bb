// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace mf {

/// A banner inside the window for errors, warnings and notices: an icon, a sentence and a close
/// button. Failures are shown here rather than in a modal dialog per failure.
class MessageWidget : public QFrame
{
    Q_OBJECT

public:
    enum class Type { Info, Warning, Error };
    Q_ENUM(Type)

    explicit MessageWidget(QWidget *parent = nullptr);

    void showMessage(Type type, const QString &text);
    void showInfo(const QString &text) { showMessage(Type::Info, text); }
    void showWarning(const QString &text) { showMessage(Type::Warning, text); }
    void showError(const QString &text) { showMessage(Type::Error, text); }
    /// Hides the banner (the close button does the same).
    void dismiss();

    Type type() const { return m_type; }
    QString text() const;

signals:
    void dismissed();

private:
    void applyColors();

    Type m_type = Type::Info;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace mf
