// SPDX-License-Identifier: MIT
// Built only by the architecture test: with movieflow_core's include paths a widget header must not
// be found, so this file must fail to compile.
#include <QWidget>

int probe()
{
    return sizeof(QWidget);
}
