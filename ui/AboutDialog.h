// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

namespace mf {

/// About MovieFlow: name, version, what it does, and the Qt version it runs on.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace mf
