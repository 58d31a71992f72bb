// SPDX-License-Identifier: MIT
#include "FieldMask.h"

#include <QJsonArray>

namespace mf::fakegoogle {

namespace {

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('@');
}

} // namespace

bool FieldMask::parse(const QString &text)
{
    m_children.clear();
    int pos = 0;
    if (!parseList(text, pos, 0) || pos != text.size()) {
        m_children.clear();
        return false;
    }
    return true;
}

// list := path (',' path)* ; path := name ('.' name)* ('(' list ')')?
bool FieldMask::parseList(const QString &text, int &pos, int depth)
{
    for (;;) {
        FieldMask *node = this;
        for (;;) {
            const int start = pos;
            while (pos < text.size() && isNameChar(text.at(pos)))
                ++pos;
            if (pos == start)
                return false; // empty name, a space, or a stray character
            const QString name = text.mid(start, pos - start);
            auto &child = node->m_children[name];
            if (!child)
                child = std::make_shared<FieldMask>();
            node = child.get();
            if (pos < text.size() && text.at(pos) == QLatin1Char('.')) {
                ++pos;
                continue;
            }
            break;
        }
        if (pos < text.size() && text.at(pos) == QLatin1Char('(')) {
            ++pos;
            if (!node->parseList(text, pos, depth + 1))
                return false;
            if (pos >= text.size() || text.at(pos) != QLatin1Char(')'))
                return false;
            ++pos;
        }
        if (pos < text.size() && text.at(pos) == QLatin1Char(',')) {
            ++pos;
            continue;
        }
        if (pos < text.size() && text.at(pos) == QLatin1Char(')'))
            return depth > 0;
        return pos == text.size();
    }
}

QString FieldMask::firstUnknownPath(const FieldMask &schema) const
{
    return unknownPath(schema, {});
}

QString FieldMask::unknownPath(const FieldMask &schema, const QString &prefix) const
{
    for (auto it = m_children.cbegin(); it != m_children.cend(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        const auto known = schema.m_children.constFind(it.key());
        if (known == schema.m_children.cend())
            return path;
        if ((*known)->isEmpty())
            continue; // a schema leaf takes any subpath
        const QString deeper = it.value()->unknownPath(**known, path);
        if (!deeper.isEmpty())
            return deeper;
    }
    return {};
}

QJsonValue FieldMask::applyValue(const QJsonValue &value) const
{
    if (isEmpty())
        return value;
    if (value.isObject())
        return apply(value.toObject());
    if (value.isArray()) {
        QJsonArray result;
        for (const QJsonValue &element : value.toArray())
            result.append(applyValue(element));
        return result;
    }
    return value;
}

QJsonObject FieldMask::apply(const QJsonObject &object) const
{
    QJsonObject result;
    for (auto it = m_children.cbegin(); it != m_children.cend(); ++it) {
        const auto found = object.constFind(it.key());
        if (found != object.constEnd())
            result.insert(it.key(), it.value()->applyValue(found.value()));
    }
    return result;
}

} // namespace mf::fakegoogle
