// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <memory>

namespace mf::fakegoogle {

/// A Google `fields` mask ("a,b.c,d(e,f(g))") as a tree, parsed with the strictness of the Sheets
/// front end: a space anywhere, an empty name or unbalanced parentheses are errors.
class FieldMask
{
public:
    /// Parses a mask; returns false (and leaves the mask empty) when the syntax is invalid.
    bool parse(const QString &text);
    bool isEmpty() const { return m_children.isEmpty(); }

    /// The first path of this mask that `schema` does not contain ("sheets.propertie"), or empty
    /// when every path exists. A leaf of the schema accepts any subpath.
    QString firstUnknownPath(const FieldMask &schema) const;

    /// Keeps only the masked members; arrays apply the mask to each element.
    QJsonObject apply(const QJsonObject &object) const;

private:
    bool parseList(const QString &text, int &pos, int depth);
    QJsonValue applyValue(const QJsonValue &value) const;
    QString unknownPath(const FieldMask &schema, const QString &prefix) const;

    QMap<QString, std::shared_ptr<FieldMask>> m_children;
};

} // namespace mf::fakegoogle
